/// The board's on-call keys as key sequences: acknowledge the alert row's page, page the primary, open an incident.
import Testing
import SetBoardCore
import SetBoardJournal
@testable import SetBoardUI

@Suite struct OnCallKeyTests {
    static let onCall = OnCall(at: 0, primary: "carol", backup: "bob", lead: "dave")

    /// The crafted board with the facts `BoardDecorations` gives the real board: who is on call and the pages.
    func board(onCall: OnCall? = OnCallKeyTests.onCall) throws -> BoardHarness {
        let h = try CraftedBoard.inRuleOrder()
        h.driver.decorate = { context, store in
            context.onCall = onCall
            context.pages = store.pages.list()
        }
        return h
    }

    @Test func pKeyPagesThePrimaryAboutTheSelectedCardAsThePageCommandDoes() throws {
        let h = try board()
        #expect(h.selected == "SET-1")
        let before = h.journal.records.count
        h.press(.char("p"))
        #expect(h.recordTypes.dropFirst(before) == ["page.opened"])
        let page = try #require(h.store.pages.list().first)
        #expect(page.summary == "Login loop on the community server")
        #expect(page.ticket == "SET-1")
        #expect(page.chain.map(\.handle) == ["carol", "bob", "dave"])
        #expect(page.priority == .standard)
        #expect(h.screen().hasSuffix("\n saved · paged @carol about SET-1"))
    }

    @Test func pKeyWithNobodyOnCallSaysSoAndWritesNothing() throws {
        let h = try board(onCall: nil)
        let before = h.journal.records.count
        h.press(.char("p"))
        #expect(h.journal.records.count == before)
        #expect(h.model.message?.text == "nobody is on call to page: the board has no roster covering now")
    }

    @Test func shiftAAcknowledgesThePageInTheAlertRow() throws {
        let h = try board()
        try h.store.perform(PageCommand.open(summary: "first", ticket: nil, onCall: Self.onCall, policy: .standard),
                            actor: "dave", now: TestTime.now - TestTime.hour)
        try h.store.perform(PageCommand.open(summary: "second", ticket: nil, onCall: Self.onCall, policy: .standard),
                            actor: "dave", now: TestTime.now)
        let shown = try #require(h.context().pages.first)
        #expect(shown.summary == "first")
        let before = h.journal.records.count
        h.press(.char("A"))
        #expect(h.recordTypes.dropFirst(before) == ["page.acknowledged"])
        #expect(h.store.pages.page(shown.id)?.acknowledgedBy == "alice")
        #expect(h.store.pages.list().map(\.summary) == ["second"])
        #expect(h.screen().hasSuffix("\n saved · \(shown.id) acknowledged"))
        h.press(.char("A"))
        h.press(.char("A"))
        #expect(h.store.pages.list().isEmpty)
        #expect(h.model.message?.text == "no page waiting to be acknowledged")
    }

