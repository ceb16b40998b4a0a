/// `setboard settings` and who may change board rules (settings, `routing import`), through the built binary.
import Foundation
import Testing

@Suite("Settings from the shell")
struct SettingsCLITests {
    static let freshSettings = """
        tier order: community, escalation, hotfix, release, customer, other
        stuck limits (working days without an event; the stricter of column and level applies):
          column todo         3d
          column in-progress  3d
          column in-review    3d
          column handed-over  3d
          column done         off
          level  L1           -
          level  L2           -
          level  L3           -
          level  L4           -
        response-clock targets (wall-clock hours from creation; - none):
          tier       level assign   update   resolve
          community  L1    1h       4h       72h
          community  L2    4h       24h      168h
          escalation L1    1h       4h       72h
          escalation L2    4h       24h      168h
          hotfix     L1    4h       8h       120h
          release    L1    4h       8h       120h
          customer   L1    4h       8h       120h
          other      L1    4h       8h       120h
          (other tiers and levels: no clock; `settings set target` adds one)

        """

    @Test func settingsShowAndChangeTheTierOrderAndStuckLimits() throws {
        let cli = try CLIRunner()
        try cli.ok("init")
        #expect(try cli.ok("settings") == Self.freshSettings)
        #expect(try cli.ok("settings", "set", "tier-order", "customer,Escalation")
            == "tier order: customer, escalation, community, hotfix, release, other\n")
        #expect(try cli.ok("settings", "set", "stuck", "--column", "in-review", "5d") == "stuck limit of in-review: 5 working days\n")
        #expect(try cli.ok("settings", "set", "stuck", "--column", "todo", "off") == "stuck limit of todo: off\n")
        #expect(try cli.ok("settings", "set", "stuck", "--level", "L1", "1d") == "stuck limit of L1: 1 working days\n")
        #expect(try cli.ok("settings", "set", "stuck", "--level", "l4", "2") == "stuck limit of L4: 2 working days\n")
        #expect(try cli.ok("settings", "set", "stuck", "--level", "L4", "off") == "stuck limit of L4: off (its column's limit applies)\n")
        let shown = try cli.ok("settings", "show")
        #expect(shown.hasPrefix("tier order: customer, escalation, community, hotfix, release, other\n"))
        #expect(shown.contains("  column todo         off\n  column in-progress  3d\n  column in-review    5d\n"))
        #expect(shown.contains("  level  L1           1d\n  level  L2           -\n  level  L3           -\n  level  L4           -\n"))
        // The journal says what changed, as a sentence.
        #expect(try cli.ok("log").contains("changed settings: level stuck limits L1 1d"))
    }

    @Test func badSettingsAreRefusedAndChangeNothing() throws {
        let cli = try CLIRunner()
        try cli.ok("init")
        let cases: [([String], String)] = [
            (["settings", "set", "tier-order", "community,urgent"], "\"urgent\" is not a tier: use community, escalation, hotfix, release, customer, other"),
            (["settings", "set", "tier-order", "hotfix,hotfix"], "hotfix is named twice"),
            (["settings", "set", "stuck", "--column", "attic", "3d"], "\"attic\" is not a column"),
            (["settings", "set", "stuck", "--level", "L9", "3d"], "\"L9\" is not a level: use L1, L2, L3 or L4"),
            (["settings", "set", "stuck", "--level", "L1", "0d"], "\"0d\" is not a stuck limit: use 1d to 3650d, or off"),
            (["settings", "set", "stuck", "--level", "L1", "3651"], "is not a stuck limit"),
            (["settings", "set", "stuck", "--level", "L1", "soon"], "is not a stuck limit"),
            (["settings", "set", "stuck", "3d"], "name exactly one of --column and --level"),
            (["settings", "set", "stuck", "--column", "todo", "--level", "L1", "3d"], "name exactly one of --column and --level"),
        ]
        for (args, message) in cases {
            let r = try cli.run(args)
            #expect(r.status == 1, "\(args)")
            #expect(r.err.contains(message), "\(args): \(r.err)")
        }
        #expect(try cli.ok("settings") == Self.freshSettings)
    }

    /// Response-clock targets: set, shown, journaled, removed; a new target puts an old ticket in breach at once.
    @Test func responseClockTargetsAreShownAndChanged() throws {
        let cli = try CLIRunner()
        try cli.ok("init")
        try cli.ok("add", "Plugin crash", "--tier", "hotfix", "--level", "L3")
        cli.now = "2026-11-24T20:00:00Z"
        #expect(try cli.ok("list", "--breached").contains("SET-1") == false)
        #expect(try cli.ok("settings", "set", "target", "assign", "--tier", "hotfix", "--level", "l3", "8h")
            == "time to assign of L3 hotfix: 8 h\n")
        #expect(try cli.ok("settings", "set", "target", "resolve", "--tier", "community", "--level", "L1", "2d")
            == "time to resolve or hand over of L1 community: 48 h\n")
        #expect(try cli.ok("settings", "set", "target", "update", "--tier", "other", "--level", "L1", "off")
            == "time to first update of L1 other: off\n")
        let shown = try cli.ok("settings")
        #expect(shown.contains("  hotfix     L3    8h       -        -\n"))
        #expect(shown.contains("  community  L1    1h       4h       48h\n"))
        #expect(shown.contains("  other      L1    4h       -        120h\n"))
        let breached = try cli.ok("list", "--breached")
        #expect(breached.contains("SET-1") && breached.contains("[breached: unassigned 2h past 8h]"))
        #expect(try cli.ok("log").contains("set the time to assign target of L3 hotfix tickets to 8 h"))
        let bad: [([String], String)] = [
            (["settings", "set", "target", "later", "--tier", "hotfix", "--level", "L1", "2h"], "\"later\" is not a clock: use assign, update or resolve"),
            (["settings", "set", "target", "assign", "--tier", "urgent", "--level", "L1", "2h"], "\"urgent\" is not a tier"),
            (["settings", "set", "target", "assign", "--tier", "hotfix", "--level", "L9", "2h"], "\"L9\" is not a level"),
            (["settings", "set", "target", "assign", "--tier", "hotfix", "--level", "L1", "0h"], "is not a target: use 1h to 2160h"),
            (["settings", "set", "target", "assign", "--tier", "hotfix", "--level", "L1", "91d"], "is not a target"),
            (["settings", "set", "target", "assign", "--tier", "hotfix", "--level", "L3", "8h"], "target is already 8 h"),
        ]
        for (args, message) in bad {
            let r = try cli.run(args)
            #expect(r.status == 1, "\(args)")
            #expect(r.err.contains(message), "\(args): \(r.err)")
        }
    }

    @Test func helpExplainsTheSyntaxAndTheRule() throws {
        let cli = try CLIRunner()
        let help = try cli.ok("settings", "set", "stuck", "--help")
        #expect(help.contains("--column <column>"))
        #expect(help.contains("--level <level>"))
        #expect(help.contains("setboard settings set stuck --level L1 1d"))
        // The discussion wraps as prose: a source line break inside a sentence broke the help's lines after a few words.
        let raw = try cli.ok("settings", "--help")
        #expect(raw.contains("limit. A column may have a limit and so may a level; where both apply the"), "\(raw)")
        let target = try cli.ok("settings", "set", "target", "--help")
        #expect(target.contains("leaves TO DO), resolve (time to resolve or hand over). Examples:\n  setboard settings set target assign"), "\(target)")
        let words = raw.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("where both apply the stricter (smaller) one counts"))
    }

    /// The level's limit makes an L1 stuck before an L4 in the same column, in `show`.
    @Test func aLevelLimitMakesAnL1StuckSooner() throws {
        let cli = try CLIRunner()
        try cli.ok("init")
        try cli.ok("add", "Login down", "--level", "L1", "--column", "in-progress")
        try cli.ok("add", "Typo", "--level", "L4", "--column", "in-progress")
        try cli.ok("settings", "set", "stuck", "--level", "L1", "1d")
        cli.now = "2026-11-26T11:00:00Z"
        #expect(try cli.ok("show", "SET-1").contains("yes: no event for more than 1 working days"))
        #expect(!(try cli.ok("show", "SET-2")).contains("no event for more than"))
    }

    @Test func onlyLeadsAndAdminsChangeSettingsAndRoutingOnceARosterExists() throws {
        // Before a roster, whoever runs the board sets it up.
        let open = try CLIRunner()
        try open.ok("init")
        try open.ok("settings", "set", "stuck", "--level", "L1", "1d")
        let rosters = RosterCLITests()
        let cli = try rosters.board(admin: false)
        let settingsBefore = try cli.ok("settings")
        let routing = try rosters.write(cli, "routing.yaml", try cli.ok("routing", "example"))
        let refused: [([String], String)] = [
            (["settings", "set", "tier-order", "customer"], "the settings"),
            (["settings", "set", "stuck", "--column", "todo", "1d"], "the settings"),
            (["settings", "set", "stuck", "--level", "L1", "1d"], "the settings"),
            (["settings", "set", "target", "assign", "--tier", "hotfix", "--level", "L3", "8h"], "the settings"),
            (["routing", "import", routing], "the routing directory"),
        ]
        for (args, what) in refused {
            let r = try cli.run(args)
            #expect(r.status == 1, "\(args)")
            #expect(r.err == "setboard: error: \(RosterCLITests.actor) may not change \(what): only the roster's leads and admins can (@carol, @frank)\n",
                    "\(args)")
            #expect(r.out.isEmpty)
        }
        #expect(try cli.ok("settings") == settingsBefore)
        #expect(try cli.ok("routing", "show") == "no routing directory yet: see `setboard routing example`\n")
        // An admin may.
        let admin = try rosters.board(admin: true)
        try admin.ok("settings", "set", "stuck", "--level", "L1", "1d")
        try admin.ok("settings", "set", "target", "assign", "--tier", "hotfix", "--level", "L3", "8h")
        #expect(try admin.ok("routing", "import", try rosters.write(admin, "routing.yaml", try admin.ok("routing", "example")))
            == "routing directory set: 6 components\n")
    }
}

