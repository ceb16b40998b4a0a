// The snapshot reader's texts: the short-ASCII fast path gives the same Strings as the general one, and bytes that
// are not UTF-8 are refused at every length, short or long.
import Testing
@testable import SetBoardJournal

@Suite struct SnapshotReaderTextTests {
    /// Reads back one text the writer wrote.
    func readBack(_ bytes: [UInt8]) throws -> String {
        var w = SnapshotWriter()
        w.uint(UInt64(bytes.count))
        for b in bytes { w.byte(b) }
        w.byte(0x2A) // a byte after the text: the reader must stop before it
        return try w.bytes.withUnsafeBytes { raw in
            var r = SnapshotReader(raw)
            let s = try r.string()
            let after = try r.byte()
            let atEnd = r.isAtEnd
            #expect(after == 0x2A && atEnd)
            return s
        }
    }

    @Test func everyLengthOfTextReadsBackAsWritten() throws {
        // Lengths around a String's inline capacity and the reader's word-at-a-time ASCII test.
        let samples = ["", "S", "SE", "SET", "SET-", "SET-1", "SET-12345", "SET-1234567", "SET-123456789",
                       "SET-12345678901", "SET-123456789012", "SET-1234567890123", "a title of some length, all ASCII",
                       "é", "Zoë", "SET-Zoë", "漢字", "SET-😀12345", "naïve and much longer than fifteen bytes"]
        for text in samples {
            let s = try readBack(Array(text.utf8))
            #expect(s == text)
            #expect(Array(s.utf8) == Array(text.utf8))
        }
        for n in 0...40 {
            let text = String(repeating: "x", count: n)
            #expect(try readBack(Array(text.utf8)) == text)
        }
    }

    @Test func bytesThatAreNotUTF8AreRefusedAtEveryLength() {
        for n in 1...24 {
            for at in [0, n / 2, n - 1] {
                for bad: UInt8 in [0x80, 0xFF, 0xC3] {
                    var bytes = [UInt8](repeating: 0x41, count: n)
                    bytes[at] = bad
                    if bad == 0xC3 && at + 1 < n { bytes[at + 1] = 0x41 } // a lead byte without its continuation
                    #expect(throws: SnapshotDecodingError.self, "length \(n), byte \(bad) at \(at)") { try readBack(bytes) }
                }
            }
        }
    }

    /// The texts made as a String's two words behave as the standard library's own: equal, hashed alike, usable as
    /// dictionary keys and grown past their inline form. On a 64-bit little-endian platform the layout check passes.
    @Test func keysMadeInPlaceAreOrdinaryStrings() throws {
        #expect(InlineASCII.isAvailable == (MemoryLayout<Int>.size == 8 && 1.littleEndian == 1))
        guard InlineASCII.isAvailable else { return }
        var seen: [String: Int] = [:]
        for n in 1...15 {
            let text = String("SET-123456789012345".prefix(n))
            let made = try #require(Array(text.utf8).withUnsafeBytes { raw in
                raw.baseAddress.map { InlineASCII.string($0, count: raw.count) }
            })
            #expect(made == text && made.count == n && made.utf8.elementsEqual(text.utf8))
            #expect(made.hashValue == text.hashValue && made < text + "!")
            seen[made] = n
            #expect(seen[text] == n)
            var grown = made
            grown += "-and-more-than-fifteen-bytes"
            #expect(grown == text + "-and-more-than-fifteen-bytes")
        }
    }

    /// Reads back `n` key records as the index holds them.
    func readRecords(_ bytes: [UInt8], count n: Int) throws -> [String] {
        try bytes.withUnsafeBytes { raw in
            var r = SnapshotReader(raw)
            let keys = try r.keyRecords(n)
            let atEnd = r.isAtEnd
            #expect(atEnd)
            return keys
        }
    }

    @Test func keyRecordsReadBackAsWritten() throws {
        let keys = ["S", "SET-1", "SET-12", "SET-1234", "SET-12345", "SET-123456789", "SET-12345678901", "OPS-7", "~\u{7F} !"]
        #expect(keys.allSatisfy(SnapshotWriter.fitsKeyRecord))
        #expect(!SnapshotWriter.fitsKeyRecord("") && !SnapshotWriter.fitsKeyRecord("SET-é")
                && !SnapshotWriter.fitsKeyRecord("SET-123456789012"))
        var w = SnapshotWriter()
        for key in keys { w.keyRecord(key) }
        #expect(w.bytes.count == 16 * keys.count)
        let back = try readRecords(w.bytes, count: keys.count)
        #expect(back == keys)
        #expect(Set(back) == Set(keys) && back.map(\.utf8.count) == keys.map(\.utf8.count))
        #expect(try readRecords([], count: 0).isEmpty)
    }

    /// A record whose length byte, text or padding is wrong is refused, never made into a String. (A length past the
    /// text reads its zero padding as NUL characters: a String still, and a change only the file's checksum sees.)
    @Test func aDamagedKeyRecordIsRefused() {
        var w = SnapshotWriter()
        w.keyRecord("SET-42")
        w.keyRecord("SET-12345678")
        let good = w.bytes
        let damages: [(String, Int, UInt8)] = [
            ("length zero", 15, 0xE0), ("another top nibble", 15, 0xA6), ("a length short of the text", 15, 0xE5),
            ("a byte not ASCII", 2, 0xC3), ("a byte after the text", 9, 0x41), ("the last padding byte", 14, 0x01),
            ("the second key's padding", 16 + 12, 0x30), ("the second key's length", 31, 0xE9),
        ]
        for (what, at, byte) in damages {
            var bad = good
            bad[at] = byte
            #expect(throws: SnapshotDecodingError.self, "\(what)") { try readRecords(bad, count: 2) }
        }
        #expect(throws: SnapshotDecodingError.self, "too few bytes") { try readRecords(Array(good.dropLast()), count: 2) }
    }
}
