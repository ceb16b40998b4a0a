/// `Decide.decide` refusals: each bad command gets its typed error, and the error reads as a sentence.
import Testing
@testable import SetBoardCore

@Suite("Decide refusals")
struct DecideTests {
    let t0 = Clock.monday

    /// SET-1 in TO DO assigned to bob, SET-2 in IN PROGRESS.
    func board() throws -> BoardFixture {
        var b = BoardFixture.initialized()
        try b.run(.add(NewTicket(title: "Login loop", tier: .community, level: .l1, assignee: "bob")), at: t0)
        try b.run(.add(NewTicket(title: "Slow search", tier: .release, column: .inProgress)), at: t0 + 1)
        return b
    }

    @Test func notInitializedAndAlreadyInitialized() throws {
        let empty = BoardFixture()
        #expect(empty.refusal(.add(NewTicket(title: "x"))) == .notInitialized)
        #expect(empty.refusal(.restoreOrder(.todo)) == .notInitialized)
        #expect(BoardError.notInitialized.description.contains("setboard init"))

        let b = try board()
        #expect(b.refusal(.initBoard(name: "Another", prefix: "SET")) == .alreadyInitialized)
        #expect(BoardError.alreadyInitialized.description == "this board is already initialised")
    }

    @Test func initChecksTheKeyPrefix() {
        let empty = BoardFixture()
        let bad = BoardError.invalidText(field: "key prefix", reason: "must be letters and digits, like SET")
        #expect(empty.refusal(.initBoard(name: "Ops", prefix: "")) == bad)
        #expect(empty.refusal(.initBoard(name: "Ops", prefix: "SE T")) == bad)
        #expect(empty.refusal(.initBoard(name: "Ops", prefix: "SÉT")) == bad)
        #expect(empty.refusal(.initBoard(name: "Ops", prefix: "OPS2")) == nil)
    }

    @Test func addAllocatesTheNextKeyAndTrimsTheTitle() throws {
        var b = try board()
        let events = try b.run(.add(NewTicket(title: "  Push drops \t", tier: .hotfix)), at: t0 + 2)
        #expect(events == [.ticketCreated(key: "SET-3", ticket: NewTicket(title: "Push drops", tier: .hotfix))])
        #expect(b.state.nextKey() == "SET-4")
    }

