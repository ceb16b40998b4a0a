/// `setboard bench` keeps working: a tiny run prints the table with a figure in every column (no timing is judged).
import Testing

@Suite("bench command") struct BenchCommandTests {
    @Test func aTinyRunPrintsOneFullRowPerSize() throws {
        let cli = try CLIRunner()
        let out = try cli.ok("bench", "--sizes", "20,40", "--keys", "5", "--moves", "2", "--starts", "1")
        let lines = out.split(separator: "\n").map(String.init)
        let header = try #require(lines.firstIndex { $0.contains("first frame") && $0.contains("peak RSS") })
        let rows = lines[(header + 1)...].filter { $0.first == " " }
        #expect(rows.count == 2)
        for (row, size) in zip(rows, ["20", "40"]) {
            let cells = row.split(separator: " ", omittingEmptySubsequences: true)
            #expect(cells.first.map(String.init) == size)
            #expect(!row.contains("–"), "a figure is missing: \(row)")
            #expect(row.hasSuffix(" MB"))
        }
        #expect(try cli.run(["bench", "--sizes", "ten"]).status == 64)
    }
}
