/// Fuzzing the journal reader: damaged journals never crash or hang the scanner, a damaged line is never taken for an
/// event, and no valid line is lost because damage came before it.
import SetBoardCore
import Testing
@testable import SetBoardJournal

struct JournalFuzzTests {
    /// The content (no newline) of every line known to be valid, with its seq: the oracle for what a scan may accept.
    static let validLines: [[UInt8]: Int64] = {
        var table: [[UInt8]: Int64] = [:]
        for (line, record) in zip(Corpus.journalLines, Corpus.journalRecords) { table[Array(line.dropLast())] = record.seq }
        return table
    }()

    /// A run of consecutive demo lines (seqs increasing), as a journal file holds them.
    static func window(_ random: inout SeededRandom) -> [UInt8] {
        let lines = Corpus.journalLines
        let start = random.below(lines.count)
        let end = min(lines.count, start + 1 + random.below(12))
        var bytes: [UInt8] = []
        for line in lines[start..<end] { bytes.append(contentsOf: line) }
        return bytes
    }

    @Test func theCorpusIsARealJournal() {
        #expect(Corpus.journalLines.count > 40)
        #expect(Corpus.journalRecords.count == Corpus.journalLines.count)
        #expect(Set(Corpus.journalRecords.map(\.type)).count >= 14)
    }

    /// Whatever the damage, a scan accepts exactly the lines that are byte for byte a valid line and whose seq goes up,
    /// rejects every other complete line, and accounts for every byte.
    @Test func aScanAcceptsExactlyTheUndamagedLines() {
        let count = FuzzBudget.inputs(default: 20_000)
        var random = SeededRandom(seed: FuzzBudget.seed(1))
        var mutator = Mutator(seed: FuzzBudget.seed(2), corpus: Corpus.journalLines)
        var timer = SlowestInput()
        var failures: [String] = []
        for i in 0..<count where failures.count < 5 {
            var bytes = Self.window(&random)
            for _ in 0...random.below(4) { mutator.mutate(&bytes) }
            let scan = timer.time(bytes) { bytes.withUnsafeBufferPointer { JournalScan.scan($0, firstLine: 1, lastSeq: 0) } }
            let expected = Self.expectedRecords(bytes)
            if scan.records.map(\.seq) != expected.seqs {
                failures.append("input \(i): accepted seqs \(scan.records.map(\.seq)), expected \(expected.seqs): \(bytes)")
            }
            if scan.records.count + scan.damaged.count != expected.lines || scan.lines != expected.lines
                || scan.consumed + scan.tailLength != bytes.count {
                failures.append("input \(i): \(scan.records.count) records + \(scan.damaged.count) damaged of \(expected.lines) lines")
            }
        }
        timer.check("journal scan")
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }

    /// The oracle, worked out from the valid-line table rather than from the scanner's own code.
    static func expectedRecords(_ bytes: [UInt8]) -> (seqs: [Int64], lines: Int) {
        var seqs: [Int64] = []
        var lines = 0
        var last: Int64 = 0
        var start = 0
        bytes.withUnsafeBufferPointer { buffer in
            for i in 0..<buffer.count where buffer[i] == 0x0A {
                lines += 1
                if i - start > 8, let seq = validLines[Array(buffer[start..<i])], seq > last {
                    seqs.append(seq)
                    last = seq
                }
                start = i + 1
            }
        }
        return (seqs, lines)
    }

    /// Every single-bit flip of every byte of a line (checksum, space, JSON) is rejected: no bit is outside the check.
    @Test func everyBitFlipOfAValidLineIsRejected() {
        var accepted: [String] = []
        for line in Corpus.journalLines.prefix(12) + Corpus.journalLines.suffix(4) {
            let content = Array(line.dropLast())
            for p in content.indices {
                for bit in 0..<8 {
                    var damaged = content
                    damaged[p] ^= UInt8(1) << UInt8(bit)
                    if case .success = JournalRecord.decode(line: damaged) { accepted.append("byte \(p) bit \(bit) of \(content)") }
                }
            }
        }
        #expect(accepted.isEmpty, "\(accepted.prefix(5).joined(separator: "\n"))")
    }

    /// A line is accepted exactly when its stored checksum is the body's: every other checksum is refused as a mismatch.
    @Test func aLineIsAcceptedExactlyWhenItsChecksumMatches() {
        var random = SeededRandom(seed: FuzzBudget.seed(3))
        var wrong: [String] = []
        for (body, record) in zip(Corpus.jsonBodies, Corpus.journalRecords) {
            let crc = CRC32.checksum(body)
            if JournalRecord.decode(line: CRC32.hex(crc) + [0x20] + body) != .success(record) { wrong.append("refused seq \(record.seq)") }
            for _ in 0..<64 {
                let other = UInt32(truncatingIfNeeded: random.next())
                guard other != crc, JournalRecord.decode(line: CRC32.hex(other) + [0x20] + body) != .failure(.checksumMismatch) else { continue }
                wrong.append("seq \(record.seq) read with checksum \(String(other, radix: 16))")
            }
        }
        #expect(wrong.isEmpty, "\(wrong.count) wrong, first: \(wrong.prefix(3))")
    }

    /// Damage is named where it is, and the valid lines after it still count: damage never swallows what follows.
    @Test func aValidLineAfterDamageIsKept() {
        let lines = Corpus.journalLines
        var bytes = Array(lines[0..<3].joined())
        bytes += Array("0000zzzz garbage with no newline before it".utf8) + lines[3] + lines[4]
        let scan = bytes.withUnsafeBufferPointer { JournalScan.scan($0, firstLine: 1, lastSeq: 0) }
        #expect(scan.records == Array(Corpus.journalRecords[0..<3]) + [Corpus.journalRecords[4]])
        #expect(scan.damaged.map(\.line) == [4])
    }
}
