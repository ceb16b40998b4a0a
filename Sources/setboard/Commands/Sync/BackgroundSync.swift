// `watch --sync-every`: `setboard sync` as a child process at an interval, never blocking the notifier's loop.
import Foundation
import SetBoardCore
import SetBoardJournal

/// One sync child at a time; its output goes to a private file and its last line is reported when it ends.
final class BackgroundSync {
    let board: String
    let intervalMs: Int64
    private let scratch: String
    private var child: pid_t?
    private var nextAt: Int64 = 0
    private var output: String { scratch + "/sync.out" }

    /// "30s", "5m", "1h" or plain seconds, 10 s to 24 h.
    static func parse(_ text: String) -> Int64? {
        let unit: Int64
        var digits = Substring(text)
        switch text.last {
        case "s": unit = 1_000; digits = digits.dropLast()
        case "m": unit = 60_000; digits = digits.dropLast()
        case "h": unit = 3_600_000; digits = digits.dropLast()
        default: unit = 1_000
        }
        guard let n = Int64(digits), n > 0, n <= 86_400 else { return nil }
        let ms = n * unit
        return (10_000...86_400_000).contains(ms) ? ms : nil
    }

    init(board: String, intervalMs: Int64) throws {
        self.board = board
        self.intervalMs = intervalMs
        var state = SyncState.read(board)
        guard state.remote != nil else { throw CLIFailure("--sync-every: the board has no remote; run `setboard remote add URL` first") }
        state.intervalMs = intervalMs
        try state.write(board)
        scratch = try GitRunner().scratch
    }

    /// Starts a sync when one is due and none runs; reports one that ended. Never waits.
    func step() -> String? {
        if let pid = child {
            guard let outcome = Spawn.poll(pid) else { return nil }
            child = nil
            return describe(outcome)
        }
        let now = MonotonicClock.milliseconds()
        guard now >= nextAt else { return nil }
        nextAt = now + intervalMs
        switch Spawn.start(BenchSpawn.selfPath, ["sync", "--board", board], environment: ProcessInfo.processInfo.environment,
                           output: output) {
        case let .success(pid): child = pid
        case let .failure(reason): return "sync could not start: \(reason)"
        }
        return nil
    }

    /// One sync, waited for (`watch --once`).
    func runOnce() -> String {
        nextAt = 0
        _ = step()
        while child != nil {
            if let note = step() { return note }
            usleep(20_000)
        }
        return "sync could not start"
    }

    /// On the way out: a running sync may finish for up to 30 s, then it is stopped (the next sync completes it).
    func finish() -> String? {
        guard let pid = child else { return nil }
        let deadline = MonotonicClock.milliseconds() + 30_000
        while MonotonicClock.milliseconds() < deadline {
            if let outcome = Spawn.poll(pid) { child = nil; return describe(outcome) }
            usleep(20_000)
        }
        Spawn.killGroup(pid)
        child = nil
        return "sync stopped on exit; the next sync finishes it"
    }

    private func describe(_ outcome: Spawn.Outcome) -> String {
        let last = Spawn.lastLine(of: output)
        switch outcome {
        case .exited(0): return "sync" + (last.isEmpty ? " done" : last)
        case let .exited(code): return "sync failed (exit \(code))" + last
        case let .signalled(signal): return "sync killed by signal \(signal)"
        case .timedOut: return "sync timed out"
        }
    }
}
