/// `setboard add --stdin`: one ticket per line, each saved and printed before the next, and errors that say where.
import Testing

@Suite("add --stdin") struct BulkAddTests {
    @Test func eachLineIsATicketAndBlankLinesAreSkipped() throws {
        let cli = try CLIRunner()
        try cli.ok("init")
        let r = try cli.run(["add", "--stdin", "--tier", "hotfix", "--level", "L2"], stdin: "Login loop\n\n  Slow search  \n")
        #expect(r.status == 0)
        #expect(r.out == "SET-1\nSET-2\n")
        let list = try cli.ok("list", "--column", "todo")
        #expect(list.contains("SET-1  hotfix      L2") && list.contains("Slow search"))
    }

    @Test func aTitleAndStdinTogetherOrNeitherIsAUsageError() throws {
        let cli = try CLIRunner()
        try cli.ok("init")
        for args in [["add"], ["add", "x", "--stdin"]] {
            let r = try cli.run(args)
            #expect(r.status == 64)
            #expect(r.err.contains("give a title, or --stdin to read titles one per line"))
        }
    }

    @Test func aRefusedLineNamesItselfAndWhatWasSavedStays() throws {
        let cli = try CLIRunner()
        try cli.ok("init")
        // A refused line stops the run and says which line it was; nothing half-made is left behind.
        let r = try cli.run(["add", "--stdin", "--assignee", "no such handle!"], stdin: "a\nb\n")
        #expect(r.status == 1)
        #expect(r.err.hasPrefix("setboard: error: line 1: "))
        #expect(r.out.isEmpty)
        #expect(try cli.ok("list", "--json") == "[]\n")
    }
}