    @Test func shiftIOpensAnIncidentFromTheCardThroughAPrefilledForm() throws {
        let h = try board()
        h.press(.char("j"))
        #expect(h.selected == "SET-2")
        h.press(.char("I"))
        guard case let .form(form) = h.model.mode else {
            Issue.record("I did not open a form")
            return
        }
        #expect(form.fields.map(\.label) == ["Level", "Title", "Commander"])
        #expect(form.fields.map(\.value) == ["L2", CraftedBoard.cjkTitle, "carol"])
        h.press(.char(" ")) // Level cycles to L1
        let before = h.journal.records.count
        h.press(.enter)
        #expect(h.recordTypes.dropFirst(before) == ["incident.opened"])
        let incident = try #require(h.store.incidents.openIncident(forTicket: "SET-2"))
        #expect(incident.level == .l1)
        #expect(incident.title == CraftedBoard.cjkTitle)
        #expect(incident.commander == "carol")
        #expect(incident.updateInterval == 24 * TestTime.hour)
        #expect(h.model.mode == .board)
        #expect(h.model.message?.kind == .done(.performIncident(.open(level: .l1, title: CraftedBoard.cjkTitle,
            ticket: "SET-2", commander: "carol", updateInterval: 24 * TestTime.hour))))
    }

    @Test func shiftIOnACardWithAnOpenIncidentPointsToTheUpdateKey() throws {
        let h = try board()
        #expect(h.selected == "SET-1")
        let before = h.journal.records.count
        h.press(.char("I"))
        #expect(h.model.mode == .board)
        #expect(h.journal.records.count == before)
        #expect(h.model.message?.text.hasSuffix("open: u posts an update") == true)
    }

    /// The incidents pane hands the selected incident to another commander with C, through a form that starts with
    /// the current one; on the board, C does the same for the selected card's incident.
    @Test func shiftCInTheIncidentsPaneChangesTheCommander() throws {
        let h = try board()
        let incident = try #require(h.store.incidents.openIncident(forTicket: "SET-1"))
        h.press(.char("i"))
        #expect(h.screen(120, 30).contains("cmdr @alice · SET-1 · C changes"))
        h.press(.char("C"))
        guard case let .form(form) = h.model.mode else {
            Issue.record("C did not open a form")
            return
        }
        #expect(form.kind == .incidentCommander(incident.id))
        #expect(form.fields.map(\.value) == [incident.commander ?? ""])
        h.press(.backspace, times: 20)
        h.type("@erin")
        let before = h.journal.records.count
        h.press(.enter)
        #expect(h.recordTypes.dropFirst(before) == ["incident.commander_changed"])
        #expect(h.store.incidents.incident(incident.id)?.commander == "erin")
        #expect(h.model.mode == .board)

        // From the board, on the incident's card; an empty handle is refused and nothing is written.
        h.press(.escape)
        #expect(h.selected == "SET-1")
        h.press(.char("C"))
        h.press(.backspace, times: 20)
        let count = h.journal.records.count
        h.press(.enter)
        #expect(h.journal.records.count == count)
        #expect(h.model.message?.text == "an incident needs a commander")
        h.type("frank")
        h.press(.enter)
        #expect(h.store.incidents.incident(incident.id)?.commander == "frank")
    }

    /// At 100 columns an exhausted page's alert row still says how to acknowledge it (the long wording pushed the
    /// hint off the row).
    @Test func anExhaustedPageKeepsTheAckHintAt100Columns() throws {
        let h = try board()
        h.clock.ms = TestTime.now - 5 * TestTime.hour
        try h.store.perform(PageCommand.open(summary: "Disk almost full on community-3", ticket: nil, onCall: Self.onCall,
                                             policy: EscalationPolicy(waits: [900_000, 900_000, 900_000], repeats: 0)),
                            actor: "dave", now: h.clock.ms)
        h.clock.ms = TestTime.now
        try h.store.perform(PageCommand.open(summary: "second", ticket: nil, onCall: Self.onCall, policy: .standard),
                            actor: "dave", now: TestTime.now)
        let row = h.screen(100, 30).split(separator: "\n")[1]
        #expect(row.contains("EXHAUSTED: reminds @dave every 15m  (+1 more) · `setboard ack` acknowledges ·"), "\(row)")
    }

    @Test func theThreeKeysAreInTheHelpOverlay() throws {
        let h = try board()
        h.press(.char("?"))
        h.press(.char("G"))
        let help = h.screen(100, 60)
        #expect(help.contains("acknowledge the page in the alert row"))
        #expect(help.contains("page the SET primary about the card"))
        #expect(help.contains("open an incident from the card (L1/L2)"))
        #expect(help.contains("change the incident's commander (incidents pane)"))
    }

    @Test func catFilterWordKeepsOnlyThatCategory() throws {
        let h = try board()
        try h.perform(.add(NewTicket(title: "Disk alert on db-3", tier: .other, category: .cat2)))
        for text in ["cat:CAT2", "category:cat2", "cat:2"] {
            let filter = try #require(BoardFilter(text))
            let kept = Column.allCases.flatMap { c in h.store.state.cards(in: c).filter { filter.matches($0, actor: "alice") } }
            #expect(kept.map(\.title) == ["Disk alert on db-3"], "\(text)")
            let index = FilterIndex(h.store.state)
            #expect(Column.allCases.flatMap { index.keys(in: $0, matching: filter, actor: "alice") } == kept.map(\.key))
        }
        h.press(.char("/"))
        h.type("cat:CAT2")
        h.press(.enter)
        #expect(h.model.visibleKeys(.todo, h.context()).map { h.store.state.ticket($0)?.title } == ["Disk alert on db-3"])
    }
}
