/// Every byte of a small journal damaged in turn: open never crashes, the damage is named, repair keeps the rest.
import Foundation
import SetBoardCore
import Testing
@testable import SetBoardJournal

struct ByteFlipTests {
    /// Four fixed events, so the bytes (and so every damaged variant) are the same on every run.
    static let records = (1...4).map { fixedRecord(seq: Int64($0), note: "n\($0)") }

    enum Damage: CustomStringConvertible {
        case flipLowBit, newline
        var description: String { self == .flipLowBit ? "xor 0x01" : "'\\n'" }
        func apply(_ b: UInt8) -> UInt8 { self == .flipLowBit ? b ^ 0x01 : 0x0A }
    }

    /// What must happen, worked out from where the byte sits in the original lines (not from the scanner).
    struct Expected {
        var torn = false
        /// 1-based line numbers, in the damaged file, that verify must report.
        var damagedLines: [Int] = []
        /// Indexes of the original lines that must survive, byte for byte.
        var survivors: [Int] = []
    }

    static func expected(position p: Int, damage: Damage, lines: [[UInt8]]) -> Expected {
        var start = 0
        var index = 0
        while start + lines[index].count <= p { start += lines[index].count; index += 1 }
        let isNewline = p == start + lines[index].count - 1
        let last = lines.count - 1
        var e = Expected()
        switch (damage, isNewline) {
        case (.flipLowBit, true) where index == last:
            // The last line lost its newline: exactly what a crash mid-write leaves.
            e.torn = true
            e.survivors = Array(0..<last)
        case (.flipLowBit, true):
            e.damagedLines = [index + 1]
            e.survivors = (0...last).filter { $0 != index && $0 != index + 1 }
        case (.flipLowBit, false):
            e.damagedLines = [index + 1]
            e.survivors = (0...last).filter { $0 != index }
        case (.newline, _):
            e.damagedLines = [index + 1, index + 2]
            e.survivors = (0...last).filter { $0 != index }
        }
        return e
    }

    @Test(arguments: [Damage.flipLowBit, .newline])
    func everyDamagedByteIsFoundAndRepairedWithoutLosingAnEvent(damage: Damage) throws {
        let dir = try ScratchDir("flip")
        let original = Self.records.flatMap(\.line)
        let lines = Bytes.lines(original).complete
        var failures: [String] = []
        for p in original.indices where !(damage == .newline && original[p] == 0x0A) {
            let board = dir.sub("b\(p)")
            _ = try makeBoard(at: board, records: Self.records)
            var bytes = original
            bytes[p] = damage.apply(bytes[p])
            try Bytes.write(bytes, to: board + "/journal.log")
            let e = Self.expected(position: p, damage: damage, lines: lines)
            failures += check(board: board, damaged: bytes, lines: lines, expected: e).map { "byte \(p) \(damage): \($0)" }
            try? FileManager.default.removeItem(atPath: board)
            if failures.count > 10 { break }
        }
        #expect(failures.isEmpty, "\(failures.count) problems:\n\(failures.prefix(10).joined(separator: "\n"))")
    }

    /// Returns what went wrong for one damaged file; empty when everything held.
    func check(board: String, damaged: [UInt8], lines: [[UInt8]], expected e: Expected) -> [String] {
        var problems: [String] = []
        let survivorRecords = e.survivors.map { Self.records[$0] }
        let survivorBytes = e.survivors.flatMap { lines[$0] }
        do {
            let report = try JournalMaintenance.verify(directory: board)
            if report.damaged.map(\.line) != e.damagedLines { problems.append("verify named lines \(report.damaged.map(\.line))") }
            if (report.tailBytes > 0) != e.torn { problems.append("verify saw \(report.tailBytes) tail bytes") }
            if report.validEvents != survivorRecords.count { problems.append("verify counted \(report.validEvents) valid") }

            let opened = try FileJournal.open(directory: board, clock: FixedClock())
            if opened.records != survivorRecords { problems.append("open read seqs \(opened.records.map(\.seq))") }
            if e.torn {
                if opened.isReadOnly { problems.append("a torn tail made the board read-only") }
                if opened.warnings.count != 1 { problems.append("warnings \(opened.warnings)") }
                if Bytes.read(board + "/journal.log") != survivorBytes { problems.append("the torn tail was not cut") }
                return problems
            }
            let first = e.damagedLines[0]
            if opened.damage?.line != first { problems.append("damage at \(String(describing: opened.damage))") }
            if !(opened.readOnlyReason ?? "").contains("line \(first) ") { problems.append("reason \(String(describing: opened.readOnlyReason))") }
            do {
                _ = try appendNote(opened, 99)
                problems.append("a damaged journal accepted an append")
            } catch JournalError.readOnly {
            }
            if Bytes.read(board + "/journal.log") != damaged { problems.append("open or append changed the damaged file") }

            let repair = try JournalMaintenance.repair(directory: board, clock: FixedClock())
            if repair.keptEvents != survivorRecords.count || repair.movedLines != e.damagedLines.count {
                problems.append("repair kept \(repair.keptEvents), moved \(repair.movedLines)")
            }
            if let backup = repair.backupPath {
                if Bytes.read(backup) != damaged { problems.append("the backup differs from the damaged file") }
            } else {
                problems.append("repair left no backup")
            }
            if Bytes.read(board + "/journal.log") != survivorBytes { problems.append("repair did not keep the undamaged lines verbatim") }
            let quarantined = Bytes.read(board + "/journal.quarantine")
            let lost = Bytes.lines(damaged).complete.filter { !lines.contains($0) }
            if !lost.allSatisfy({ Bytes.contains(quarantined, $0) }) { problems.append("a damaged line is missing from the quarantine") }

            let reopened = try FileJournal.open(directory: board, clock: FixedClock())
            if reopened.isReadOnly || reopened.records != survivorRecords { problems.append("after repair: \(String(describing: reopened.readOnlyReason))") }
            let next = try appendNote(reopened, 99)
            if (next?.seq ?? 0) <= (survivorRecords.last?.seq ?? 0) { problems.append("after repair the append got seq \(String(describing: next?.seq))") }
        } catch {
            problems.append("threw \(error)")
        }
        return problems
    }

    @Test func theExpectationsCoverEachKindOfPlace() {
        let lines = Bytes.lines(Self.records.flatMap(\.line)).complete
        let firstNewline = lines[0].count - 1
        #expect(Self.expected(position: 0, damage: .flipLowBit, lines: lines).survivors == [1, 2, 3])
        #expect(Self.expected(position: firstNewline, damage: .flipLowBit, lines: lines).survivors == [2, 3])
        #expect(Self.expected(position: firstNewline + 1, damage: .newline, lines: lines).damagedLines == [2, 3])
        let end = lines.reduce(0) { $0 + $1.count } - 1
        #expect(Self.expected(position: end, damage: .flipLowBit, lines: lines).torn)
        #expect(!Self.expected(position: end - 1, damage: .flipLowBit, lines: lines).torn)
    }
}
