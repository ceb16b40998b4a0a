/// Small on-call defects from issue 16, through the binary: help prose, checklist typos, who an escalation lands on,
/// a rerouted ticket's assignee, and finding the demo board afterwards.
import Foundation
import Testing

@Suite("on-call small items") struct OnCallSmallItemsTests {
    func board() throws -> CLIRunner {
        let cli = try CLIRunner()
        try cli.ok("init")
        try cli.ok("add", "Login loop", "--tier", "community", "--level", "L1")
        return cli
    }

    /// The help text above USAGE is prose: words separated by one space, never a run of them.
    @Test(arguments: [["add"], ["page"], ["watch"], ["incident", "open"], ["incident", "commander"], ["cycle", "tick"],
                      ["reroute"], ["escalate"], ["edit"], ["alert"], ["import", "jira"], ["export", "csv"], ["link"]])
    func helpProseHasNoRunsOfSpaces(_ command: [String]) throws {
        let cli = try CLIRunner()
        let r = try cli.run(command + ["--help"])
        #expect(r.status == 0)
        let help = r.out
        let prose = help.components(separatedBy: "USAGE:").first ?? ""
        #expect(!prose.isEmpty)
        let runs = prose.split(separator: "\n").filter { line in
            line.trimmingCharacters(in: .whitespaces).contains("  ")
        }
        #expect(runs.isEmpty, "\(command): \(runs)")
    }

    @Test func aMistypedChecklistItemOrStateListsTheValidNames() throws {
        let cli = try board()
        let item = try cli.run(["edit", "SET-1", "--check", "versio=present"])
        #expect(item.status != 0)
        #expect(item.err.contains("\"versio\" is not a checklist item; the items are: version, database, configuration, logs, "
                                  + "cpu-profile, heap-profile, stack-trace"), "stderr: \(item.err)")
        let state = try cli.run(["edit", "SET-1", "--check", "version=presnt"])
        #expect(state.status != 0 && state.err.contains("the states are: present, n/a, missing"), "stderr: \(state.err)")
        let shape = try cli.run(["edit", "SET-1", "--check", "version"])
        #expect(shape.status != 0 && shape.err.contains("write ITEM=STATE"), "stderr: \(shape.err)")
        #expect(try cli.ok("edit", "SET-1", "--check", "Version=present") == "SET-1 checklist: Mattermost version present\n")
    }

    @Test func anEscalationWithNoRosterSaysItWentToTheCaller() throws {
        let cli = try board()
        let r = try cli.run(["escalate", "Customer Acme: 500 on save", "--level", "L3", "--description", "HTTP 500 saving a post"])
        #expect(r.status == 0 && r.out == "SET-2\n")
        #expect(r.err.contains("note: the board has no roster (`setboard roster import FILE`), so SET-2 is assigned to you"),
                "stderr: \(r.err)")
        #expect(r.err.contains("`setboard assign SET-2 HANDLE`"))
        // Named explicitly, nothing needs saying.
        let named = try cli.run(["escalate", "Customer Globex: LDAP", "--level", "L3", "--description", "sync drops users",
                                 "--assignee", "bob"])
        #expect(named.status == 0 && !named.err.contains("note:"))
    }

    @Test func aReroutedTicketLeavesItsSETAssigneeBehindAndSaysSo() throws {
        let cli = try board()
        try cli.ok("assign", "SET-1", "alice")
        #expect(try cli.ok("reroute", "SET-1", "--team", "server", "--reason", "feature request")
            == "SET-1 unassigned\nSET-1 rerouted to server as a feature, off the SET board: feature request\n")
        let json = try cli.ok("list", "--all", "--json")
        let tickets = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        let ticket = try #require(tickets.first { $0["key"] as? String == "SET-1" })
        #expect(ticket["assignee"] is NSNull)
        #expect(try cli.ok("log", "--last", "2").contains("SET-1 unassigned"))
        // An unassigned ticket is rerouted with no unassignment to record.
        try cli.ok("add", "Feature: dark mode")
        #expect(try cli.ok("reroute", "SET-2", "--team", "web", "--reason", "feature request")
            == "SET-2 rerouted to web as a feature, off the SET board: feature request\n")
    }

    @Test func afterTheDemoAPlainCommandSaysWhereTheDemoBoardIs() throws {
        let cli = try CLIRunner()
        let noBoard = ["SETBOARD_BOARD": ""]
        let made = try cli.run(["demo", "--no-show"], environment: noBoard)
        #expect(made.status == 0)
        let path = made.out.trimmingCharacters(in: .whitespacesAndNewlines)
        let r = try cli.run(["list"], environment: noBoard)
        #expect(r.status == 1)
        #expect(r.err.contains("the demo board is at \(path): open it with `setboard --board \(path)`"), "stderr: \(r.err)")
        let opened = try cli.run(["list"], environment: ["SETBOARD_BOARD": path])
        #expect(opened.status == 0 && opened.out.contains("TO DO"))
    }

    /// Whenever it is run (a weekday morning, a Saturday after an unfinished week, Monday before the 09:00 hand-off,
    /// a Sunday night), the demo shows the whole loop: someone on call, an L1 incident with its next update due, an
    /// unacknowledged page, a routing directory, cycle ticks, and no stale alarm.
    @Test(arguments: ["2026-11-24T10:00:00Z", "2026-12-12T11:00:00Z", "2026-11-30T07:30:00Z", "2026-11-29T23:00:00Z"])
    func theDemoShowsTheWholeOnCallLoopWhateverTheTime(_ now: String) throws {
        let cli = try CLIRunner()
        cli.now = now
        try cli.ok("demo", "--no-show")
        let primary = try cli.run(["roster", "who", "primary"])
        #expect(primary.status == 0 && !primary.out.isEmpty, "\(now): \(primary.err)")
        #expect(try cli.ok("roster", "--header").contains("on shift now: "))
        let incidents = try cli.ok("incident", "list")
        #expect(incidents.hasPrefix("INC-1  L1  identified     update due in 3h  Community login loop"), "\(now): \(incidents)")
        #expect(try cli.ok("pages").hasPrefix("P-1  P1  @"))
        #expect(try cli.ok("routing", "show").contains("identity"))
        let cycle = try cli.ok("cycle")
        #expect(cycle.contains("[x] start-review") && cycle.contains("[x] support-channel"), "\(now): \(cycle)")
        for text in [cycle, try cli.ok("roster"), try cli.ok("render", "--size", "120x30")] {
            #expect(!text.contains("OVERDUE") && !text.contains("no rotation after") && !text.contains("no rotation has started"),
                    "\(now): \(text)")
        }
    }
}
