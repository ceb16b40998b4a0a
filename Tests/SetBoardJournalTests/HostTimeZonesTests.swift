/// The host's zone provider: real IANA regions only, the rules tzdata gives, and the test rules agree with it.
import SetBoardCore
import SetBoardJournal
import Testing

@Suite("Host time zones")
struct HostTimeZonesTests {
    let host = HostTimeZones()

    @Test func onlyRealRegionsAreKnown() throws {
        // What RosterClock.zone refused before the provider: abbreviations, offsets and places that do not exist.
        #expect(host.rules(for: "EST") == nil)
        #expect(host.rules(for: "GMT+1") == nil)
        #expect(host.rules(for: "Nowhere/Atlantis") == nil)
        #expect(host.rules(for: "Mars/Olympus") == nil)
        #expect(host.rules(for: "UTC")?.offset(at: 0) == 0)
        let berlin = try #require(host.rules(for: "Europe/Berlin"))
        #expect(berlin.identifier == "Europe/Berlin")
        // 2025-01-15T12:00Z is CET (+1), 2025-07-15T12:00Z CEST (+2).
        #expect(berlin.offset(at: 1_736_942_400_000) == 3_600_000)
        #expect(berlin.offset(at: 1_752_580_800_000) == 7_200_000)
    }

    @Test func anUnknownZoneIsReportedNotPassedOffAsUTC() {
        let clock = host.clock("Mars/Olympus")
        #expect(!clock.known)
        #expect(clock.name == "Mars/Olympus")
        // The rules say what they are, so text that prints their name prints UTC, not the unknown zone.
        #expect(clock.rules.identifier == "UTC")
        #expect(clock.rules.offset(at: 1_752_580_800_000) == 0)
        #expect(host.clock("Europe/Berlin").known)
    }
}
