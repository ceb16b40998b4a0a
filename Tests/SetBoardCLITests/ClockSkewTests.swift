/// Reader-side clock skew: one host's bad clock never leaves a ticket or a page stuck (stamps written straight in).
import Foundation
import SetBoardCore
import SetBoardJournal
import Testing

/// The clock of the host that wrote the skewed event.
private struct PinnedClock: JournalClock {
    var ms: Int64
    func nowMilliseconds() -> Int64 { ms }
}

@Suite("clock skew, reader side") struct ClockSkewTests {
    let onCall = OnCall(at: 0, primary: "alice", backup: "bob", lead: "carol")

    func ms(_ iso: String) throws -> Int64 { try #require(WorkingTime.parseISO8601(iso)) }

    @Test func aNudgeStampedInTheYear9999DoesNotMakeATicketFreshForEver() throws {
        let cli = try CLIRunner()
        try cli.ok("init")
        try cli.ok("add", "Login loop")
        let store = BoardStore(journal: try FileJournal.open(directory: cli.board, clock: PinnedClock(ms: try ms(cli.now))))
        try store.append([NewEvent(type: "ticket.nudged", payload: .object([("key", .string("SET-1"))]),
                                   at: try ms("9999-12-31T00:00:00Z"), actor: "bob")], actor: "bob")
        cli.now = "2026-12-04T10:00:00Z" // eight working days on
        let json = try cli.ok("list", "--json")
        let cards = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(cards.first?["stuck"] as? Bool == true, "\(json)")
        // The stamp itself is kept as written.
        #expect(try cli.ok("log").contains("9999-12-31"))
    }

    @Test func aPageFromAHostTwoDaysAheadEscalatesFromWhenItWasFirstClaimed() throws {
        let cli = try CLIRunner()
        try cli.ok("init")
        let ahead = try ms(cli.now) + 2 * 86_400_000
        let store = BoardStore(journal: try FileJournal.open(directory: cli.board, clock: PinnedClock(ms: ahead)))
        try store.perform(.open(summary: "Login loop", ticket: nil, onCall: onCall, policy: EscalationPolicy(waits: [60_000, 60_000, 60_000])),
                          actor: "dave", now: ahead)
        let told = cli.root.appendingPathComponent("told").path
        try cli.configureNotify("echo \"$SETBOARD_PAGE_HANDLE\" >> '\(told)'")
        try cli.ok("watch", "--once")
        cli.now = "2026-11-24T10:01:00Z"
        try cli.ok("watch", "--once")
        cli.now = "2026-11-24T10:02:00Z"
        try cli.ok("watch", "--once")
        #expect(try String(contentsOfFile: told, encoding: .utf8) == "alice\nbob\ncarol\n")
    }

    @Test func aPageStampedFiftyMinutesBackStartsAtThePrimaryForARunningNotifier() throws {
        let cli = try CLIRunner()
        try cli.ok("init")
        let told = cli.root.appendingPathComponent("told").path
        try cli.configureNotify("echo \"$SETBOARD_PAGE_STEP $SETBOARD_PAGE_HANDLE\" >> '\(told)'")
        let watcher = try cli.start(["watch", "--interval", "1"])
        // SIGKILL: a child of Foundation's Process starts with SIGTERM blocked, so `terminate()` would not stop it.
        defer { kill(watcher.processIdentifier, SIGKILL); watcher.waitUntilExit() }
        Thread.sleep(forTimeInterval: 1.5) // the watcher has read the journal without the page
        let behind = try ms(cli.now) - 50 * 60_000
        let store = BoardStore(journal: try FileJournal.open(directory: cli.board, clock: PinnedClock(ms: behind)))
        try store.perform(.open(summary: "Login loop", ticket: nil, onCall: onCall, policy: .standard), actor: "dave", now: behind)
        let deadline = Date().addingTimeInterval(15)
        while (try? String(contentsOfFile: told, encoding: .utf8)) == nil, Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        #expect((try? String(contentsOfFile: told, encoding: .utf8)) == "1 alice\n")
    }
}
