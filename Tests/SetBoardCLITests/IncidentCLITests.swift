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
}
