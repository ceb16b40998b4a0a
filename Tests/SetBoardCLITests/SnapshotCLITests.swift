/// `journal snapshot`, SETBOARD_SNAPSHOT=off and the warning a damaged snapshot gives, through the real binary.
import Foundation
import Testing

@Suite struct SnapshotCLITests {
    func snapshotFiles(_ cli: CLIRunner) -> [String] {
        let cache = cli.root.appendingPathComponent(".cache/setboard").path
        let dirs = (try? FileManager.default.contentsOfDirectory(atPath: cache)) ?? []
        return dirs.map { cache + "/" + $0 + "/snapshot" }.filter { FileManager.default.fileExists(atPath: $0) }
    }

    @Test func aSnapshotIsWrittenByHandOrAfterALongReplayAndUsedQuietly() throws {
        let cli = try CLIRunner()
        try cli.ok("init")
        let empty = try cli.run(["journal", "snapshot"])
        #expect(empty.status == 0 && empty.out.contains("snapshot written"), "one event is enough to snapshot: \(empty.out)\(empty.err)")

        let cli2 = try CLIRunner()
        try cli2.ok("demo", "--tickets", "300", "--no-show")
        #expect(snapshotFiles(cli2).isEmpty, "demo writes no snapshot")
        let before = try cli2.ok("render", "--size", "100x30")
        #expect(snapshotFiles(cli2).count == 1, "a command that replayed 1,500 events writes one")
        let after = try cli2.run(["render", "--size", "100x30"])
        #expect(after.out == before)
        #expect(after.err.isEmpty, "a good snapshot is used without a word: \(after.err)")

        let off = try cli2.run(["render", "--size", "100x30"], environment: ["SETBOARD_SNAPSHOT": "off"])
        #expect(off.out == before)
        let refused = try cli2.run(["journal", "snapshot"], environment: ["SETBOARD_SNAPSHOT": "off"])
        #expect(refused.status == 1 && refused.err.contains("switched off"))
        #expect(try cli2.run(["journal", "snapshot"], environment: ["SETBOARD_SNAPSHOT": "False"]).status == 1)
        #expect(try cli2.run(["journal", "snapshot"], environment: ["SETBOARD_SNAPSHOT": "on"]).status == 0)

        // A relative XDG_CACHE_HOME is ignored (XDG spec): the snapshot still goes to ~/.cache.
        let relative = try cli2.run(["journal", "snapshot"], environment: ["XDG_CACHE_HOME": "relative/cache"])
        #expect(relative.out.contains(cli2.root.appendingPathComponent(".cache/setboard/").path), "\(relative.out)")

        let written = try cli2.ok("journal", "snapshot")
        #expect(written.hasPrefix("snapshot written: " + cli2.root.appendingPathComponent(".cache/setboard/").path))
        let lines = try cli2.ok("journal", "verify").split(separator: " ").first.map(String.init) ?? "?"
        #expect(written.contains("up to seq \(lines))"), "every event is in: \(written), \(lines) lines")
    }

    @Test func aDamagedSnapshotIsReportedOnceAndTheBoardIsUnchanged() throws {
        let cli = try CLIRunner()
        try cli.ok("demo", "--tickets", "300", "--no-show")
        let truth = try cli.ok("list", "--all")
        let path = try #require(snapshotFiles(cli).first)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[bytes.count / 2] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: path))

        let first = try cli.run(["list", "--all"])
        #expect(first.status == 0)
        #expect(first.out == truth)
        #expect(first.err.contains("warning: the snapshot") && first.err.contains("was not used") && first.err.contains("rebuilt"),
                "\(first.err)")
        let second = try cli.run(["list", "--all"])
        #expect(second.out == truth)
        #expect(second.err.isEmpty, "rebuilt, so the warning is not repeated: \(second.err)")

        // A change made after the snapshot is read from the journal's tail on the next start.
        try cli.ok("add", "After the snapshot", "--tier", "hotfix", "--level", "L1")
        #expect(try cli.ok("show", "SET-301").contains("After the snapshot"))
        #expect(try cli.ok("list").contains("SET-301"))
    }

    /// `render` reads a snapshot lazily, decoding only the cards it draws: every screen it prints must be the one a
    /// full replay prints, with cards moved by hand, after changes in the journal's tail, and on every view.
    @Test func aScreenDrawnFromTheSnapshotIsTheReplayedScreen() throws {
        let cli = try CLIRunner()
        try cli.ok("demo", "--tickets", "400", "--no-show")
        try cli.ok("journal", "snapshot")
        let off = ["SETBOARD_SNAPSHOT": "off"]
        func same(_ args: String..., why: String) throws {
            let lazy = try cli.run(args)
            let replayed = try cli.run(args, environment: off)
            #expect(lazy.status == 0 && lazy.err.isEmpty, "\(why): \(lazy.err)")
            #expect(lazy.out == replayed.out, "\(why)")
        }
        let todo = try cli.ok("list", "--column", "todo").split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }
        let bottom = try #require(todo.last(where: { $0.hasPrefix("SET-") }))
        try cli.ok("rank", bottom, "--top")
        try cli.ok("journal", "snapshot")
        try same("render", "--size", "120x40", why: "a hand-moved card and the header's out-of-rule count")
        try same("render", "--size", "100x30", "--view", "detail", bottom, why: "the detail of a card")
        try same("render", "--size", "100x30", "--select", bottom, "--pane", "incidents", why: "a selection and a pane")
        try same("render", "--size", "30x12", why: "a narrow screen")
        let added = try cli.ok("add", "After the snapshot", "--tier", "hotfix", "--level", "L1")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        try same("render", "--size", "100x30", "--select", added, why: "a change in the journal's tail")
        #expect(try cli.ok("render", "--size", "100x30", "--view", "detail", added).contains("After the snapshot"))
    }
}
