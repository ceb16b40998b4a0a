/// The priority rules on crafted boards: tier, then level (unset last), then age, then key number.
import Testing
@testable import SetBoardCore

@Suite("Rule order")
struct RuleOrderTests {
    let t0 = Clock.monday

    /// Eleven tickets created out of rule order; hotfix SET-3, SET-8 and SET-10 tie on tier, level and age.
    func mixedBoard() -> BoardFixture {
        var b = BoardFixture.initialized()
        let h = Clock.hour
        b.create(1, .other, .l1, at: t0)
        b.create(2, .community, nil, at: t0 + 1 * h)
        b.create(3, .hotfix, .l2, at: t0 + 5 * h)
        b.create(4, .escalation, .l3, at: t0 + 3 * h)
        b.create(5, .release, .l1, at: t0 + 4 * h)
        b.create(6, .customer, .l4, at: t0 + 5 * h)
        b.create(7, .community, .l1, at: t0 + 6 * h)
        b.create(8, .hotfix, .l2, at: t0 + 5 * h)
        b.create(9, .hotfix, .l2, at: t0 + 2 * h)
        b.create(10, .hotfix, .l2, at: t0 + 5 * h)
        b.create(11, .hotfix, nil, at: t0)
        return b
    }

    /// community (L1, unset), escalation, hotfix (older L2, then L2 by key number 3 < 8 < 10, then unset), release,
    /// customer, other. "SET-10" sorts before "SET-3" as text, so a string tie-break would fail here.
    let defaultOrder = setKeys(7, 2, 4, 9, 3, 8, 10, 11, 5, 6, 1)

    @Test func defaultTierOrderIsTheHandbooks() {
        #expect(Tier.defaultOrder == [.community, .escalation, .hotfix, .release, .customer, .other])
        let settings = BoardSettings()
        #expect(settings.rank(of: .community) == 0)
        #expect(settings.rank(of: .other) == 5)
    }

    @Test func levelRanksPutL1FirstAndReadLooseText() {
        #expect(Level.allCases.map(\.rank) == [1, 2, 3, 4])
        #expect(Level.l1 < Level.l4)
        #expect(!(Level.l3 < Level.l2))
        #expect(Level(text: "l2") == .l2)
        #expect(Level(text: "3") == .l3)
        #expect(Level(text: "L5") == nil)
        #expect(Level(text: "") == nil)
    }

    @Test func ticketsArrivingInTodoAreFiledByTheRules() {
        let b = mixedBoard()
        #expect(b.todo() == defaultOrder)
        #expect(b.state.ruleOrder(of: .todo) == defaultOrder)
        #expect(b.state.isInRuleOrder(.todo))
        #expect(b.state.outOfRuleCount() == 0)
    }

    @Test func unsetLevelSortsAfterL4() {
        var b = BoardFixture.initialized()
        b.create(1, .release, nil, at: t0)
        b.create(2, .release, .l4, at: t0 + Clock.day)
        #expect(b.todo() == setKeys(2, 1))
    }

    @Test func ruleLessIsAStrictOrder() {
        let b = mixedBoard()
        let cards = b.state.cards(in: .todo)
        for a in cards {
            #expect(!b.state.ruleLess(a, a))
            for c in cards where a.key != c.key {
                #expect(b.state.ruleLess(a, c) != b.state.ruleLess(c, a), "\(a.key) vs \(c.key)")
            }
        }
    }

    @Test func partialTierOrderIsCompletedWithTheRestInDefaultOrder() {
        #expect(BoardSettings.completed([.customer, .other])
            == [.customer, .other, .community, .escalation, .hotfix, .release])
        #expect(BoardSettings.completed([.hotfix, .hotfix]) == [.hotfix, .community, .escalation, .release, .customer, .other])
        #expect(BoardSettings.completed([]) == Tier.defaultOrder)
    }

    @Test func customTierOrderChangesTheRulesButNotTheCardsUntilRestored() throws {
        var b = mixedBoard()
        let events = try b.run(.changeSettings(tierOrder: [.customer, .other], stuckLimits: nil), at: t0 + Clock.day)
        #expect(events == [.settingsChanged(tierOrder: [.customer, .other], stuckLimits: nil)])
        #expect(b.state.settings.tierOrder == [.customer, .other, .community, .escalation, .hotfix, .release])

        let newOrder = setKeys(6, 1, 7, 2, 4, 9, 3, 8, 10, 11, 5)
        #expect(b.state.ruleOrder(of: .todo) == newOrder)
        // The cards stay where they were: a settings change is not a reorder.
        #expect(b.todo() == defaultOrder)
        #expect(!b.state.isInRuleOrder(.todo))
        // Every card above SET-6 (now the top tier) sits above a higher tier; SET-1 sits below it.
        #expect(b.state.outOfRuleCount() == 9)

        try b.run(.restoreOrder(.todo), at: t0 + Clock.day + Clock.minute)
        #expect(b.todo() == newOrder)
        #expect(b.state.outOfRuleCount() == 0)

        // A new "other" card now ranks above community: after SET-1 (older other L1), before SET-7.
        b.create(12, .other, .l1, at: t0 + 2 * Clock.day)
        #expect(b.todo() == setKeys(6, 1, 12, 7, 2, 4, 9, 3, 8, 10, 11, 5))
    }

    @Test func editingTierOrLevelRefilesAnUnmarkedCard() throws {
        var b = mixedBoard()
        // SET-1 (other L1) becomes community L1 older than SET-7: it goes to the very top.
        try b.run(.edit(key: "SET-1", changes: TicketChanges(tier: .community)), at: t0 + Clock.day)
        #expect(b.todo().first == "SET-1")
        // SET-7 loses its level: it drops below SET-2 (community, unset, created earlier).
        try b.run(.edit(key: "SET-7", changes: TicketChanges(level: .some(nil))), at: t0 + Clock.day)
        #expect(Array(b.todo().prefix(3)) == setKeys(1, 2, 7))
        #expect(b.todo() == b.state.ruleOrder(of: .todo))
    }

    @Test func otherColumnsKeepArrivalOrder() throws {
        var b = mixedBoard()
        try b.run(.move(key: "SET-1", to: .inProgress), at: t0 + Clock.day)
        try b.run(.move(key: "SET-7", to: .inProgress), at: t0 + Clock.day + 1)
        #expect(b.state.keys(in: .inProgress) == setKeys(1, 7))
        #expect(b.state.ruleOrder(of: .inProgress) == setKeys(7, 1))
        // Moving back into TO DO files the card by the rules again, not at the bottom.
        try b.run(.move(key: "SET-7", to: .todo), at: t0 + Clock.day + 2)
        #expect(b.todo().first == "SET-7")
    }
}
