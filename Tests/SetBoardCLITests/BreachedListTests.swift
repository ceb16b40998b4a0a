/// `setboard list --breached`: tickets past their time-to-assign target, and the clock marks in `list`.
import Testing

@Suite("list --breached") struct BreachedListTests {
    @Test func breachedKeepsOnlyTicketsPastTheirTarget() throws {
        let cli = try CLIRunner()
        cli.now = "2026-11-24T08:00:00Z"
        try cli.ok("init")
        try cli.ok("add", "Login loop on community", "--tier", "community", "--level", "L1")
        try cli.ok("add", "Acme cannot export", "--tier", "escalation", "--level", "L2")
        try cli.ok("add", "Taken already", "--tier", "community", "--level", "L1", "--assignee", "bob")
        try cli.ok("add", "Minor typo", "--tier", "community", "--level", "L3")
        cli.now = "2026-11-24T10:00:00Z"
        let breached = try cli.ok("list", "--breached")
        #expect(breached.contains("Login loop on community"))
        #expect(breached.contains("[breached: unassigned 1h past 1h]"))
        #expect(!breached.contains("Acme cannot export"))
        #expect(!breached.contains("Taken already"))
        #expect(!breached.contains("Minor typo"))
        // The L2 escalation ticket still has two hours of its four.
        let all = try cli.ok("list")
        #expect(all.contains("[assign within 2h]"))
        let json = try cli.ok("list", "--breached", "--json")
        #expect(json.contains("\"breached\":true") || json.contains("\"breached\": true"))
        #expect(!json.contains("Acme"))
    }

    /// The demo's L1 community ticket has sat unassigned for 30 h: breached, on the list and in the board's header.
    @Test func theDemoShowsItsUnassignedL1CommunityTicketBreached() throws {
        let cli = try CLIRunner()
        try cli.ok("demo", "--no-show")
        let breached = try cli.ok("list", "--breached")
        #expect(breached.contains("Login loop on community server after SSO change  [INC-1] [breached: unassigned 29h past 1h]"))
        let screen = try cli.ok("render")
        #expect(screen.hasPrefix(" SET board · 33 open · 2 breached · "))
        #expect(screen.contains(" LATE 29h      30h "))
    }
}
