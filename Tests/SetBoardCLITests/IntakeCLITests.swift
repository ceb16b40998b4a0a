/// Intake and hand-over from the shell: escalate, the routing directory, handover, reroute and --missing-info.
import Foundation
import Testing

@Suite("intake and hand-over") struct IntakeCLITests {
    func board() throws -> CLIRunner {
        let cli = try CLIRunner()
        try cli.ok("init")
        let file = cli.root.appendingPathComponent("routing.yaml")
        try Data(try cli.ok("routing", "example").utf8).write(to: file)
        #expect(try cli.ok("routing", "import", file.path) == "routing directory set: 6 components\n")
        return cli
    }

    @Test func escalateCreatesAnInProgressTicketWithItsIncident() throws {
        let cli = try board()
        let r = try cli.run(["escalate", "Push drops on iOS", "--level", "L1", "--component", "push-notifications",
                             "--assignee", "alice", "--incident"])
        #expect(r.status == 0)
        #expect(r.out == "SET-1\nINC-1\n")
        #expect(r.err.contains("SET-1 has no specific description yet"))
        let json = try cli.ok("show", "SET-1", "--json")
        let t = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(t["column"] as? String == "in-progress")
        #expect(t["tier"] as? String == "escalation")
        #expect(t["level"] as? String == "L1")
        #expect(t["assignee"] as? String == "alice")
        #expect(t["incident"] as? String == "INC-1")
        #expect(t["source"] as? String == "support-channel")
        #expect(try cli.ok("list", "--column", "in-progress").contains("Push drops on iOS  [INC-1] [needs description] [resolve or hand over within 3d]\n"))
        try cli.ok("edit", "SET-1", "--description", "Push notifications stop after 10 minutes on iOS 18 devices")
        #expect(!(try cli.ok("list", "--column", "in-progress").contains("[needs description]")))
    }

    @Test func escalateWithoutATerminalHintsAtTheIncident() throws {
        let cli = try board()
        let r = try cli.run(["escalate", "Login loop", "--level", "L2", "--description", "Loop after SAML login on 10.4"])
        #expect(r.out == "SET-1\n")
        #expect(r.err.contains("hint: open a linked incident with `setboard incident open --level L2 --ticket SET-1 TITLE`"))
        #expect(try cli.ok("incident", "list") == "no open incidents\n")
    }

    @Test func handoverUsesTheRoutingDirectoryAndInvitesTheTeam() throws {
        let cli = try board()
        try cli.ok("escalate", "Search misses posts", "--level", "L2", "--component", "search", "--incident",
                   "--description", "Phrase search misses posts older than a year")
        #expect(try cli.ok("handover", "SET-1") == """
            SET-1 handed over to server (SET keeps the communication)
            server invited to INC-1

            """)
        #expect(try cli.ok("list", "--column", "handed-over").contains("SET-1"))
        #expect(try cli.ok("incident", "show", "INC-1").contains("  teams       server\n"))
        try cli.ok("add", "No component here")
        let r = try cli.run(["handover", "SET-2"])
        #expect(r.status == 1)
        #expect(r.err == "setboard: error: SET-2 has no component: give --team TEAM (see `setboard routing show`)\n")
    }

    @Test func rerouteTakesTheTicketOffTheBoardWithWhoAndWhy() throws {
        let cli = try board()
        try cli.ok("add", "Please add dark mode to boards", "--tier", "customer")
        try cli.ok("reroute", "SET-1", "--team", "web", "--reason", "feature request, not a defect")
        #expect(!(try cli.ok("list").contains("SET-1")))
        let all = try cli.ok("list", "--all")
        #expect(all.contains("OFF THE BOARD · 1\n  SET-1"))
        let show = try cli.ok("show", "SET-1")
        #expect(show.contains("  rerouted    to web by "))
        #expect(show.contains(": feature request, not a defect\n"))
        #expect(show.contains("  type        feature\n"))
    }

    @Test func missingInfoListsInProgressTicketsWithGaps() throws {
        let cli = try board()
        try cli.ok("add", "A", "--column", "in-progress")
        try cli.ok("add", "B", "--column", "in-progress")
        try cli.ok("add", "C")
        for item in ["version", "database", "configuration", "logs", "cpu-profile", "heap-profile", "stack-trace"] {
            try cli.ok("edit", "SET-2", "--check", "\(item)=n/a")
        }
        try cli.ok("edit", "SET-1", "--check", "logs=present")
        let out = try cli.ok("list", "--missing-info")
        #expect(out.hasPrefix("IN PROGRESS with information missing · 1\n  SET-1"))
        #expect(out.hasSuffix("  SET-1 missing: Mattermost version, Database type and version, Configuration, CPU profile, Heap profile, Stack trace\n"))
    }

    @Test func badRoutingFilesNameTheLineAndChangeNothing() throws {
        let cli = try board()
        let before = try cli.ok("routing", "export")
        let file = cli.root.appendingPathComponent("bad.yaml")
        try Data("components:\n  search: server\n  push: two words\n".utf8).write(to: file)
        let r = try cli.run(["routing", "import", file.path])
        #expect(r.status == 1)
        #expect(r.err.contains("line 3: team \"two words\" for \"push\""))
        #expect(r.err.contains("nothing was changed"))
        #expect(try cli.ok("routing", "export") == before)
        let exported = cli.root.appendingPathComponent("again.yaml")
        try Data(before.utf8).write(to: exported)
        let again = try cli.run(["routing", "import", exported.path])
        #expect(again.status == 1)
        #expect(again.err.contains("the routing directory is unchanged"))
    }
}
