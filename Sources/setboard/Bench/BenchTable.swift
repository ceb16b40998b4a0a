/// The figures of `setboard bench`, one row per board size, as a text table, a Markdown table and a word on the targets.
import Foundation
import SetBoardTerminal

/// The middle and the tail of one kind of timing.
struct BenchSpread: Sendable {
    var p50: Double
    var p99: Double

    init(p50: Double, p99: Double) {
        self.p50 = p50
        self.p99 = p99
    }

    /// From the child's `name_p50=` and `name_p99=` lines; nil when it did not time that kind.
    init?(_ figures: [String: Double], _ name: String) {
        guard let p50 = figures[name + "_p50"], let p99 = figures[name + "_p99"] else { return nil }
        self.init(p50: p50, p99: p99)
    }
}

/// One board size; nil is a figure the run could not take (no snapshot yet, no moves asked for).
struct BenchRow: Sendable {
    var tickets: Int
    var events: Int
    var journalBytes: Int
    var snapshotBytes: Int?
    var openReplayMs: Double?
    var openSnapshotMs: Double?
    var select: BenchSpread?
    var move: BenchSpread?
    var filter: BenchSpread?
    /// Enter on a card: the detail view drawn with the card's history.
    var open: BenchSpread?
    var append: BenchSpread?
    /// Another process's change read and drawn by the open board, after its poll wakes.
    var seen: BenchSpread?
    var peakRSSKiB: Int?
    /// A whole `setboard show KEY` (median wall time) and the peak RSS of it and of `render` with a snapshot.
    var showMs: Double?
    var showRSSKiB: Int?
    var renderRSSKiB: Int?
    /// The peak RSS of the `render` of "first frame, replay": the most any of its runs reached.
    var replayRSSKiB: Int?
    /// The key of each kind with the highest median, "select G 2.10 ms": which key a high p99 comes from.
    var dearestKeys: [String] = []
    /// `render --at` a week back (median wall time, with this user's snapshot, which is newer: a replay up to then).
    var renderWeekBackMs: Double?
    /// History mode: entering it (one replay with checkpoints), and one step (`,` `.` `[` `]` `{` `}`) to its frame.
    var historyEnterMs: Double?
    var historyStep: BenchSpread?
    /// The keystroke child's peak RSS once history mode has been entered and stepped through.
    var historyPeakRSSKiB: Int?
}

enum BenchTable {
    struct Column: Sendable {
        var title: String
        var unit: String
        var markdownTitle: String
        /// The bare figure; the unit is in the header of the text table and beside the figure in Markdown.
        var figure: @Sendable (BenchRow) -> String?

        /// What Markdown puts after the figure.
        var markdownUnit: String { unit.hasSuffix("ms") ? " ms" : unit.hasSuffix("MB") ? " MB" : "" }
    }

    static let columns: [Column] = [
        Column(title: "tickets", unit: "", markdownTitle: "tickets") { BenchFormat.count($0.tickets) },
        Column(title: "events", unit: "", markdownTitle: "events") { BenchFormat.count($0.events) },
        Column(title: "journal", unit: "MB", markdownTitle: "journal") { BenchFormat.mb($0.journalBytes) },
        Column(title: "snapshot", unit: "MB", markdownTitle: "snapshot") { $0.snapshotBytes.map(BenchFormat.mb) },
        Column(title: "first frame", unit: "replay ms", markdownTitle: "first frame, replay") {
            $0.openReplayMs.map(BenchFormat.ms)
        },
        Column(title: "first frame", unit: "snapshot ms", markdownTitle: "first frame, snapshot") {
            $0.openSnapshotMs.map(BenchFormat.ms)
        },
        Column(title: "select", unit: "p50/p99 ms", markdownTitle: "select p50 / p99") { $0.select.map(BenchFormat.spread) },
        Column(title: "move J", unit: "p50/p99 ms", markdownTitle: "move J p50 / p99") { $0.move.map(BenchFormat.spread) },
        Column(title: "filter", unit: "p50/p99 ms", markdownTitle: "filter p50 / p99") { $0.filter.map(BenchFormat.spread) },
        Column(title: "open card", unit: "p50/p99 ms", markdownTitle: "open card p50 / p99") { $0.open.map(BenchFormat.spread) },
        Column(title: "show", unit: "ms", markdownTitle: "show") { $0.showMs.map(BenchFormat.ms) },
        Column(title: "RSS show/render", unit: "MB", markdownTitle: "peak RSS show / render") { row in
            guard let show = row.showRSSKiB, let render = row.renderRSSKiB else { return nil }
            return BenchFormat.mb(show * 1024) + "/" + BenchFormat.mb(render * 1024)
        },
        Column(title: "append", unit: "p50/p99 ms", markdownTitle: "append p50 / p99") { $0.append.map(BenchFormat.spread) },
        Column(title: "other's change", unit: "p50/p99 ms", markdownTitle: "another's change p50 / p99") {
            $0.seen.map(BenchFormat.spread)
        },
        Column(title: "peak RSS", unit: "MB", markdownTitle: "peak RSS") { $0.peakRSSKiB.map { BenchFormat.mb($0 * 1024) } },
    ]

