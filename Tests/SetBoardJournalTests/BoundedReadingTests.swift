/// Reading never depends on writing, and memory follows the events rather than the file: a full disk still shows the
/// board, and a journal with a huge tail (garbage, a sparse file) is read a chunk at a time and reported, not copied.
import Foundation
import SetBoardCore
import Testing
@testable import SetBoardJournal
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct BoundedReadingTests {
    let clock = FixedClock()

    @Test func aTornTailOnAFullDiskStillShowsTheBoardAndIsSetAsideLater() throws {
        let (board, _) = try SimulatedBoard.make(tickets: 2)
        let torn = Array("0badc0de {\"seq\":4".utf8)
        board.fs.overwrite(board.journalPath, with: board.journalBytes + torn)
        board.fs.fail(.init(.write, errno: ENOSPC, times: nil))

        let store = try board.openStore()
        #expect(store.state.tickets.count == 2)
        let reason = store.journal.readOnlyReason ?? ""
        #expect(reason.contains("could not be moved") && reason.contains("No space left"), "\(reason)")
        #expect(board.journalBytes.suffix(torn.count) == torn[...], "nothing was cut before it was copied")
        // A change on the full disk fails, saying so; once there is space, the next change sets the tail aside first.
        #expect(throws: JournalError.self) {
            try store.perform(.add(NewTicket(title: "third")), actor: "alice", now: clock.ms)
        }
        board.fs.clearFaults()
        try store.perform(.add(NewTicket(title: "third")), actor: "alice", now: clock.ms)
        #expect(store.state.tickets.count == 3)
        #expect(Bytes.contains(board.fs.contents(of: board.quarantinePath) ?? [], torn))
        #expect(store.journal.readOnlyReason == nil)
        #expect(try JournalMaintenance.verify(directory: board.directory, fileSystem: board.fs).isClean)
    }

    /// Garbage appended without a line break (here a 64 MB hole, as a sparse file is): the board reads its events
    /// in bounded chunks, reports the tail read-only, copies none of it, and `journal repair` sets it aside.
    @Test func aHugeTailIsReportedNotReadWholeNorCopied() throws {
        let dir = try ScratchDir("huge")
        let journal = try FileJournal.create(directory: dir.sub("board"), clock: clock)
        for n in 1...3 { try appendNote(journal, Int64(n)) }
        let valid = Bytes.read(journal.journalPath)
        let hole = 64 << 20
        #expect(truncate(journal.journalPath, off_t(valid.count + hole)) == 0)

        let reader = try FileJournal.open(directory: journal.directory, clock: clock)
        #expect(reader.records.count == 3)
        #expect(reader.bytesRead <= valid.count + 2 * FileJournal.readChunk, "read \(reader.bytesRead) bytes")
        #expect((reader.readOnlyReason ?? "").contains("journal repair"), "\(reader.readOnlyReason ?? "writable")")
        #expect(!FileManager.default.fileExists(atPath: reader.quarantinePath), "a huge tail is not copied")
        #expect(throws: JournalError.self) { try appendNote(reader, 4) }

        let verify = try JournalMaintenance.verify(directory: journal.directory)
        #expect(verify.validEvents == 3 && verify.tailBytes == hole)
        let repair = try JournalMaintenance.repair(directory: journal.directory, clock: clock)
        #expect(repair.keptEvents == 3 && repair.movedTailBytes == hole)
        let quarantine = Bytes.read(reader.quarantinePath)
        #expect(quarantine.count < 1_000 && String(decoding: quarantine, as: UTF8.self).contains("not copied"))
        #expect(Bytes.read(journal.journalPath) == valid)
        let backup = try #require(repair.backupPath)
        #expect(Bytes.read(backup).count == valid.count + hole, "the backup is the old file itself")
        let reopened = try FileJournal.open(directory: journal.directory, clock: clock)
        #expect(try appendNote(reopened, 4)?.seq == 4)
    }

    /// Many lines of garbage (damage, not a tail) are read chunk by chunk too: the events are all there.
    @Test func aJournalLargerThanAChunkIsReadWhole() throws {
        let dir = try ScratchDir("chunks")
        let board = dir.sub("board")
        let journal = try FileJournal.create(directory: board, clock: clock)
        let store = BoardStore(journal: journal)
        // One change far larger than a chunk, then single events after it.
        let script = BoardGenerator.script(tickets: 4_000, seed: 5, now: clock.ms)
        try store.append(script.map { NewEvent(type: $0.event.type, payload: $0.event.payload, at: $0.at, actor: $0.actor) },
                         actor: "alice")
        for n in 0..<20 { try appendNote(journal, Int64(n)) }
        let size = Bytes.read(board + "/journal.log").count
        #expect(size > FileJournal.readChunk, "the journal must span more than a chunk: \(size) bytes")
        let reader = try FileJournal.open(directory: board, clock: clock)
        #expect(reader.records.count == script.count + 20)
        #expect(reader.damage == nil && reader.warnings.isEmpty)
        let sameTickets = BoardStore(journal: reader).state.allTicketsInBoardOrder.map(\.key) == store.state.allTicketsInBoardOrder.map(\.key)
        #expect(sameTickets)
        #expect(try JournalMaintenance.verify(directory: board).validEvents == script.count + 20)
    }

    /// Damaged lines past the repair's budget are counted, not copied: garbage does not become a quarantine, or a
    /// buffer, of its own size. Every valid event is kept and the backup holds every byte.
    @Test func repairCopiesAtMostItsBudgetOfDamagedLines() throws {
        let dir = try ScratchDir("garbage")
        let journal = try FileJournal.create(directory: dir.sub("board"), clock: clock)
        try appendNote(journal, 1)
        let lineLength = 1_001
        let lines = JournalMaintenance.maxCopiedDamage / lineLength + 2_000
        var garbage = [UInt8](repeating: UInt8(ascii: "x"), count: lines * lineLength)
        for end in stride(from: lineLength - 1, to: garbage.count, by: lineLength) { garbage[end] = 0x0A }
        try Bytes.append(garbage, to: journal.journalPath)
        try Bytes.append(fixedRecord(seq: 2).line, to: journal.journalPath)

        let verify = try JournalMaintenance.verify(directory: journal.directory)
        #expect(verify.damagedLines == lines && verify.damaged.count == JournalMaintenance.maxListedDamage)
        #expect(verify.damaged.first?.line == 2 && verify.validEvents == 2)

        let repair = try JournalMaintenance.repair(directory: journal.directory, clock: clock)
        #expect(repair.movedLines == lines && repair.keptEvents == 2)
        let quarantine = Bytes.read(journal.quarantinePath)
        #expect(quarantine.count <= JournalMaintenance.maxCopiedDamage + 1_000, "\(quarantine.count) bytes")
        let text = String(decoding: quarantine.suffix(500), as: UTF8.self)
        #expect(text.contains("more damaged lines (lines ") && text.contains("not copied here"), "\(text)")
        #expect(try FileJournal.open(directory: journal.directory, clock: clock).records.map(\.seq) == [1, 2])
    }
}
