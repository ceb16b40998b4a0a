/// An open synced board reads only what each replica file gained since it read it, and still replays as a fresh
/// open would when a file shrank, was rewritten in place or vanished.
import Foundation
import SetBoardCore
import Testing
@testable import SetBoardJournal

@Suite struct SyncedRefreshTests {
    /// a, with b's events imported (enough of them that b's file is well over the tail read again), opened from its
    /// snapshot or by a replay of every replica.
    private func openBoard(fromSnapshot: Bool) throws -> (SyncedHosts, BoardStore, String) {
        let h = try SyncedHosts(["a", "b"])
        try h.add("a", "a 1")
        try h.send("a", to: "b")
        for i in 1...60 { try h.add("b", "b \(i), a title long enough to make the line a few hundred bytes long") }
        try h.send("b", to: "a")
        try h.expectSame("a", fromSnapshot: false)
        let open = try h.open("a", snapshots: fromSnapshot)
        #expect(open.syncedFromSnapshot == fromSnapshot)
        return (h, open, h.board("a") + "/replicas/" + (try h.rid("b")) + ".log")
    }

    private func size(_ path: String) -> Int { Bytes.read(path).count }

    /// The open board against a fresh open of the same board with every replica replayed from the start.
    private func expectFresh(_ open: BoardStore, _ h: SyncedHosts, _ comment: Comment,
                             sourceLocation: SourceLocation = #_sourceLocation) throws {
        let full = try h.open("a", snapshots: false)
        #expect(open.state.allTicketsInBoardOrder == full.state.allTicketsInBoardOrder, comment, sourceLocation: sourceLocation)
        #expect(open.replicaEventCounts == full.replicaEventCounts, comment, sourceLocation: sourceLocation)
        #expect(open.replicasSetAside == full.replicasSetAside, comment, sourceLocation: sourceLocation)
        #expect(open.newestClocks == full.newestClocks, comment, sourceLocation: sourceLocation)
        #expect(open.keyRenames == full.keyRenames, comment, sourceLocation: sourceLocation)
    }

    @Test(arguments: [false, true])
    func aRefreshReadsOnlyWhatAReplicaFileGained(fromSnapshot: Bool) throws {
        let (h, open, path) = try openBoard(fromSnapshot: fromSnapshot)
        let read = open.replicaBytesRead
        #expect(try !open.refresh())
        try open.perform(.move(key: "SET-1", to: .inProgress), actor: "a", now: h.clock.ms)
        #expect(try !open.refresh())
        #expect(open.replicaBytesRead == read, "nothing new in b's file: a refresh and a local change read none of it")

        let before = size(path)
        try h.send("a", to: "b")
        try h.add("b", "b, later")
        try h.change("b", .assign(key: "SET-2", assignee: "bob"))
        try h.send("b", to: "a")
        let gained = size(path) - before
        #expect(gained > 0)
        #expect(try open.refresh())
        let delta = open.replicaBytesRead - read
        #expect(delta >= gained && delta <= gained + ReplicaFileMark.tailBytes, "read \(delta) bytes for \(gained) new ones")
        #expect(delta < size(path) / 2, "b's file is \(size(path)) bytes: not read whole")
        #expect(open.syncedFromSnapshot == fromSnapshot, "put on top, not replayed")
        #expect(open.state.allTicketsInBoardOrder.contains { $0.title == "b, later" })
        try expectFresh(open, h, "events taken in on top equal a fresh open")
    }

    @Test func aReplicaFileRewrittenInPlaceIsReadWholeAgain() throws {
        let (h, open, path) = try openBoard(fromSnapshot: true)
        #expect(open.replicasSetAside.isEmpty)
        // One byte of b's first event's title, changed in place: same inode, same size, other bytes. The pause puts the
        // write on a later tick of the file system's clock than the import's.
        Thread.sleep(forTimeInterval: 0.05)
        var bytes = Bytes.read(path)
        let needle = Array("b 1,".utf8)
        let at = try #require((0..<(bytes.count - needle.count)).first { Array(bytes[$0..<($0 + needle.count)]) == needle })
        bytes[at] = UInt8(ascii: "c")
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.write(contentsOf: Data(bytes))
        try handle.close()
        #expect(try open.refresh())
        #expect(open.replicasSetAside[try h.rid("b")] != nil, "the changed line fails its check: b is set aside, as at a fresh open")
        try expectFresh(open, h, "a rewritten file is read whole, as a fresh open reads it")
    }

    @Test func aReplicaFileThatShrankOrVanishedIsReplayed() throws {
        let (h, open, path) = try openBoard(fromSnapshot: true)
        let events = try #require(open.replicaEventCounts[try h.rid("b")])
        // The last event cut off (whole lines stay): only a replay from the start says what the board is now.
        let bytes = Bytes.read(path)
        let lastLine = try #require(bytes.dropLast().lastIndex(of: 0x0A))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: UInt64(lastLine + 1))
        try handle.close()
        #expect(try open.refresh())
        #expect(open.replicaEventCounts[try h.rid("b")] == events - 1)
        try expectFresh(open, h, "shrunk")

        try FileManager.default.removeItem(atPath: path)
        #expect(try open.refresh())
        #expect(open.replicaEventCounts[try h.rid("b")] == nil)
        #expect(!open.state.allTicketsInBoardOrder.contains { $0.title.hasPrefix("b 1,") })
        try expectFresh(open, h, "vanished")
    }
}
