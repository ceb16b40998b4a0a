/// Zone rules reach the roster only through the injected provider: its rules drive the schedule, and a zone it does
/// not know is named as unknown with UTC assumed, never silently read as GMT.
import SetBoardJournal
import Testing
@testable import SetBoardCore

@Suite("Roster zones")
struct RosterZoneTests {
    typealias F = RosterFixture

    @Test func theProvidersRulesDriveTheSchedule() {
        // A zone no host has: only the injected rules can put Monday 09:00 at 06:00Z.
        let plus3 = FixedZoneProvider([FixedOffsetZone(identifier: "Test/Plus3", offset: 3 * 3_600_000)])
        let s = F.state(F.allDay(zone: "Test/Plus3"))
        #expect(s.nextHandoff(after: F.t("2025-01-01T00:00:00Z"), zones: plus3) == F.t("2025-01-06T06:00:00Z"))
        #expect(RosterSummary(roster: s, at: F.t("2025-01-07T00:00:00Z"), zones: plus3).unknownZones == ["Europe/Berlin", "America/New_York", "Australia/Sydney"])
    }

    @Test func anUnknownZoneIsNamedAndUTCIsAssumed() {
        // Berlin is missing from this provider, as a zone imported on another host may be missing here.
        let noBerlin = FixedZoneProvider([TestDSTZone.newYork, TestDSTZone.sydney])
        let s = F.state(F.allDay())
        let summary = RosterSummary(roster: s, at: F.t("2025-01-07T00:00:00Z"), zones: noBerlin)
        #expect(summary.unknownZones == ["Europe/Berlin"])
        #expect(!summary.clock.known)
        #expect(summary.unknownZoneLines == ["time zone Europe/Berlin is not known on this host: its times are shown as UTC"])
        #expect(summary.unknownZoneShortLines == ["zone Europe/Berlin unknown here: UTC assumed"])
        #expect(summary.nextHandoff == F.t("2025-01-13T09:00:00Z"))
        let known = RosterSummary(roster: s, at: F.t("2025-01-07T00:00:00Z"), zones: TestZones.provider)
        #expect(known.unknownZones.isEmpty && known.clock.known)
        #expect(known.nextHandoff == F.t("2025-01-13T08:00:00Z"))
    }

    @Test func unknownZoneNamesAreEscaped() {
        var d = F.allDay()
        d.engineers[0].zone = "Evil/\u{1B}[2J"
        let summary = RosterSummary(roster: F.state(d), at: F.t("2025-01-07T00:00:00Z"), zones: TestZones.provider)
        #expect(summary.unknownZoneLines.allSatisfy { !$0.contains("\u{1B}") })
    }

    @Test func definitionsNameZonesTheProviderDoesNotKnow() {
        var d = F.twoZones()
        d.engineers[5].zone = "Mars/Olympus"
        #expect(throws: RosterError.invalid(field: "engineers[5].zone",
                                            reason: "\"Mars/Olympus\" is not an IANA time zone such as Europe/Berlin")) {
            try RosterDecide.validate(d, zones: TestZones.provider)
        }
        // Under the journal's lock there is no provider: the shape is all that can be checked.
        #expect(throws: Never.self) { try RosterDecide.validate(d, zones: nil) }
        d.engineers[5].zone = "EST"
        #expect(throws: RosterError.self) { try RosterDecide.validate(d, zones: nil) }
    }

    /// The test rules are only worth having if they are the real ones: hour by hour over three years, they agree with
    /// the host's tzdata wherever the host knows the zone.
    @Test(arguments: ["Europe/Berlin", "America/New_York", "Australia/Sydney"])
    func testRulesMatchTheHost(zone: String) throws {
        guard let host = HostTimeZones().rules(for: zone) else { return }
        let rules = try #require(TestZones.rules(zone))
        let start = F.t("2025-01-01T00:00:00Z")
        for hour in 0..<(3 * 366 * 24) {
            let t = start + Int64(hour) * 3_600_000
            #expect(rules.offset(at: t) == host.offset(at: t), "\(zone) at \(RosterTimeText.iso(t))")
        }
    }
}
