/// Pages from the shell: refusals without a roster now; paging, acknowledging and notifying once a roster exists.
import Foundation
import Testing

@Suite("page commands") struct PageCLITests {
    func board() throws -> CLIRunner {
        let cli = try CLIRunner()
        try cli.ok("init")
        try cli.ok("add", "Login loop", "--tier", "community", "--level", "L1")
        return cli
    }

    @Test func withoutARosterPagingIsRefusedWithTheWayOut() throws {
        let cli = try board()
        let r = try cli.run(["page", "Login loop on community"])
        #expect(r.status == 1 && r.out.isEmpty)
        #expect(r.err.contains("nobody is on call") && r.err.contains("setboard roster import"))
        #expect(try cli.ok("pages") == "no active pages\n")
        #expect(try cli.ok("pages", "--all") == "no pages\n")
        #expect(try cli.ok("pages", "--json") == "[]\n")
    }

    @Test func refusalsNameTheProblem() throws {
        let cli = try board()
        let unknownTicket = try cli.run(["page", "--ticket", "SET-9", "Login loop"])
        #expect(unknownTicket.status == 1 && unknownTicket.err.contains("no ticket SET-9"))
        let nothing = try cli.run(["ack"])
        #expect(nothing.status == 1 && nothing.err.contains("no unacknowledged page"))
        let unknown = try cli.run(["ack", "P-4"])
        #expect(unknown.status == 1 && unknown.err.contains("no page P-4"))
        let badInterval = try cli.run(["watch", "--interval", "0"])
        #expect(badInterval.status != 0 && badInterval.err.contains("--interval"))
    }

    @Test func aNotifierPassWithNothingToDoIsQuiet() throws {
        let cli = try board()
        try cli.configureNotify("true")
        let r = try cli.run(["watch", "--once"])
        #expect(r.status == 0 && r.out.isEmpty && r.err.isEmpty)
    }

    // MARK: With a roster

    /// A roster of alice (primary), bob (backup) and carol (lead) with one-minute waits, and the user's notify
    /// command appending one line per call to `notes`.
    func rosteredBoard(notes: String, waits: String = "[1m, 1m, 1m]",
                       notify: String = "$SETBOARD_PAGE_ID $SETBOARD_PAGE_STEP $SETBOARD_PAGE_ROLE $SETBOARD_PAGE_HANDLE",
                       remind: String? = nil) throws -> CLIRunner {
        let cli = try board()
        let file = cli.root.appendingPathComponent("roster.yaml")
        let escalation = ["waits: \(waits)", "repeat: 0"] + (remind.map { ["remind: " + $0] } ?? [])
        try Data(TestRoster.yaml(escalation: escalation).utf8).write(to: file)
        try cli.ok("roster", "import", file.path)
        try cli.configureNotify("echo \"\(notify)\" >> \(notes)")
        return cli
    }

