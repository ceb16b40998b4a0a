/// The measuring half of `setboard bench`, in its own process so its peak RSS is one board's: keys, moves, appends.
import Foundation
import SetBoardCore
import SetBoardApp
import SetBoardJournal
import SetBoardUI

enum BenchChild {
    static let size = Size(width: 100, height: 30)

    /// A triage walk: down the column, across the board, to the ends and back.
    static let walk: [Key] = [.char("j"), .char("j"), .char("j"), .char("k"), .char("l"), .char("j"), .char("h"),
                              .char("G"), .char("k"), .char("g")]

    /// Words from the generated titles, each matching a few percent of the cards. They take turns because the board
    /// keeps the last filter's result: the same text twice in a row would time a cache hit, not a filter.
    static let filterTexts = ["upload", "proxy", "login", "acme", "ios"]

    static func run(board: String, keys: Int, moves: Int, appends: Int) throws {
        let clock = CommandClock(pinned: try BoardOptions.pinnedNow())
        // Opened as the full-screen board opens, so the child reads a snapshot exactly when `setboard` would.
        let store = try BoardOptions.parse(["--board", board]).openStore(clock: clock, lazily: true)
        let driver = BoardDriver(store: store, clock: clock, actor: "bench")
        // Timed as the full-screen board runs: with the roster, pages and cycle facts added to every frame.
        BoardDecorations.install(on: driver)
        _ = driver.frame(size: size)
        store.readyForChanges()

        report("select", (0..<keys).map { timedKey(walk[$0 % walk.count], driver) })
        report("filter", filterKeys(count: keys, driver))
        let opened = openCards(count: keys, driver)
        report("open", opened.map(\.ms))
        // By column: DONE holds most of a generated board, and "why here" finds a card's place in its column.
        let byColumn = Dictionary(grouping: opened, by: \.column).mapValues { BenchStats.median($0.map(\.ms)) }
        if let dearest = byColumn.max(by: { $0.value < $1.value }) {
            print("dearest_open=\(dearest.key) \(BenchFormat.ms(dearest.value))")
        }

        // Moves start from the top of TO DO so every J is a real move that writes an event.
        driver.handle(.char("g"))
        report("move", (0..<moves).map { _ in timedKey(.char("J"), driver).ms })

        var appendTimes: [Double] = []
        for i in 0..<appends {
            let new = NewTicket(title: "Bench append \(i + 1) upload stalls behind a proxy", tier: .other)
            let t = BenchClock.now()
            try store.perform(.add(new), actor: "bench", now: clock.nowMilliseconds())
            appendTimes.append(BenchClock.ms(since: t))
        }
        report("append", appendTimes)
        // Read before the second store below, which a person's board never holds.
        if let peak = peakRSSKiB() { print("peak_rss_kib=\(peak)") }

        // Another process's change reaching the screen: a second store on the same board (its own journal handle,
        // as another `setboard` has) appends; the open board's next poll reads it and draws. The full screen polls
        // every `TUIOptions.pollMilliseconds`, so a change shows at most that long after it is written, plus this.
        let other = try BoardOptions.parse(["--board", board]).openStore(clock: clock, lazily: true)
        var seenTimes: [Double] = []
        for i in 0..<appends {
            let new = NewTicket(title: "Bench change \(i + 1) from another process", tier: .other)
            try other.perform(.add(new), actor: "someone-else", now: clock.nowMilliseconds())
            let t = BenchClock.now()
            guard driver.refresh() else { throw CLIFailure("the open board did not see another process's change") }
            _ = driver.frame(size: size)
            seenTimes.append(BenchClock.ms(since: t))
        }
        report("seen", seenTimes)

        // History mode: entered once (the journal read and replayed with checkpoints), then stepped back and
        // forth by event, hour and day, each key to its frame.
        let entering = BenchClock.now()
        driver.enterHistory()
        _ = driver.frame(size: size)
        print("history_enter_ms=\(BenchClock.ms(since: entering))")
        let steps: [Key] = [.char(","), .char(","), .char("["), .char(","), .char("{"), .char("."), .char("]"),
                            .char(","), .char("{"), .char("}"), .char(","), .char(",")]
        report("history", (0..<keys).map { timedKey(steps[$0 % steps.count], driver) })
        if let peak = peakRSSKiB() { print("history_peak_rss_kib=\(peak)") }
    }

