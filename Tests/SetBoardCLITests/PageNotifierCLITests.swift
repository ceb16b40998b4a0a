/// `watch --once` on pages written straight into the journal: each step told once, details in env, failures kept.
// The pages are written through BoardStore because the roster lookup is still a stub on this branch.
import Foundation
import SetBoardCore
import SetBoardJournal
import Testing

/// Pins the journal's timestamps to the CLI runner's clock.
private struct PinnedClock: JournalClock {
    var ms: Int64
    func nowMilliseconds() -> Int64 { ms }
}

@Suite("page notifier") struct PageNotifierCLITests {
    let onCall = OnCall(at: 0, primary: "alice", backup: "bob", lead: "carol")

    /// A board with one page opened at the runner's time, as `setboard page` would write it once a roster exists,
    /// and the runner's user set up to notify with `notify`.
    func boardWithPage(notify: String, waits: [Int64] = [60_000, 60_000, 60_000]) throws -> CLIRunner {
        let cli = try CLIRunner()
        try cli.ok("init")
        let now = try #require(WorkingTime.parseISO8601(cli.now))
        let store = BoardStore(journal: try FileJournal.open(directory: cli.board, clock: PinnedClock(ms: now)))
        try store.perform(.open(summary: "Login loop", ticket: nil, onCall: onCall,
                                policy: EscalationPolicy(waits: waits)), actor: "dave", now: now)
        try cli.configureNotify(notify)
        return cli
    }

    /// Two notifiers at once, as a board and a `watch` would be.
    func twoNotifiers(_ cli: CLIRunner) {
        // Both only read the runner's settings while they run; nothing changes it until both are done.
        nonisolated(unsafe) let shared = cli
        DispatchQueue.concurrentPerform(iterations: 2) { _ in
            let r = try? shared.run(["watch", "--once"])
            #expect(r?.status == 0, "watch --once failed: \(r?.err ?? "")")
        }
    }

    @Test func eachStepIsToldOnceHoweverManyNotifiersRun() throws {
        let notes = try CLIRunner()
        let file = notes.root.appendingPathComponent("notes").path
        let cli = try boardWithPage(notify: "echo \"$SETBOARD_PAGE_ID $SETBOARD_PAGE_STEP $SETBOARD_PAGE_ROLE $SETBOARD_PAGE_HANDLE\" >> '\(file)'")
        twoNotifiers(cli)
        twoNotifiers(cli)
        cli.now = "2026-11-24T10:01:00Z"
        twoNotifiers(cli)
        cli.now = "2026-11-24T10:02:59Z"
        twoNotifiers(cli)
        cli.now = "2026-11-24T10:03:00Z"
        twoNotifiers(cli)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "P-1 1 primary alice\nP-1 2 backup bob\nP-1 3 lead carol\n")
        #expect(try cli.ok("pages") == "P-1  P2  EXHAUSTED: nobody acknowledged; reminding @carol (lead) every 15m, next in 14m  Login loop\n")
    }

    @Test func theCommandSeesThePageInItsEnvironmentAndNothingReachesTheTerminal() throws {
        let scratch = try CLIRunner()
        let file = scratch.root.appendingPathComponent("env").path
        let cli = try boardWithPage(notify: "env | grep '^SETBOARD_PAGE_' | sort > '\(file)'; echo noise; echo more >&2")
        let r = try cli.run(["watch", "--once"])
        #expect(r.status == 0 && r.err.isEmpty)
        #expect(r.out == "2026-11-24 10:00 UTC  P-1 step 1: telling @alice (primary)\n2026-11-24 10:00 UTC  P-1 step 1: notify command done\n")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == """
            SETBOARD_PAGE_HANDLE=alice
            SETBOARD_PAGE_ID=P-1
            SETBOARD_PAGE_LATE_S=0
            SETBOARD_PAGE_OPENED_AT=2026-11-24T10:00:00Z
            SETBOARD_PAGE_OPENED_BY=dave
            SETBOARD_PAGE_PRIORITY=P2
            SETBOARD_PAGE_REMINDER=
            SETBOARD_PAGE_ROLE=primary
            SETBOARD_PAGE_STEP=1
            SETBOARD_PAGE_STEPS=3
            SETBOARD_PAGE_SUMMARY=Login loop
            SETBOARD_PAGE_TEXT=P-1 P2 paging @alice (primary, step 1 of 3): Login loop
            SETBOARD_PAGE_TICKET=

            """)
    }

    @Test func aFailingOrHangingCommandIsRecordedAndNeverRetried() throws {
        let cli = try boardWithPage(notify: "echo 'curl: (7) connection refused' >&2; exit 7")
        let failed = try cli.run(["watch", "--once"])
        #expect(failed.status == 0)
        #expect(failed.out.contains("P-1 step 1: the notify command exited with status 7: curl: (7) connection refused"))
        #expect(try cli.ok("log", "--last", "1").contains("P-1 step 1: notify failed: the notify command exited with status 7"))
        #expect(try cli.ok("watch", "--once") == "")

        let hanging = try boardWithPage(notify: "sleep 30")
        let started = Date()
        let r = try hanging.run(["watch", "--once", "--timeout", "1"])
        #expect(r.status == 0 && Date().timeIntervalSince(started) < 15)
        #expect(r.out.contains("P-1 step 1: the notify command took longer than 1 s"))
    }

    @Test func acknowledgingStopsFurtherSteps() throws {
        let scratch = try CLIRunner()
        let file = scratch.root.appendingPathComponent("notes").path
        let cli = try boardWithPage(notify: "echo \"$SETBOARD_PAGE_STEP\" >> '\(file)'")
        try cli.ok("watch", "--once")
        #expect(try cli.ok("pages") == "P-1  P2  @alice (primary, step 1 of 3)  escalates to @bob (backup) in 1m  Login loop\n")
        #expect(try cli.ok("ack").hasPrefix("P-1 acknowledged by @"))
        cli.now = "2026-11-24T10:01:00Z"
        try cli.ok("watch", "--once")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "1\n")
        #expect(try cli.ok("pages") == "no active pages\n")
        let again = try cli.run(["ack", "p-1"])
        #expect(again.status == 1 && again.err.contains("P-1 was already acknowledged"))
        let json = try cli.ok("pages", "--all", "--json")
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(array.first?["holder"] as? String == "alice")
        #expect(array.first?["acknowledged_at"] as? String == "2026-11-24T10:00:00Z")
        #expect(array.first?["next_escalation"] is NSNull)
    }
}
