/// The cycle's phases at their boundaries, and the "hand-over due soon" warning the header and roster show.
import Testing
@testable import SetBoardCore

@Suite("Cycle phases")
struct CyclePhaseTests {
    let at = CycleFixture.at
    let w = CycleFixture.window

    @Test func startLastsUntilTheReviewOrTheEndOfTheFirstWorkingDay() throws {
        var c = CycleRun()
        #expect(w.phase(at: w.start, state: c.state) == .start)
        #expect(w.phase(at: at("2026-11-23T23:59:59Z"), state: c.state) == .start)
        #expect(w.phase(at: at("2026-11-24T00:00:00Z"), state: c.state) == .monitor)
        try c.run(.tick(item: "start-review", day: nil), at: at("2026-11-23T11:00:00Z"))
        #expect(w.phase(at: at("2026-11-23T11:00:00Z"), state: c.state) == .monitor)
    }

    @Test func aRotationStartingOnSaturdayStartsOnMonday() {
        var w = CycleFixture.window
        w.start = at("2026-11-21T09:00:00Z")
        #expect(w.startPhaseEnd == at("2026-11-24T00:00:00Z"))
        #expect(w.phase(at: at("2026-11-23T20:00:00Z"), state: CycleState()) == .start)
    }

    @Test func handoverBegins24HoursBeforeItIsDueAndEndsWhenDone() throws {
        var c = CycleRun()
        let opens = w.handoverDue - 24 * CycleFixture.hour
        #expect(w.phase(at: opens - 1, state: c.state) == .monitor)
        #expect(w.phase(at: opens, state: c.state) == .handover)
        #expect(w.phase(at: w.end - 1, state: c.state) == .handover)
        try c.run(.completeHandover(reassigned: 0, notes: nil, summaryPath: nil), at: w.handoverDue)
        #expect(w.phase(at: w.handoverDue, state: c.state) == .handedOver)
    }

    @Test func dueSoonIsWithin24HoursAndNotDone() throws {
        var c = CycleRun()
        let due = w.handoverDue
        #expect(!c.state.isHandoverDueSoon(w, now: due - 24 * CycleFixture.hour - 1))
        #expect(c.state.handoverWarning(w, now: due - 24 * CycleFixture.hour - 1) == nil)
        #expect(c.state.isHandoverDueSoon(w, now: due - 24 * CycleFixture.hour))
        #expect(c.state.handoverWarning(w, now: due - 5 * CycleFixture.hour)
            == "SET hand-over due in 5h (2026-12-04 17:00 UTC): run `setboard cycle handover`")
        #expect(c.state.handoverWarning(w, now: due + 2 * CycleFixture.hour)?.contains("OVERDUE by 2h") == true)
        #expect(!c.state.isHandoverDueSoon(w, now: w.end))
        try c.run(.completeHandover(reassigned: 0, notes: nil, summaryPath: nil), at: due - CycleFixture.hour)
        #expect(!c.state.isHandoverDueSoon(w, now: due))
        #expect(c.state.handoverWarning(w, now: due) == nil)
    }

    @Test func workingDaysAreMondayToFridayInTheRotationsOffset() {
        #expect(w.workingDays.map(\.text) == ["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27",
                                               "2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04"])
        var ny = w
        ny.utcOffsetMinutes = -300
        #expect(ny.day(at: at("2026-11-24T03:00:00Z")).text == "2026-11-23")
        #expect(w.day(at: at("2026-11-24T03:00:00Z")).text == "2026-11-24")
    }
}
