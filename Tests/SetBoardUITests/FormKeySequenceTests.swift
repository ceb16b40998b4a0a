/// Key sequences through forms, the detail view and the filter: what is typed, what is saved, what the footer says.
import Testing
import SetBoardCore
import SetBoardJournal
@testable import SetBoardUI

@Suite struct FormKeySequenceTests {
    func board() throws -> BoardHarness { try CraftedBoard.inRuleOrder() }

    @Test func addingATicketSelectsItOnceSaved() throws {
        let h = try board()
        let count = h.journal.records.count
        h.press(.char("a"))
        h.type("Emoji picker freezes")
        let form = h.grid().lines()
        #expect(form[15] == " Add a ticket · Tab next field · Enter save · Esc cancel")
        #expect(form[16] == " Title:       Emoji picker freezes_  what is wrong, in one line")
        #expect(form[17] == " Tier:        other")
        h.press(.tab)
        h.press(.backspace, times: 5)
        h.type("hotfix")
        h.press(.enter)
        #expect(h.recordTypes.dropFirst(count) == ["ticket.created"])
        #expect(h.model.mode == .board)
        let created = try #require(h.store.state.ticket("SET-9"))
        #expect(created.title == "Emoji picker freezes")
        #expect(created.tier == .hotfix)
        #expect(created.level == nil)
        #expect(h.selected == "SET-9")
        #expect(h.store.state.keys(in: .todo) == ["SET-1", "SET-2", "SET-9", "SET-4", "SET-5"])
        let lines = h.grid().lines()
        #expect(lines[8] == ">SET-9 HOT")
        #expect(lines[9] == " Emoji picker…")
        #expect(lines[23] == " saved · added SET-9")
    }

    /// Two people on one board: bob's add lands between alice's typing and her Enter, so hers gets the next key.
    @Test func anAddRacingAnotherWriterSelectsOurOwnNewCard() throws {
        let h = try board()
        let bob = BoardStore(journal: MemoryJournal(storage: try h.memoryJournal.storage, clock: h.clock))
        h.press(.char("a"))
        h.type("Mine")
        try bob.perform(.add(NewTicket(title: "Theirs", tier: .community, level: .l1)), actor: "bob", now: TestTime.now)
        h.press(.enter)
        #expect(h.store.state.ticket("SET-9")?.title == "Theirs")
        #expect(h.store.state.ticket("SET-10")?.title == "Mine")
        #expect(h.selected == "SET-10")
        let lines = h.grid().lines()
        #expect(lines[17] == ">SET-10 OTH")
        #expect(lines[23] == " saved · added SET-10")
    }

    @Test func aFormWithAMistakeStaysOpenAndSaysWhatToFix() throws {
        let h = try board()
        let count = h.journal.records.count
        h.press(.char("a"))
        h.press(.enter)
        #expect(h.grid().lines()[23] == " a ticket needs a title")
        h.type("x")
        h.press([.tab, .tab])
        h.type("L9")
        h.press(.enter)
        #expect(h.grid().lines()[23] == " level must be L1, L2, L3, L4 or empty, not L9")
        guard case let .form(form) = h.model.mode else {
            Issue.record("the form closed")
            return
        }
        #expect(form.fields.map(\.value) == ["x", "other", "L9", "", "CAT1", ""])
        #expect(h.journal.records.count == count)
        h.press(.escape)
        #expect(h.model.mode == .board)
        #expect(h.grid().lines()[23] == " nothing saved")
        #expect(h.journal.records.count == count)
    }

    @Test func aFailedAppendKeepsTheFormAndTheTypedTitle() throws {
        let h = try board()
        let count = h.journal.records.count
        h.press(.char("a"))
        h.type("Disk is full")
        let memory = try h.memoryJournal
        memory.failNextAppend = .io(operation: "write", path: "/srv/setboard/set/journal.log", errno: 28)
        h.press(.enter)
        #expect(h.journal.records.count == count)
        #expect(memory.storage.records.count == count)
        #expect(h.store.state.ticket("SET-9") == nil)
        h.expectFormKept(title: "Disk is full",
                         footer: " not saved: cannot write /srv/setboard/set/journal.log: No space left on device")
        // Trying again once the disk has room saves the same input.
        h.press(.enter)
        #expect(h.recordTypes.dropFirst(count) == ["ticket.created"])
        #expect(h.store.state.ticket("SET-9")?.title == "Disk is full")
        #expect(h.selected == "SET-9")
    }

