/// A disk that is full, failing or read-only, and a journal deleted under a running board: a clear "not saved", no half line.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SetBoardCore
import Testing
@testable import SetBoardJournal

struct WriteErrorTests {
    static let journal = SimulatedBoard.directory + "/journal.log"
    static let lock = SimulatedBoard.directory + "/journal.lock"

    /// A fault during an append and the error the user must get for it.
    struct Case: CustomTestStringConvertible, Sendable {
        var fault: SimulatedFileSystem.Fault
        var error: JournalError
        var testDescription: String { "\(fault.call) \(String(cString: strerror(fault.errno)))" }
    }

    static let cases: [Case] = [
        Case(fault: .init(.write, errno: ENOSPC, path: journal), error: .notSaved(operation: "write", path: journal, errno: ENOSPC)),
        // The disk fills up part way through the line: those bytes must not stay behind.
        Case(fault: .init(.write, errno: ENOSPC, path: journal, bytesWritten: 40),
             error: .notSaved(operation: "write", path: journal, errno: ENOSPC)),
        Case(fault: .init(.write, errno: EIO, path: journal, bytesWritten: 40), error: .notSaved(operation: "write", path: journal, errno: EIO)),
        // The whole line is written, then fdatasync fails: it is not on disk, so it must not stay in the file.
        Case(fault: .init(.sync, errno: EIO, path: journal), error: .notSaved(operation: "sync", path: journal, errno: EIO)),
        Case(fault: .init(.sync, errno: ENOSPC, path: journal), error: .notSaved(operation: "sync", path: journal, errno: ENOSPC)),
        // The second open of journal.log in an append is the one for writing (the first reads the tail).
        Case(fault: .init(.open, errno: EROFS, path: journal, skip: 1), error: .notSaved(operation: "open", path: journal, errno: EROFS)),
        Case(fault: .init(.open, errno: EROFS, path: lock), error: .notSaved(operation: "open the lock file", path: lock, errno: EROFS)),
        Case(fault: .init(.lock, errno: EIO, path: lock), error: .notSaved(operation: "lock", path: lock, errno: EIO)),
    ]

    @Test(arguments: cases) func aFailedAppendSavesNothingAndTheNextOneWorks(_ c: Case) throws {
        let (board, store) = try SimulatedBoard.make()
        let bytesBefore = board.journalBytes
        let stateBefore = store.state
        let recordsBefore = store.journal.records

        board.fs.fail(c.fault)
        #expect(throws: c.error) { try store.perform(.add(NewTicket(title: "Disk is full")), actor: "alice", now: board.clock.ms) }
        let after = board.journalBytes
        let unchanged = after == bytesBefore && board.fs.durableContents(of: board.journalPath) == bytesBefore
        #expect(unchanged, "the journal went from \(bytesBefore.count) to \(after.count) bytes: a half-written line stayed behind")
        #expect(store.state == stateBefore)
        #expect(store.journal.records == recordsBefore)
        #expect(store.journal.readOnlyReason == nil)

        let saved = try store.perform(.add(NewTicket(title: "Disk has room")), actor: "alice", now: board.clock.ms)
        #expect(saved.map(\.seq) == [4])
        #expect(saved.first?.payload["key"]?.stringValue == "SET-3")
        let reopened = try board.openStore()
        #expect(reopened.state == store.state)
        #expect(reopened.state.ticket("SET-3")?.title == "Disk has room")
        #expect(reopened.journal.warnings.isEmpty)
        #expect(try JournalMaintenance.verify(directory: board.directory, fileSystem: board.fs).isClean)
    }

