/// The snapshot cache as an attack surface: a cache others can write is not used, a snapshot that is not the user's
/// own is never shown, and writing one neither follows planted links nor leaves temp files behind.
import Foundation
import SetBoardCore
import Testing
@testable import SetBoardJournal
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct SnapshotCacheTests {
    let clock = FixedClock()

    /// A board with one ticket titled "Real", its snapshot policy (cache inside `dir`) and its snapshot's path.
    func board(_ dir: ScratchDir) throws -> (board: String, policy: SnapshotPolicy, path: String) {
        let board = dir.sub("board")
        let store = BoardStore(journal: try FileJournal.create(directory: board, clock: clock))
        try store.perform(.initBoard(name: "SET board", prefix: "SET"), actor: "alice", now: clock.ms)
        try store.perform(.add(NewTicket(title: "Real", tier: .customer)), actor: "alice", now: clock.ms)
        let policy = SnapshotPolicy(cacheHome: dir.sub("cache"), rewriteAfter: 1_000_000)
        return (board, policy, try #require(SnapshotFile.path(cacheHome: policy.cacheHome, boardDirectory: board)))
    }

    /// A snapshot that matches the board's journal position but shows a board with a ticket the journal never had.
    func forgedSnapshot(for board: String, _ dir: ScratchDir) throws -> [UInt8] {
        let position = try #require(try FileJournal.open(directory: board, clock: clock).position)
        let other = BoardStore(journal: try FileJournal.create(directory: dir.sub("forger"), clock: clock))
        try other.perform(.initBoard(name: "SET board", prefix: "SET"), actor: "alice", now: clock.ms)
        try other.perform(.add(NewTicket(title: "Real", tier: .customer)), actor: "alice", now: clock.ms)
        try other.perform(.add(NewTicket(title: "Forged: pay invoice 4711", tier: .community)), actor: "alice", now: clock.ms)
        return SnapshotFile.encode(BoardSnapshot(position: position, board: other.state, otherEvents: []))
    }

    func titles(_ store: BoardStore) -> [String] { store.state.allTicketsInBoardOrder.map(\.title) }

    @Test func aForgedSnapshotInACacheOthersCanWriteIsNotShown() throws {
        let dir = try ScratchDir("cache")
        let (board, policy, path) = try board(dir)
        let forged = try forgedSnapshot(for: board, dir)
        let id = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: id, withIntermediateDirectories: true)
        chmod((id as NSString).deletingLastPathComponent, 0o777)
        try Bytes.write(forged, to: path)

        let store = try BoardStore.open(directory: board, clock: clock, snapshots: policy)
        #expect(titles(store) == ["Real"])
        #expect(store.notes.count == 1 && store.notes[0].hasPrefix("not using snapshots: others can write in"), "\(store.notes)")
        #expect(store.snapshotPath == nil)
        // Said once per start, and nothing is written into the untrusted cache.
        store.catchUpSnapshot()
        #expect(Bytes.read(path) == forged)
    }

    @Test(.enabled(if: isRoot, "only root can give a file to another account"))
    func aSnapshotOwnedByAnotherAccountIsNotShown() throws {
        let dir = try ScratchDir("cache")
        let (board, policy, path) = try board(dir)
        let forged = try forgedSnapshot(for: board, dir)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Bytes.write(forged, to: path)
        #expect(chown(path, 4242, 4242) == 0)

        let store = try BoardStore.open(directory: board, clock: clock, snapshots: policy)
        #expect(titles(store) == ["Real"])
        #expect(store.notes.contains { $0.contains("belongs to another account (uid 4242)") }, "\(store.notes)")
    }

    @Test func aCacheDirectoryThatIsALinkIsNotUsed() throws {
        let dir = try ScratchDir("cache")
        let (board, policy, path) = try board(dir)
        let elsewhere = dir.sub("elsewhere")
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: false)
        try FileManager.default.createDirectory(atPath: policy.cacheHome + "/setboard", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: (path as NSString).deletingLastPathComponent, withDestinationPath: elsewhere)

        let store = try BoardStore.open(directory: board, clock: clock, snapshots: policy)
        #expect(store.notes.contains { $0.contains("symbolic link") }, "\(store.notes)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere).isEmpty)
    }

    @Test func aFIFOAtTheSnapshotPathDoesNotHang() throws {
        let dir = try ScratchDir("cache")
        let (board, policy, path) = try board(dir)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        #expect(mkfifo(path, 0o600) == 0)
        let clock = self.clock
        let outcome = finishes(within: 10) { () -> String in
            do {
                let store = try BoardStore.open(directory: board, clock: clock, snapshots: policy)
                return store.state.allTicketsInBoardOrder.map(\.title).joined() + " | " + store.notes.joined()
            } catch {
                return "error \(error)"
            }
        }
        let text = try #require(outcome, "opening with a FIFO as the snapshot hung")
        #expect(text.hasPrefix("Real | ") && text.contains("FIFO"), "\(text)")
    }

    @Test func writingASnapshotNeverFollowsAPlantedTempLink() throws {
        let dir = try ScratchDir("cache")
        let victim = try VictimFile(in: dir)
        let (board, policy, path) = try board(dir)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let me = Int(getpid())
        for pid in max(1, me - 20)...(me + 20) {
            try FileManager.default.createSymbolicLink(atPath: path + ".tmp-\(pid)", withDestinationPath: victim.path)
        }
        let store = try BoardStore.open(directory: board, clock: clock, snapshots: policy)
        #expect(try store.writeSnapshot(to: path) == 2)
        victim.expectUntouched()
        #expect(!isSymbolicLink(path))
        let reopened = try BoardStore.open(directory: board, clock: clock, snapshots: policy)
        #expect(reopened.notes.isEmpty && titles(reopened) == ["Real"], "\(reopened.notes)")
    }

    @Test func aFailedSnapshotWriteLeavesNoTempFile() throws {
        for call in [SimulatedFileSystem.Call.write, .sync, .rename] {
            let fs = SimulatedFileSystem()
            try fs.makeDirectories("/home/a")
            let journal = try FileJournal.create(directory: "/home/a/board", clock: clock, fileSystem: fs)
            try appendNote(journal, 1)
            let store = BoardStore(journal: journal)
            fs.fail(.init(call, errno: ENOSPC))
            #expect(throws: JournalError.self) { try store.writeSnapshot(to: "/home/a/cache/setboard/b-1/snapshot") }
            #expect(!fs.names(in: "/home/a/cache/setboard/b-1").contains { $0.contains(".tmp-") },
                    "\(call): \(fs.names(in: "/home/a/cache/setboard/b-1"))")
        }
    }
}