    @Test func enterOpensTheDetailAndDigitsCycleTheChecklist() throws {
        let h = try board()
        h.press(.char("l"))
        h.press(.enter)
        #expect(h.model.mode == .detail(key: "SET-3", scroll: 0))
        let count = h.journal.records.count
        h.press(.char("2"))
        #expect(h.recordTypes.dropFirst(count) == ["ticket.checklist_marked"])
        #expect(h.store.state.ticket("SET-3")?.checklistState(.database) == .present)
        var lines = h.grid().lines()
        #expect(lines[14] == "   2 [x] Database type and version")
        #expect(lines[23] == " saved · SET-3: Database type and version present")
        h.press(.char("2"))
        #expect(h.store.state.ticket("SET-3")?.checklistState(.database) == .notApplicable)
        lines = h.grid().lines()
        #expect(lines[14] == "   2 [-] Database type and version")
        h.press(.char("2"))
        #expect(h.store.state.ticket("SET-3")?.checklistState(.database) == .missing)
        #expect(h.recordTypes.dropFirst(count) == ["ticket.checklist_marked", "ticket.checklist_marked", "ticket.checklist_marked"])
        h.press(.char("8"))
        #expect(h.journal.records.count == count + 3)
        h.press(.escape)
        #expect(h.model.mode == .board)
        #expect(h.selected == "SET-3")
    }

    @Test func slashFiltersAndEscClears() throws {
        let h = try board()
        h.press(.char("/"))
        h.type("tier:hotfix")
        #expect(h.grid().lines()[23].hasPrefix(" filter: tier:hotfix_   (words, tier:T"))
        h.press(.enter)
        #expect(h.model.filter?.text == "tier:hotfix")
        let lines = h.grid().lines()
        #expect(lines[0] == " SET board · 7 open · filter: tier:hotfix")
        #expect(lines[1] == " TO DO 1         IN PROGRESS 1   IN REVIEW 0     HANDED OVER 0   DONE 0")
        #expect(lines[2] == ">SET-2 HOT L2    SET-3 HOT L1    (empty)         (empty)         (empty)")
        #expect(lines[5] == "")
        #expect(lines[23] == " filter tier:hotfix: 2 cards (Esc clears)")
        #expect(h.selected == "SET-2")
        let count = h.journal.records.count
        h.press(.char("J"))
        #expect(h.journal.records.count == count)
        #expect(h.grid().lines()[23] == " clear the filter (/ then Esc) to reorder: the hidden cards decide the place")
        h.press(.escape)
        #expect(h.model.filter == nil)
        let cleared = h.grid().lines()
        #expect(cleared[1] == " TO DO 4         IN PROGRESS 1   IN REVIEW 1     HANDED OVER 1   DONE 1")
        #expect(cleared[23] == " filter cleared")
        #expect(h.journal.records.count == count)
    }

    @Test func wordsFilterOnKeyAndTitleAndEscWhileTypingCancels() throws {
        let h = try board()
        h.press(.char("/"))
        h.type("LOGIN")
        h.press(.enter)
        #expect(h.grid().lines()[1] == " TO DO 1         IN PROGRESS 0   IN REVIEW 0     HANDED OVER 0   DONE 0")
        h.press(.char("/"))
        #expect(h.model.mode == .filter("LOGIN"))
        h.press(.backspace, times: 5)
        h.type("@bob")
        h.press(.escape)
        #expect(h.model.filter == nil)
        #expect(h.model.mode == .board)
    }

    @Test func filterWordsIgnoreCaseInKeysAndTitlesAndNonASCIIStillMatches() {
        var t = Ticket(key: "SET-12", number: 12, title: "Login LOOP for Zoë after SSO", tier: .hotfix, created: 0)
        func match(_ text: String) -> Bool { BoardFilter(text)?.matches(t, actor: "alice") ?? true }
        #expect(match("login"))
        #expect(match("LOOP sso"))
        #expect(match("set-12"))
        #expect(match("ZOË"), "a non-ASCII word goes through the full lower-casing")
        #expect(!match("set-123"))
        #expect(!match("login logout"), "every word must match")
        #expect(!match("12login"), "key and title are searched apart")
        #expect(!match("sso!"))
        t.title = ""
        #expect(!match("a"))
        #expect(match("12"))
    }
}