    static let missing = "—"

    /// Two header lines (what, then unit) over right-aligned figures; no cell holds a space, so scripts can split.
    static func text(_ rows: [BenchRow]) -> String {
        let cells = rows.map { row in columns.map { $0.figure(row) ?? missing } }
        let widths = columns.indices.map { i in
            ([columns[i].title.count, columns[i].unit.count] + cells.map { $0[i].count }).max() ?? 0
        }
        func line(_ items: [String]) -> String {
            zip(items, widths).map { String(repeating: " ", count: $1 - $0.count) + $0 }.joined(separator: "  ")
        }
        return ([line(columns.map(\.title)), line(columns.map(\.unit))] + cells.map(line)).joined(separator: "\n")
    }

    static func markdown(_ rows: [BenchRow]) -> String {
        var lines = ["| " + columns.map(\.markdownTitle).joined(separator: " | ") + " |",
                     "|" + String(repeating: " ---: |", count: columns.count)]
        for row in rows {
            let cells = columns.map { column in
                column.figure(row).map { $0.replacingOccurrences(of: "/", with: " / ") + column.markdownUnit } ?? missing
            }
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }

    /// The targets of DESIGN.md, how the 50,000-ticket board meets them, and how each cost grows with the board.
    static func verdicts(_ rows: [BenchRow]) -> [String] {
        var lines = ["targets at 50,000 tickets (DESIGN.md): first frame ≤ 50 ms with a snapshot, ≤ 300 ms on a full "
                     + "replay; keystroke → frame p99 ≤ 2 ms (headless); peak RSS ≤ 60 MB; another process's change on "
                     + "screen < 250 ms (the board polls every \(TUIOptions.defaultPollMilliseconds) ms, then reads and draws)"]
        if let row = rows.first(where: { $0.tickets == 50_000 }) {
            func judged(_ value: Double?, _ limit: Double, _ text: (Double) -> String) -> String {
                guard let value else { return missing }
                return text(value) + (value <= limit ? " (met)" : " (missed)")
            }
            let keystrokes = [("select", row.select), ("move J", row.move), ("filter", row.filter), ("open card", row.open)]
                .compactMap { name, spread in spread.map { (name, $0.p99) } }
            let slowest = keystrokes.max { $0.1 < $1.1 }
            lines.append("at 50,000 tickets: first frame with a snapshot "
                         + judged(row.openSnapshotMs, 50) { BenchFormat.ms($0) + " ms" }
                         + ", on a full replay " + judged(row.openReplayMs, 300) { BenchFormat.ms($0) + " ms" }
                         + "; slowest keystroke p99 "
                         + judged(slowest?.1, 2) { BenchFormat.ms($0) + " ms, " + (slowest?.0 ?? "") }
                         + "; peak RSS " + judged(row.peakRSSKiB.map { Double($0) / 1024 }, 60) { String(format: "%.0f MB", $0) }
                         + "; another process's change on screen within "
                         + judged(row.seen.map { Double(TUIOptions.defaultPollMilliseconds) + $0.p99 }, 250) {
                             BenchFormat.ms($0) + " ms"
                         })
        }
        // Issue 21's targets for a card's history, at both large sizes.
        for row in rows where row.tickets == 50_000 || row.tickets == 200_000 {
            func judged(_ value: Double?, _ limit: Double, _ text: (Double) -> String) -> String {
                guard let value else { return missing }
                return text(value) + (value <= limit ? " (met)" : " (missed)")
            }
            var rssGap: Double?
            if let show = row.showRSSKiB, let render = row.renderRSSKiB { rssGap = Double(show - render) / 1024 }
            lines.append("at \(BenchFormat.count(row.tickets)) tickets: open card (Enter → detail frame) p99 "
                         + judged(row.open?.p99, 2) { BenchFormat.ms($0) + " ms" } + " (≤ 2 ms); show "
                         + judged(row.showMs, 25) { BenchFormat.ms($0) + " ms" } + " (≤ 25 ms); show's peak RSS "
                         + judged(rssGap, 10) { String(format: "%+.1f MB", $0) } + " beside render's (≤ 10 MB more)")
        }
        let sorted = rows.sorted { $0.tickets < $1.tickets }
        if let small = sorted.first, let large = sorted.last, large.tickets > small.tickets {
            func factor(_ figure: (BenchRow) -> Double?) -> String {
                guard let a = figure(small), let b = figure(large), a > 0 else { return missing }
                return "×" + BenchFormat.factor(b / a)
            }
            func growth(_ name: String, _ figure: @escaping (BenchRow) -> Double?) -> String { name + " " + factor(figure) }
            // Both ends of a spread: a p50 that grows is work per key that grows; a p99 alone may be one stall.
            func growth(_ name: String, _ spread: @escaping (BenchRow) -> BenchSpread?) -> String {
                name + " p50/p99 " + factor { spread($0)?.p50 } + "/" + factor { spread($0)?.p99 }
            }
            let factors = [
                growth("replay", { $0.openReplayMs }), growth("snapshot open", { $0.openSnapshotMs }),
                growth("select", { $0.select }), growth("move J", { $0.move }), growth("filter", { $0.filter }),
                growth("open card", { $0.open }), growth("show", { $0.showMs }),
                growth("append", { $0.append }), growth("other's change", { $0.seen }), growth("peak RSS", { $0.peakRSSKiB.map(Double.init) }),
            ]
            lines.append("growth from \(BenchFormat.count(small.tickets)) to \(BenchFormat.count(large.tickets)) tickets "
                         + "(×\(BenchFormat.factor(Double(large.tickets) / Double(small.tickets)))): "
                         + factors.joined(separator: ", ")
                         + "; linear growth is at most the board's factor, and a keystroke should stay near ×1")
        }
        return lines
    }
}

enum BenchStats {
    /// Nearest rank, rounded up, so a p99 never hides a slow sample: of the 30 moves it is the slowest.
    static func percentile(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        let rank = Int((p / 100 * Double(sorted.count - 1)).rounded(.up))
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

    static func median(_ values: [Double]) -> Double { percentile(values, 50) }
}

enum BenchFormat {
    /// Three significant figures or so, and never "0.00" for a figure that is not zero.
    static func ms(_ value: Double) -> String {
        if value < 0.1 { return String(format: "%.3f", value) }
        if value < 10 { return String(format: "%.2f", value) }
        if value < 100 { return String(format: "%.1f", value) }
        return count(Int(value.rounded()))
    }

