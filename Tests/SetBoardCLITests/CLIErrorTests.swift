/// Bad input gets one clear line on stderr and a non-zero exit, and never touches the journal.
import Foundation
import Testing

@Suite("command errors") struct CLIErrorTests {
    func board() throws -> CLIRunner {
        let cli = try CLIRunner()
        try cli.ok("init")
        try cli.ok("add", "First ticket", "--tier", "hotfix", "--level", "L2")
        return cli
    }

    /// Exactly one line on stderr, starting with "setboard: error:", and nothing on stdout.
    func expectOneLineError(_ r: CLIResult, status: Int32, containing text: String,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(r.status == status, sourceLocation: sourceLocation)
        #expect(r.out == "", sourceLocation: sourceLocation)
        #expect(r.err.hasPrefix("setboard: error: "), "stderr was: \(r.err)", sourceLocation: sourceLocation)
        #expect(r.err.filter { $0 == "\n" }.count == 1, "stderr was: \(r.err)", sourceLocation: sourceLocation)
        #expect(r.err.contains(text), "stderr was: \(r.err)", sourceLocation: sourceLocation)
    }

    func journalBytes(_ cli: CLIRunner) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: cli.board + "/journal.log"))
    }

    @Test func unknownKey() throws {
        let cli = try board()
        let before = try journalBytes(cli)
        expectOneLineError(try cli.run(["move", "SET-99", "--to", "done"]), status: 1, containing: "no ticket SET-99")
        expectOneLineError(try cli.run(["show", "nope"]), status: 1, containing: "no ticket nope on this board")
        #expect(try journalBytes(cli) == before)
    }

    @Test func unknownColumnAndBadLevelAreUsageErrors() throws {
        let cli = try board()
        let before = try journalBytes(cli)
        expectOneLineError(try cli.run(["move", "SET-1", "--to", "limbo"]), status: 64, containing: "'limbo' is invalid")
        expectOneLineError(try cli.run(["add", "x", "--level", "L9"]), status: 64, containing: "'L9' is invalid")
        expectOneLineError(try cli.run(["frobnicate"]), status: 64, containing: "Unexpected argument 'frobnicate'")
        #expect(try journalBytes(cli) == before)
    }

    @Test func missingBoard() throws {
        let cli = try CLIRunner()
        expectOneLineError(try cli.run(["list"]), status: 1, containing: "no board at \(cli.board): create one with `setboard init`")
        expectOneLineError(try cli.run(["add", "x"]), status: 1, containing: "no board at")
        #expect(!FileManager.default.fileExists(atPath: cli.board))
    }

    @Test func initRefusesABoardWithEvents() throws {
        let cli = try board()
        let before = try journalBytes(cli)
        expectOneLineError(try cli.run(["init"]), status: 1, containing: "already exists")
        expectOneLineError(try cli.run(["demo", "--no-show"]), status: 1, containing: "refusing to touch it")
        #expect(try journalBytes(cli) == before)
    }

    @Test func boardInAPlaceThatCannotBeCreated() throws {
        let cli = try CLIRunner()
        let blocker = cli.root.appendingPathComponent("file").path
        try Data("x".utf8).write(to: URL(fileURLWithPath: blocker))
        let r = try cli.run(["init", "--board", blocker + "/board"])
        expectOneLineError(r, status: 1, containing: "cannot create the directory")
    }

    @Test func damagedJournalOpensReadOnlyAndSaysWhere() throws {
        let cli = try board()
        try cli.ok("add", "Second ticket")
        var bytes = [UInt8](try journalBytes(cli))
        // Damage the second line (the first ticket's creation) without touching its newline.
        let lineStarts = [0] + bytes.indices.filter { bytes[$0] == 0x0A }.map { $0 + 1 }
        bytes[lineStarts[1] + 20] ^= 0x04
        try Data(bytes).write(to: URL(fileURLWithPath: cli.board + "/journal.log"))

        let list = try cli.run(["list"])
        #expect(list.status == 0)
        #expect(list.err.contains("journal line 2 is damaged"))
        #expect(list.out.contains("Second ticket"))
        expectOneLineError(try cli.run(["add", "Third"]), status: 1, containing: "journal line 2 is damaged")
        #expect([UInt8](try journalBytes(cli)) == bytes)

        let verify = try cli.run(["journal", "verify"])
        #expect(verify.status == 1)
        #expect(verify.out.contains("line 2: the checksum does not match"))
        let repair = try cli.run(["journal", "repair"])
        #expect(repair.status == 0)
        #expect(repair.out.contains("kept 2 valid events"))
        #expect(try cli.run(["journal", "verify"]).status == 0)
        #expect(try cli.ok("add", "Third") == "SET-3\n")
    }

    @Test func badClockSetting() throws {
        let cli = try board()
        let r = try cli.run(["list"], environment: ["SETBOARD_NOW": "yesterday"])
        expectOneLineError(r, status: 1, containing: "SETBOARD_NOW=yesterday is not an ISO 8601 time")
    }

    @Test func hostileInputInErrorsIsEscaped() throws {
        let cli = try board()
        let r = try cli.run(["show", "\u{1B}[2Jkey"])
        #expect(r.status == 1)
        #expect(!r.err.unicodeScalars.contains { $0.value == 0x1B })
        #expect(r.err.contains("\\x1b[2J"))
    }
}
