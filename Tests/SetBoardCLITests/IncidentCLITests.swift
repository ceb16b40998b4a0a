/// Incidents from the shell: open prints the id, updates move the due time, overdue shows, postmortem draft is Markdown.
import Foundation
import Testing

@Suite("incident commands") struct IncidentCLITests {
    func board() throws -> CLIRunner {
        let cli = try CLIRunner()
        try cli.ok("init")
        try cli.ok("add", "Login loop", "--tier", "community", "--level", "L1")
        return cli
    }

    @Test func openUpdateOverdueAndList() throws {
        let cli = try board()
        #expect(try cli.ok("incident", "open", "--level", "L1", "--ticket", "set-1", "--commander", "alice", "Login loop on community") == "INC-1\n")
        #expect(try cli.ok("incident", "open", "--level", "L2", "Push notifications delayed") == "INC-2\n")
        cli.now = "2026-11-24T12:00:00Z"
        #expect(try cli.ok("incident", "update", "INC-1", "Rolled back the SSO change") == "INC-1 updated; next update due 2026-11-25 12:00 UTC\n")
        cli.now = "2026-11-25T11:00:00Z"
        // INC-2 was last touched at opening (24 h + 1 h ago): overdue, so it comes first despite its lower level.
        #expect(try cli.ok("incident", "list") == """
            INC-2  L2  investigating  update OVERDUE by 1h  Push notifications delayed  commander @\(try actor(cli))
            INC-1  L1  investigating  update due in 1h  Login loop on community  [SET-1]  commander @alice

            """)
        let json = try cli.ok("incident", "list", "--json")
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(array.map { $0["id"] as? String } == ["INC-2", "INC-1"])
        #expect(array.map { $0["overdue"] as? Bool } == [true, false])
    }

    func actor(_ cli: CLIRunner) throws -> String {
        let line = try cli.ok("log", "--last", "1")
        let words = line.split(separator: " ").filter { !$0.isEmpty }
        return words.count > 3 ? String(words[3]) : "?"
    }

    @Test func statusOnlyMovesForwardAndClosedIsFinal() throws {
        let cli = try board()
        try cli.ok("incident", "open", "--level", "L2", "Slow search")
        #expect(try cli.ok("incident", "status", "INC-1", "monitoring") == "INC-1 is now monitoring\n")
        let back = try cli.run(["incident", "status", "INC-1", "identified"])
        #expect(back.status == 1)
        #expect(back.err.contains("only moves forward"))
        try cli.ok("incident", "status", "INC-1", "closed")
        let late = try cli.run(["incident", "update", "INC-1", "more"])
        #expect(late.status == 1)
        #expect(late.err == "setboard: error: INC-1 is closed; open a new incident instead\n")
    }

    @Test func refusesL3AndUnknownIds() throws {
        let cli = try board()
        let l3 = try cli.run(["incident", "open", "--level", "L3", "Minor"])
        #expect(l3.status == 1)
        #expect(l3.err.contains("incidents are L1 or L2"))
        let unknown = try cli.run(["incident", "show", "INC-9"])
        #expect(unknown.status == 1)
        #expect(unknown.err.contains("no incident INC-9"))
    }

    @Test func postmortemDraftHasTheSectionsAndTheTimeline() throws {
        let cli = try board()
        try cli.ok("incident", "open", "--level", "L1", "--ticket", "SET-1", "Login *loop* <b>")
        cli.now = "2026-11-24T11:30:00Z"
        try cli.ok("incident", "invite", "INC-1", "server")
        try cli.ok("incident", "status", "INC-1", "resolved")
        let md = try cli.ok("incident", "export", "INC-1", "--md")
        #expect(md.hasPrefix("# Postmortem: INC-1 Login \\*loop\\* \\<b\\>\n"))
        for heading in ["## Summary", "## Impact", "## Timeline (UTC, from the journal)", "## Root cause", "## Follow-up actions"] {
            #expect(md.contains("\n\(heading)\n"), "missing \(heading)")
        }
        #expect(md.contains("- Resolved: 2026-11-24 11:30 UTC (1h after opening)\n"))
        #expect(md.contains("- 2026-11-24 11:30 — "))
        #expect(md.contains("invited team server\n"))
    }

    // MARK: Commander, daily updates and overdue notices (issue 16)

    @Test func theCommanderCanBeChangedAndTheChangeIsRecorded() throws {
        let cli = try board()
        try cli.ok("incident", "open", "--level", "L1", "--commander", "alice", "Login loop on community")
        #expect(try cli.ok("incident", "commander", "inc-1", "@bob") == "INC-1 commander is now @bob\n")
        #expect(try cli.ok("incident", "list").hasSuffix("commander @bob\n"))
        #expect(try cli.ok("incident", "show", "INC-1").contains("  commander   bob\n"))
        #expect(try cli.ok("log", "--last", "1").hasSuffix("INC-1 commander is now @bob\n"))
        let same = try cli.run(["incident", "commander", "INC-1", "bob"])
        #expect(same.status == 1 && same.err.contains("@bob is already the commander of INC-1"))
        let unknown = try cli.run(["incident", "commander", "INC-7", "bob"])
        #expect(unknown.status == 1 && unknown.err.contains("no incident INC-7"))
    }

    @Test func l1AndL2NeedAnUpdateAtLeastDaily() throws {
        let cli = try board()
        let weekly = try cli.run(["incident", "open", "--level", "L2", "--every", "72", "Push delayed"])
        #expect(weekly.status != 0 && weekly.err.contains("--every takes 1 to 24 hours"), "stderr: \(weekly.err)")
        #expect(try cli.ok("incident", "list") == "no open incidents\n")
        #expect(try cli.ok("incident", "open", "--level", "L2", "--every", "24", "Push delayed") == "INC-1\n")
        let help = try cli.ok("incident", "open", "--help")
        #expect(help.contains("L1 (critical) or L2 (major); no other level"))
        #expect(help.contains("1 to 24"))
        // The help names only the levels it allows (it listed "values: L1, L2, L3, L4" after "no other level").
        let words = help.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(!words.contains("L3, L4") && words.contains("(values: L1, L2)"), "\(help)")
    }

    /// While an update is overdue the commander is told once per overdue period, through the user's notify
    /// command, by whichever notifier runs; a new commander is told from then on, and an update stops it.
    @Test func anOverdueUpdateTellsTheCommanderOncePerPeriod() throws {
        let cli = try board()
        let scratch = try CLIRunner()
        let notes = scratch.root.appendingPathComponent("notes").path
        let roster = cli.root.appendingPathComponent("roster.yaml")
        try Data("""
            engineers:
              - { handle: alice, name: Alice, team: set, zone: UTC }
              - { handle: bob, name: Bob, team: set, zone: UTC }
            rotations:
              - { name: set, zone: UTC, anchor: 2026-11-23, lead: bob, pattern: 24x7, shifts: [{ name: all, people: [alice, bob] }] }

            """.utf8).write(to: roster)
        try cli.ok("roster", "import", roster.path)
        try cli.configureNotify("echo \"$SETBOARD_INCIDENT_ID $SETBOARD_PAGE_HANDLE $SETBOARD_INCIDENT_OVERDUE_S\" >> \(notes)")
        try cli.ok("incident", "open", "--level", "L1", "--every", "1", "--commander", "alice", "Login loop")
        func told() -> String { (try? String(contentsOfFile: notes, encoding: .utf8)) ?? "" }
        cli.now = "2026-11-24T10:59:00Z"
        #expect(try cli.ok("watch", "--once") == "")
        cli.now = "2026-11-24T11:05:00Z"
        let first = try cli.ok("watch", "--once")
        #expect(first.hasPrefix("2026-11-24 11:05 UTC  INC-1 update overdue by 5m: telling commander @alice\n"), "watch: \(first)")
        #expect(try cli.ok("watch", "--once") == "")
        cli.now = "2026-11-24T11:59:00Z"
        #expect(try cli.ok("watch", "--once") == "")
        try cli.ok("incident", "commander", "INC-1", "bob")
        cli.now = "2026-11-24T12:00:00Z"
        #expect(try cli.ok("watch", "--once").contains("INC-1 update overdue by 1h: telling commander @bob"))
        try cli.ok("incident", "update", "INC-1", "Rolled back")
        cli.now = "2026-11-24T12:59:00Z"
        #expect(try cli.ok("watch", "--once") == "")
        #expect(told() == "INC-1 alice 300\nINC-1 bob 3600\n")
        #expect(try cli.ok("log").contains("INC-1 update overdue since 2026-11-24 11:00 UTC: notifying commander @alice"))
        #expect(try cli.ok("incident", "show", "INC-1").contains("update overdue: notified commander bob"))
    }
}
