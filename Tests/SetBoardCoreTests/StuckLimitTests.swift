/// Stuck limits per column and per level: the stricter applies, older journals read the same, and only editors change them.
import Testing
@testable import SetBoardCore

@Suite("Stuck limits and board editors")
struct StuckLimitTests {
    let t0 = Clock.monday

    /// An L1 and an L4 card in IN PROGRESS, both last touched Monday.
    func board() throws -> BoardFixture {
        var b = BoardFixture.initialized()
        try b.run(.add(NewTicket(title: "Login down", tier: .community, level: .l1, column: .inProgress)), at: t0)
        try b.run(.add(NewTicket(title: "Typo", tier: .other, level: .l4, column: .inProgress)), at: t0)
        try b.run(.add(NewTicket(title: "Old fix", tier: .other, level: .l1, column: .done)), at: t0)
        return b
    }

    func stuck(_ b: BoardFixture, at now: Int64) -> [String] { b.state.stuckTickets(now: now).map(\.key).sorted() }

    @Test func anL1IsStuckSoonerThanAnL4() throws {
        var b = try board()
        let wednesday = t0 + 2 * Clock.day
        #expect(stuck(b, at: wednesday).isEmpty, "the column's 3 days apply to both")
        try b.run(.changeSettings(tierOrder: nil, stuckLimits: nil, levelStuckLimits: [.l1: 1]), at: t0)
        #expect(stuck(b, at: wednesday) == ["SET-1"], "L1's one day is stricter than the column's three")
        // The done L1 card stays unstuck: a column without a limit never makes a card stuck.
        #expect(b.state.settings.stuckLimit(column: .done, level: .l1) == nil)
    }

    @Test func aLevelLimitNeverLoosensTheColumns() throws {
        var b = try board()
        try b.run(.changeSettings(tierOrder: nil, stuckLimits: nil, levelStuckLimits: [.l4: 10]), at: t0)
        #expect(b.state.settings.stuckLimit(column: .inProgress, level: .l4) == 3)
        #expect(stuck(b, at: t0 + 4 * Clock.day) == ["SET-1", "SET-2"])
    }

    @Test func levelLimitsOutOfRangeAreRefused() throws {
        let b = try board()
        #expect(b.refusal(.changeSettings(tierOrder: nil, stuckLimits: nil, levelStuckLimits: [.l2: 0]))
            == .invalidText(field: "stuck limit", reason: "must be at least one working day"))
        #expect(b.refusal(.changeSettings(tierOrder: nil, stuckLimits: nil, levelStuckLimits: [.l2: 4000]))
            == .invalidText(field: "stuck limit", reason: "must be at most 3650 working days"))
    }

    /// A journal written before per-level limits has no `levelStuckLimits`: it reads as "unchanged", keeping any set.
    @Test func anOlderSettingsEventLeavesLevelLimitsAlone() throws {
        let payload = try #require(JSONValue.parse(#"{"stuckLimits":{"todo":2}}"#))
        let event = try EventRegistry.decode(type: "board.settings_changed", payload: payload)
        #expect(event == .board(.settingsChanged(tierOrder: nil, stuckLimits: [.todo: 2], levelStuckLimits: nil)))
        var b = try board()
        try b.run(.changeSettings(tierOrder: nil, stuckLimits: nil, levelStuckLimits: [.l1: 1]), at: t0)
        try b.run(.changeSettings(tierOrder: nil, stuckLimits: [.todo: 2, .inProgress: 3]), at: t0)
        #expect(b.state.settings.levelStuckLimits == [.l1: 1])
        #expect(BoardEvent.settingsChanged(tierOrder: nil, stuckLimits: [.todo: 2]).payload == payload)
    }

    @Test func onlyLeadsAndAdminsChangeBoardRulesOnceARosterExists() throws {
        #expect(throws: Never.self) { try BoardEditors.check("mallory", roster: RosterState(), changing: "the settings") }
        let roster = RosterState(definition: RosterCoreSamples.definition)
        let editors = roster.definition?.editors.sorted() ?? []
        #expect(editors.contains("alice"))
        #expect(throws: Never.self) { try BoardEditors.check("alice", roster: roster, changing: "the settings") }
        do {
            try BoardEditors.check("mallory", roster: roster, changing: "the routing directory")
            Issue.record("mallory was allowed")
        } catch {
            #expect(error == .notAllowed(actor: "mallory", editors: editors, what: "the routing directory"))
            #expect(error.description.hasPrefix("mallory may not change the routing directory: only the roster's leads and admins can (@"))
        }
    }
}
