/// Shift arithmetic on the wall clock: hand-offs stay at Monday 09:00 local across DST in Europe, the Americas and Sydney.
import Testing
@testable import SetBoardCore

@Suite("Roster schedule")
struct RosterScheduleTests {
    typealias F = RosterFixture

    func who(_ s: RosterState, _ iso: String) -> (String?, String?, Int64?) {
        let m = s.moment(at: F.t(iso), zones: TestZones.provider)
        return (m.onCall.primary, m.onCall.backup, m.week)
    }

    @Test func berlinAfterSpringForwardCountsLocalWeeks() {
        let s = F.state(F.allDay())
        // 12 weeks after the anchor at 09:30 CEST; in raw seconds it would still be week 11 (07:30Z < 08:00Z + 12w).
        let (p, b, week) = who(s, "2025-03-31T09:30:00+02:00")
        #expect(week == 12)
        #expect(p == "alice")
        #expect(b == "bob")
        let before = who(s, "2025-03-31T08:59:00+02:00")
        #expect(before.2 == 11)
        #expect(before.0 == "bob")
    }

    @Test func berlinAfterFallBackHandsOffAtNineLocal() {
        let s = F.state(F.allDay())
        let (p, _, week) = who(s, "2025-10-27T08:59:00+01:00")
        #expect(week == 41)
        #expect(p == "bob")
        let after = who(s, "2025-10-27T09:00:00+01:00")
        #expect(after.2 == 42)
        #expect(after.0 == "alice")
    }

    @Test func nextHandoffIsNineLocalOnTheFarSideOfTheChange() {
        let s = F.state(F.allDay())
        // From the Friday before the change (CET) the next hand-off is Monday 09:00 CEST, i.e. 07:00Z, not 08:00Z.
        #expect(s.nextHandoff(after: F.t("2025-03-28T12:00:00+01:00"), zones: TestZones.provider) == F.t("2025-03-31T07:00:00Z"))
        #expect(s.nextHandoff(after: F.t("2025-10-24T12:00:00+02:00"), zones: TestZones.provider) == F.t("2025-10-27T08:00:00Z"))
    }

    @Test func newYorkAcrossBothChanges() {
        let s = F.state(F.allDay(zone: "America/New_York"))
        // 2025-03-09 clocks go forward: Monday 03-10 is week 9, and 09:30 EDT is already past the hand-off.
        let spring = who(s, "2025-03-10T09:30:00-04:00")
        #expect(spring.2 == 9)
        #expect(spring.0 == "bob")
        #expect(who(s, "2025-03-10T08:59:00-04:00").0 == "alice")
        // 2025-11-02 clocks go back: Monday 11-03 hands off at 09:00 EST.
        #expect(who(s, "2025-11-03T08:59:00-05:00").2 == 42)
        #expect(who(s, "2025-11-03T09:00:00-05:00").2 == 43)
        #expect(s.nextHandoff(after: F.t("2025-03-07T12:00:00-05:00"), zones: TestZones.provider) == F.t("2025-03-10T13:00:00Z"))
    }

    @Test func sydneyInTheSouthernHemisphere() {
        let s = F.state(F.allDay(zone: "Australia/Sydney"))
        // 2025-04-06 Sydney leaves daylight time: at 08:30 AEST on 04-07 raw seconds would already say week 13.
        let autumn = who(s, "2025-04-07T08:30:00+10:00")
        #expect(autumn.2 == 12)
        #expect(autumn.0 == "alice")
        #expect(who(s, "2025-04-07T09:00:00+10:00").2 == 13)
        // 2025-10-05 daylight time starts again.
        #expect(who(s, "2025-10-06T08:59:00+11:00").2 == 38)
        #expect(who(s, "2025-10-06T09:00:00+11:00").2 == 39)
        #expect(s.nextHandoff(after: F.t("2025-04-04T12:00:00+11:00"), zones: TestZones.provider) == F.t("2025-04-07T09:00:00+10:00"))
    }

    @Test func overrideSpanningTheSpringChange() throws {
        let zone = try #require(TestZones.rules("Europe/Berlin"))
        // Saturday 09:00 to Monday 09:00 local: 47 hours, because Sunday loses one.
        let from = RosterClock.instant(wall: F.day("2025-03-29") * WorkingTime.dayMs + 9 * 3_600_000, in: zone)
        let to = RosterClock.instant(wall: F.day("2025-03-31") * WorkingTime.dayMs + 9 * 3_600_000, in: zone)
        #expect(to - from == 47 * 3_600_000)
        let s = F.state(F.allDay(), [.overridden(RosterOverride(role: .primary, handle: "dave", from: from, to: to))])
        #expect(who(s, "2025-03-29T08:59:00+01:00").0 == "bob")
        #expect(who(s, "2025-03-30T12:00:00+02:00").0 == "dave")
        #expect(who(s, "2025-03-31T08:59:00+02:00").0 == "dave")
        #expect(who(s, "2025-03-31T09:00:00+02:00").0 == "alice")
        #expect(who(s, "2025-03-30T12:00:00+02:00").1 == "alice")
    }

