/// Time-to-assign clocks: the default targets per tier and level, when a clock runs, and when it is breached.
import Testing
@testable import SetBoardCore

@Suite("Response clocks")
struct ResponseClockTests {
    let mon = Clock.monday
    let h = Clock.hour

    @Test func defaultTargetsPerTierAndLevel() {
        #expect(ResponseTargets.assignHours(tier: .community, level: .l1) == 1)
        #expect(ResponseTargets.assignHours(tier: .escalation, level: .l1) == 1)
        #expect(ResponseTargets.assignHours(tier: .hotfix, level: .l1) == 4)
        #expect(ResponseTargets.assignHours(tier: .community, level: .l2) == 4)
        #expect(ResponseTargets.assignHours(tier: .release, level: .l2) == nil)
        #expect(ResponseTargets.assignHours(tier: .community, level: .l3) == nil)
        #expect(ResponseTargets.assignHours(tier: .escalation, level: nil) == nil)
    }

    @Test func anUnassignedL1CommunityTicketBreachesAfterOneHour() throws {
        var b = BoardFixture.initialized()
        try b.run(.add(NewTicket(title: "Login loop", tier: .community, level: .l1)), at: mon + 9 * h)
        let t = try #require(b.state.ticket("SET-1"))
        let running = try #require(b.state.assignClock(t, now: mon + 9 * h + 20 * Clock.minute))
        #expect(!running.isBreached)
        #expect(running.remainingMs == 40 * Clock.minute)
        #expect(!b.state.isBreached(t, now: mon + 10 * h))
        #expect(b.state.isBreached(t, now: mon + 10 * h + 1))
        // The demo's ticket: 30 h unassigned is 29 h past its target.
        #expect(b.state.assignClock(t, now: mon + 39 * h)?.overdueMs == 29 * h)
        #expect(b.state.breachedTickets(now: mon + 39 * h).map(\.key) == ["SET-1"])
    }

    @Test func anAssigneeOrALevelWithoutTargetStopsTheClock() throws {
        var b = BoardFixture.initialized()
        try b.run(.add(NewTicket(title: "Export fails", tier: .escalation, level: .l1)), at: mon)
        try b.run(.add(NewTicket(title: "Typo", tier: .community, level: .l3)), at: mon)
        try b.run(.add(NewTicket(title: "Crash", tier: .hotfix, level: .l1)), at: mon)
        #expect(b.state.breachedTickets(now: mon + 30 * h).map(\.key) == ["SET-1", "SET-3"])
        try b.run(.assign(key: "SET-1", assignee: "bob"), at: mon + 30 * h)
        try b.run(.move(key: "SET-3", to: .done), at: mon + 30 * h)
        #expect(b.state.breachedTickets(now: mon + 31 * h).isEmpty)
        let l3 = try #require(b.state.ticket("SET-2"))
        #expect(b.state.assignClock(l3, now: mon + 300 * h) == nil)
    }
}
