/// What the full-screen board says as it opens: a snapshot set aside is shown in the footer, not only on a stderr
/// that the screen covers at once.
import Testing
import SetBoardCore
import SetBoardJournal
import SetBoardApp
@testable import SetBoardUI

@Suite struct OpeningMessageTests {
    @Test func aSnapshotThatWasNotUsedIsSaidInTheFooter() throws {
        let fs = SimulatedFileSystem()
        let clock = SettableClock(TestTime.now)
        let store = BoardStore(journal: try FileJournal.create(directory: "/srv/set", clock: clock, fileSystem: fs))
        try store.perform(.initBoard(name: "SET board", prefix: "SET"), actor: "alice", now: TestTime.now)
        try store.perform(.add(NewTicket(title: "Login loop")), actor: "alice", now: TestTime.now)
        let policy = SnapshotPolicy(cacheHome: "/home/alice/.cache", rewriteAfter: 1_000_000)
        let path = try #require(SnapshotFile.path(cacheHome: policy.cacheHome, boardDirectory: "/srv/set", fileSystem: fs))
        try store.writeSnapshot(to: path)

        let quiet = BoardDriver(store: try BoardStore.open(directory: "/srv/set", clock: clock, snapshots: policy,
                                                           fileSystem: fs), clock: clock, actor: "alice")
        #expect(quiet.model.message == nil, "a good snapshot is used without a word")

        var bytes = try fs.readAll(path)
        bytes[bytes.count - 3] ^= 0x40
        try fs.writeDurably(bytes, to: path, directory: String(path.prefix(upTo: path.lastIndex(of: "/")!)), mode: 0o600)
        let reopened = try BoardStore.open(directory: "/srv/set", clock: clock, snapshots: policy, fileSystem: fs)
        let driver = BoardDriver(store: reopened, clock: clock, actor: "alice")
        let message = try #require(driver.model.message)
        #expect(message.kind == .error)
        #expect(message.text.contains("was not used: its checksum does not match"), "\(message.text)")
        #expect(reopened.state.ticket("SET-1")?.title == "Login loop")
    }
}
