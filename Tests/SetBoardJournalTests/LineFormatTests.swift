/// The journal line format: `<crc32> <compact json>\n`, its checksum, the round trip, and every way a line is refused.
import Foundation
import SetBoardCore
import Testing
@testable import SetBoardJournal

struct LineFormatTests {
    let sample = JournalRecord(seq: 7, id: "01a20000-0000-7000-8000-000000000007", rid: "feedc0de", lam: 9,
                               ts: 1_795_000_000_123, actor: "alice", type: "ticket.moved",
                               payload: .object([("key", .string("SET-1")), ("from", .string("todo")), ("to", .string("done"))]))

    @Test func crc32OfTheStandardCheckString() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(String(decoding: CRC32.hex(0xCBF4_3926), as: UTF8.self) == "cbf43926")
        #expect(String(decoding: CRC32.hex(0x0000_00AB), as: UTF8.self) == "000000ab")
        #expect(CRC32.checksum([UInt8]()) == 0)
        #expect(referenceCRC32(Array("123456789".utf8)) == 0xCBF4_3926)
    }

    /// Eight bytes at a time agrees with the bit-by-bit definition at every length and alignment, and for a
    /// collection that is not one block of memory.
    @Test func crc32EightBytesAtATimeMatchesTheDefinition() {
        var rng = SeededRandom(seed: 11)
        let bytes = (0..<300).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        for start in 0..<9 {
            for end in stride(from: start, through: bytes.count, by: 7) {
                let slice = Array(bytes[start..<end])
                #expect(CRC32.checksum(slice) == referenceCRC32(slice), "bytes \(start)..<\(end)")
                #expect(CRC32.checksum(bytes[start..<end]) == referenceCRC32(slice))
            }
        }
        #expect(CRC32.checksum(bytes.lazy.map { $0 }) == referenceCRC32(bytes))
    }

    /// The carry-less fold (64 bytes a step, then 16, then the tables for the rest) agrees with the tables alone and
    /// with the definition at every length across its boundaries, so a line's checksum never depends on which ran.
    @Test func crc32FoldMatchesTheTablesAtEveryLength() {
        var rng = SeededRandom(seed: 23)
        let bytes = (0..<1_100).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        for count in 0...bytes.count {
            let slice = Array(bytes[..<count])
            let folded = slice.withUnsafeBytes { CRC32.checksum($0) }
            #expect(folded == slice.withUnsafeBytes { CRC32.tableChecksum($0) }, "\(count) bytes")
            if count % 61 == 0 { #expect(folded == referenceCRC32(slice), "\(count) bytes") }
        }
    }

    @Test func aRecordIsOneLineOfChecksumSpaceCompactJSON() {
        let text = String(decoding: sample.line, as: UTF8.self)
        let expectedBody = #"{"v":1,"seq":7,"id":"01a20000-0000-7000-8000-000000000007","rid":"feedc0de","lam":9,"#
            + #""ts":1795000000123,"actor":"alice","type":"ticket.moved","payload":{"key":"SET-1","from":"todo","to":"done"}}"#
        #expect(text.hasSuffix("\n"))
        #expect(sample.line.filter { $0 == 0x0A }.count == 1)
        let crcField = String(text.prefix(8))
        #expect(crcField.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(Array(text.utf8)[8] == 0x20)
        let body = String(text.dropFirst(9).dropLast())
        #expect(body == expectedBody)
        #expect(crcField == String(referenceCRC32(Array(body.utf8)), radix: 16).leftPadded(to: 8))
    }

    @Test func decodeRoundTripsEvenAwkwardText() {
        var record = sample
        record.actor = "zoë"
        // A type this version does not know keeps any payload verbatim: the line format is what is under test.
        record.type = "test.awkward"
        record.payload = .object([
            ("title", .string("quote \" backslash \\ newline \n tab \t bell \u{07} emoji 🧯 CJK 漢字")),
            ("list", .array([.int(-3), .bool(true), .null, .double(1.5)])),
            ("nested", .object([("empty", .object([])), ("none", .array([]))])),
        ])
        let line = record.line
        #expect(line.filter { $0 == 0x0A }.count == 1, "a newline inside the payload must be escaped")
        #expect(JournalRecord.decode(line: Array(line.dropLast())) == .success(record))
        #expect(JournalRecord.decode(line: Array(sample.line.dropLast())) == .success(sample))
    }

    @Test(arguments: [
        ("", JournalRecord.LineProblem.tooShort),
        ("cbf43926", .tooShort),
        ("cbf43926 {", .tooShort),
        ("ZZZZZZZZ {\"v\":1}", .badChecksumField),
        ("CBF43926 {\"v\":1}", .badChecksumField),
        ("cbf43926-{\"v\":1}", .badChecksumField),
        ("cbf4392 {\"v\":1}}", .badChecksumField),
    ])
    func malformedChecksumFields(text: String, problem: JournalRecord.LineProblem) {
        #expect(JournalRecord.decode(line: Array(text.utf8)) == .failure(problem))
    }

    @Test func aChangedByteIsAChecksumMismatch() {
        var line = Array(sample.line.dropLast())
        let i = line.count - 5
        line[i] ^= 0x20
        #expect(JournalRecord.decode(line: line) == .failure(.checksumMismatch))
        var field = Array(sample.line.dropLast())
        field[0] = field[0] == 0x30 ? 0x31 : 0x30
        #expect(JournalRecord.decode(line: field) == .failure(.checksumMismatch))
    }

    @Test(arguments: ["{not json}", "{\"v\":1,", "[1,2", "{\"v\":1} trailing", "\"text\"x"])
    func aBodyThatIsNotJSON(body: String) {
        #expect(JournalRecord.decode(line: lineWithValidChecksum(body)) == .failure(.notJSON))
    }

    @Test(arguments: ["v", "seq", "id", "rid", "lam", "ts", "actor", "type", "payload"])
    func eachMissingFieldIsNamed(field: String) {
        guard case let .object(pairs) = sample.json else {
            Issue.record("a record encodes as a JSON object")
            return
        }
        let body = JSONValue.object(pairs.filter { $0.0 != field }).compactEncoded()
        #expect(JournalRecord.decode(line: lineWithValidChecksum(body)) == .failure(.missingField(field)))
    }

    @Test(arguments: [
        ("seq", JSONValue.string("7")), ("seq", .int(0)), ("seq", .int(-1)), ("id", .int(4)), ("lam", .string("9")),
        ("ts", .null), ("actor", .array([])), ("type", .bool(true)), ("v", .string("1")),
    ])
    func aFieldOfTheWrongKindCountsAsMissing(field: String, value: JSONValue) {
        guard case let .object(pairs) = sample.json else {
            Issue.record("a record encodes as a JSON object")
            return
        }
        let body = JSONValue.object(pairs.map { $0.0 == field ? ($0.0, value) : $0 }).compactEncoded()
        #expect(JournalRecord.decode(line: lineWithValidChecksum(body)) == .failure(.missingField(field)))
    }

    @Test func aNewerFormatVersionIsRefusedAndAnOlderOneRead() {
        var newer = sample
        newer.v = JournalRecord.formatVersion + 1
        #expect(JournalRecord.decode(line: Array(newer.line.dropLast())) == .failure(.unsupportedVersion(newer.v)))
        var older = sample
        older.v = 0
        #expect(JournalRecord.decode(line: Array(older.line.dropLast())) == .success(older))
    }

    @Test func aSeqThatDoesNotIncreaseIsFoundByVerify() throws {
        let dir = try ScratchDir()
        let board = dir.sub("board")
        _ = try makeBoard(at: board, records: [fixedRecord(seq: 1), fixedRecord(seq: 2), fixedRecord(seq: 2, note: "again"),
                                               fixedRecord(seq: 3)])
        let report = try JournalMaintenance.verify(directory: board)
        #expect(report.lines == 4)
        #expect(report.validEvents == 3)
        #expect(report.damaged.map(\.line) == [3])
        #expect(report.damaged.map(\.problem) == [.seqNotIncreasing(2)])
        #expect(!report.isClean)
    }

    @Test func everyProblemExplainsItself() {
        let problems: [JournalRecord.LineProblem] = [.tooShort, .badChecksumField, .checksumMismatch, .notJSON,
                                                     .missingField("seq"), .unsupportedVersion(9), .seqNotIncreasing(4)]
        let texts = problems.map(\.description)
        #expect(Set(texts).count == problems.count)
        #expect(texts[4].contains("\"seq\""))
        #expect(texts[5].contains("9"))
        #expect(texts[6].contains("4"))
    }
}

extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