    /// This process's own high-water mark. wait4's ru_maxrss would do, but it never reports less than the
    /// parent's peak at the spawn (Linux carries the old mm's mark across exec), which hides a small board's figure.
    private static func peakRSSKiB() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return nil }
        return line.split(separator: " ").dropFirst().first.flatMap { Int($0) }
    }

    /// `/`, the letters one by one, Enter (which filters the whole board), Esc (which clears it), timed key by key.
    private static func filterKeys(count: Int, _ driver: BoardDriver) -> [(key: Key, ms: Double)] {
        var times: [(key: Key, ms: Double)] = []
        var round = 0
        while times.count < count {
            let text = filterTexts[round % filterTexts.count]
            round += 1
            let keys: [Key] = [.char("/")] + text.map { Key.char($0) } + [.enter, .escape]
            for key in keys where times.count < count { times.append(timedKey(key, driver)) }
        }
        // A count that ends mid-round leaves a prompt or a filter behind; the moves must start on the whole board.
        for _ in 0..<2 where driver.model.mode != .board || driver.model.filter != nil { driver.handle(.escape) }
        return times
    }

    /// Enter on cards all over the board, each a different card (so no history is a cache hit), timed from the key
    /// to the detail frame with the card's history drawn; the selection before and the Esc after are not timed.
    private static func openCards(count: Int, _ driver: BoardDriver) -> [(column: String, ms: Double)] {
        let state = driver.store.state
        let columns = Column.allCases.map { ($0.title, state.keys(in: $0)) }.filter { !$0.1.isEmpty }
        guard !columns.isEmpty else { return [] }
        var times: [(column: String, ms: Double)] = []
        for i in 0..<count {
            let (title, column) = columns[i % columns.count]
            // A stride that is prime to most column lengths, so the cards spread over the column (and the journal).
            driver.model.select(key: column[(i / columns.count * 7_919) % column.count])
            _ = driver.frame(size: size)
            let t = BenchClock.now()
            driver.handle(.enter)
            _ = driver.frame(size: size)
            times.append((title, BenchClock.ms(since: t)))
            guard case .detail = driver.model.mode else { return [] } // a key map without Enter → detail: no figure
            driver.handle(.escape)
        }
        return times
    }

    private static func timedKey(_ key: Key, _ driver: BoardDriver) -> (key: Key, ms: Double) {
        let t = BenchClock.now()
        driver.handle(key)
        _ = driver.frame(size: size)
        return (key, BenchClock.ms(since: t))
    }

    private static func report(_ name: String, _ times: [Double]) {
        guard !times.isEmpty else { return }
        print("\(name)_p50=\(BenchStats.percentile(times, 50))")
        print("\(name)_p99=\(BenchStats.percentile(times, 99))")
    }

    /// The percentiles, and the key whose median is highest: a p99 says something is slow, this says which key.
    private static func report(_ name: String, _ timed: [(key: Key, ms: Double)]) {
        report(name, timed.map(\.ms))
        let byKey = Dictionary(grouping: timed, by: \.key.name).mapValues { BenchStats.median($0.map(\.ms)) }
        if let dearest = byKey.max(by: { $0.value < $1.value }) {
            print("dearest_\(name)=\(dearest.key) \(BenchFormat.ms(dearest.value))")
        }
    }

    /// The dearest key of each kind, as the child named it: "select G 2.10".
    static func dearest(_ text: String) -> [String] {
        text.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("dearest_"), let eq = line.firstIndex(of: "=") else { return nil }
            return line[line.index(line.startIndex, offsetBy: 8)..<eq] + " " + line[line.index(after: eq)...] + " ms"
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
