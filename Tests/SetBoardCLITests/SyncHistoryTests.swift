// A synced board's history reads every replica: log, show, show --at and the key renames of every event family.
import Foundation
import Testing

@Suite("Sync: history and renames across replicas", .serialized)
struct SyncHistoryTests {
    /// b moves a ticket a made; after a sync, a's `log`, `log --ticket`, `show` and `show --at` tell b's move.
    @Test(.enabled(if: SyncCLITests.hasGit))
    func logShowAndThePastTellAnotherReplicasEvent() throws {
        let w = try SyncWorld(["a", "b"])
        try w.run("a", "add", "made on a")
        try w.run("a", "sync")
        try w.run("b", "sync")
        w.runner.now = "2026-11-24T11:00:00Z"
        try w.run("b", "move", "SET-1", "--to", "in-progress")
        try w.run("b", "sync")
        try w.run("a", "sync")
        w.runner.now = "2026-11-24T13:00:00Z"
        let moved = "SET-1 moved TO DO → IN PROGRESS"
        let log = try w.run("a", "log").out
        #expect(log.contains(moved), "log: \(log)")
        #expect(log.contains("\"made on a\""), "log: \(log)")
        let ofTicket = try w.run("a", "log", "--ticket", "SET-1").out
        #expect(ofTicket.contains(moved))
        // Numbered by the place in the one order, as the whole log numbers them.
        let line = try #require(ofTicket.split(separator: "\n").first { $0.contains(moved) })
        #expect(log.split(separator: "\n").contains(line), "\(line) in \(log)")
        #expect(try w.run("a", "show", "SET-1").out.contains(moved))
        let past = try w.run("a", "show", "SET-1", "--at", "2026-11-24T12:00:00Z").out
        #expect(past.contains(moved), "show --at: \(past)")
        let before = try w.run("a", "show", "SET-1", "--at", "2026-11-24T10:30:00Z").out
        #expect(!before.contains(moved), "show --at before the move: \(before)")
        // The log is one order on both hosts, once b has a's record of the sync.
        try w.run("b", "sync")
        #expect(try w.run("a", "log", "--json").out == w.run("b", "log", "--json").out)
    }

    /// The case: b opens an incident for its offline SET-1, which the sync renames; the incident stays on
    /// b's ticket on both hosts, and that ticket's history tells b's events by its new key.
    @Test(.enabled(if: SyncCLITests.hasGit))
    func anIncidentOpenedForARenamedKeyStaysOnItsTicket() throws {
        let w = try SyncWorld(["a", "b"])
        // One more event on b first, so b's SET-1 comes later in the one order and is the one renamed.
        try w.run("b", "settings", "set", "stuck", "--column", "in-progress", "3d")
        try w.run("a", "add", "made on a")
        try w.run("b", "add", "made on b")
        try w.run("b", "incident", "open", "--level", "L1", "--ticket", "SET-1", "made on b is down")
        try w.run("b", "move", "SET-1", "--to", "in-progress")
        for name in ["a", "b", "a"] { try w.run(name, "sync") }
        for name in ["a", "b"] {
            let ofA = try w.run(name, "show", "SET-1", "--json").out
            let ofB = try w.run(name, "show", "SET-2", "--json").out
            #expect(ofA.contains("made on a") && ofB.contains("made on b"), "\(name): \(ofA) \(ofB)")
            #expect(ofB.contains("\"incident\":\"INC-1\""), "\(name): the incident is on b's ticket: \(ofB)")
            #expect(!ofA.contains("INC-1"), "\(name): a's ticket has no incident: \(ofA)")
            let history = try w.run(name, "show", "SET-2").out
            #expect(history.contains("SET-2 moved TO DO → IN PROGRESS"), "\(name): \(history)")
        }
    }

    /// The weekly project status on a synced board tells a move made on another host.
    @Test(.enabled(if: SyncCLITests.hasGit))
    func theProjectStatusTellsAnotherReplicasMove() throws {
        let w = try SyncWorld(["a", "b"])
        try w.run("a", "add", "made on a")
        try w.run("a", "project", "new", "Proj", "--dri", "alice")
        try w.run("a", "project", "task", "link", "SET-1", "PRJ-1")
        for name in ["a", "b"] { try w.run(name, "sync") }
        w.runner.now = "2026-11-24T11:00:00Z"
        try w.run("b", "move", "SET-1", "--to", "in-progress")
        for name in ["b", "a"] { try w.run(name, "sync") }
        w.runner.now = "2026-11-24T12:00:00Z"
        let status = try w.run("a", "project", "status").out
        #expect(status.contains("2026-11-24 11:00 @root: SET-1 moved TO DO → IN PROGRESS"), "\(status)")
    }
}
