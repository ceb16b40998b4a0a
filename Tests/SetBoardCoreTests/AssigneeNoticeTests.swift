/// Nudged and stuck cards owe their assignee one notice per nudge and per stuck period, claimed under the lock.
import Testing
@testable import SetBoardCore

@Suite("Assignee notices")
struct AssigneeNoticeTests {
    let t0 = Clock.monday + 9 * Clock.hour

    func board() -> BoardFixture {
        var f = BoardFixture.initialized(at: t0)
        f.create(1, .community, .l2, at: t0)
        f.create(2, .community, .l2, at: t0)
        f.record(.ticketAssigned(key: "SET-1", assignee: "alice"), at: t0)
        return f
    }

    func claim(_ notice: AssigneeNotice, _ f: BoardFixture, _ pages: PageState,
               at now: Int64) throws(AssigneeNoticeNotDue) -> [PageEvent] {
        try AssigneeNotices.decide(notice, board: f.state, pages: pages, now: now)
    }

    @Test func eachNudgeOfAnAssignedCardIsClaimedOnce() throws {
        var f = board()
        var pages = PageState()
        #expect(AssigneeNotices.due(board: f.state, pages: pages, now: t0 + Clock.minute).isEmpty)
        f.record(.ticketNudged(key: "SET-1"), at: t0 + Clock.minute)
        f.record(.ticketNudged(key: "SET-2"), at: t0 + Clock.minute) // nobody to tell
        let first = AssigneeNotice(key: "SET-1", reason: .nudge, mark: 1)
        #expect(AssigneeNotices.due(board: f.state, pages: pages, now: t0 + 2 * Clock.minute) == [first])
        let events = try claim(first, f, pages, at: t0 + 2 * Clock.minute)
        #expect(events == [.assigneeNotified(key: "SET-1", reason: .nudge, mark: 1, handle: "alice")])
        for e in events { pages.apply(e, at: t0 + 2 * Clock.minute, by: "watch") }
        // A second notifier deciding under the lock after the first claim is refused.
        #expect(throws: AssigneeNoticeNotDue(notice: first)) { try claim(first, f, pages, at: t0 + 2 * Clock.minute) }
        #expect(AssigneeNotices.due(board: f.state, pages: pages, now: t0 + 3 * Clock.minute).isEmpty)
        f.record(.ticketNudged(key: "SET-1"), at: t0 + Clock.hour)
        let second = AssigneeNotice(key: "SET-1", reason: .nudge, mark: 2)
        #expect(AssigneeNotices.due(board: f.state, pages: pages, now: t0 + Clock.hour) == [second])
        // A claim for a nudge that is no longer the newest is refused, and a nudge a day old is not told any more.
        #expect(throws: AssigneeNoticeNotDue(notice: AssigneeNotice(key: "SET-1", reason: .nudge, mark: 1))) {
            try claim(AssigneeNotice(key: "SET-1", reason: .nudge, mark: 1), f, PageState(), at: t0 + Clock.hour)
        }
        #expect(AssigneeNotices.due(board: f.state, pages: pages, now: t0 + Clock.hour + 2 * Clock.day).isEmpty)
    }

    @Test func eachStuckPeriodIsClaimedOnceAndAnEventStartsANewOne() throws {
        var f = board()
        var pages = PageState()
        // Three working days is the default limit: Monday 09:00 to Thursday 09:00.
        #expect(AssigneeNotices.due(board: f.state, pages: pages, now: t0 + 3 * Clock.day).isEmpty)
        let stuck = AssigneeNotice(key: "SET-1", reason: .stuck, mark: t0)
        let now = t0 + 3 * Clock.day + Clock.hour
        #expect(AssigneeNotices.due(board: f.state, pages: pages, now: now) == [stuck], "SET-2 has no assignee")
        for e in try claim(stuck, f, pages, at: now) { pages.apply(e, at: now, by: "watch") }
        #expect(AssigneeNotices.due(board: f.state, pages: pages, now: now + Clock.day).isEmpty)
        // Reassigned: a new idle time, stuck again three working days later, told to the new assignee.
        f.record(.ticketAssigned(key: "SET-1", assignee: "bob"), at: now)
        #expect(throws: AssigneeNoticeNotDue(notice: stuck)) { try claim(stuck, f, PageState(), at: now + Clock.day) }
        let later = now + 7 * Clock.day
        let again = AssigneeNotice(key: "SET-1", reason: .stuck, mark: now)
        #expect(AssigneeNotices.due(board: f.state, pages: pages, now: later) == [again])
        #expect(try claim(again, f, pages, at: later) == [.assigneeNotified(key: "SET-1", reason: .stuck, mark: now, handle: "bob")])
        // A done card owes nothing.
        f.record(.ticketMoved(key: "SET-1", from: .todo, to: .done), at: later)
        #expect(AssigneeNotices.due(board: f.state, pages: pages, now: later + 7 * Clock.day).isEmpty)
    }

    @Test func theSentenceAndTheReplayNameTheClaim() {
        let e = PageEvent.assigneeNotified(key: "SET-1", reason: .stuck, mark: Clock.monday, handle: "alice")
        #expect(e.summary == "SET-1 stuck, idle since 2026-01-05 00:00 UTC, notifying assignee @alice")
        #expect(PageEvent.assigneeNotified(key: "SET-1", reason: .nudge, mark: 2, handle: "bob").summary
            == "SET-1 nudge 2 notifying assignee @bob")
        var pages = PageState()
        #expect(pages.whyIgnored(e) == nil)
        pages.apply(e, at: Clock.monday, by: "watch")
        #expect(pages.whyIgnored(e) == "already claimed")
    }
}