    static func spread(_ s: BenchSpread) -> String { ms(s.p50) + "/" + ms(s.p99) }

    static func mb(_ bytes: Int) -> String {
        let mb = Double(bytes) / 1_048_576
        if mb < 0.1 { return String(format: "%.3f", mb) } // a tiny board's snapshot is a few kilobytes, not 0.00
        if mb < 1 { return String(format: "%.2f", mb) }
        return mb < 10 ? String(format: "%.1f", mb) : String(format: "%.0f", mb)
    }

    static func factor(_ value: Double) -> String {
        value < 10 ? String(format: "%.1f", value) : count(Int(value.rounded()))
    }

    static func seconds(_ ms: Double) -> String {
        ms < 1000 ? String(format: "%.0f ms", ms) : String(format: "%.1f s", ms / 1000)
    }

    /// Thousands separated by commas, whatever the locale, so the table reads the same everywhere.
    static func count(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }
}

extension BenchTable {
    /// One line per board for time travel: `render --at` a week back against the full replay (target: at most
    /// twice), and history mode's step (target: 50 ms).
    static func timeTravel(_ row: BenchRow) -> String {
        var parts: [String] = []
        if let at = row.renderWeekBackMs {
            var text = "render --at a week back \(BenchFormat.ms(at)) ms"
            if let full = row.openReplayMs, full > 0 {
                let ratio = (at / full * 100).rounded() / 100
                text += " (\(ratio)× the full replay, \(ratio <= 2 ? "within" : "over") the 2× target)"
            }
            parts.append(text)
        }
        if let step = row.historyStep {
            parts.append("history step p50 \(BenchFormat.ms(step.p50)) ms, p99 \(BenchFormat.ms(step.p99)) ms ("
                         + (step.p99 <= 50 ? "within" : "over") + " the 50 ms target)")
        }
        if let enter = row.historyEnterMs { parts.append("entering history \(BenchFormat.ms(enter)) ms") }
        if let rss = row.historyPeakRSSKiB { parts.append("peak RSS with history \(rss / 1024) MB") }
        return "  time travel: " + (parts.isEmpty ? "not measured" : parts.joined(separator: " · "))
    }
}