    @Test func springGapAndAutumnOverlapResolveToOneInstant() throws {
        let zone = try #require(TestZones.rules("Europe/Berlin"))
        // 02:30 does not exist on 2025-03-30: it maps to the moment the clock jumps (01:00Z = 03:00 CEST) plus 30m.
        #expect(RosterClock.instant(wall: F.day("2025-03-30") * WorkingTime.dayMs + 9_000_000, in: zone) == F.t("2025-03-30T01:30:00Z"))
        // 02:30 happens twice on 2025-10-26: the first one (CEST) is chosen.
        #expect(RosterClock.instant(wall: F.day("2025-10-26") * WorkingTime.dayMs + 9_000_000, in: zone) == F.t("2025-10-26T00:30:00Z"))
    }

    @Test func staggeredBackupBecomesNextPrimary() {
        let s = F.state(F.allDay(pattern: .staggered, people: ["alice", "bob", "dave"]))
        let weeks = s.schedule(from: F.t("2025-01-06T10:00:00+01:00"), weeks: 4, zones: TestZones.provider)
        #expect(weeks.map { $0.shifts[0].primary } == ["alice", "bob", "dave", "alice"])
        #expect(weeks.map { $0.shifts[0].backup } == ["bob", "dave", "alice", "bob"])
        for (this, next) in zip(weeks, weeks.dropFirst()) { #expect(this.shifts[0].backup == next.shifts[0].primary) }
        #expect(weeks[1].start == F.t("2025-01-13T09:00:00+01:00"))
    }

    @Test func twentyFourSevenCoversEveryHour() {
        let s = F.state(F.allDay())
        for iso in ["2025-06-01T03:00:00Z", "2025-06-07T23:59:00Z", "2025-12-25T12:00:00Z"] {
            let m = s.moment(at: F.t(iso), zones: TestZones.provider)
            #expect(m.onCall.shift == "ALL")
            #expect(!m.onCall.uncovered)
        }
    }

    @Test func twoZonesFirstListedShiftWinsTheOverlapThenAmericas() {
        let s = F.state(F.twoZones())
        // Monday 2025-01-13 is week 1: bob and erin are primary.
        #expect(s.onCall(at: F.t("2025-01-13T08:00:00Z"), zones: TestZones.provider).shift == "EMEA")
        let overlap = s.onCall(at: F.t("2025-01-13T15:00:00Z"), zones: TestZones.provider)
        #expect(overlap.shift == "EMEA")
        #expect(overlap.primary == "bob")
        let americas = s.onCall(at: F.t("2025-01-13T16:30:00Z"), zones: TestZones.provider)
        #expect(americas.shift == "Americas")
        #expect(americas.primary == "erin")
        #expect(americas.backup == "dave")
        #expect(americas.chain.map(\.handle) == ["erin", "dave", "carol"])
    }

    @Test func uncoveredTimeGoesToTheLeadOrTheFallbackShift() {
        let night = F.t("2025-01-18T12:00:00Z")  // a Saturday
        let toLead = F.state(F.twoZones()).onCall(at: night, zones: TestZones.provider)
        #expect(toLead.uncovered)
        #expect(toLead.shift == nil)
        #expect(toLead.primary == nil)
        #expect(toLead.chain == [OnCallStep(role: .lead, handle: "carol")])
        let toShift = F.state(F.twoZones(fallback: .shift("Americas"))).onCall(at: night, zones: TestZones.provider)
        #expect(toShift.uncovered)
        #expect(toShift.shift == "Americas")
        #expect(toShift.primary == "erin")
    }

    @Test func leaveNeedsCoverUnlessAnOverrideCoversIt() {
        let from = F.t("2025-01-13T00:00:00+01:00"), to = F.t("2025-01-18T00:00:00+01:00")
        let onLeave = F.state(F.twoZones(), [.leaveRecorded(RosterLeave(handle: "alice", from: from, to: to))])
        let m = onLeave.moment(at: F.t("2025-01-14T10:00:00+01:00"), zones: TestZones.provider)
        #expect(m.needsCover == [OnCallStep(role: .backup, handle: "alice")])
        #expect(m.onCall.backup == nil)
        #expect(m.onCall.chain.map(\.handle) == ["bob", "carol"])
        let week = onLeave.schedule(from: F.t("2025-01-13T10:00:00+01:00"), weeks: 1, zones: TestZones.provider)[0]
        #expect(week.shifts[0].needsCover == [OnCallStep(role: .backup, handle: "alice")])
        #expect(week.shifts[1].needsCover.isEmpty)

        let covered = F.state(F.twoZones(), [
            .leaveRecorded(RosterLeave(handle: "alice", from: from, to: to)),
            .overridden(RosterOverride(role: .backup, handle: "dave", from: from, to: to, shift: "EMEA")),
        ])
        let c = covered.moment(at: F.t("2025-01-14T10:00:00+01:00"), zones: TestZones.provider)
        #expect(c.needsCover.isEmpty)
        #expect(c.onCall.backup == "dave")
        #expect(covered.schedule(from: F.t("2025-01-13T10:00:00+01:00"), weeks: 1, zones: TestZones.provider)[0].shifts[0].needsCover.isEmpty)
    }

    @Test func swapTradesEveryDutyInTheRange() {
        let s = F.state(F.twoZones(), [.swapped(RosterSwap(first: "bob", second: "dave",
                                                             from: F.t("2025-01-13T09:00:00+01:00"),
                                                             to: F.t("2025-01-20T09:00:00+01:00")))])
        let emea = s.onCall(at: F.t("2025-01-14T10:00:00+01:00"), zones: TestZones.provider)
        #expect(emea.primary == "dave")
        let americas = s.onCall(at: F.t("2025-01-14T12:00:00-05:00"), zones: TestZones.provider)
        #expect(americas.backup == "bob")
        #expect(s.onCall(at: F.t("2025-01-21T10:00:00+01:00"), zones: TestZones.provider).backup == "bob")
    }

    @Test func beforeTheFirstAnchorNobodyIsOnCall() {
        let s = F.state(F.allDay())
        let early = s.onCall(at: F.t("2025-01-06T08:59:00+01:00"), zones: TestZones.provider)
        #expect(early.chain.isEmpty)
        #expect(s.nextHandoff(after: F.t("2025-01-01T00:00:00Z"), zones: TestZones.provider) == F.t("2025-01-06T08:00:00Z"))
    }

    @Test func handoverDueIsTheNextFridayFivePMLocal() {
        let s = F.state(F.twoZones())
        #expect(s.handoverDue(after: F.t("2025-03-26T12:00:00+01:00"), zones: TestZones.provider) == F.t("2025-03-28T17:00:00+01:00"))
        #expect(s.handoverDue(after: F.t("2025-03-28T17:00:00+01:00"), zones: TestZones.provider) == F.t("2025-04-04T17:00:00+02:00"))
    }

    @Test func bandsForTheCalendarFollowLocalHours() {
        let s = F.state(F.twoZones())
        let bands = s.bands(from: F.t("2025-03-28T00:00:00Z"), to: F.t("2025-04-01T00:00:00Z"), zones: TestZones.provider)
        let emea = bands.filter { $0.shift == "EMEA" }
        // Friday 08:00 CET is 07:00Z; Monday after the change 08:00 CEST is 06:00Z, and the 09:00 hand-off splits it.
        #expect(emea.map(\.start) == [F.t("2025-03-28T07:00:00Z"), F.t("2025-03-31T06:00:00Z"), F.t("2025-03-31T07:00:00Z")])
        #expect(emea.map(\.end) == [F.t("2025-03-28T16:00:00Z"), F.t("2025-03-31T07:00:00Z"), F.t("2025-03-31T15:00:00Z")])
        #expect(emea.map(\.primary) == ["bob", "bob", "alice"])
        #expect(bands.filter { $0.shift == "Americas" }.count == 2)
    }

    /// Over a whole year, hour by hour: the primary changes exactly when the rotation's own clock shows Monday 09:00.
    @Test(arguments: ["Europe/Berlin", "America/New_York", "Australia/Sydney"])
    func primaryChangesOnlyAtMondayNineLocal(zoneName: String) throws {
        let zone = try #require(TestZones.rules(zoneName))
        let s = F.state(F.allDay(zone: zoneName))
        let start = RosterClock.instant(wall: F.day("2025-01-06") * WorkingTime.dayMs + 9 * 3_600_000, in: zone)
        var previous = s.onCall(at: start, zones: TestZones.provider).primary
        var changes = 0
        for hour in 1..<(365 * 24) {
            let t = start + Int64(hour) * 3_600_000
            let now = s.onCall(at: t, zones: TestZones.provider)
            #expect(now.primary != now.backup)
            if now.primary != previous {
                changes += 1
                let local = RosterClock.local(t, in: zone)
                #expect(local.weekday == 0 && local.minute == 9 * 60, "changed at \(RosterClock.localText(t, in: zone))")
            }
            previous = now.primary
        }
        #expect(changes == 52)
    }
}
