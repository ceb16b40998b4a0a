// Pages on a board synced through git: each step is told by one host, and an acknowledgement anywhere stops it.
import Foundation
import SetBoardCore
import SetBoardJournal
import Testing

/// Pins the journal's timestamps to the CLI runner's clock.
private struct PinnedClock: JournalClock {
    var ms: Int64
    func nowMilliseconds() -> Int64 { ms }
}

@Suite("Sync: pages told by one host", .serialized)
struct SyncPageTests {
    /// Two synced boards; a page opened on a at 10:00 (steps of a minute: alice, bob, carol); both hosts' notifier
    /// writes what it tells into `told`, and a replica takes a page over after 2 minutes without its step told.
    func world() throws -> (SyncWorld, told: String) {
        let w = try SyncWorld(["a", "b"])
        let told = w.runner.root.appendingPathComponent("told").path
        try w.runner.writeConfig("notify: 'echo \"$SETBOARD_PAGE_ID $SETBOARD_PAGE_STEP\" >> \(told)'\npage-takeover-after: 2m\n")
        // Both boards have synced once, so each knows the other as a replica before the page.
        for name in ["a", "b", "a"] { try w.run(name, "sync") }
        let now = try #require(WorkingTime.parseISO8601(w.runner.now))
        let store = try BoardStore.open(directory: w.board("a"), clock: PinnedClock(ms: now), snapshots: nil)
        try store.perform(.open(summary: "Login loop", ticket: nil, onCall: OnCall(at: 0, primary: "alice", backup: "bob", lead: "carol"),
                                policy: EscalationPolicy(waits: [60_000, 60_000, 60_000])), actor: "dave", now: now)
        return (w, told)
    }

    func contents(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }

    @Test(.enabled(if: SyncCLITests.hasGit))
    func aPageOpenedOnOneHostIsToldThereAndTakenOverOnlyAfterTheGrace() throws {
        let (w, told) = try world()
        #expect(try w.run("a", "watch", "--once").out.contains("P-1 step 1: telling @alice"))
        for name in ["a", "b"] { try w.run(name, "sync") }
        // Step 2 is due: a is live and tells it; b, which sees it due too, leaves it to a.
        w.runner.now = "2026-11-24T10:01:00Z"
        let onB = try w.run("b", "watch", "--once")
        #expect(!onB.out.contains("telling"), "\(onB.out)")
        let second = try w.run("a", "watch", "--once")
        #expect(second.out.contains("P-1 step 2: telling @bob"), "\(second.out) \(second.err)")
        for name in ["a", "b"] { try w.run(name, "sync") }
        // Step 3 is due and a has gone quiet: b waits out the grace, then takes the page over and tells it.
        w.runner.now = "2026-11-24T10:02:30Z"
        #expect(!(try w.run("b", "watch", "--once").out.contains("telling")))
        w.runner.now = "2026-11-24T10:04:00Z"
        #expect(try w.run("b", "watch", "--once").out.contains("P-1 step 3: telling @carol"))
        #expect(try w.run("b", "log").out.contains("P-1 step 3: page taken over from replica \(try w.replicaID("a"))"))
        for name in ["b", "a"] { try w.run(name, "sync") }
        // Back on a after the sync: the page is b's now, so a leaves the reminder to it.
        w.runner.now = "2026-11-24T10:17:00Z"
        #expect(!(try w.run("a", "watch", "--once").out.contains("telling")))
        #expect(try w.run("b", "watch", "--once").out.contains("reminder 1: telling @carol"))
        #expect(contents(told) == "P-1 1\nP-1 2\nP-1 3\nP-1 3\n", "each step told once (the reminder names the last step)")
        for name in ["b", "a"] { try w.run(name, "sync") }
        #expect(try w.views("a") == w.views("b"))
    }

    @Test(.enabled(if: SyncCLITests.hasGit))
    func anAcknowledgementOnAnotherHostStopsTheEscalationAfterSync() throws {
        let (w, told) = try world()
        try w.run("a", "watch", "--once")
        for name in ["a", "b"] { try w.run(name, "sync") }
        w.runner.now = "2026-11-24T10:00:30Z"
        try w.run("b", "ack", "P-1")
        for name in ["b", "a"] { try w.run(name, "sync") }
        w.runner.now = "2026-11-24T10:01:00Z"
        #expect(!(try w.run("a", "watch", "--once").out.contains("telling")))
        w.runner.now = "2026-11-24T10:10:00Z"
        #expect(!(try w.run("a", "watch", "--once").out.contains("telling")))
        #expect(!(try w.run("b", "watch", "--once").out.contains("telling")))
        #expect(contents(told) == "P-1 1\n")
        #expect(try w.run("a", "pages", "--all").out.contains("acknowledged"))
    }

    @Test func aTakeoverGraceOutOfRangeIsRefusedWithItsLine() throws {
        let cli = try CLIRunner()
        try cli.ok("init")
        for bad in ["5s", "2d", "soon", "-1m"] {
            try cli.writeConfig("notify: 'true'\npage-takeover-after: \(bad)\n")
            let r = try cli.run(["watch", "--once"])
            #expect(r.status == 1, "\(bad)")
            #expect(r.err.contains("line 2: `page-takeover-after:` needs a duration from 30s to 24h"), "\(bad): \(r.err)")
        }
        try cli.writeConfig("notify: 'true'\npage-takeover-after: 90s\n")
        #expect(try cli.run(["watch", "--once"]).status == 0)
    }
}
