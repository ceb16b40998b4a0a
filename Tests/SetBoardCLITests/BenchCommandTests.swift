/// `setboard bench` keeps working: tiny runs fill every column of the table, and a kept board is reused (no timing is judged).
import Foundation
import Testing

@Suite("bench command") struct BenchCommandTests {
    static let titles = ["tickets", "events", "journal", "snapshot", "first frame", "first frame", "select", "move J",
                         "filter", "open card", "show", "RSS show/render", "append", "other's change", "peak RSS"]
    /// Columns that stay "—" while `setboard journal snapshot` does not exist or writes no file.
    static let snapshotColumns: Set<Int> = [3, 5, 10, 11]
    /// Two figures that are not a p50 and a p99: the peak RSS of `show` and of `render`.
    static let rssPairColumn = 11

    @Test func aTinyRunPrintsOneFullRowPerSize() throws {
        let cli = try CLIRunner()
        let out = try cli.ok("bench", "--sizes", "20,40", "--keys", "12", "--moves", "2", "--appends", "3", "--starts", "1",
                             "--hostile", "30", "--sync-events", "30", "--sync-tickets", "40")
        #expect(out.contains("sync: 30 events from another replica on a 40-ticket board "), "\(out)")
        #expect(out.contains("hostile titles (a bidi override and an escape in each), 30 tickets, no snapshot: list --all "),
                "\(out)")
        let lines = out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = try #require(lines.firstIndex { $0.contains("first frame") && $0.contains("peak RSS") }, "\(out)")
        let units = lines[header + 1]
        for word in ["MB", "replay ms", "snapshot ms", "p50/p99 ms"] { #expect(units.contains(word), "\(units)") }
        let titles = Self.titles.reduce(into: (line: lines[header], found: true)) { acc, title in
            guard let r = acc.line.range(of: title) else { acc.found = false; return }
            acc.line = String(acc.line[r.upperBound...])
        }
        #expect(titles.found, "columns missing or out of order: \(lines[header])")

        let rows = lines[(header + 2)...].prefix { !$0.isEmpty }
        #expect(rows.count == 2)
        let snapshots = try snapshotCommandExists(cli)
        for (row, size) in zip(rows, ["20", "40"]) {
            let cells = row.split(separator: " ").map(String.init)
            try #require(cells.count == Self.titles.count, "\(row)")
            #expect(cells[0] == size)
            for (i, cell) in cells.enumerated() {
                if Self.snapshotColumns.contains(i) && !snapshots {
                    #expect(cell == "—", "no snapshot command yet, so column \(Self.titles[i]) says —: \(row)")
                } else if i == Self.rssPairColumn {
                    let both = cell.split(separator: "/").compactMap { Double($0) }
                    #expect(both.count == 2 && both.allSatisfy { $0 > 0 }, "peak RSS of show and render: \(row)")
                } else if let slash = cell.firstIndex(of: "/") {
                    let p50 = try #require(Double(cell[..<slash]), "\(Self.titles[i]): \(row)")
                    let p99 = try #require(Double(cell[cell.index(after: slash)...]), "\(Self.titles[i]): \(row)")
                    #expect(p50 > 0 && p50 <= p99, "\(Self.titles[i]): \(row)")
                } else {
                    let figure = try #require(Double(cell.replacingOccurrences(of: ",", with: "")),
                                              "\(Self.titles[i]) holds no number: \(row)")
                    #expect(figure > 0, "\(Self.titles[i]): \(row)")
                }
            }
            // Keys, moves, appends and another process's changes are each timed, so each of those cells is a pair.
            #expect([6, 7, 8, 9, 12, 13].allSatisfy { cells[$0].contains("/") }, "\(row)")
        }
        #expect(out.contains("targets at 50,000 tickets"))
        #expect(out.contains("open card p50/p99 ×") && out.contains("show ×"), "growth of the history columns: \(out)")
        #expect(out.contains("20 tickets: 101 events"), "the per-size line with its event count: \(out)")
        #expect(try cli.run(["bench", "--sizes", "ten"]).status == 64)
    }

    @Test func markdownRowsHoldTheSameFiguresWithUnits() throws {
        let cli = try CLIRunner()
        let out = try cli.ok("bench", "--sizes", "20", "--keys", "5", "--moves", "1", "--appends", "1", "--starts", "1",
                             "--markdown", "--hostile", "0", "--sync-events", "0")
        let table = out.split(separator: "\n").filter { $0.hasPrefix("| ") }.map(String.init)
        #expect(table.count == 3)
        #expect(table.dropFirst().first?.hasPrefix("| ---: |") == true)
        #expect(table.first?.contains("| first frame, replay | first frame, snapshot | select p50 / p99 |") == true)
        let row = try #require(table.last)
        #expect(row.hasPrefix("| 20 | 101 | "), "\(row)")
        #expect(row.split(separator: "|").count == Self.titles.count, "\(row)")
        #expect(row.hasSuffix(" MB |"), "\(row)")
        #expect(row.contains(" ms | "), "\(row)")
    }

    @Test func aKeptBoardIsReusedAsItWasWritten() throws {
        let cli = try CLIRunner()
        let kept = cli.root.appendingPathComponent("kept").path
        let journal = kept + "/board-20/journal.log"
        let args = ["bench", "--sizes", "20", "--keys", "5", "--moves", "2", "--appends", "2", "--starts", "1", "--keep", kept,
                    "--hostile", "0", "--sync-events", "0"]
        let first = try cli.run(args)
        #expect(first.status == 0, "\(first.err)")
        #expect(first.out.contains("20 tickets: 101 events") && first.out.contains("board written in"), "\(first.out)")
        let afterFirst = try size(journal)

        let second = try cli.run(args)
        #expect(second.status == 0, "\(second.err)")
        #expect(second.out.contains("20 tickets: 101 events") && second.out.contains("kept board reused"), "\(second.out)")
        // The first run's moves and adds were cut off before the second measured, which then added the same again.
        #expect(try size(journal) == afterFirst)

        let third = try cli.run(args + ["--seed", "7"])
        #expect(third.out.contains("board written in"), "another seed is another board: \(third.out)")
    }

    private func size(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
    }

    /// Whether this build has `setboard journal snapshot`; once it does, the snapshot columns must hold figures.
    private func snapshotCommandExists(_ cli: CLIRunner) throws -> Bool {
        // `journal snapshot --help` would show the group's help (status 0) even without it: ask the group instead.
        try cli.run(["journal", "--help"]).out.split(separator: "\n").contains {
            $0.hasPrefix("  ") && $0.split(separator: " ").first == "snapshot"
        }
    }
}