@Suite("Routing contacts from the shell")
struct RoutingContactCLITests {
    func board(_ yaml: String) throws -> CLIRunner {
        let cli = try CLIRunner()
        try cli.ok("init")
        let file = cli.root.appendingPathComponent("routing.yaml")
        try Data(yaml.utf8).write(to: file)
        #expect(try cli.ok("routing", "import", file.path) == "routing directory set: 3 components\n")
        return cli
    }

    static let directory = """
        components:
          push-notifications: {team: mobile, contact: "#mobile-oncall"}
          search: {team: server, contact: "@server-lead"}
          boards: web
        """

    @Test func theDirectoryKeepsEachComponentsContactAndHandoverShowsIt() throws {
        let cli = try board(Self.directory)
        #expect(try cli.ok("routing", "show") == """
            boards              → web
            push-notifications  → mobile (#mobile-oncall)
            search              → server (@server-lead)

            """)
        let exported = try cli.ok("routing", "export")
        #expect(exported.contains("  search: {team: server, contact: \"@server-lead\"}\n"))
        // The export imports as is into another board.
        let other = try board(exported)
        #expect(try other.ok("routing", "show") == (try cli.ok("routing", "show")))
        try cli.ok("escalate", "Phrase search misses posts", "--level", "L3", "--component", "Search",
                   "--description", "Phrase search misses posts older than a year")
        #expect(try cli.ok("handover", "SET-1") == """
            SET-1 handed over to server (SET keeps the communication)
            contact server: @server-lead

            """)
        // A team given by hand that is not the component's owner gets no contact from the directory.
        try cli.ok("escalate", "Push drops", "--level", "L3", "--component", "push-notifications",
                   "--description", "Push notifications stop after ten minutes")
        #expect(try cli.ok("handover", "SET-2", "--team", "web") == "SET-2 handed over to web (SET keeps the communication)\n")
    }

    @Test func badContactsNameTheLineAndChangeNothing() throws {
        let cli = try CLIRunner()
        try cli.ok("init")
        let cases: [(String, String)] = [
            ("components:\n  search: {team: server, contact: \"server lead\"}\n",
             "line 2: contact \"server lead\" for \"search\": use a handle (@name) or a channel (#name)"),
            ("components:\n  search: {team: server, pager: \"@x\"}\n", "line 2: unknown field \"pager\" (expected `team` or `contact`)"),
            ("components:\n  search: {contact: \"@x\"}\n", "line 2: component \"search\" needs a team name"),
        ]
        for (i, (text, message)) in cases.enumerated() {
            let file = cli.root.appendingPathComponent("bad\(i).yaml")
            try Data(text.utf8).write(to: file)
            let r = try cli.run(["routing", "import", file.path])
            #expect(r.status == 1, "case \(i)")
            #expect(r.err.contains(message), "case \(i): \(r.err)")
        }
        #expect(try cli.ok("routing", "show") == "no routing directory yet: see `setboard routing example`\n")
    }
}