    @Test func theMessageSaysNotSavedAndWhatToDo() {
        let path = "/srv/setboard/set/journal.log"
        #expect(JournalError.notSaved(operation: "write", path: path, errno: ENOSPC).description
            == "cannot write \(path): No space left on device — the change was not saved; free some space and try again")
        #expect(JournalError.notSaved(operation: "write", path: path, errno: ENOSPC).whyNotSaved
            == "cannot write \(path): No space left on device — free some space and try again")
        #expect(JournalError.notSaved(operation: "sync", path: path, errno: EIO).description
            == "cannot sync \(path): Input/output error — the change was not saved; the disk reported an error: check it and the system log (dmesg), then try again")
        #expect(JournalError.notSaved(operation: "open", path: path, errno: EROFS).description
            == "cannot open \(path): Read-only file system — the change was not saved; the file system is mounted read-only: remount it read-write (or ask an admin), then try again")
        #expect(JournalError.replaced(path).whyNotSaved == JournalError.replaced(path).description)
    }

    /// A disk that stays full: every attempt fails the same clear way, and none leaves bytes behind.
    @Test func aDiskThatStaysFullRefusesEveryAppendCleanly() throws {
        let (board, store) = try SimulatedBoard.make()
        let before = board.journalBytes
        board.fs.fail(.init(.write, errno: ENOSPC, path: board.journalPath, times: nil, bytesWritten: 25))
        for n in 0..<3 {
            #expect(throws: JournalError.notSaved(operation: "write", path: board.journalPath, errno: ENOSPC)) {
                try store.perform(.add(NewTicket(title: "try \(n)")), actor: "alice", now: board.clock.ms)
            }
            let unchanged = board.journalBytes == before
            #expect(unchanged, "attempt \(n) left \(board.journalBytes.count - before.count) bytes behind")
        }
        board.fs.clearFaults()
        #expect(try store.perform(.add(NewTicket(title: "room again")), actor: "alice", now: board.clock.ms).map(\.seq) == [4])
    }

    /// If even cutting the half line back fails, its bytes could be read as events later: the board stops taking
    /// changes and says to reopen, and reopening sets the torn bytes aside.
    @Test func aFailedWriteThatCannotBeUndoneStopsFurtherChanges() throws {
        let (board, store) = try SimulatedBoard.make()
        let before = board.journalBytes
        board.fs.fail(.init(.write, errno: EIO, path: board.journalPath, bytesWritten: 30))
        board.fs.fail(.init(.truncate, errno: EIO, path: board.journalPath))
        #expect(throws: JournalError.notSaved(operation: "write", path: board.journalPath, errno: EIO)) {
            try store.perform(.add(NewTicket(title: "lost")), actor: "alice", now: board.clock.ms)
        }
        let reason = try #require(store.journal.readOnlyReason)
        #expect(reason.contains("could not be undone; reopen the board"))
        #expect(throws: JournalError.readOnly(reason)) {
            try store.perform(.add(NewTicket(title: "next")), actor: "alice", now: board.clock.ms)
        }
        #expect(board.journalBytes.count == before.count + 30)

        let reopened = try board.openStore()
        #expect(reopened.journal.readOnlyReason == nil)
        #expect(reopened.journal.warnings.count == 1)
        let cutBack = board.journalBytes == before
        #expect(cutBack)
        #expect(reopened.state == store.state)
    }

    @Test func aJournalDeletedUnderARunningBoardSaysSo() throws {
        let (board, store) = try SimulatedBoard.make()
        let stateBefore = store.state
        board.fs.remove(board.journalPath)
        let replaced = JournalError.replaced(board.journalPath)
        #expect(replaced.description == "the journal \(board.journalPath) was deleted, replaced or cut short while open — nothing more can be saved to it; reopen the board")
        #expect(throws: replaced) { try store.perform(.add(NewTicket(title: "into the void")), actor: "alice", now: board.clock.ms) }
        #expect(throws: replaced) { try store.refresh() }
        #expect(board.fs.contents(of: board.journalPath) == nil, "the append made a new journal")
        #expect(store.state == stateBefore)
    }

    @Test func aJournalReplacedByAnotherFileSaysSo() throws {
        let (board, store) = try SimulatedBoard.make()
        let old = board.journalBytes
        board.fs.remove(board.journalPath)
        let other = try board.fs.open(board.journalPath, flags: O_WRONLY | O_CREAT)
        try other.writeAll(old)
        #expect(throws: JournalError.replaced(board.journalPath)) {
            try store.perform(.add(NewTicket(title: "x")), actor: "alice", now: board.clock.ms)
        }
        let untouched = board.journalBytes == old
        #expect(untouched)
    }

    @Test func aBoardDirectoryDeletedUnderARunningBoardSaysSo() throws {
        let (board, store) = try SimulatedBoard.make()
        board.fs.remove(board.directory)
        #expect(throws: JournalError.replaced(board.journalPath)) {
            try store.perform(.add(NewTicket(title: "x")), actor: "alice", now: board.clock.ms)
        }
        #expect(throws: JournalError.replaced(board.journalPath)) { try store.refresh() }
    }

    /// A read-only mount is not a permission problem, and the board says which it is.
    @Test func aReadOnlyMountOpensTheBoardReadOnlyAndSaysWhy() throws {
        let (board, _) = try SimulatedBoard.make()
        board.fs.isReadOnly = true
        let store = try board.openStore()
        #expect(store.journal.readOnlyReason == "\(board.journalPath) is on a file system mounted read-only")
        #expect(store.state.tickets.count == 2)
        #expect(throws: JournalError.self) { try store.perform(.add(NewTicket(title: "x")), actor: "alice", now: board.clock.ms) }
    }

    /// `append` without a decision: when its write fails, what it caught up on from another writer is still applied
    /// (the journal has read those records and will not hand them out again).
    @Test func aFailedPlainAppendStillAppliesWhatItCaughtUpOn() throws {
        let (board, store) = try SimulatedBoard.make()
        let other = try board.openStore()
        try other.perform(.add(NewTicket(title: "from the other writer")), actor: "bob", now: board.clock.ms)
        board.fs.fail(.init(.write, errno: ENOSPC, path: board.journalPath))
        #expect(throws: JournalError.self) {
            try store.append([NewEvent(type: "test.noted", payload: .object([("n", .int(1))]))], actor: "alice")
        }
        #expect(store.state.ticket("SET-3")?.title == "from the other writer")
        #expect(try store.refresh() == false)
        #expect(store.state == other.state)
    }
}
