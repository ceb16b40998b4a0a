/// Working-day arithmetic and stuck cards: weekends do not count, and a nudge or take-over resets the clock.
import Testing
@testable import SetBoardCore

@Suite("Working time and stuck cards")
struct StuckTests {
    let mon = Clock.monday
    let day = Clock.day
    let h = Clock.hour

    @Test func theAnchorDateIsAMonday() {
        #expect(WorkingTime.days(year: 2026, month: 1, day: 5) == 20_458)
        #expect(WorkingTime.days(year: 1970, month: 1, day: 1) == 0)
        #expect(WorkingTime.isoMinute(mon + 9 * h + 5 * Clock.minute) == "2026-01-05 09:05")
        #expect(WorkingTime.parseISO8601("2026-01-05T09:05:00Z") == mon + 9 * h + 5 * Clock.minute)
        #expect(WorkingTime.parseISO8601("2026-01-05T10:05:00+01:00") == mon + 9 * h + 5 * Clock.minute)
        #expect(WorkingTime.parseISO8601("2026-13-05") == nil)
    }

    @Test func workingTimeCountsMondayToFridayOnly() {
        #expect(WorkingTime.workingMs(from: mon, to: mon + 7 * day) == 5 * day)
        // Friday noon to Monday noon: half of Friday and half of Monday.
        #expect(WorkingTime.workingMs(from: mon + 4 * day + 12 * h, to: mon + 7 * day + 12 * h) == day)
        // Saturday to Sunday afternoon: nothing.
        #expect(WorkingTime.workingMs(from: mon + 5 * day, to: mon + 6 * day + 15 * h) == 0)
        // Saturday to Monday 09:00: only Monday's nine hours.
        #expect(WorkingTime.workingMs(from: mon + 5 * day + 3 * h, to: mon + 7 * day + 9 * h) == 9 * h)
        #expect(WorkingTime.workingMs(from: mon + day, to: mon) == 0)
        // Around the epoch (a Thursday) and before it, where division rounds the other way.
        #expect(WorkingTime.workingMs(from: 0, to: 7 * day) == 5 * day)
        #expect(WorkingTime.workingMs(from: -7 * day, to: 0) == 5 * day)
        // Day -5 was a Saturday and day -3 a Monday.
        #expect(WorkingTime.workingMs(from: -5 * day, to: -3 * day) == 0)
        #expect(WorkingTime.workingMs(from: -3 * day - h, to: -2 * day) == day)
        #expect(WorkingTime.workingMs(from: -2 * day, to: 0) == 2 * day)
        #expect(WorkingTime.workingMs(from: mon, to: mon + 28 * day + 3 * h) == 20 * day + 3 * h)
    }

    /// SET-1 last touched Thursday 10:00, assigned to bob.
    func thursdayCard() throws -> BoardFixture {
        var b = BoardFixture.initialized()
        try b.run(.add(NewTicket(title: "Export times out", tier: .escalation, assignee: "bob")), at: mon + 3 * day + 10 * h)
        return b
    }

    @Test func threeWorkingDaysAcrossAWeekend() throws {
        let b = try thursdayCard()
        let card = try #require(b.state.ticket("SET-1"))
        #expect(b.state.settings.stuckLimits[.todo] == 3)
        // Thu 10:00 → Tue 10:00 is five calendar days but exactly three working days: not yet stuck.
        let tuesday10 = mon + 8 * day + 10 * h
        #expect(!b.state.isStuck(card, now: mon + 7 * day + 10 * h))
        #expect(!b.state.isStuck(card, now: tuesday10))
        #expect(b.state.isStuck(card, now: tuesday10 + Clock.minute))
        #expect(b.state.stuckTickets(now: tuesday10 + Clock.minute).map(\.key) == ["SET-1"])
        #expect(b.state.stuckTickets(now: tuesday10).isEmpty)
    }

    @Test func theLimitComesFromTheColumnSettings() throws {
        var b = try thursdayCard()
        try b.run(.changeSettings(tierOrder: nil, stuckLimits: [.todo: 1, .inProgress: 3]), at: mon + 3 * day + 10 * h)
        let card = try #require(b.state.ticket("SET-1"))
        #expect(!b.state.isStuck(card, now: mon + 4 * day + 10 * h))
        #expect(b.state.isStuck(card, now: mon + 4 * day + 10 * h + 1))
        // DONE has no limit: a finished card is never stuck.
        try b.run(.move(key: "SET-1", to: .done), at: mon + 3 * day + 10 * h)
        let done = try #require(b.state.ticket("SET-1"))
        #expect(!b.state.isStuck(done, now: mon + 60 * day))
    }

    @Test func aNudgeIsAnEventAndResetsTheClock() throws {
        var b = try thursdayCard()
        let late = mon + 9 * day + 11 * h
        #expect(b.state.ticket("SET-1").map { b.state.isStuck($0, now: late) } == true)
        let events = try b.run(.nudge(key: "SET-1"), at: late, by: "carol")
        #expect(events == [.ticketNudged(key: "SET-1")])
        let card = try #require(b.state.ticket("SET-1"))
        #expect(card.nudges == 1)
        #expect(card.updated == late)
        #expect(card.assignee == "bob")
        #expect(!b.state.isStuck(card, now: late + day))
    }

    @Test func takeOverReassignsToMe() throws {
        var b = try thursdayCard()
        let late = mon + 9 * day + 11 * h
        let events = try b.run(.takeOver(key: "SET-1"), at: late, by: "dave")
        #expect(events == [.ticketTakenOver(key: "SET-1", from: "bob", to: "dave")])
        let card = try #require(b.state.ticket("SET-1"))
        #expect(card.assignee == "dave")
        #expect(!b.state.isStuck(card, now: late + day))
        #expect(b.refusal(.takeOver(key: "SET-1"), by: "dave") == .nothingToChange("SET-1 is already yours"))
    }
}
