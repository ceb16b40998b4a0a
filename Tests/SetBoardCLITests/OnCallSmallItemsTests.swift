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
                      ["reroute"], ["escalate"], ["edit"]])
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
}
