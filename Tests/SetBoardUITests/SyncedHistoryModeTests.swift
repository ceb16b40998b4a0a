// History mode on a synced board, through the real driver: it replays every replica's events, renames applied.
import Foundation
import Testing
import SetBoardCore
import SetBoardJournal
import SetBoardApp
@testable import SetBoardUI

@Suite struct SyncedHistoryModeTests {
    /// a and b each make SET-1 offline; b moves its own. With b's journal imported on a, history mode on a holds
    /// b's events, reaches the board a shows (b's ticket renamed, in progress) and tells b's move in its detail view.
    @Test func historyModeOnASyncedBoardReplaysEveryReplica() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("setboard-synced-history-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let clock = SettableClock(TestTime.now - 3 * TestTime.hour)
        let a = BoardStore(journal: try FileJournal.create(directory: root.appendingPathComponent("a").path, clock: clock))
        let b = BoardStore(journal: try FileJournal.create(directory: root.appendingPathComponent("b").path, clock: clock))
        try a.perform(.initBoard(name: "SET board", prefix: "SET"), actor: "alice", now: clock.ms)
        try b.perform(.initBoard(name: "SET board", prefix: "SET"), actor: "bob", now: clock.ms)
        // b's SET-1 comes later in the one order (one more event before it), so it is the one renamed.
        try b.perform(.changeSettings(tierOrder: nil, stuckLimits: [.inProgress: 3]), actor: "bob", now: clock.ms)
        try a.perform(.add(NewTicket(title: "made on a")), actor: "alice", now: clock.ms)
        try b.perform(.add(NewTicket(title: "made on b")), actor: "bob", now: clock.ms)
        clock.ms = TestTime.now - TestTime.hour
        try b.perform(.move(key: "SET-1", to: .inProgress), actor: "bob", now: clock.ms)
        let bFile = try #require(b.journal as? FileJournal)
        let replicas = root.appendingPathComponent("a/replicas")
        try FileManager.default.createDirectory(at: replicas, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: bFile.journalPath, toPath: replicas.appendingPathComponent("\(bFile.replica).log").path)

        clock.ms = TestTime.now
        let store = try BoardStore.open(directory: root.appendingPathComponent("a").path, clock: clock, snapshots: nil)
        #expect(store.isMerged)
        let renamed = try #require(store.state.tickets.values.first { $0.title == "made on b" })
        #expect(renamed.key == "SET-2" && renamed.column == .inProgress)
        let driver = BoardDriver(store: store, clock: clock, actor: "alice")
        driver.enterHistory()
        let history = try #require(driver.history)
        #expect(history.records.count == 6, "a's 2 events and b's 4")
        #expect(history.records.contains { $0.actor == "bob" })
        #expect(history.board.state.ticket("SET-2")?.title == "made on b")
        #expect(history.board.state.ticket("SET-2")?.column == .inProgress)
        #expect(history.board.state.ticket("SET-1")?.title == "made on a")
        #expect(history.lastEvent?.event?.summary.contains("SET-2 moved TO DO → IN PROGRESS") == true)
        let lines = driver.context().history.lines(of: "SET-2").map(\.text)
        #expect(lines.contains { $0.contains("SET-2 moved TO DO → IN PROGRESS") }, "\(lines)")
        // One step back: before b's move, b's ticket is still in TO DO.
        _ = driver.apply(.char(","))
        #expect(driver.history?.board.state.ticket("SET-2")?.column == .todo)
    }
}
