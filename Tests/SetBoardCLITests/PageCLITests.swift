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
    func rosteredBoard(notes: String) throws -> CLIRunner {
        let cli = try board()
        let file = cli.root.appendingPathComponent("roster.yaml")
        try Data("""
            engineers:
              - { handle: alice, name: Alice, team: set, zone: UTC }
              - { handle: bob, name: Bob, team: set, zone: UTC }
              - { handle: carol, name: Carol, team: set, zone: UTC }
            rotations:
              - name: set
                zone: UTC
                anchor: 2026-11-23
                weeks: 2
                handoff: monday 09:00
                handover_due: friday 17:00
                lead: carol
                pattern: 24x7
                shifts:
                  - { name: all, people: [alice, bob] }
            escalation:
              waits: [1m, 1m, 1m]
              repeat: 0

            """.utf8).write(to: file)
        try cli.ok("roster", "import", file.path)
        try cli.configureNotify("echo \"$SETBOARD_PAGE_ID $SETBOARD_PAGE_STEP $SETBOARD_PAGE_ROLE $SETBOARD_PAGE_HANDLE\" >> \(notes)")
        return cli
    }

    @Test
    func pageAckAndList() throws {
        let notes = try CLIRunner().root.appendingPathComponent("notes").path
        let cli = try rosteredBoard(notes: notes)
        #expect(try cli.ok("page", "--ticket", "set-1", "Login loop on community")
            == "P-1 paged @alice (primary); escalates to @bob (backup) at 2026-11-24 10:01 UTC unless acknowledged\n")
        cli.now = "2026-11-24T10:01:30Z"
        #expect(try cli.ok("pages") == "P-1  @bob (backup, step 2 of 3)  escalates to @carol (lead) in 1m  Login loop on community  [SET-1]\n")
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
}
