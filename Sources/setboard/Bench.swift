/// `setboard bench`: generated boards of several sizes, and what the full-screen board costs on each of them.
import ArgumentParser
import Foundation
import SetBoardCore
import SetBoardJournal
import SetBoardTerminal
import SetBoardUI
#if canImport(Glibc)
import Glibc
#endif

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure the board on generated boards: time to first frame, keystroke to frame, peak memory.",
        discussion: """
            For each size, writes a generated board (as `setboard demo --tickets N` does) into a scratch directory, \
            then measures in separate processes, so each figure is a cold start and each peak RSS is one board's: \
            time to first frame is a whole `setboard render` (start, replay the journal, draw 100x30); keystroke to \
            frame is the headless board handling selection keys (j k h l g G) and moves (J, which writes its event \
            and waits for fsync) and drawing the next frame. Build with -c release for meaningful numbers: \
            `swift run -c release setboard bench`.
            """)

    @Option(help: ArgumentHelp("Board sizes in tickets, comma-separated.", valueName: "n,n,…"))
    var sizes = "1000,10000,50000"
    @Option(help: "Selection keystrokes timed per board.") var keys = 500
    @Option(help: "Card moves (J) timed per board; each waits for fsync.") var moves = 30
    @Option(help: "Cold starts timed per board; the median is shown.") var starts = 5
    @Option(help: "Seed for the generated boards.") var seed: UInt64 = 42
    @Option(help: ArgumentHelp("Keep the generated boards under this directory instead of deleting them.",
                               valueName: "dir")) var keep: String?
    @Option(help: .hidden) var child: String?

    func validate() throws {
        if parsedSizes == nil { throw ValidationError("--sizes takes ticket counts like 1000,10000,50000") }
        if keys < 1 || moves < 0 || starts < 1 { throw ValidationError("--keys and --starts must be at least 1, --moves at least 0") }
    }

    private var parsedSizes: [Int]? {
        let parts = sizes.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !parts.isEmpty, parts.allSatisfy({ $0.map { (1...2_000_000).contains($0) } ?? false }) else { return nil }
        return parts.compactMap { $0 }
    }

    func run() throws {
        try reportingFailures {
            if let child {
                try BenchChild.run(board: child, keys: keys, moves: moves)
                return
            }
            try runParent(sizes: parsedSizes ?? [])
        }
    }

    private func runParent(sizes: [Int]) throws {
        let now: Int64 = 1_795_000_000_000 // a fixed clock, so every run generates the same boards
        let scratch = keep ?? (NSTemporaryDirectory() + "setboard-bench-\(getpid())")
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { if keep == nil { try? FileManager.default.removeItem(atPath: scratch) } }
        let exe = BenchSpawn.selfPath
        var env = ProcessInfo.processInfo.environment
        env["SETBOARD_NOW"] = WorkingTime.isoMinute(now)
        env["NO_COLOR"] = "1"

        #if DEBUG
        print("note: this is a debug build; `swift run -c release setboard bench` gives the figures that matter\n")
        #endif
        print("setboard bench · screen 100x30 · seed \(seed) · \(starts) cold starts · \(keys) keys · \(moves) moves per board")
        print("targets (DESIGN.md): first frame ≤ 50 ms with a snapshot, ≤ 300 ms full replay; keystroke p99 ≤ 2 ms; RSS ≤ 60 MB\n")
        let header = ["tickets", "events", "journal", "generate", "first frame", "keys p50", "keys p99",
                      "J p50", "J p99", "peak RSS"]
        var rows: [[String]] = []
        printRow(header)
        for size in sizes {
            let dir = scratch + "/board-\(size)"
            if FileManager.default.fileExists(atPath: dir) { try FileManager.default.removeItem(atPath: dir) }
            let started = BenchClock.now()
            let events = try BenchBoards.generate(directory: dir, tickets: size, seed: seed, now: now)
            let generateMs = BenchClock.ms(since: started)
            let journalBytes = (try? FileManager.default.attributesOfItem(atPath: dir + "/journal.log")[.size] as? Int) ?? 0

            var firstFrames: [Double] = []
            for _ in 0..<starts {
                let r = try BenchSpawn.run(exe, ["render", "--size", "100x30", "--board", dir], environment: env)
                guard r.status == 0 else { throw CLIFailure("render failed on the \(size)-ticket board: \(r.err)") }
                firstFrames.append(r.wallMs)
            }
            let c = try BenchSpawn.run(exe, ["bench", "--child", dir, "--keys", "\(keys)", "--moves", "\(moves)"],
                                       environment: env)
            guard c.status == 0 else { throw CLIFailure("keystroke run failed on the \(size)-ticket board: \(c.err)") }
            let figures = BenchChild.parse(c.out)
            let row = [
                "\(size)", "\(events)", BenchFormat.bytes(journalBytes), BenchFormat.ms(generateMs),
                BenchFormat.ms(BenchStats.median(firstFrames)),
                BenchFormat.ms(figures["keys_p50"]), BenchFormat.ms(figures["keys_p99"]),
                BenchFormat.ms(figures["move_p50"]), BenchFormat.ms(figures["move_p99"]),
                BenchFormat.bytes(c.maxRSSKiB * 1024),
            ]
            rows.append(row)
            printRow(row)
        }
        if keep != nil { print("\nboards kept under \(scratch)") }
    }

    private func printRow(_ cells: [String]) {
        let widths = [8, 8, 9, 9, 12, 9, 9, 9, 9, 9]
        print(zip(cells, widths).map { String(repeating: " ", count: max(0, $1 - $0.count)) + $0 }.joined(separator: " "))
    }
}

