/// What the full-screen board adds from the roster and paging, checked through `setboard render`: the header's
/// on-call line, the roster pane, cover that is missing, and a page nobody has acknowledged.
import Foundation
import Testing

@Suite("the board's on-call header, roster pane and page alert") struct BoardDecorationTests {
    /// The demo board at a moment its EMEA shift (Berlin) is on: alice primary, bob backup, carol lead.
    func demo() throws -> CLIRunner {
        let cli = try CLIRunner()
        cli.now = "2026-11-24T10:00:00Z"
        try cli.ok("demo", "--no-show")
        return cli
    }

    func lines(_ text: String) -> [String] { text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    @Test func theHeaderSaysWhoIsOnCallNow() throws {
        let cli = try demo()
        let header = lines(try cli.ok("render", "--size", "120x30"))[0]
        #expect(header.hasSuffix("on call: alice (primary) · bob (backup) · carol (lead)"))
        // Later in the day the Americas shift answers, and the header follows the clock.
        cli.now = "2026-11-24T16:30:00Z"
        #expect(lines(try cli.ok("render", "--size", "120x30"))[0].contains("on call: dave (primary) · erin (backup) · carol (lead)"))
    }

    @Test func theRosterPaneShowsTheSameFactsAsTheRosterCommand() throws {
        let cli = try demo()
        try cli.ok("ack", "P-1") // the demo's page would take the alert row and move the pane down a line
        let screen = try cli.ok("render", "--size", "168x30", "--pane", "roster")
        let pane = lines(screen).map { String($0.dropFirst(112)) }
        #expect(pane[1].contains("ROSTER"))
        #expect(pane[2].contains("now: EMEA 08:00-17:00 Europe/Berlin"))
        #expect(pane.contains { $0.contains("primary @alice · Tue 11:00") })
        #expect(pane.contains { $0.contains("hand-off in 5d 22h · Mon 2026-11-30 09:00") })
        #expect(pane.contains { $0.contains("next week") })
        #expect(pane.contains { $0.contains("escalation: @alice (primary)") })
        let roster = try cli.ok("roster")
        #expect(roster.contains("next hand-off  Mon 2026-11-30 09:00 Europe/Berlin (in 5d 22h)"))
    }

    @Test func leaveWithoutCoverAndOverridesAreMarkedInThePane() throws {
        let cli = try demo()
        try cli.ok("roster", "leave", "alice", "--from", "2026-11-24", "--to", "2026-11-25")
        var screen = try cli.ok("render", "--size", "168x30", "--pane", "roster")
        #expect(screen.contains("NEEDS COVER (@alice on leave)"))
        // Leave takes alice out of the chain: the header names who a page would reach.
        #expect(lines(screen)[0].hasSuffix("on call: bob (backup) · carol (lead)"))
        try cli.ok("roster", "override", "--role", "primary", "--handle", "frank",
                   "--from", "2026-11-24T09:00:00Z", "--to", "2026-11-24T12:00:00Z")
        screen = try cli.ok("render", "--size", "168x30", "--pane", "roster")
        #expect(screen.contains("* override: @frank primary"))
        #expect(lines(screen)[0].contains("on call: frank (primary)"))
    }

    @Test func aPageNobodyAcknowledgedTakesTheAlertRow() throws {
        let cli = try demo()
        // The demo comes with a P1 page nobody has acknowledged yet; acknowledged, the alert row goes.
        #expect(lines(try cli.ok("render", "--size", "120x30"))[1].hasPrefix(" PAGE P-1  P1  @alice (primary, step 1 of 6)"))
        try cli.ok("ack", "P-1")
        #expect(!(try cli.ok("render", "--size", "120x30")).contains("PAGE"))
        try cli.ok("page", "Login loop on community")
        let row = lines(try cli.ok("render", "--size", "120x30"))[1]
        #expect(row.hasPrefix(" PAGE P-2  P2  @alice (primary, step 1 of 6)  escalates to @bob (backup) in 15m  · `setboard ack` acknowledges ·  Login"), "alert row: \(row)")
        #expect(row.contains("setboard ack"))
        try cli.ok("ack")
        #expect(!(try cli.ok("render", "--size", "120x30")).contains("PAGE P-2"))
    }

    @Test func aBoardWithoutARosterSaysHowToGetOne() throws {
        let cli = try CLIRunner()
        try cli.ok("init")
        let screen = try cli.ok("render", "--size", "120x30", "--pane", "roster")
        #expect(!lines(screen)[0].contains("on call"))
        #expect(screen.contains("No roster yet."))
        #expect(screen.contains("`setboard roster import FILE`."))
    }

    @Test func theRosterGivesTheWeeklyCycleItsPeopleAndTheHandoverWarning() throws {
        let cli = try demo()
        try cli.ok("ack", "P-1") // the demo's page would share the alert row with the warning
        let show = try cli.ok("cycle")
        #expect(show.contains("outgoing: alice (EMEA primary) · bob (EMEA backup) · dave (Americas primary) · erin (Americas backup) · carol (lead)"))
        #expect(show.contains("incoming: bob (EMEA primary) · alice (EMEA backup) · erin (Americas primary) · dave (Americas backup) · carol (lead)"))
        #expect(!(try cli.ok("roster")).contains("hand-over due in"))
        // Friday morning: the hand-over (Friday 17:00 Berlin) is due within a day and not done.
        cli.now = "2026-11-27T09:00:00Z"
        let warning = "SET hand-over due in 7h (2026-11-27 16:00 UTC): run `setboard cycle handover`"
        #expect(try cli.ok("roster").hasSuffix("\n" + warning + "\n"))
        #expect(lines(try cli.ok("render", "--size", "160x30"))[1].contains(warning))
        try cli.ok("cycle", "handover", "--yes", "--notes", "INC-1 needs the DB team", "--summary",
                   cli.root.appendingPathComponent("handover.md").path)
        #expect(!(try cli.ok("roster")).contains(warning))
        #expect(!(try cli.ok("render", "--size", "160x30")).contains("hand-over due"))
    }
}
