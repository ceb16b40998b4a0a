/// The command line's output as exact text: what a person and a script see from init, add, list, show and log.
import Foundation
import Testing

@Suite("command output") struct CLIOutputTests {
    /// A small board: two tickets where the second outranks the first, then a hand move against the rules.
    func smallBoard() throws -> CLIRunner {
        let cli = try CLIRunner()
        try cli.ok("init", "--name", "Team board")
        cli.now = "2026-11-20T09:00:00Z"
        try cli.ok("add", "Typo in the admin console", "--tier", "other")
        cli.now = "2026-11-23T09:00:00Z"
        try cli.ok("add", "Login loop on community server", "--tier", "community", "--level", "L1", "--assignee", "alice")
        cli.now = "2026-11-24T10:00:00Z"
        return cli
    }

    @Test func addPrintsTheNewKeyAndListShowsRuleOrder() throws {
        let cli = try smallBoard()
        #expect(try cli.ok("add", "Release blocker", "--tier", "release", "--level", "L2") == "SET-3\n")
        #expect(try cli.ok("list") == """
            TO DO · 3
              SET-2  community   L1  25h   @alice  Login loop on community server  [breached: no update 21h past 4h]
              SET-3  release     L2  0m    -       Release blocker
              SET-1  other       --  4d    -       Typo in the admin console
            IN PROGRESS · 0
            IN REVIEW · 0
            HANDED OVER · 0
            DONE · 0

            """)
    }

    @Test func rankAgainstTheRulesIsMarkedExplainedAndRestored() throws {
        let cli = try smallBoard()
        #expect(try cli.ok("rank", "SET-1", "--top") == """
            SET-1 moved to the top
            SET-1 is now out of rule order (marked as moved by hand); `setboard restore-order` undoes that

            """)
        #expect(try cli.ok("list", "--column", "todo") == """
            TO DO · 2
              SET-1  other       --  4d    -       Typo in the admin console  [moved by hand]
              SET-2  community   L1  25h   @alice  Login loop on community server  [breached: no update 21h past 4h]

            """)
        #expect(try cli.ok("restore-order") == "TO DO restored to rule order\n")
        #expect(try cli.ok("list", "--column", "todo").contains("SET-2  community   L1  25h   @alice  Login loop on community server  [breached: no update 21h past 4h]\n  SET-1"))
    }

    @Test func listJSONIsAnArrayInBoardOrder() throws {
        let cli = try smallBoard()
        let out = try cli.ok("list", "--json")
        let array = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [[String: Any]])
        #expect(array.map { $0["key"] as? String } == ["SET-2", "SET-1"])
        #expect(array[0]["tier"] as? String == "community")
        #expect(array[0]["level"] as? String == "L1")
        #expect(array[0]["column"] as? String == "todo")
        #expect(array[0]["assignee"] as? String == "alice")
        #expect(array[1]["level"] is NSNull)
        #expect(array[1]["assignee"] is NSNull)
    }

    @Test func showPrintsFieldsChecklistWhyHereAndHistory() throws {
        let cli = try smallBoard()
        try cli.ok("edit", "SET-2", "--check", "logs=present", "--check", "cpu-profile=n/a")
        let out = try cli.ok("show", "SET-2")
        #expect(out.hasPrefix("""
            SET-2  Login loop on community server
              column      TO DO (#1 of 2)
              tier        community (quality issue on the community servers)
            """) || out.hasPrefix("SET-2  Login loop on community server\n  column      TO DO (#1 of 2)\n  tier        community"))
        #expect(out.contains("  level       L1 (critical)\n"))
        #expect(out.contains("  assignee    alice\n"))
        #expect(out.contains("  why here    #1 of 2 in TO DO"))
        #expect(out.contains("  [x] Relevant logs\n"))
        #expect(out.contains("  [-] CPU profile (n/a)\n"))
        #expect(out.contains("  [ ] Stack trace  MISSING\n"))
        #expect(out.contains("History\n  2026-11-23 09:00  "))
        #expect(out.contains("SET-2 checklist: CPU profile n/a"))
    }

    @Test func logPrintsOneReadableLinePerEvent() throws {
        let cli = try smallBoard()
        let me = try cli.ok("log", "--last", "1").split(separator: " ").filter { !$0.isEmpty }
        #expect(me.count > 3)
        let actor = me.count > 3 ? String(me[3]) : "?"
        #expect(try cli.ok("log") == """
            1     2026-11-24 10:00  \(actor)  created board "Team board" (keys SET-N)
            2     2026-11-20 09:00  \(actor)  SET-1 created in TO DO: other no level CAT1 bug "Typo in the admin console"
            3     2026-11-23 09:00  \(actor)  SET-2 created in TO DO: community L1 CAT1 bug "Login loop on community server" for alice

            """)
    }

    @Test func hostileTitlesAreShownEscaped() throws {
        let cli = try smallBoard()
        try cli.ok("add", "Boom \u{1B}[2J\u{1B}]0;owned\u{07} \u{202E}evil")
        let list = try cli.ok("list", "--column", "todo")
        #expect(list.contains("Boom \\x1b[2J\\x1b]0;owned\\x07 \\u{202e}evil"))
        #expect(!list.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E })
        let show = try cli.ok("show", "SET-3")
        #expect(!show.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
        let log = try cli.ok("log")
        #expect(!log.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
    }
}
