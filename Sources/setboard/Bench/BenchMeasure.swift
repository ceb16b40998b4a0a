/// One board size of `setboard bench`, measured from the parent: every figure comes from a child process of its own.
import Foundation
import SetBoardCore

struct BenchMeasure {
    let scratch: String
    let tickets: Int
    let seed: UInt64
    let starts: Int
    let keys: Int
    let moves: Int
    let appends: Int

    var board: String { scratch + "/board-\(tickets)" }
    /// Per size, so one board's snapshot can never be read while another is measured.
    var cache: String { scratch + "/cache-\(tickets)" }
    var exe: String { BenchSpawn.selfPath }

    /// The figures for this size, and how the board came to be (written now, or kept from an earlier run).
    func run() throws -> (BenchRow, BenchBoards.Made) {
        let made = try makeBoard()
        var row = BenchRow(tickets: tickets, events: made.events, journalBytes: BenchFiles.size(board + "/journal.log"))

        // A cache left by an earlier run would turn the "no snapshot" opens into something else.
        try? FileManager.default.removeItem(atPath: cache)
        try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: scratch + "/config", withIntermediateDirectories: true)

        let replay = try medianRender(environment(snapshots: false))
        row.openReplayMs = replay.ms
        row.replayRSSKiB = replay.rssKiB

        let withSnapshots = environment(snapshots: true)
        let snap = try BenchSpawn.run(exe, ["journal", "snapshot", "--board", board], environment: withSnapshots)
        let snapshotBytes = BenchFiles.totalSize(under: cache)
        if snap.status == 0 && snapshotBytes > 0 {
            row.snapshotBytes = snapshotBytes
            let render = try medianRender(withSnapshots)
            row.openSnapshotMs = render.ms
            row.renderRSSKiB = render.rssKiB
            // `show` of a card four fifths down the board (SET-40000 of 50,000): its fields and its whole history.
            let show = try median(["show", "SET-\(max(1, tickets * 4 / 5))", "--board", board], withSnapshots, "show")
            row.showMs = show.ms
            row.showRSSKiB = show.rssKiB
        }
        row.renderWeekBackMs = try median(["render", "--size", "100x30", "--board", board, "--at=-1w"], withSnapshots,
                                          "render --at").ms

        // The board as a person keeps it open: with whatever snapshot the cache holds.
        let c = try BenchSpawn.run(exe, ["bench", "--child", board, "--keys", "\(keys)", "--moves", "\(moves)",
                                         "--appends", "\(appends)"], environment: withSnapshots)
        guard c.status == 0 else { throw CLIFailure("the keystroke run failed on the \(tickets)-ticket board: \(c.err)") }
        let figures = BenchChild.parse(c.out)
        row.select = BenchSpread(figures, "select")
        row.move = BenchSpread(figures, "move")
        row.filter = BenchSpread(figures, "filter")
        row.open = BenchSpread(figures, "open")
        row.append = BenchSpread(figures, "append")
        row.seen = BenchSpread(figures, "seen")
        row.historyStep = BenchSpread(figures, "history")
        row.historyEnterMs = figures["history_enter_ms"]
        row.historyPeakRSSKiB = figures["history_peak_rss_kib"].map { Int($0) }
        row.peakRSSKiB = figures["peak_rss_kib"].map { Int($0) } ?? c.maxRSSKiB
        row.dearestKeys = BenchChild.dearest(c.out)
        return (row, made)
    }

    private func makeBoard() throws -> BenchBoards.Made {
        if let events = BenchBoards.reusable(directory: board, tickets: tickets, seed: seed) {
            return BenchBoards.Made(events: events, reused: true, writeMs: 0)
        }
        if FileManager.default.fileExists(atPath: board) { try FileManager.default.removeItem(atPath: board) }
        // In a child, so the parent stays small: wait4 counts the parent's peak at the spawn into each child's.
        let r = try BenchSpawn.run(exe, ["bench", "--generate", board, "--tickets", "\(tickets)", "--seed", "\(seed)"],
                                   environment: environment(snapshots: false))
        guard r.status == 0, let events = BenchBoards.reusable(directory: board, tickets: tickets, seed: seed) else {
            throw CLIFailure("could not write the \(tickets)-ticket board: \(r.err)")
        }
        return BenchBoards.Made(events: events, reused: false, writeMs: r.wallMs)
    }

    private func medianRender(_ environment: [String: String]) throws -> (ms: Double, rssKiB: Int) {
        try median(["render", "--size", "100x30", "--board", board], environment, "render")
    }

    /// The median wall time of `starts` whole runs of a command, and the largest peak RSS any of them reached.
    private func median(_ arguments: [String], _ environment: [String: String], _ name: String) throws
        -> (ms: Double, rssKiB: Int) {
        var times: [Double] = []
        var rss = 0
        for _ in 0..<starts {
            let r = try BenchSpawn.run(exe, arguments, environment: environment)
            guard r.status == 0 else { throw CLIFailure("\(name) failed on the \(tickets)-ticket board: \(r.err)") }
            times.append(r.wallMs)
            rss = max(rss, r.maxRSSKiB)
        }
        return (BenchStats.median(times), rss)
    }

    /// The user's environment with the cache and config moved into the scratch directory and the clock pinned.
    private func environment(snapshots: Bool) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["SETBOARD_NOW"] = WorkingTime.isoMinute(Bench.now)
        env["NO_COLOR"] = "1"
        env["XDG_CACHE_HOME"] = cache
        env["XDG_CONFIG_HOME"] = scratch + "/config"
        env["SETBOARD_BOARD"] = nil
        env["SETBOARD_SNAPSHOT"] = snapshots ? nil : "off"
        return env
    }
}

enum BenchFiles {
    static func size(_ path: String) -> Int {
        var st = stat()
        return stat(path, &st) == 0 ? Int(st.st_size) : 0
    }

    /// Bytes of every regular file below `directory`, however the snapshot lays its files out.
    static func totalSize(under directory: String) -> Int {
        guard let walker = FileManager.default.enumerator(atPath: directory) else { return 0 }
        var total = 0
        while let relative = walker.nextObject() as? String {
            var st = stat()
            if lstat(directory + "/" + relative, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG { total += Int(st.st_size) }
        }
        return total
    }
}
