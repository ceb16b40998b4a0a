/// A snapshot's tickets left undecoded, so a board's first frame decodes only the cards it shows.
import SetBoardCore

/// The bytes of a snapshot's tickets with the index that finds one without decoding the others. A frame of a
/// 50,000-ticket board shows about a hundred cards; decoding all of them was two thirds of a cold start. A value:
/// the file's bytes never change (`FileBytes` only unmaps them when the last copy goes) and nothing is cached here,
/// so a board holding it stays a plain value (issue 14, point 6); `BoardState` keeps the cards it changes decoded.
struct SnapshotTickets: UndecodedTickets {
    typealias DecodeParts = @Sendable ([(bytes: UnsafeRawBufferPointer, count: Int)]) throws(SnapshotDecodingError) -> [[Ticket]]

    /// The whole snapshot file, usually mapped; every position below is a byte offset into it.
    private let file: FileBytes
    private var bytes: UnsafeRawBufferPointer { file.buffer }
    /// The two runs of encoded tickets (board order, then the cards off the board) and how many each holds.
    private let parts: [(start: Int, length: Int, count: Int)]
    /// A little-endian UInt32 per ticket, in board order: where its record starts within its part.
    private let offsets: Int
    /// A little-endian UInt32 per key number below `numberCount`: 1 + the ticket's place in board order, or 0.
    private let numbers: Int
    private let numberCount: Int
    /// One byte per card on the board, in board order: the position of its tier in `Tier.allCases`.
    private let tiers: Int
    /// Where each column's first card is in board order.
    private let columnStart: [Column: Int]
    /// How many cards were on the board: those come first, the cards off it after them.
    private let onBoard: Int
    private let decodeParts: DecodeParts

    init(bytes: FileBytes, parts: [(start: Int, length: Int, count: Int)], offsets: Int, numbers: Int, numberCount: Int,
         tiers: Int, columnStart: [Column: Int], onBoard: Int, decodeParts: @escaping DecodeParts) {
        self.file = bytes
        self.parts = parts
        self.offsets = offsets
        self.numbers = numbers
        self.numberCount = numberCount
        self.tiers = tiers
        self.columnStart = columnStart
        self.onBoard = onBoard
        self.decodeParts = decodeParts
    }

    var count: Int { parts.reduce(0) { $0 + $1.count } }

    /// The ticket with this key, decoded from its record alone; nil when the board has no such ticket.
    func ticket(_ key: String) -> Ticket? {
        guard let place = place(of: key), let t = ticket(at: place), t.key == key else { return nil }
        return t
    }

    /// Reads what a filter reads of the card with this key, from its record in place: the title's bytes are the
    /// snapshot's own and nothing else is made but the assignee. False when the board has no such card.
    func readFilterFields(_ key: String, _ body: (UnsafeRawBufferPointer, Tier, Level?, Category, String?) -> Void) -> Bool {
        guard let place = place(of: key), var r = reader(at: place) else { return false }
        do throws(SnapshotDecodingError) {
            // The fields in the order `BoardState.encode(_:into:)` writes them.
            let k = try r.slice()
            guard k.elementsEqual(key.utf8) else { return false }
            _ = try r.intValue()
            let title = try r.slice()
            _ = try r.slice() // the description
            let tier = try r.enumCase(Tier.self), level = try r.optionalEnumCase(Level.self)
            let category = try r.enumCase(Category.self)
            _ = try r.enumCase(TicketType.self)
            _ = try r.enumCase(Column.self)
            let assignee = try r.optionalString()
            // As `decodeTicket` does, a title that is not UTF-8 leaves the card out.
            if title.contains(where: { $0 >= 0x80 }),
               String(validating: title.bindMemory(to: UInt8.self), as: UTF8.self) == nil { return false }
            body(title, tier, level, category, assignee)
            return true
        } catch {
            return false
        }
    }

    /// The size of the file these records are in.
    var fileSize: Int { file.count }

    /// The places of the cards that were off the board.
    var offBoardPlaces: Range<Int> { onBoard..<max(onBoard, count) }

    /// The record of the card at this place as it stands in the file, with the key, number and tier a snapshot's
    /// writer needs to copy it unchanged; nil when its head does not read.
    func record(at place: Int) -> (bytes: UnsafeRawBufferPointer, key: String, number: Int, tier: Tier)? {
        guard let (run, start, end) = locate(place), start <= end, end <= run.count else { return nil }
        var r = SnapshotReader(run, at: start)
        do throws(SnapshotDecodingError) {
            // The head of the record, in the order `BoardState.encode(_:into:)` writes it.
            let key = try r.string(), number = try r.intValue()
            _ = try r.slice()
            _ = try r.slice()
            let tier = try r.enumCase(Tier.self)
            return (UnsafeRawBufferPointer(rebasing: run[start..<end]), key, number, tier)
        } catch {
            return nil
        }
    }

    /// The card's place in board order, from the table by key number; nil when there is none.
    func place(of key: String) -> Int? {
        guard let number = BoardState.number(of: key), number >= 0, number < numberCount else { return nil }
        let place = Int(word(at: numbers + 4 * number))
        return place > 0 ? place - 1 : nil
    }

    /// The ticket at this place in board order; nil only if its record does not decode, which the snapshot's
    /// checksum and the tests of its writer rule out.
    func ticket(at place: Int) -> Ticket? {
        guard var r = reader(at: place) else { return nil }
        return try? BoardState.decodeTicket(&r)
    }

    /// A reader at the record of the card at this place in board order.
    private func reader(at place: Int) -> SnapshotReader? {
        locate(place).map { SnapshotReader($0.run, at: $0.start) }
    }

    /// The run of records holding the card at this place in board order, where its record starts in that run, and
    /// where the next one starts (or the run ends).
    private func locate(_ place: Int) -> (run: UnsafeRawBufferPointer, start: Int, end: Int)? {
        var index = place
        for part in parts {
            guard index >= part.count else {
                let run = UnsafeRawBufferPointer(rebasing: bytes[part.start..<(part.start + part.length)])
                let start = Int(word(at: offsets + 4 * place))
                let end = index + 1 < part.count ? Int(word(at: offsets + 4 * (place + 1))) : part.length
                return (run, start, end)
            }
            index -= part.count
        }
        return nil
    }

    /// The tier positions of a column's cards, top to bottom: enough to count cards out of rule order.
    func tierPositions(in column: Column, count: Int) -> [Int] {
        guard let start = columnStart[column] else { return [] }
        return (start..<(start + count)).map { Int(bytes[tiers + $0]) }
    }

    /// Every ticket, in board order then the cards off the board: the decode a first frame skips, done when
    /// something needs the whole board.
    func all() -> [Ticket] {
        let raw = bytes
        let runs = parts.map { (bytes: UnsafeRawBufferPointer(rebasing: raw[$0.start..<($0.start + $0.length)]), count: $0.count) }
        if let decoded = try? decodeParts(runs) {
            return decoded.count == 1 ? decoded[0] : Array(decoded.joined())
        }
        // Not expected: the file's checksum held, so only a writer's bug could leave a record that does not
        // decode; it costs that one card (the journal, the truth, is untouched), not the board.
        return (0..<count).compactMap { ticket(at: $0) }
    }

    private func word(at offset: Int) -> UInt32 {
        UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }
}
