/// Hand moves: rank top, bottom and after a key; the hand mark, the out-of-order count, and restoring the rules.
import Testing
@testable import SetBoardCore

@Suite("Manual rank")
struct ManualRankTests {
    let t0 = Clock.monday

    /// SET-1 community L1, SET-2 escalation L2, SET-3 hotfix L3, SET-4 other with no level: already in rule order.
    func fourCards() -> BoardFixture {
        var b = BoardFixture.initialized()
        b.create(1, .community, .l1, at: t0)
        b.create(2, .escalation, .l2, at: t0 + Clock.hour)
        b.create(3, .hotfix, .l3, at: t0 + 2 * Clock.hour)
        b.create(4, .other, nil, at: t0 + 3 * Clock.hour)
        return b
    }

    @Test func rankTopAgainstTheRulesIsMarkedWithWhoAndWhen() throws {
        var b = fourCards()
        let at = t0 + Clock.day
        let events = try b.run(.rank(key: "SET-4", position: .top), at: at, by: "bob")
        #expect(events == [.ticketRanked(key: "SET-4", position: .top)])
        #expect(b.todo() == setKeys(4, 1, 2, 3))
        #expect(b.state.ticket("SET-4")?.movedByHand == HandMove(actor: "bob", at: at))
        #expect(b.state.ticket("SET-1")?.movedByHand == nil)
        #expect(b.state.outOfRuleCount() == 1)
        #expect(!b.state.isInRuleOrder(.todo))
        // The rules themselves have not changed.
        #expect(b.state.ruleOrder(of: .todo) == setKeys(1, 2, 3, 4))
    }

    @Test func rankBottomAndAfterAKey() throws {
        var b = fourCards()
        try b.run(.rank(key: "SET-1", position: .bottom), at: t0 + Clock.day)
        #expect(b.todo() == setKeys(2, 3, 4, 1))
        #expect(b.state.ticket("SET-1")?.movedByHand != nil)
        #expect(b.state.outOfRuleCount() == 3)

        try b.run(.rank(key: "SET-1", position: .after("SET-3")), at: t0 + Clock.day + 1)
        #expect(b.todo() == setKeys(2, 3, 1, 4))
        // SET-2 (escalation) and SET-3 (hotfix) sit above the community card.
        #expect(b.state.outOfRuleCount() == 2)
    }

    @Test func aHandMoveBackIntoPlaceClearsTheMark() throws {
        var b = fourCards()
        try b.run(.rank(key: "SET-4", position: .top), at: t0 + Clock.day)
        try b.run(.rank(key: "SET-4", position: .after("SET-3")), at: t0 + Clock.day + 1)
        #expect(b.todo() == setKeys(1, 2, 3, 4))
        #expect(b.state.ticket("SET-4")?.movedByHand == nil)
        #expect(b.state.isInRuleOrder(.todo))
        #expect(b.refusal(.restoreOrder(.todo)) == .nothingToChange("TO DO is already in rule order"))
    }

    @Test func restoreOrderIsOneEventThatReturnsToRuleOrderAndClearsMarks() throws {
        var b = fourCards()
        try b.run(.rank(key: "SET-4", position: .top), at: t0 + Clock.day, by: "bob")
        try b.run(.rank(key: "SET-1", position: .bottom), at: t0 + Clock.day + 1, by: "carol")
        #expect(b.todo() == setKeys(4, 2, 3, 1))
        let before = b.log.count
        let events = try b.run(.restoreOrder(.todo), at: t0 + Clock.day + 2)
        #expect(events == [.orderRestored(column: .todo)])
        #expect(b.log.count == before + 1)
        #expect(b.todo() == setKeys(1, 2, 3, 4))
        #expect(b.state.cards(in: .todo).allSatisfy { $0.movedByHand == nil })
        #expect(b.state.outOfRuleCount() == 0)
        #expect(b.state.isInRuleOrder(.todo))
    }

    @Test func newCardsAreFiledAroundHandPlacedOnes() throws {
        var b = fourCards()
        try b.run(.rank(key: "SET-4", position: .top), at: t0 + Clock.day)
        // Community L2: below SET-1 (community L1), above SET-2; the hand-placed SET-4 keeps its spot.
        b.create(5, .community, .l2, at: t0 + 2 * Clock.day)
        #expect(b.todo() == setKeys(4, 1, 5, 2, 3))
    }

    @Test func movingACardOutOfTheColumnDropsItsMark() throws {
        var b = fourCards()
        try b.run(.rank(key: "SET-4", position: .top), at: t0 + Clock.day)
        try b.run(.move(key: "SET-4", to: .inProgress), at: t0 + Clock.day + 1)
        #expect(b.state.ticket("SET-4")?.movedByHand == nil)
        #expect(b.state.isInRuleOrder(.todo))
    }

    @Test func rankPositionForOneStepUpOrDown() {
        let s = fourCards().state
        #expect(s.rankPosition(moving: "SET-2", by: -1) == .top)
        #expect(s.rankPosition(moving: "SET-3", by: -1) == .after("SET-1"))
        #expect(s.rankPosition(moving: "SET-2", by: 1) == .after("SET-3"))
        #expect(s.rankPosition(moving: "SET-1", by: 2) == .after("SET-3"))
        #expect(s.rankPosition(moving: "SET-1", by: -1) == nil)
        #expect(s.rankPosition(moving: "SET-4", by: 1) == nil)
        #expect(s.rankPosition(moving: "SET-2", by: 0) == nil)
        #expect(s.rankPosition(moving: "SET-99", by: 1) == nil)
    }

    @Test func rankPositionMovesTheCardExactlyOneStep() throws {
        var b = fourCards()
        let down = try #require(b.state.rankPosition(moving: "SET-2", by: 1))
        try b.run(.rank(key: "SET-2", position: down), at: t0 + Clock.day)
        #expect(b.todo() == setKeys(1, 3, 2, 4))
        let up = try #require(b.state.rankPosition(moving: "SET-4", by: -1))
        try b.run(.rank(key: "SET-4", position: up), at: t0 + Clock.day + 1)
        #expect(b.todo() == setKeys(1, 3, 4, 2))
    }

    @Test func rankRefusals() throws {
        var b = fourCards()
        try b.run(.move(key: "SET-3", to: .inReview), at: t0 + Clock.day)
        #expect(b.refusal(.rank(key: "SET-1", position: .top)) == .nothingToChange("SET-1 is already at the top of TO DO"))
        #expect(b.refusal(.rank(key: "SET-4", position: .bottom))
            == .nothingToChange("SET-4 is already at the bottom of TO DO"))
        #expect(b.refusal(.rank(key: "SET-2", position: .after("SET-1")))
            == .nothingToChange("SET-2 is already right after SET-1"))
        #expect(b.refusal(.rank(key: "SET-2", position: .after("SET-2"))) == .rankedAfterItself("SET-2"))
        #expect(b.refusal(.rank(key: "SET-2", position: .after("SET-3"))) == .notInSameColumn(key: "SET-2", other: "SET-3"))
        #expect(b.refusal(.rank(key: "SET-2", position: .after("SET-9"))) == .unknownTicket("SET-9"))
        #expect(b.refusal(.rank(key: "SET-9", position: .top)) == .unknownTicket("SET-9"))
    }
}
