// A synced board's snapshot through the real binary: after a sync, a start shows byte for byte what a full replay shows.
import Foundation
import SetBoardJournal
import Testing

extension SyncWorld {
    /// `list --json`, `render` and `roster` with snapshots off: every replica replayed from the start.
    func replayedViews(_ name: String) throws -> [String] {
        let off = ["SETBOARD_SNAPSHOT": "off"]
        return try [["list", "--json"], ["render", "--size", "120x40"], ["roster"]].map { args in
            let r = try runner.run(args + ["--board", board(name)], environment: off)
            #expect(r.status == 0, "\(r.err)")
            return r.out
        }
    }
}

@Suite("Sync and snapshots", .serialized)
struct SyncSnapshotCLITests {
    /// The snapshot `sync` left for board `name`, decoded.
    func snapshot(_ w: SyncWorld, _ name: String) throws -> BoardSnapshot? {
        let root = w.runner.root.appendingPathComponent(".cache/setboard").path
        let rid = try w.replicaID(name)
        guard let dir = try FileManager.default.contentsOfDirectory(atPath: root).first(where: { $0.hasPrefix(rid + "-") }),
              let data = FileManager.default.contents(atPath: root + "/" + dir + "/snapshot") else { return nil }
        return try SnapshotFile.decode([UInt8](data)).get()
    }

    @Test(.enabled(if: SyncCLITests.hasGit))
    func afterASyncTheBoardOpensFromItsSnapshotAsAFullReplayShowsIt() throws {
        let w = try SyncWorld(["a", "b", "c"])
        try w.run("c", "add", "c, offline from the start") // reaches a only at the end: sorts before a's snapshot
        for i in 1...3 { try w.run("a", "add", "a \(i)") }
        try w.run("b", "add", "b 1") // SET-1 on b too: renamed in the one order
        for name in ["a", "b", "a"] { try w.run(name, "sync") }
        try w.run("b", "move", "SET-2", "--to", "in-progress")
        try w.run("b", "assign", "SET-1", "bob")
        try w.run("b", "add", "b 2")
        try w.run("b", "sync")
        let sync = try w.run("a", "sync")
        #expect(sync.out.contains("events came in"), "\(sync.out)")
        let written = try #require(try snapshot(w, "a"), "sync wrote a's snapshot")
        #expect(written.frontier != nil, "a synced board's snapshot carries its replicas' frontier")
        #expect(try w.views("a") == w.replayedViews("a"))
        #expect(try w.views("a") == w.views("b"), "a and b have seen the same events")

        // A change here, then an event that sorts before the snapshot: each start still shows the replayed board.
        try w.run("a", "move", "SET-3", "--to", "done")
        #expect(try w.views("a") == w.replayedViews("a"))
        try w.run("c", "sync")
        try w.run("a", "sync")
        let views = try w.views("a")
        #expect(views[0].contains("c, offline from the start"))
        #expect(views == (try w.replayedViews("a")))
    }

    /// `log` on a board that opens from its snapshot lists the other replicas' events from before the frontier, as
    /// the same `log` with snapshots off does.
    @Test(.enabled(if: SyncCLITests.hasGit))
    func logAfterASnapshotStartHoldsOtherReplicasEventsFromBeforeTheFrontier() throws {
        let w = try SyncWorld(["a", "b"])
        try w.run("b", "add", "made on b, before a's snapshot")
        try w.run("b", "sync")
        try w.run("a", "sync")
        #expect(try snapshot(w, "a")?.frontier != nil, "sync wrote a's snapshot")
        try w.run("a", "add", "made on a, after it")
        let log = try w.run("a", "log").out
        #expect(log.contains("made on b, before a's snapshot"), "\(log)")
        #expect(log.contains("made on a, after it"))
        let replayed = try w.runner.run(["log", "--board", w.board("a")], environment: ["SETBOARD_SNAPSHOT": "off"])
        #expect(log == replayed.out)
    }
}
