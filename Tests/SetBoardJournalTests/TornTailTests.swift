/// A last line cut short by a crash, at every possible byte: quarantined, every complete event kept, writable again.
import Foundation
import SetBoardCore
import Testing
@testable import SetBoardJournal

struct TornTailTests {
    static let eventCount: Int64 = 6

    /// Writes `eventCount` events through FileJournal itself, so the bytes are exactly what a real append leaves.
    func writtenBoard(in dir: ScratchDir) throws -> (board: String, bytes: [UInt8], records: [JournalRecord]) {
        let board = dir.sub("board")
        let journal = try FileJournal.create(directory: board, clock: FixedClock())
        for n in 1...Self.eventCount { try appendNote(journal, n) }
        return (board, Bytes.read(journal.journalPath), journal.records)
    }

    @Test func everyCutInsideTheLastLineIsQuarantinedAndTheRestKept() throws {
        let dir = try ScratchDir("torn")
        let (board, full, written) = try writtenBoard(in: dir)
        let lines = Bytes.lines(full).complete
        #expect(lines.count == Int(Self.eventCount))
        let lastStart = full.count - (lines.last?.count ?? 0)
        let journalPath = board + "/journal.log"
        let quarantinePath = board + "/journal.quarantine"
        var failures: [String] = []

        // Cut k bytes into the last line: from its first byte up to everything but its newline.
        for cut in (lastStart + 1)..<full.count {
            try? FileManager.default.removeItem(atPath: quarantinePath)
            try Bytes.write(Array(full[..<cut]), to: journalPath)
            let tail = Array(full[lastStart..<cut])
            func fail(_ what: String) { failures.append("cut at byte \(cut): \(what)") }

            let journal = try FileJournal.open(directory: board, clock: FixedClock())
            if journal.records != Array(written.prefix(lines.count - 1)) { fail("records \(journal.records.map(\.seq))") }
            if let reason = journal.readOnlyReason { fail("read-only: \(reason)") }
            if Bytes.read(journalPath) != Array(full[..<lastStart]) { fail("journal not cut back to the last newline") }
            let quarantined = Bytes.read(quarantinePath)
            if !(quarantined.starts(with: Array("# \(tail.count) bytes cut".utf8)) && quarantined.suffix(tail.count + 1) == (tail + [0x0A])[...]) {
                fail("quarantine holds \(quarantined.count) bytes, not the \(tail.count) torn ones")
            }
            if journal.warnings.count != 1 || !(journal.warnings.first ?? "").contains(quarantinePath) {
                fail("warnings \(journal.warnings)")
            }
            let next = try appendNote(journal, 100)
            if next?.seq != Self.eventCount { fail("the next append got seq \(String(describing: next?.seq))") }
            if (try JournalMaintenance.verify(directory: board)).isClean == false { fail("verify after append") }
            if failures.count > 10 { break }
        }
        #expect(failures.isEmpty, "\(failures.count) cuts went wrong:\n\(failures.prefix(10).joined(separator: "\n"))")
    }

    @Test func aCutAtALineBoundaryIsNotTorn() throws {
        let dir = try ScratchDir("torn")
        let (board, full, written) = try writtenBoard(in: dir)
        let lastLength = Bytes.lines(full).complete.last?.count ?? 0
        try Bytes.write(Array(full.dropLast(lastLength)), to: board + "/journal.log")
        let journal = try FileJournal.open(directory: board, clock: FixedClock())
        #expect(journal.records == Array(written.dropLast()))
        #expect(journal.warnings.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: journal.quarantinePath))
        #expect(try appendNote(journal, 100)?.seq == Self.eventCount)
    }

    @Test func theQuarantineKeepsEveryTornTailInTurn() throws {
        let dir = try ScratchDir("torn")
        let (board, full, _) = try writtenBoard(in: dir)
        let journalPath = board + "/journal.log"
        let first = Array("deadbeef {\"v\":1,\"seq\":7".utf8)
        let second = Array("0123".utf8)
        try Bytes.write(full + first, to: journalPath)
        _ = try FileJournal.open(directory: board, clock: FixedClock())
        try Bytes.write(full + second, to: journalPath)
        let journal = try FileJournal.open(directory: board, clock: FixedClock())
        let quarantined = Bytes.read(journal.quarantinePath)
        #expect(Bytes.contains(quarantined, first + [0x0A]))
        #expect(Bytes.contains(quarantined, second + [0x0A]))
        #expect(Bytes.read(journalPath) == full)
    }

    /// A reader without the lock may see another process's write half done; it must wait, not cut it off.
    @Test func anUnfinishedLineSeenByAReaderIsLeftAlone() throws {
        let dir = try ScratchDir("torn")
        let (board, full, _) = try writtenBoard(in: dir)
        let reader = try FileJournal.open(directory: board, clock: FixedClock())
        let next = fixedRecord(seq: Self.eventCount + 1).line
        let half = Array(next.prefix(next.count / 2))
        try Bytes.append(half, to: board + "/journal.log")

        #expect(try reader.readNew().isEmpty)
        #expect(Bytes.read(board + "/journal.log") == full + half)
        #expect(!FileManager.default.fileExists(atPath: reader.quarantinePath))
        #expect(reader.warnings.isEmpty)

        try Bytes.append(Array(next.dropFirst(half.count)), to: board + "/journal.log")
        #expect(try reader.readNew().map(\.seq) == [Self.eventCount + 1])
        #expect(reader.records.count == Int(Self.eventCount) + 1)
    }
}
