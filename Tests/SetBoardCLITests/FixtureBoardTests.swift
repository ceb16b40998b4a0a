/// A journal written by an earlier release (every event family, a hand-moved card, a torn tail) opens to the same board.
import Foundation
import Testing

@Suite struct FixtureBoardTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/board-v1")

    /// The commands whose output the old binary recorded, and the file each one's output is in.
    static let commands: [([String], String)] = [
        (["list", "--json"], "list.json"), (["render", "--size", "100x30"], "render-100x30.txt"),
        (["roster"], "roster.txt"), (["log"], "log.txt"), (["show", "SET-28"], "show-SET-28.txt"),
        (["show", "SET-41"], "show-SET-41.txt"), (["incident", "list"], "incident-list.txt"), (["pages"], "pages.txt"),
        (["cycle", "show"], "cycle-show.txt"),
    ]

    /// A scratch copy of the fixture board: the first command sets its torn tail aside.
    func copyOfFixture() throws -> CLIRunner {
        let cli = try CLIRunner()
        cli.now = "2026-11-24T12:00:00Z"
        try FileManager.default.copyItem(at: Self.fixture.appendingPathComponent("board"),
                                         to: URL(fileURLWithPath: cli.board))
        return cli
    }

    func expected(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: Self.fixture.appendingPathComponent("expected/" + name)))
    }

    @Test func theOldJournalOpensToByteIdenticalOutputs() throws {
        let cli = try copyOfFixture()
        for (i, (arguments, file)) in Self.commands.enumerated() {
            let r = try cli.run(arguments, environment: ["SETBOARD_SNAPSHOT": "off"])
            #expect(r.status == 0, "\(arguments): \(r.err)")
            if i == 0 {
                #expect(r.err.contains("last line was incomplete (90 bytes"), "the torn tail is set aside: \(r.err)")
            } else {
                #expect(r.err.isEmpty, "\(arguments): \(r.err)")
            }
            #expect(r.outBytes == (try expected(file)), "setboard \(arguments.joined(separator: " ")) differs from \(file):\n\(r.out)")
        }
        let verify = try cli.ok("journal", "verify")
        #expect(verify == "181 lines, 181 valid events\njournal OK\n")
    }

    @Test func theOldJournalOpensToTheSameOutputsFromASnapshot() throws {
        let cli = try copyOfFixture()
        try cli.ok("journal", "snapshot")
        for (arguments, file) in Self.commands {
            let r = try cli.run(arguments)
            #expect(r.status == 0, "\(arguments): \(r.err)")
            #expect(r.outBytes == (try expected(file)), "setboard \(arguments.joined(separator: " ")) from a snapshot differs from \(file):\n\(r.out)")
        }
    }
}
