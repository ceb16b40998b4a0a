/// The roster at a glance as values, the part the text report and the TUI pane share.
import Testing
@testable import SetBoardCore

@Suite("Roster summary")
struct RosterSummaryTests {
    typealias F = RosterFixture

    @Test func nowNextHandoffNextWeekAndChain() throws {
        let s = RosterSummary(roster: F.state(F.twoZones()), at: F.t("2025-01-14T16:30:00Z"), zones: TestZones.provider)
        #expect(s.rotation == "R1")
        #expect(s.rotationWeek == 2)
        #expect(s.rotationWeeks == 2)
        #expect(s.shift?.name == "Americas")
        #expect(s.people.map(\.handle) == ["erin", "dave", "carol"])
        #expect(s.people[0].localTime == "Tue 11:30")
        #expect(s.people[2].localTime == "Tue 17:30")
        #expect(s.local(try #require(s.nextHandoff)) == "Mon 2025-01-20 09:00")
        #expect(s.nextTeam == "mobile")
        #expect(s.nextWeek?.shifts.map(\.primary) == ["alice", "dave"])
        #expect(s.chainText == "@erin (primary) → @dave (backup) → @carol (lead); 15m at each step")
    }

    @Test func leaveAndUncoveredTimeShow() {
        let leave = RosterLeave(handle: "carol", from: F.t("2025-01-18T00:00:00Z"), to: F.t("2025-01-19T00:00:00Z"))
        var d = F.twoZones()
        d.escalation = EscalationPolicy(waits: [300_000, 600_000], repeats: 2)
        let s = RosterSummary(roster: F.state(d, [.leaveRecorded(leave)]), at: F.t("2025-01-18T12:00:00Z"), zones: TestZones.provider)
        #expect(s.uncovered)
        #expect(s.shift == nil)
        #expect(s.people[2].onLeave == "carol")
        #expect(s.people[2].handle == nil)
        #expect(s.chainText == "nobody to page")
        #expect(RosterSummary(roster: F.state(d), at: F.t("2025-01-18T12:00:00Z"), zones: TestZones.provider).chainText
                == "@carol (lead); waits 5m, 10m, then 2 more rounds")
    }
}
