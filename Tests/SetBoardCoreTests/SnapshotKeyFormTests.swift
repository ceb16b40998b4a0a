// A snapshot's index holds its keys as sixteen-byte records when every key fits, and length-prefixed otherwise: a
// board opened lazily from either is the board that was written.
import Testing
@testable import SetBoardCore
@testable import SetBoardJournal

@Suite struct SnapshotKeyFormTests {
    /// A board of a few cards in several columns whose keys take the prefix given.
    func board(prefix: String) throws -> BoardState {
        var b = BoardFixture()
        b.record(.boardCreated(name: "board", prefix: prefix), at: Clock.monday)
        for i in 0..<12 {
            try b.run(.add(NewTicket(title: "T\(i)", tier: Tier.allCases[i % Tier.allCases.count])), at: Clock.monday + Int64(i) * Clock.hour)
        }
        let keys = b.state.keys(in: .todo)
        try b.run(.move(key: keys[0], to: .inProgress), at: Clock.monday + 20 * Clock.hour)
        try b.run(.move(key: keys[1], to: .done), at: Clock.monday + 21 * Clock.hour)
        try b.run(.move(key: keys[2], to: .done), at: Clock.monday + 22 * Clock.hour)
        return b.state
    }

    /// The form byte after the index's flag, and the state read back lazily.
    func readBack(_ state: BoardState) throws -> (form: UInt8, state: BoardState) {
        let position = JournalPosition(offset: 100, lines: 1, lastSeq: state.lastSeq, lastLam: 1, lastLineStart: 0, lastLineCRC: 1)
        let bytes = SnapshotFile.encode(BoardSnapshot(position: position, board: state, otherEvents: []))
        let read = try SnapshotFile.decode(bytes, lazily: true).get().board
        // The first key written is TO DO's top card, as a record (its 0xE0 | length byte after it) or length-prefixed.
        let key = Array(try #require(state.keys(in: .todo).first).utf8)
        let record = key + [UInt8](repeating: 0, count: max(0, 15 - key.count)) + [0xE0 | UInt8(key.count & 0x0F)]
        let asRecord = (0...(bytes.count - record.count)).contains { bytes[$0..<($0 + record.count)].elementsEqual(record) }
        return (asRecord ? 1 : 0, read)
    }

    @Test func shortKeysAreRecordsAndLongOnesAreNot() throws {
        for (prefix, form) in [("SET", UInt8(1)), ("OPS", 1), ("ABCDEFGHIJK", 1), ("ABCDEFGHIJKLMN", 0), ("PLATFORMRELIABILITY", 0)] {
            let state = try board(prefix: prefix)
            let (seen, read) = try readBack(state)
            #expect(seen == form, "\(prefix)")
            #expect(read.isPartlyDecoded, "\(prefix): read through the index")
            #expect(read == state, "\(prefix)")
            for column in Column.allCases {
                #expect(read.keys(in: column) == state.keys(in: column), "\(prefix) \(column)")
                #expect(read.cards(in: column) == state.cards(in: column), "\(prefix) \(column)")
            }
        }
    }

    /// The index's tier table and record starts are checked when read: a tier past the known ones or a record start
    /// past its run is refused, though the file's checksum (mended here) holds.
    @Test func anIndexEntryOutOfRangeIsRefused() throws {
        let state = try board(prefix: "SET")
        let position = JournalPosition(offset: 100, lines: 1, lastSeq: state.lastSeq, lastLam: 1, lastLineStart: 0, lastLineCRC: 1)
        let good = SnapshotFile.encode(BoardSnapshot(position: position, board: state, otherEvents: []))
        #expect(try SnapshotFile.decode(good, lazily: true).get().board == state)
        // The tier table follows the last key's record; the record starts follow the tiers, one per ticket.
        let lastKey = try #require(Column.allCases.reversed().lazy.compactMap { state.keys(in: $0).last }.first)
        let utf8 = Array(lastKey.utf8)
        let record = utf8 + [UInt8](repeating: 0, count: 15 - utf8.count) + [0xE0 | UInt8(utf8.count)]
        let recordAt = try #require((0...(good.count - 16)).last { good[$0..<($0 + 16)].elementsEqual(record) })
        let tiers = recordAt + 16, onBoard = state.onBoardCount
        let lastStart = tiers + onBoard + 4 * (state.tickets.count - 1)
        for (what, at, bytes, reason) in [("tier", tiers + onBoard - 1, [UInt8(Tier.allCases.count)], "unknown tier"),
                                          ("record start", lastStart, [0xFF, 0xFF, 0, 0], "outside its tickets")] {
            var bad = good
            bad.replaceSubrange(at..<(at + bytes.count), with: bytes)
            let header = SnapshotFile.magic.count
            let sum = bad[(header + 8)...].withUnsafeBytes { SnapshotChecksum.ofFile($0) }
            for i in 0..<8 { bad[header + i] = UInt8(truncatingIfNeeded: sum >> (8 * UInt64(i))) }
            guard case let .failure(error) = SnapshotFile.decode(bad, lazily: true) else {
                Issue.record("a \(what) out of range was read as good")
                continue
            }
            #expect(error.reason.contains(reason), "\(what): \(error)")
        }
    }
}
