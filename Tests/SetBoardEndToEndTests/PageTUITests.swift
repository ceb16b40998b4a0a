/// Pages end to end: the open board tells a due step once with the output kept off screen; `watch` stops on a signal.
import Foundation
import SetBoardCore
import SetBoardJournal
import Testing

private struct PinnedClock: JournalClock {
    var ms: Int64
    func nowMilliseconds() -> Int64 { ms }
}

@Suite("Pages on the open board", .serialized, .disabled(if: TmuxBoard.tmuxPath == nil, "tmux is not installed; bash .ci/test installs it"))
struct PageTUITests {
    @Test func theBoardTellsADueStepOnceAndKeepsItsOutputOffTheScreen() throws {
        let t = try TmuxBoard()
        let made = try t.setboard(["demo", "--no-show"])
        try #require(made.status == 0, "setboard demo failed: \(made.err)")
        // The demo's own page (P-1) would be told too, now that the command is the user's and not the page's.
        try #require(try t.setboard(["ack", "P-1"]).status == 0)
        let notes = t.root.appendingPathComponent("notes").path
        // Written straight into the journal, as `setboard page` will once the roster lookup answers.
        let now = try #require(WorkingTime.parseISO8601(t.now))
        let store = BoardStore(journal: try FileJournal.open(directory: t.board, clock: PinnedClock(ms: now)))
        // The demo's nudged and stuck cards tell their assignees through the same command: only pages are noted.
        let notify = "[ -z \"$SETBOARD_PAGE_ID\" ] || echo \"$SETBOARD_PAGE_ID $SETBOARD_PAGE_HANDLE\" >> '\(notes)'; "
            + "echo NOISE-OUT; echo NOISE-ERR >&2"
        try store.perform(.open(summary: "Login loop", ticket: nil, onCall: OnCall(at: now, primary: "alice", backup: "bob"),
                                policy: EscalationPolicy(waits: [60_000])), actor: "dave", now: now)
        try configureNotify(t, notify)

        try t.open()
        let expected = try t.rendered(width: 100, height: 30)
        try t.waitFor("the board") { $0 == expected }
        let deadline = Date().addingTimeInterval(15)
        while (try? String(contentsOfFile: notes, encoding: .utf8)) == nil, Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        // Give a second pass (every 3 s) the chance to tell the same step again, which it must not.
        Thread.sleep(forTimeInterval: 3.5)
        // P-1 is the demo's own page, acknowledged above; this one is P-2.
        #expect(try String(contentsOfFile: notes, encoding: .utf8) == "P-2 alice\n")
        #expect(try t.pane() == expected)
        try t.press("q")
        try t.waitFor("the shell after quitting") { $0.contains("exit=0") }
        #expect(try !t.pane().contains("NOISE"))
    }

    /// The user's config with only a notify command, private as it must be.
    private func configureNotify(_ t: TmuxBoard, _ command: String) throws {
        let folder = t.root.appendingPathComponent("config/setboard")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let file = folder.appendingPathComponent("config.yaml")
        try Data(("notify: '" + command.replacingOccurrences(of: "'", with: "''") + "'\n").utf8).write(to: file)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
    }

    /// A page as an older setboard wrote it, carrying a teammate's command: the open board runs the user's own
    /// command instead, and says in its footer that the stored one is ignored.
    @Test func theBoardNeverRunsACommandFromTheJournal() throws {
        let t = try TmuxBoard()
        try #require(try t.setboard(["init"]).status == 0)
        let pwned = t.root.appendingPathComponent("pwned").path
        let told = t.root.appendingPathComponent("told").path
        let now = try #require(WorkingTime.parseISO8601(t.now))
        let store = BoardStore(journal: try FileJournal.open(directory: t.board, clock: PinnedClock(ms: now)))
        try store.perform(.open(summary: "Login loop", ticket: nil, onCall: OnCall(at: now, primary: "alice", backup: "bob"),
                                policy: EscalationPolicy(waits: [60_000], notifyCommand: "id > '\(pwned)'")), actor: "bob", now: now)
        try configureNotify(t, "echo \"$SETBOARD_PAGE_HANDLE\" >> '\(told)'")
        try t.open()
        try t.waitFor("the footer's warning") { $0.contains("holds a notify command from an older setboard") }
        let deadline = Date().addingTimeInterval(15)
        while (try? String(contentsOfFile: told, encoding: .utf8)) == nil, Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        #expect(try String(contentsOfFile: told, encoding: .utf8) == "alice\n")
        #expect(!FileManager.default.fileExists(atPath: pwned))
        try t.press("q")
        try t.waitFor("the shell after quitting") { $0.contains("exit=0") }
    }

    @Test(arguments: [("INT", SIGINT), ("TERM", SIGTERM)])
    func watchStopsCleanlyOnASignal(name: String, signal: Int32) throws {
        let t = try TmuxBoard()
        try #require(try t.setboard(["init"]).status == 0)
        try configureNotify(t, "true")
        try t.open(arguments: ["watch", "--interval", "1"])
        let deadline = Date().addingTimeInterval(10)
        var pid: Int32?
        while pid == nil, Date() < deadline {
            pid = try? t.boardPID()
            if pid == nil { Thread.sleep(forTimeInterval: 0.05) }
        }
        let watcher = try #require(pid, "watch never started")
        // A signal before the handler is installed would kill it outright; wait until the kernel says it is caught.
        while !catches(watcher, signal), Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        kill(watcher, signal)
        try t.waitFor("watch to exit after SIG\(name)") { $0.contains("exit=") }
        #expect(try t.pane().contains("exit=0"))
    }

    /// Whether the process has a handler for the signal, from the SigCgt mask in /proc/PID/status.
    private func catches(_ pid: Int32, _ signal: Int32) -> Bool {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("SigCgt:") }),
              let mask = UInt64(line.dropFirst("SigCgt:".count).trimmingCharacters(in: .whitespaces), radix: 16) else { return false }
        return mask & (1 << UInt64(signal - 1)) != 0
    }
}
