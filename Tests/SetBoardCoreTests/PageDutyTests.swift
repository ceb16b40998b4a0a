// Which replica tells a page's steps on a synced board: the home replica, a takeover after the grace, the first one.
import Testing
@testable import SetBoardCore

struct PageDutyTests {
    let t0: Int64 = 1_795_000_000_000
    let minute: Int64 = 60_000

    func pages(openedBy rid: String?) -> PageState {
        var pages = PageState()
        pages.apply(.opened(id: "P-1", summary: "Login loop", ticket: nil,
                            chain: [OnCallStep(role: .primary, handle: "alice"), OnCallStep(role: .backup, handle: "bob")],
                            policy: EscalationPolicy(waits: [minute, minute])), at: t0, by: "dave", rid: rid)
        pages.apply(.notified(id: "P-1", step: 0, handle: "alice"), at: t0, by: "dave", rid: rid)
        return pages
    }

    @Test func theHomeReplicaTellsAndAnotherWaitsOutTheGrace() throws {
        let pages = pages(openedBy: "aa")
        let home = PageDuty(replica: "aa", grace: 2 * minute)
        let other = PageDuty(replica: "bb", grace: 2 * minute)
        #expect(pages.dueNotifications(at: t0 + minute, duty: home).map(\.step) == [1])
        #expect(pages.dueNotifications(at: t0 + minute, duty: other).isEmpty)
        #expect(throws: PageError.otherReplicaTells(id: "P-1", step: 1, replica: "aa")) {
            try PageDecide.decide(.recordNotified(id: "P-1", step: 1, duty: other), pages: pages, board: BoardState(),
                                  actor: "bob", now: t0 + 2 * minute)
        }
        // Step 2 fell due at t0 + 1 min; 2 min later it is still untold: b takes the page over with its claim.
        #expect(pages.dueNotifications(at: t0 + 3 * minute, duty: other).map(\.step) == [1])
        let events = try PageDecide.decide(.recordNotified(id: "P-1", step: 1, duty: other), pages: pages, board: BoardState(),
                                           actor: "bob", now: t0 + 3 * minute)
        #expect(events == [.takenOver(id: "P-1", step: 1, from: "aa"), .notified(id: "P-1", step: 1, handle: "bob")])
    }

    @Test func ofTwoTakeoversTheFirstInTheOrderCountsAndTheHomeThenLeavesThePage() {
        var pages = pages(openedBy: "aa")
        pages.apply(.takenOver(id: "P-1", step: 1, from: "aa"), at: t0 + 3 * minute, by: "bob", rid: "bb")
        pages.apply(.notified(id: "P-1", step: 1, handle: "bob"), at: t0 + 3 * minute, by: "bob", rid: "bb")
        pages.apply(.takenOver(id: "P-1", step: 1, from: "aa"), at: t0 + 3 * minute, by: "carol", rid: "cc")
        pages.apply(.notified(id: "P-1", step: 1, handle: "bob"), at: t0 + 3 * minute, by: "carol", rid: "cc")
        #expect(pages.page("P-1")?.sender == "bb")
        #expect(pages.page("P-1")?.home == "aa")
        let home = PageDuty(replica: "aa", grace: 2 * minute)
        #expect(pages.dueNotifications(at: t0 + 3 * minute, duty: home).isEmpty)
        // Its reminders are b's too: a, the home, waits out the grace like anyone else.
        #expect(pages.dueNotifications(at: t0 + 17 * minute, duty: home).isEmpty)
        #expect(pages.dueNotifications(at: t0 + 17 * minute, duty: PageDuty(replica: "bb")).map(\.step) == [2])
    }

    @Test func aPageWithoutAReplicaIsEveryNotifiersAsOnOneHost() {
        let pages = pages(openedBy: nil)
        #expect(pages.dueNotifications(at: t0 + minute, duty: PageDuty(replica: "bb")).map(\.step) == [1])
    }
}
