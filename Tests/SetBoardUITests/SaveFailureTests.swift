/// Keys on a board whose disk fails (the real FileJournal over a simulated disk): the input stays, the footer says
/// the change was not saved and why, and nothing on the board moves.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
import SetBoardCore
import SetBoardJournal
@testable import SetBoardUI

@Suite struct SaveFailureTests {
    static let directory = "/srv/setboard/set"
    static let journalPath = directory + "/journal.log"
    let fs = SimulatedFileSystem()

    /// The crafted board in rule order, written through a FileJournal on the simulated disk.
    func board() throws -> BoardHarness {
        let clock = SettableClock(TestTime.now)
        let journal = try FileJournal.create(directory: Self.directory, clock: clock, fileSystem: fs)
        return try CraftedBoard.inRuleOrder(on: BoardHarness(journal: journal, clock: clock))
    }

    var journalBytes: [UInt8] { fs.contents(of: Self.journalPath) ?? [] }

    @Test func aFullDiskKeepsTheAddFormWithItsTextAndSavesNothing() throws {
        let h = try board()
        let before = journalBytes
        h.press(.char("a"))
        h.type("Disk is full")
        fs.fail(.init(.write, errno: ENOSPC, path: Self.journalPath, bytesWritten: 17))
        h.press(.enter)

        h.expectFormKept(title: "Disk is full",
                         footer: " not saved: cannot write \(Self.journalPath): No space left on device — free some space and try again")
        #expect(h.model.message?.kind == .error)
        #expect(h.store.state.ticket("SET-9") == nil)
        #expect(h.store.state.keys(in: .todo) == ["SET-1", "SET-2", "SET-4", "SET-5"])
        let unchanged = journalBytes == before
        #expect(unchanged, "the failed write left \(journalBytes.count - before.count) bytes in the journal")

        // Room again: the same Enter saves the same input.
        h.press(.enter)
        #expect(h.model.mode == .board)
        #expect(h.store.state.ticket("SET-9")?.title == "Disk is full")
        #expect(h.selected == "SET-9")
        #expect(h.grid(120, 24).lines()[23] == " saved · added SET-9")
        #expect(try SetBoardJournal.FileJournal.open(directory: Self.directory, clock: h.clock, fileSystem: fs).records == h.journal.records)
    }

    @Test func aFailedSyncLeavesTheCardWhereItWasAndTheNextMoveWorks() throws {
        let h = try board()
        let before = journalBytes
        #expect(h.selected == "SET-1")
        fs.fail(.init(.sync, errno: EIO, path: Self.journalPath))
        h.press(.char("J"))

        #expect(h.store.state.keys(in: .todo) == ["SET-1", "SET-2", "SET-4", "SET-5"])
        #expect(h.store.state.ticket("SET-1")?.movedByHand == nil)
        #expect(h.selected == "SET-1")
        #expect(h.model.message?.kind == .error)
        #expect(h.model.message?.text == "not saved: cannot sync \(Self.journalPath): Input/output error — the disk reported an error: check it and the system log (dmesg), then try again")
        #expect(h.grid(80, 24).lines()[23].hasPrefix(" not saved: cannot sync \(Self.journalPath): Input/output"))
        let unchanged = journalBytes == before
        #expect(unchanged, "the unsynced line stayed in the journal")

        h.press(.char("J"))
        #expect(h.store.state.keys(in: .todo) == ["SET-2", "SET-1", "SET-4", "SET-5"])
        #expect(h.selected == "SET-1")
        #expect(h.grid(80, 24).lines()[23].hasPrefix(" saved · "))
    }

    @Test func aFileSystemRemountedReadOnlySaysSoOnAMove() throws {
        let h = try board()
        fs.isReadOnly = true
        h.press(.char("J"))
        #expect(h.store.state.keys(in: .todo) == ["SET-1", "SET-2", "SET-4", "SET-5"])
        // The lock is taken on a read-only descriptor (flock needs no write access), so the refusal comes from the
        // journal itself.
        #expect(h.model.message?.text == "not saved: cannot open \(Self.journalPath): Read-only file system — the file system is mounted read-only: remount it read-write (or ask an admin), then try again")
    }

    @Test func aJournalDeletedWhileTheBoardIsOpenSaysToReopen() throws {
        let h = try board()
        fs.remove(Self.journalPath)
        let said = "the journal \(Self.journalPath) was deleted, replaced or cut short while open — nothing more can be saved to it; reopen the board"

        // The poll notices first, and says it once.
        #expect(h.driver.refresh())
        #expect(h.model.message == Message(text: said, kind: .error))
        #expect(h.driver.refresh() == false)

        h.press(.char("J"))
        #expect(h.store.state.keys(in: .todo) == ["SET-1", "SET-2", "SET-4", "SET-5"])
        #expect(h.model.message == Message(text: "not saved: " + said, kind: .error))
        #expect(fs.contents(of: Self.journalPath) == nil, "the move made a new, empty journal")
    }
}