/// Writes a generated board the way `setboard demo --tickets` does: one append, one fsync.
enum BenchBoards {
    static func generate(directory: String, tickets: Int, seed: UInt64, now: Int64) throws -> Int {
        let clock = CommandClock(pinned: now)
        let journal = try FileJournal.create(directory: directory, clock: clock)
        let store = BoardStore(journal: journal)
        let script = BoardGenerator.script(tickets: tickets, seed: seed, now: now)
        try store.append(script.map { NewEvent(type: $0.event.type, payload: $0.event.payload, at: $0.at, actor: $0.actor) },
                         actor: "bench")
        return journal.records.count
    }
}

/// The measuring half, run in its own process so its peak RSS is one board's: open, first frame, then keys.
enum BenchChild {
    static let size = Size(width: 100, height: 30)

    static func run(board: String, keys: Int, moves: Int) throws {
        let clock = CommandClock(pinned: try BoardOptions.pinnedNow())
        let opened = BenchClock.now()
        let store = BoardStore(journal: try FileJournal.open(directory: board, clock: clock))
        let driver = BoardDriver(store: store, clock: clock, actor: "bench")
        // Timed as the full-screen board runs: with the roster, pages and cycle facts added to every frame.
        BoardDecorations.install(on: driver)
        _ = driver.frame(size: size)
        let firstFrame = BenchClock.ms(since: opened)

        // A triage walk: down the column, across the board, to the ends and back.
        let walk: [Key] = [.char("j"), .char("j"), .char("j"), .char("k"), .char("l"), .char("j"), .char("h"),
                           .char("G"), .char("k"), .char("g")]
        var keyTimes: [Double] = []
        keyTimes.reserveCapacity(keys)
        for i in 0..<keys {
            let t = BenchClock.now()
            driver.handle(walk[i % walk.count])
            _ = driver.frame(size: size)
            keyTimes.append(BenchClock.ms(since: t))
        }
        // Moves start from the top of TO DO so every J is a real move that writes an event.
        driver.handle(.char("g"))
        var moveTimes: [Double] = []
        for _ in 0..<moves {
            let t = BenchClock.now()
            driver.handle(.char("J"))
            _ = driver.frame(size: size)
            moveTimes.append(BenchClock.ms(since: t))
        }
        print("first_frame=\(firstFrame)")
        print("keys_p50=\(BenchStats.percentile(keyTimes, 50))")
        print("keys_p99=\(BenchStats.percentile(keyTimes, 99))")
        if !moveTimes.isEmpty {
            print("move_p50=\(BenchStats.percentile(moveTimes, 50))")
            print("move_p99=\(BenchStats.percentile(moveTimes, 99))")
        }
    }

    static func parse(_ text: String) -> [String: Double] {
        var figures: [String: Double] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2, let value = Double(parts[1]) { figures[String(parts[0])] = value }
        }
        return figures
    }
}

enum BenchStats {
    static func percentile(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        let rank = Int((p / 100 * Double(sorted.count - 1)).rounded(.up))
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

    static func median(_ values: [Double]) -> Double { percentile(values, 50) }
}

enum BenchFormat {
    static func ms(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "–" }
        if value < 1 { return String(format: "%.3f ms", value) }
        if value < 100 { return String(format: "%.1f ms", value) }
        return String(format: "%.0f ms", value)
    }

    static func bytes(_ value: Int) -> String {
        let mb = Double(value) / 1_048_576
        return mb < 10 ? String(format: "%.1f MB", mb) : String(format: "%.0f MB", mb)
    }
}

enum BenchClock {
    static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    static func ms(since start: UInt64) -> Double { Double(now() - start) / 1_000_000 }
}

/// Runs this same binary as a child and reports its wall time and peak RSS (from wait4, the kernel's own count).
enum BenchSpawn {
    static var selfPath: String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        return n > 0 ? String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments[0]
    }

    static func run(_ executable: String, _ arguments: [String], environment: [String: String]) throws
        -> (status: Int32, out: String, err: String, wallMs: Double, maxRSSKiB: Int) {
        let outPath = NSTemporaryDirectory() + "setboard-bench-out-\(getpid())-\(UUID().uuidString)"
        defer { unlink(outPath) }
        let started = BenchClock.now()
        let pid: pid_t
        switch Spawn.start(executable, arguments, environment: environment, output: outPath) {
        case let .success(p): pid = p
        case let .failure(reason): throw CLIFailure("could not start \(executable): \(reason)")
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw CLIFailure("wait4: \(String(cString: strerror(errno)))") }
        }
        let wall = BenchClock.ms(since: started)
        let exitCode: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        // stdout and stderr share the file: the figures are `name=value` lines, anything else is the error.
        let out = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        return (exitCode, out, exitCode == 0 ? "" : out, wall, Int(usage.ru_maxrss))
    }
}
