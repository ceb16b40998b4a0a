/// Projects from the shell, through the real binary: the handbook's process from discovery to a DoD-complete project, with its status.
import Foundation
import Testing

@Suite("project commands") struct ProjectCLITests {
    func board() throws -> (CLIRunner, String) {
        let cli = try CLIRunner()
        try cli.ok("init")
        try cli.ok("add", "Region POC", "--tier", "other")
        try cli.ok("add", "Terraform module for the region", "--tier", "other")
        let me = try #require(try cli.ok("log", "--last", "1").split(separator: " ").filter { !$0.isEmpty }.dropFirst(3).first)
        return (cli, String(me))
    }

    @Test func discoveryToDoneWithChecklistsMilestonesAndStatus() throws {
        let (cli, me) = try board()
        #expect(try cli.ok("project", "new", "New region support", "--dri", me, "--stakeholder", "ce-team",
                           "--link", "https://example.com/rfc") == "PRJ-1\n")
        #expect(try cli.ok("project", "task", "link", "set-1", "PRJ-1") == "SET-1 is a task of PRJ-1\n")
        let history = try cli.ok("show", "SET-1")
        #expect(history.contains("SET-1 linked to PRJ-1 as a step") && !history.contains("ignored"), "\(history)")
        try cli.ok("project", "phase", "PRJ-1", "scoping")
        #expect(try cli.ok("project", "edit", "PRJ-1", "--stakeholder", "@security", "--remove-stakeholder", "ce-team",
                           "--description", "Serve customers in eu-west") == "PRJ-1 edited\n")
        let edited = try cli.ok("project", "show", "PRJ-1")
        #expect(edited.contains("stakeholders: @security\n") && edited.contains("description:  Serve customers in eu-west\n"))
        #expect(try cli.ok("project", "milestone", "add", "PRJ-1", "MVP in the region", "--due", "2026-12-04") == "PRJ-1.M1 due 2026-12-04\n")
        try cli.ok("project", "task", "link", "SET-2", "PRJ-1.M1")
        #expect(try cli.ok("project", "task", "add", "PRJ-1.M1", "Runbook") == "PRJ-1.T1\n")

        let refused = try cli.run(["project", "phase", "PRJ-1", "ready"])
        #expect(refused.status == 1)
        #expect(refused.err.contains("PRJ-1 cannot be ready: its Definition of Ready has 11 open items"))
        let dor = try cli.ok("project", "dor", "PRJ-1", "context=done", "objective=done", "dependencies=n/a", "stakeholders=done",
                             "rfc=done", "scope=done", "milestones=done", "security=n/a", "timelines=done", "cost=done", "capacity=done")
        #expect(dor.hasPrefix("PRJ-1 Definition of Ready: 11/11 assessed, complete\n"))
        #expect(dor.contains("[-] security: Security risk level assessment and approval if required (n/a by @\(me) 2026-11-24 10:00)"))
        #expect(try cli.ok("project", "phase", "PRJ-1", "ready") == "PRJ-1 is now ready\n")
        try cli.ok("project", "phase", "PRJ-1", "executing")

        cli.now = "2026-11-26T10:00:00Z"
        try cli.ok("move", "SET-2", "--to", "done")
        let list = try cli.ok("project", "list")
        #expect(list == "PRJ-1  executing  @\(me)  New region support  ·  M1 1/2 due 2026-12-04\n")
        let show = try cli.ok("project", "show", "prj-1")
        #expect(show.contains("[##########----------] 1/2 done · due 2026-12-04 · on track"))
        #expect(show.contains("why: 1 of 2 done in 2d; at that pace the 1 left take 2d, 8d remain before the end of 2026-12-04"))
        #expect(show.contains("at risk means:"))

        let status = try cli.ok("project", "status", "--week", "2026-11-25")
        #expect(status.hasPrefix("PROJECTS · week of 2026-11-23 to 2026-11-29\n"))
        #expect(status.contains("M1 MVP in the region: 1/2 [#####-----] due 2026-12-04 · on track"))
        #expect(status.contains("SET-2 moved"), "the week's changes include the project's tickets")
        #expect(status.contains("DOD open: completed, tested"))
        let md = try cli.ok("project", "status", "--md")
        #expect(md.contains("## PRJ-1 New region support · executing · DRI @\(me)"))

        let waived = try cli.ok("project", "phase", "PRJ-1", "done", "--waive", "legal signs off next quarter")
        #expect(waived == "PRJ-1 is now done (open items waived)\n")
        let after = try cli.ok("project", "show", "PRJ-1")
        #expect(after.contains("waivers:\n  to done by @\(me) 2026-11-26 10:00 UTC with open completed, tested"))
        #expect(after.contains(": legal signs off next quarter"))
        let json = try cli.ok("project", "list", "--json")
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(array.first?["phase"] as? String == "done")
        #expect((array.first?["waivers"] as? [Any])?.count == 1)

        // A later week's change does not rewrite an earlier week's status: SET-2 was done when that week ended.
        cli.now = "2026-12-01T10:00:00Z"
        try cli.ok("move", "SET-2", "--to", "in-progress")
        let past = try cli.ok("project", "status", "--week", "2026-11-25")
        #expect(past.contains("M1 MVP in the region: 1/2 [#####-----] due 2026-12-04"), "\(past)")
        #expect(past.contains("PRJ-1 New region support · done · DRI @\(me)"), "\(past)")
        let current = try cli.ok("project", "show", "PRJ-1")
        #expect(current.contains("0/2 done · due 2026-12-04"), "\(current)")
    }

    @Test func onlyTheDRITicksAndErrorsAreClear() throws {
        let (cli, me) = try board()
        try cli.ok("project", "new", "Someone else's", "--dri", "zed")
        try cli.ok("project", "new", "Mine", "--dri", me)
        let tick = try cli.run(["project", "dor", "PRJ-1", "rfc=done"])
        #expect(tick.status == 1 && tick.err.contains("may not do this: only the project's DRI or a roster lead can (@zed)"))
        for (args, message) in [
            (["project", "show", "PRJ-9"], "no project PRJ-9"),
            (["project", "milestone", "add", "PRJ-2", "M", "--due", "2026-02-30"], "is not a date: use YYYY-MM-DD"),
            (["project", "task", "link", "SET-1", "PRJ-2/M1"], "is not a project or milestone"),
            (["project", "task", "link", "SET-1", "PRJ-2.M4"], "PRJ-2 has no milestone M4"),
            (["project", "phase", "PRJ-2", "dropped"], "a dropped project needs a reason"),
            (["project", "phase", "PRJ-2", "sideways"], "sideways"),
            (["project", "dor", "PRJ-2", "rfc"], "write ITEM=done, ITEM=n/a or ITEM=open"),
            (["project", "new", "x", "--dri", "no body"], "is not a handle"),
        ] {
            let r = try cli.run(args)
            #expect(r.status != 0, "\(args)")
            #expect(r.err.contains(message), "\(args): \(r.err)")
            #expect(!r.err.contains("Fatal"))
        }
    }

    @Test func hostileTitlesAreEscapedAndTeamTemplatesReplaceTheHandbook() throws {
        let (cli, me) = try board()
        try Data("dor:\n  - poc: Proof of concept deployed\ndod:\n  - shipped: Shipped\n".utf8)
            .write(to: URL(fileURLWithPath: cli.board + "/project-templates.yaml"))
        try cli.ok("project", "new", "Evil \u{1B}[2J title", "--dri", me)
        let list = try cli.ok("project", "list")
        #expect(!list.contains("\u{1B}"))
        #expect(try cli.ok("project", "dor", "PRJ-1") == "PRJ-1 Definition of Ready: 0/1 assessed, 1 open\n  [ ] poc: Proof of concept deployed\n")
        try Data("dor: [ {\"Bad Id\": x} ]\n".utf8).write(to: URL(fileURLWithPath: cli.board + "/project-templates.yaml"))
        let bad = try cli.run(["project", "new", "Second", "--dri", me])
        #expect(bad.status == 1 && bad.err.contains("project-templates.yaml: line"))
    }

    @Test func helpNamesEverySubcommand() throws {
        let cli = try CLIRunner()
        let help = try cli.run(["project", "--help"]).out
        for sub in ["new", "edit", "list", "show", "phase", "milestone", "task", "dor", "dod", "status"] {
            #expect(help.contains("  \(sub) "), "\(sub) missing from project --help")
        }
        #expect(try cli.run(["project", "phase", "--help"]).out.contains("--waive"))
        for sub in [[], ["new"], ["phase"], ["status"], ["task", "link"], ["dor"], ["milestone", "add"]] {
            let prose = (try cli.run(["project"] + sub + ["--help"]).out.components(separatedBy: "USAGE:").first ?? "")
            let runs = prose.split(separator: "\n").filter { $0.trimmingCharacters(in: .whitespaces).contains("  ") }
            #expect(runs.isEmpty, "project \(sub): \(runs)")
        }
    }
}
