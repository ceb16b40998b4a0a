/// "Why is this card here?": the sentence for a card in rule order, for a hand-moved one, and for off-board ones.
import Testing
@testable import SetBoardCore

@Suite("Why here")
struct WhyHereTests {
    let t0 = Clock.monday
    let h = Clock.hour
    /// Thursday 00:00: SET-1 is exactly 72 hours old.
    var now: Int64 { t0 + 3 * Clock.day }

    /// Each card sits below the one above it for a different reason of the rules.
    func board() -> BoardFixture {
        var b = BoardFixture.initialized()
        b.create(1, .community, .l1, at: t0)
        b.create(2, .hotfix, .l2, at: t0 + 1 * h)
        b.create(3, .hotfix, .l2, at: t0 + 2 * h)
        b.create(4, .hotfix, .l3, at: t0 + 3 * h)
        b.create(5, .hotfix, .l3, at: t0 + 3 * h)
        return b
    }

    @Test func shortAges() {
        #expect(WorkingTime.shortAge(59 * Clock.minute) == "59m")
        #expect(WorkingTime.shortAge(60 * Clock.minute) == "1h")
        #expect(WorkingTime.shortAge(47 * h + 59 * Clock.minute) == "47h")
        #expect(WorkingTime.shortAge(48 * h) == "2d")
        #expect(WorkingTime.shortAge(69 * Clock.day) == "69d")
        #expect(WorkingTime.shortAge(70 * Clock.day) == "10w")
        #expect(WorkingTime.shortAge(-5 * h) == "0m")
    }

    @Test func eachRuleIsNamedForACardInRuleOrder() {
        let s = board().state
        #expect(s.keys(in: .todo) == setKeys(1, 2, 3, 4, 5))
        #expect(s.whyHere("SET-1", now: now) == "#1 of 5 in TO DO: top of the queue, nothing outranks it (community · L1 · 3d old)")
        #expect(s.whyHere("SET-2", now: now) == "#2 of 5 in TO DO (hotfix · L2 · 2d old); below SET-1 (community outranks hotfix)")
        #expect(s.whyHere("SET-3", now: now) == "#3 of 5 in TO DO (hotfix · L2 · 2d old); below SET-2 (same tier and level; older)")
        #expect(s.whyHere("SET-4", now: now) == "#4 of 5 in TO DO (hotfix · L3 · 2d old); below SET-3 (same tier; L2 before L3)")
        #expect(s.whyHere("SET-5", now: now)
            == "#5 of 5 in TO DO (hotfix · L3 · 2d old); below SET-4 (same tier, level and age; lower key)")
    }

    @Test func aHandMovedCardNamesWhoMovedIt() throws {
        var b = board()
        try b.run(.rank(key: "SET-4", position: .top), at: now - 30 * Clock.minute, by: "carol")
        #expect(b.state.whyHere("SET-4", now: now)
            == "#1 of 5 in TO DO: moved by hand by carol 30m ago, against the rule order (hotfix · L3 · 2d old); "
            + "`=` restores rule order")
        #expect(b.state.whyHere("SET-1", now: now)
            == "#2 of 5 in TO DO (community · L1 · 3d old); below SET-4 (moved there by hand by carol)")
    }

    @Test func aCardWithNoLevelSaysSo() {
        var b = BoardFixture.initialized()
        b.create(1, .release, .l4, at: t0)
        b.create(2, .release, nil, at: t0)
        #expect(b.state.whyHere("SET-2", now: t0 + 5 * Clock.minute)
            == "#2 of 2 in TO DO (release · no level · 5m old); below SET-1 (same tier; L4 before no level)")
    }

    @Test func otherColumnsExplainArrivalOrder() throws {
        var b = board()
        try b.run(.move(key: "SET-2", to: .inProgress), at: now - h)
        #expect(b.state.whyHere("SET-2", now: now) == "#1 of 1 in IN PROGRESS, in the order cards arrived (hotfix · L2 · 2d old)")
        // SET-3 now sits straight below SET-1.
        #expect(b.state.whyHere("SET-3", now: now) == "#2 of 4 in TO DO (hotfix · L2 · 2d old); below SET-1 (community outranks hotfix)")
    }

    @Test func unknownAndOffBoardCards() throws {
        var b = board()
        #expect(b.state.whyHere("SET-99", now: now) == "SET-99 is not on this board")
        try b.run(.edit(key: "SET-5", changes: TicketChanges(type: .feature, team: .some("web"))), at: now)
        #expect(b.state.whyHere("SET-5", now: now)
            == "SET-5 left the SET board: a feature owned by web (list --all shows it)")
    }

    @Test func rankFactsNameTierLevelAndAge() {
        let s = board().state
        let ticket = s.ticket("SET-3")
        #expect(ticket.map { s.rankFacts($0, now: t0 + 2 * h + 90 * Clock.minute) } == "hotfix · L2 · 1h old")
    }
}
