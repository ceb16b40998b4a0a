/// `setboard bench`: generated boards of several sizes and one table of what opening, keys, appends and memory cost.
import ArgumentParser
import Foundation
import SetBoardCore
#if canImport(Glibc)
import Glibc
#endif

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the board on generated boards: first frame, keystroke to frame, appends, memory, file sizes.",
        discussion: """
            For each size, writes a generated board (as `setboard demo --tickets N` does, roster included) into a \
            scratch directory, then measures in separate processes, so each figure is a cold start and each peak RSS \
            is one board's. First frame is a whole `setboard render` (start, open, draw 100x30), once with \
            SETBOARD_SNAPSHOT=off (a full replay of the journal) and once after `setboard journal snapshot`; the \
            snapshot columns show — while that command fails or writes nothing. Keystroke to frame is the headless \
            board handling a key and drawing the next frame: select (j k h l g G), move (J, which writes its event and \
            waits for fsync) and filter (/, typing a few letters, Enter, Esc). Open card is Enter on a card, a \
            different one each time from every column, to the detail frame with the card's history drawn. Show is a \
            whole `setboard show` of one card, its peak RSS beside render's. Append is one `add` through the \
            journal, fsync included. Time travel: `render --at` a week back, timed as render is, against the full \
            replay (target ≤ 2×), and history mode in the keystroke child: entering it, then steps by event, hour and \
            day, each to its frame (target ≤ 50 ms). Every child gets its own XDG_CACHE_HOME and XDG_CONFIG_HOME \
            in the scratch directory, so your own cache and config are neither read nor touched.

            Writing the 200,000-ticket board (1,000,000 events, 254 MB) takes about 15 s in a release build, and \
            the whole default run about 6 minutes, most of it opening that board without a snapshot. With --keep \
            the boards stay, and a later run with the same sizes and seed reuses them instead of writing them \
            again. A last board of --hostile tickets, every title carrying a bidi override and an escape \
            sequence, is timed through `list --all` and `list --all --json`: escaping must stay linear. \
            Build as a release with the Swift runtime linked in, as the README's "Installing" does, for the figures that \
            matter: `swift build -c release --static-swift-stdlib --product setboard --scratch-path .build-static`, then \
            `.build-static/release/setboard bench` (with the runtime's shared libraries every start costs about 7 ms \
            more).
            """)

    @Option(help: ArgumentHelp("Board sizes in tickets, comma-separated.", valueName: "n,n,…"))
    var sizes = "1000,10000,50000,200000"
    @Option(help: "Select keystrokes timed per board, and as many filter keystrokes and cards opened.") var keys = 500
    @Option(help: "Card moves (J) timed per board; each waits for fsync.") var moves = 30
    @Option(help: "Appends (one `add` each, fsync included) timed per board.") var appends = 100
    @Option(help: "Cold starts timed per board and kind of open; the median is shown.") var starts = 5
    @Option(help: "Seed for the generated boards.") var seed: UInt64 = 42
    @Option(help: ArgumentHelp("Keep the generated boards under this directory, and reuse the ones already there.",
                               valueName: "dir")) var keep: String?
    @Flag(help: "Also print the table as Markdown, for the README.") var markdown = false
    @Option(help: ArgumentHelp("Tickets on the hostile-titles board timed through `list` and `list --json` (0: none).",
                               valueName: "n")) var hostile = 20_000
    @Option(help: ArgumentHelp("Events another replica sends in the sync figure (0: none); the synced board's next start and first frame follow it.", valueName: "n"))
    var syncEvents = 10_000
    @Option(help: ArgumentHelp("Tickets on the board the sync figure applies them to.", valueName: "n"))
    var syncTickets = 50_000
    @Option(help: .hidden) var child: String?
    @Option(help: .hidden) var generate: String?
    @Option(help: .hidden) var tickets: Int?

    func validate() throws {
        if parsedSizes == nil { throw ValidationError("--sizes takes ticket counts like 1000,10000,50000") }
        if keys < 1 || starts < 1 || moves < 0 || appends < 0 {
            throw ValidationError("--keys and --starts must be at least 1, --moves and --appends at least 0")
        }
        if !(0...2_000_000).contains(hostile) { throw ValidationError("--hostile takes 0 to 2000000 tickets") }
        if !(0...1_000_000).contains(syncEvents) || !(1...2_000_000).contains(syncTickets) {
            throw ValidationError("--sync-events takes 0 to 1000000 events, --sync-tickets 1 to 2000000 tickets")
        }
        if generate != nil && tickets == nil { throw ValidationError("--generate needs --tickets") }
    }

    private var parsedSizes: [Int]? {
        let parts = sizes.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !parts.isEmpty, parts.allSatisfy({ $0.map { (1...2_000_000).contains($0) } ?? false }) else { return nil }
        return parts.compactMap { $0 }
    }

    func run() throws {
        try reportingFailures {
            if let child {
                try BenchChild.run(board: child, keys: keys, moves: moves, appends: appends)
            } else if let generate, let tickets {
                try BenchBoards.generate(directory: generate, tickets: tickets, seed: seed, now: Bench.now)
            } else {
                try runParent(sizes: parsedSizes ?? [])
            }
        }
    }

    /// A fixed clock, so every run generates the same boards and every child sees the same "now".
    static let now: Int64 = 1_795_000_000_000

    private func runParent(sizes: [Int]) throws {
        let benchStarted = BenchClock.now()
        let scratch = keep ?? (NSTemporaryDirectory() + "setboard-bench-\(getpid())")
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { if keep == nil { try? FileManager.default.removeItem(atPath: scratch) } }

        #if DEBUG
        say("note: this is a debug build; a release built as the README's \"Installing\" does gives the figures that matter\n")
        #else
        if Bench.sharedSwiftRuntime {
            say("note: this binary loads the Swift runtime as shared libraries (about 7 ms more at every start); "
                + "built with --static-swift-stdlib, as the README's \"Installing\" does, it gives the figures that matter\n")
        }
        #endif
        say("setboard bench · screen 100x30 · seed \(seed) · \(starts) cold starts per kind of open · \(keys) select "
            + "and \(keys) filter keys · \(moves) moves · \(appends) appends per board")
        var rows: [BenchRow] = []
        for size in sizes {
            let sizeStarted = BenchClock.now()
            let measure = BenchMeasure(scratch: scratch, tickets: size, seed: seed, starts: starts, keys: keys,
                                       moves: moves, appends: appends)
            let (row, board) = try measure.run()
            rows.append(row)
            let made = board.reused ? "kept board reused" : "board written in \(BenchFormat.seconds(board.writeMs))"
            say("\(BenchFormat.count(size)) tickets: \(BenchFormat.count(row.events)) events, journal "
                + "\(BenchFormat.mb(row.journalBytes)) MB · \(made) · measured in "
                + BenchFormat.seconds(BenchClock.ms(since: sizeStarted) - board.writeMs)
                + (row.replayRSSKiB.map { " · full replay peak RSS \(BenchFormat.mb($0 * 1024)) MB" } ?? "")
                + (row.dearestKeys.isEmpty ? "" : " · dearest keys by median: " + row.dearestKeys.joined(separator: ", ")))
            say(BenchTable.timeTravel(row))
        }
        if hostile > 0 {
            say(try BenchHostile.measure(scratch: scratch, tickets: hostile, seed: seed, runs: starts))
        }
        if syncEvents > 0 {
            say(try BenchSync.measure(scratch: scratch, tickets: syncTickets, events: syncEvents, seed: seed))
        }
        say("")
        say(BenchTable.text(rows))
        say("")
        for line in BenchTable.verdicts(rows) { say(line) }
        if markdown {
            say("")
            say(BenchTable.markdown(rows))
        }
        if keep != nil { say("\nboards kept under \(scratch)") }
        say("\nwhole run: \(BenchFormat.seconds(BenchClock.ms(since: benchStarted)))")
    }

    /// Whether libswiftCore is a shared library in this process, as in a plain `swift build -c release`.
    static var sharedSwiftRuntime: Bool {
        ((try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8)) ?? "").contains("/libswiftCore.so")
    }

    /// Prints at once: a long run shows each board as it finishes, even when stdout is a file.
    private func say(_ text: String) {
        print(text)
        fflush(nil)
    }
}
