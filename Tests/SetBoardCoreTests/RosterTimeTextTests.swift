/// How a lead types roster times: offsets are instants, bare times are wall clock, bare end dates include the day.
import Testing
@testable import SetBoardCore

@Suite("Roster time text")
struct RosterTimeTextTests {
    typealias F = RosterFixture

    @Test func timesWithoutAnOffsetAreOnTheZonesWallClock() throws {
        let berlin = try #require(TestZones.rules("Europe/Berlin"))
        #expect(RosterTimeText.instant("2025-03-31T09:00", zone: berlin) == F.t("2025-03-31T07:00:00Z"))
        #expect(RosterTimeText.instant("2025-01-06 09:00", zone: berlin) == F.t("2025-01-06T08:00:00Z"))
        #expect(RosterTimeText.instant("2025-03-31T09:00:00Z", zone: berlin) == F.t("2025-03-31T09:00:00Z"))
        #expect(RosterTimeText.instant("2025-03-31T09:00:00-04:00", zone: berlin) == F.t("2025-03-31T13:00:00Z"))
        #expect(RosterTimeText.instant("2025-03-31", zone: berlin) == F.t("2025-03-30T22:00:00Z"))
        #expect(RosterTimeText.instant("2025-03-31", zone: berlin, endOfDay: true) == F.t("2025-03-31T22:00:00Z"))
        // The day the clocks go forward is 23 hours long.
        let start = try #require(RosterTimeText.instant("2025-03-30", zone: berlin))
        let end = try #require(RosterTimeText.instant("2025-03-30", zone: berlin, endOfDay: true))
        #expect(end - start == 23 * 3_600_000)
        #expect(RosterTimeText.instant("next monday", zone: berlin) == nil)
        // Abbreviations and offsets are not places: Core refuses their shape (the host provider's own refusals,
        // and "Nowhere/Atlantis", are checked in HostTimeZonesTests).
        #expect(!RosterClock.isRegionName("EST"))
        #expect(!RosterClock.isRegionName("GMT+1"))
        #expect(RosterClock.isRegionName("America/Port-au-Prince") && RosterClock.isRegionName("Etc/GMT+1"))
    }

    @Test func durationsAndDaysReadBackWhatTheyWrite() {
        #expect(RosterTimeText.duration("15m") == 900_000)
        #expect(RosterTimeText.duration("1h30m") == 5_400_000)
        #expect(RosterTimeText.duration("90") == 90_000)
        #expect(RosterTimeText.duration("soon") == nil)
        #expect(RosterTimeText.duration("m") == nil)
        #expect(RosterTimeText.duration("15") == 15_000)
        // Plain seconds that would overflow as milliseconds are not a duration, never a trap.
        #expect(RosterTimeText.duration("9223372036854775") == 9_223_372_036_854_775_000)
        #expect(RosterTimeText.duration("9223372036854776") == nil)
        for s: Int64 in [60_000, 900_000, 5_400_000, 3_601_000] { #expect(RosterTimeText.duration(RosterTimeText.durationText(s)) == s) }
        #expect(RosterTimeText.days("mon-fri") == [0, 1, 2, 3, 4])
        #expect(RosterTimeText.days("fri-mon") == [4, 5, 6, 0])
        #expect(RosterTimeText.days("daily") == Array(0..<7))
        #expect(RosterTimeText.days("someday") == nil)
        #expect(RosterTimeText.daysText([0, 1, 2, 3, 4]) == "mon-fri")
        #expect(RosterTimeText.daysText([5, 6, 0]) == "[mon, sat, sun]")
        #expect(RosterWeekTime(text: "Mon 9:00") == RosterWeekTime(weekday: 0, minute: 540))
        #expect(RosterWeekTime(text: "friday 17:00")?.text == "friday 17:00")
        #expect(RosterWeekTime(text: "funday 17:00") == nil)
        #expect(RosterTimeText.iso(F.t("2025-03-31T07:00:00Z")) == "2025-03-31T07:00:00Z")
    }

    @Test func aLaterRotationTakesOverAtItsAnchor() {
        var d = F.allDay()
        d.rotations.append(RosterRotation(name: "R2", zone: "America/New_York", anchorDay: F.day("2025-03-03"), lead: "dave",
                                          pattern: .single, shifts: [RosterShift(name: "ALL", zone: "America/New_York",
                                                                                start: 0, end: 1440, people: ["erin", "frank"])]))
        let s = F.state(d)
        #expect(s.onCall(at: F.t("2025-03-03T08:59:00-05:00"), zones: TestZones.provider).lead == "carol")
        let after = s.onCall(at: F.t("2025-03-03T09:00:00-05:00"), zones: TestZones.provider)
        #expect(after.lead == "dave")
        #expect(after.primary == "erin")
        // From Berlin's Friday, the next hand-off is the new rotation's start, not Berlin's Monday.
        #expect(s.nextHandoff(after: F.t("2025-02-28T12:00:00Z"), zones: TestZones.provider) == F.t("2025-03-03T08:00:00Z"))
        #expect(s.nextHandoff(after: F.t("2025-03-03T09:00:00Z"), zones: TestZones.provider) == F.t("2025-03-03T14:00:00Z"))
    }
}