    @Test
    func pageAckAndList() throws {
        let notes = try CLIRunner().root.appendingPathComponent("notes").path
        let cli = try rosteredBoard(notes: notes)
        #expect(try cli.ok("page", "--ticket", "set-1", "Login loop on community")
            == "P-1 P2 paged @alice (primary); escalates to @bob (backup) at 2026-11-24 10:01 UTC unless acknowledged\n")
        cli.now = "2026-11-24T10:01:30Z"
        #expect(try cli.ok("pages") == "P-1  P2  @bob (backup, step 2 of 3)  escalates to @carol (lead) in 1m  Login loop on community  [SET-1]\n")
        let json = try cli.ok("pages", "--json")
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(array.first?["holder"] as? String == "bob")
        #expect(array.first?["next_escalation"] as? String == "2026-11-24T10:02:00Z")
        #expect(try cli.ok("ack").hasPrefix("P-1 acknowledged by @"))
        #expect(try cli.ok("pages") == "no active pages\n")
        let again = try cli.run(["ack", "p-1"])
        #expect(again.status == 1 && again.err.contains("already acknowledged"))
    }

    @Test
    func eachStepIsNotifiedOnceHoweverManyNotifiersRun() throws {
        let scratch = try CLIRunner()
        let notes = scratch.root.appendingPathComponent("notes").path
        let cli = try rosteredBoard(notes: notes)
        try cli.ok("page", "Login loop on community")
        // `page` told the primary itself; two notifier passes at the same moment add nothing.
        try cli.ok("watch", "--once")
        try cli.ok("watch", "--once")
        cli.now = "2026-11-24T10:01:00Z"
        try cli.ok("watch", "--once")
        try cli.ok("watch", "--once")
        cli.now = "2026-11-24T10:02:30Z"
        try cli.ok("watch", "--once")
        try cli.ok("watch", "--once")
        let lines = try String(contentsOfFile: notes, encoding: .utf8)
        #expect(lines == "P-1 1 primary alice\nP-1 2 backup bob\nP-1 3 lead carol\n")
        cli.now = "2026-11-24T10:05:00Z"
        try cli.ok("watch", "--once")
        #expect(try String(contentsOfFile: notes, encoding: .utf8) == lines)
        #expect(try cli.ok("pages").contains("EXHAUSTED"))
    }

    // MARK: A late notifier, reminders and priorities (issue 16)

    /// The issue's repro: a page at 16:00 with 15-minute steps and no notifier until 16:46. The late pass tells the
    /// backup and the lead, saying how late; the page, run out, stays listed and reminds the lead every 15 minutes.
    @Test
    func aLateWatcherTellsEveryMissedStepAndAnUnansweredPageKeepsRemindingTheLead() throws {
        let scratch = try CLIRunner()
        let notes = scratch.root.appendingPathComponent("notes").path
        let cli = try rosteredBoard(notes: notes, waits: "[15m, 15m, 15m]",
                                    notify: "$SETBOARD_PAGE_STEP $SETBOARD_PAGE_HANDLE late=$SETBOARD_PAGE_LATE_S reminder=$SETBOARD_PAGE_REMINDER")
        func told() throws -> [String] {
            try String(contentsOfFile: notes, encoding: .utf8).split(separator: "\n").map(String.init)
        }
        cli.now = "2026-11-24T16:00:00Z"
        try cli.ok("page", "Login loop on community")
        cli.now = "2026-11-24T16:46:00Z"
        let late = try cli.ok("watch", "--once")
        #expect(late.contains("16:46 UTC  P-1 step 2: telling @bob (backup), 31m late\n"), "watch: \(late)")
        #expect(late.contains("16:46 UTC  P-1 step 3: telling @carol (lead), 16m late\n"), "watch: \(late)")
        // The two late steps' commands run at once, so their lines may come in either order.
        #expect(try told().sorted() == ["1 alice late=0 reminder=", "2 bob late=1860 reminder=", "3 carol late=960 reminder="])
        let listed = "P-1  P2  EXHAUSTED: nobody acknowledged; reminding @carol (lead) every 15m, next in 14m  Login loop on community\n"
        #expect(try cli.ok("pages") == listed)
        #expect(try cli.ok("roster").contains(listed.dropLast()))
        // The lead was just told at 16:46, after the 16:45 reminder: the next one is at 17:00, on time.
        cli.now = "2026-11-24T16:50:00Z"
        #expect(try cli.ok("watch", "--once") == "")
        cli.now = "2026-11-24T17:00:00Z"
        let reminded = try cli.ok("watch", "--once")
        #expect(reminded.hasPrefix("2026-11-24 17:00 UTC  P-1 reminder 2: telling @carol (lead) again, unacknowledged for 1h00m\n"),
                "watch: \(reminded)")
        cli.now = "2026-11-24T17:05:00Z"
        #expect(try cli.ok("watch", "--once") == "")
        cli.now = "2026-11-24T17:21:00Z"
        #expect(try cli.ok("watch", "--once").contains("P-1 reminder 3: telling @carol (lead) again, unacknowledged for 1h21m, 6m late"))
        #expect(try told().suffix(2) == ["3 carol late=0 reminder=2", "3 carol late=360 reminder=3"])
        try cli.ok("ack")
        cli.now = "2026-11-24T18:00:00Z"
        #expect(try cli.ok("watch", "--once") == "")
        #expect(try told().count == 5)
        #expect(try cli.ok("pages") == "no active pages\n")
        #expect(try cli.ok("log").contains("P-1 reminder 2: notifying @carol again"))
    }

    @Test
    func aPriorityIsShownAndSetsThePace() throws {
        let scratch = try CLIRunner()
        let notes = scratch.root.appendingPathComponent("notes").path
        let cli = try rosteredBoard(notes: notes, waits: "[15m, 15m, 15m]")
        #expect(try cli.ok("page", "--priority", "P3", "Slow export")
            == "P-1 P3 paged @alice (primary); escalates to @bob (backup) at 2026-11-24 11:00 UTC unless acknowledged\n")
        #expect(try cli.ok("page", "--priority", "p5", "FYI: new dashboard")
            == "P-2 P5 paged @alice (primary); runs out at 2026-11-24 11:00 UTC unless acknowledged\n")
        try cli.ok("page", "Login loop")
        #expect(try cli.ok("pages") == """
            P-1  P3  @alice (primary, step 1 of 3)  escalates to @bob (backup) in 1h00m  Slow export
            P-2  P5  @alice (primary, step 1 of 1)  runs out in 1h00m  FYI: new dashboard
            P-3  P2  @alice (primary, step 1 of 3)  escalates to @bob (backup) in 15m  Login loop

            """)
        let json = try cli.ok("pages", "--json")
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(array.map { $0["priority"] as? String } == ["P3", "P5", "P2"])
        #expect(try cli.ok("log").contains("opened P3 page P-1: Slow export"))
        let render = try cli.ok("render", "--size", "120x30")
        #expect(render.contains("PAGE P-1  P3  @alice (primary, step 1 of 3)"), "board: \(render)")
        let bad = try cli.run(["page", "--priority", "P7", "x"])
        #expect(bad.status != 0 && bad.err.contains("--priority takes P1, P2, P3, P4 or P5"))
    }

    @Test
    func theReminderIntervalComesFromTheRosterAndSurvivesExport() throws {
        let scratch = try CLIRunner()
        let notes = scratch.root.appendingPathComponent("notes").path
        #expect(!(try rosteredBoard(notes: notes).ok("roster", "export")).contains("remind:"))
        let cli = try rosteredBoard(notes: notes, remind: "5m")
        let exported = try cli.ok("roster", "export")
        #expect(exported.contains("  remind: 5m\n"))
        let file = cli.root.appendingPathComponent("bad.yaml")
        try Data(exported.replacingOccurrences(of: "  remind: 5m\n", with: "  remind: 10s\n").utf8).write(to: file)
        let bad = try cli.run(["roster", "import", file.path])
        #expect(bad.status == 1 && bad.err.contains("escalation.remind: \"10s\" is not a duration from 1m to 168h"), "\(bad.err)")
        try cli.ok("page", "Login loop")
        cli.now = "2026-11-24T10:04:00Z"
        // The lead's step began at 10:02: reminders at 10:07, 10:12, ...
        #expect(try cli.ok("pages") == "P-1  P2  EXHAUSTED: nobody acknowledged; reminding @carol (lead) every 5m, next in 3m  Login loop\n")
    }
}