    @Test func titleRefusals() throws {
        let b = try board()
        #expect(b.refusal(.add(NewTicket(title: ""))) == .emptyTitle)
        #expect(b.refusal(.add(NewTicket(title: " \t "))) == .emptyTitle)
        #expect(b.refusal(.add(NewTicket(title: "two\nlines")))
            == .invalidText(field: "title", reason: "must be one line"))
        #expect(b.refusal(.add(NewTicket(title: "carriage\r\nreturn")))
            == .invalidText(field: "title", reason: "must be one line"))
        #expect(b.refusal(.add(NewTicket(title: "line\u{2028}separator")))
            == .invalidText(field: "title", reason: "must be one line"))
        let limit = String(repeating: "a", count: 300)
        #expect(b.refusal(.add(NewTicket(title: limit))) == nil)
        #expect(b.refusal(.add(NewTicket(title: limit + "b")))
            == .invalidText(field: "title", reason: "is longer than 300 characters"))
        #expect(b.refusal(.edit(key: "SET-1", changes: TicketChanges(title: "  "))) == .emptyTitle)
        #expect(b.refusal(.edit(key: "SET-1", changes: TicketChanges(title: "a\nb")))
            == .invalidText(field: "title", reason: "must be one line"))
        #expect(b.refusal(.add(NewTicket(title: "ok", team: "web\nteam")))
            == .invalidText(field: "team", reason: "must be one line"))
    }

    @Test func handleRules() throws {
        #expect(Decide.isValidHandle("alice"))
        #expect(Decide.isValidHandle("j.doe_2-x"))
        #expect(Decide.isValidHandle("élodie"))
        #expect(!Decide.isValidHandle(""))
        #expect(!Decide.isValidHandle("bob smith"))
        #expect(!Decide.isValidHandle("a;b"))
        #expect(!Decide.isValidHandle("@bob"))
        #expect(Decide.isValidHandle(String(repeating: "x", count: 64)))
        #expect(!Decide.isValidHandle(String(repeating: "x", count: 65)))

        let b = try board()
        #expect(b.refusal(.assign(key: "SET-1", assignee: "bob smith")) == .invalidHandle("bob smith"))
        #expect(b.refusal(.add(NewTicket(title: "x", assignee: "a/b"))) == .invalidHandle("a/b"))
        #expect(b.refusal(.handOver(key: "SET-1", team: "mobile team")) == .invalidHandle("mobile team"))
        #expect(BoardError.invalidHandle("a/b").description
            == "\"a/b\" is not a handle: use letters, digits, '.', '_' or '-'")
    }

    @Test func unknownKeyAndSameColumn() throws {
        let b = try board()
        #expect(b.refusal(.move(key: "SET-99", to: .done)) == .unknownTicket("SET-99"))
        #expect(b.refusal(.assign(key: "SET-99", assignee: nil)) == .unknownTicket("SET-99"))
        #expect(b.refusal(.nudge(key: "set-1")) == .unknownTicket("set-1"))
        #expect(BoardError.unknownTicket("SET-99").description
            == "no ticket SET-99 on this board (see `setboard list --all`)")

        #expect(b.refusal(.move(key: "SET-1", to: .todo)) == .sameColumn(key: "SET-1", column: .todo))
        #expect(b.refusal(.move(key: "SET-2", to: .inProgress)) == .sameColumn(key: "SET-2", column: .inProgress))
        #expect(BoardError.sameColumn(key: "SET-2", column: .inProgress).description == "SET-2 is already in IN PROGRESS")
        #expect(b.refusal(.move(key: "SET-1", to: .done)) == nil)
    }

    @Test func nothingToChange() throws {
        let b = try board()
        #expect(b.refusal(.assign(key: "SET-1", assignee: "bob")) == .nothingToChange("SET-1 is already assigned to bob"))
        #expect(b.refusal(.assign(key: "SET-2", assignee: nil)) == .nothingToChange("SET-2 has no assignee"))
        #expect(b.refusal(.edit(key: "SET-1", changes: TicketChanges())) == .nothingToChange("nothing to change on SET-1"))
        // Changes that restate the current values are not changes.
        #expect(b.refusal(.edit(key: "SET-1", changes: TicketChanges(title: " Login loop ", tier: .community, level: .some(.l1))))
            == .nothingToChange("nothing to change on SET-1"))
        #expect(b.refusal(.takeOver(key: "SET-1"), by: "bob") == .nothingToChange("SET-1 is already yours"))
        #expect(b.refusal(.restoreOrder(.todo)) == .nothingToChange("TO DO is already in rule order"))
        #expect(b.refusal(.defineRouting([:])) == .nothingToChange("the routing directory is unchanged"))
        #expect(BoardError.nothingToChange("SET-2 has no assignee").description == "SET-2 has no assignee")
    }

    @Test func anEditKeepsOnlyTheFieldsThatChange() throws {
        var b = try board()
        let events = try b.run(.edit(key: "SET-1", changes: TicketChanges(title: "Login loop", tier: .hotfix)), at: t0 + 5)
        #expect(events == [.ticketEdited(key: "SET-1", changes: TicketChanges(tier: .hotfix))])
    }

    @Test func checklistHandOverAndSettingsRefusals() throws {
        var b = try board()
        try b.run(.markChecklist(key: "SET-1", item: .logs, state: .present), at: t0 + 3)
        #expect(b.refusal(.markChecklist(key: "SET-1", item: .logs, state: .present))
            == .nothingToChange("Relevant logs is already present on SET-1"))
        // Marking "missing" on purpose is recorded once; it was only missing by default before.
        #expect(b.refusal(.markChecklist(key: "SET-1", item: .version, state: .missing)) == nil)

        try b.run(.handOver(key: "SET-2", team: "server"), at: t0 + 4)
        #expect(b.state.ticket("SET-2")?.column == .handedOver)
        #expect(b.refusal(.handOver(key: "SET-2", team: "server"))
            == .nothingToChange("SET-2 is already handed over to server"))

        #expect(b.refusal(.changeSettings(tierOrder: nil, stuckLimits: [.todo: 0]))
            == .invalidText(field: "stuck limit", reason: "must be at least one working day"))
        #expect(b.refusal(.reroute(key: "SET-1", type: .feature, team: "web", reason: "  "))
            == .invalidText(field: "reason", reason: "is empty: say why it leaves SET"))
    }

    @Test func everyErrorDescriptionIsAReadableSentence() {
        let errors: [BoardError] = [
            .notInitialized, .alreadyInitialized, .unknownTicket("SET-9"), .offBoard("SET-9"), .emptyTitle,
            .invalidText(field: "title", reason: "must be one line"), .invalidHandle("a b"),
            .sameColumn(key: "SET-9", column: .done), .notInSameColumn(key: "SET-9", other: "SET-8"),
            .rankedAfterItself("SET-9"), .nothingToChange("nothing to change on SET-9"),
        ]
        for error in errors {
            let text = error.description
            #expect(!text.isEmpty)
            #expect(!text.contains("BoardError"), "\(text)")
            #expect(text.first?.isLowercase == true || text.first == "\"" || text.hasPrefix("SET"), "\(text)")
        }
        #expect(BoardError.offBoard("SET-9").description == "SET-9 has left the SET board (a feature owned by another team)")
        #expect(BoardError.notInSameColumn(key: "SET-9", other: "SET-8").description == "SET-8 is not in the same column as SET-9")
        #expect(BoardError.emptyTitle.description == "a ticket needs a title")
    }

    @Test func errorTextNeverCarriesTerminalEscapes() {
        // A typed handle or key is echoed back in the error; an escape sequence in it must not reach the terminal.
        let hostile = "\u{1B}[2J\u{9B}31m"
        for error in [BoardError.invalidHandle(hostile), .unknownTicket(hostile), .offBoard(hostile)] {
            #expect(!error.description.unicodeScalars.contains { TextSafety.isUnsafe($0) }, "\(error)")
            #expect(error.description.contains("\\x1b[2J"))
        }
    }
}
