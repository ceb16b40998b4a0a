/// The board's replayed state written to and read from a snapshot, in board order, so opening needs no replay.
import SetBoardCore

extension BoardState {
    /// Raise this whenever replaying the same events gives a different board (a new placement rule, say): a snapshot
    /// holds the old result, so the new version must not trust it.
    static let replayRevision: UInt64 = 3

    /// A fingerprint of every enum the snapshot stores by index: a build whose cases differ reads old snapshots
    /// as mismatched and rebuilds them, instead of reading a tier where a level was.
    public static var snapshotSchema: UInt64 {
        var w = SnapshotWriter()
        w.uint(replayRevision)
        func cases<E: CaseIterable & RawRepresentable>(_: E.Type) where E.RawValue == String {
            for c in E.allCases { w.string(c.rawValue) }
            w.byte(0)
        }
        cases(Tier.self); cases(Level.self); cases(Category.self); cases(TicketType.self); cases(Column.self)
        cases(ChecklistItem.self); cases(ChecklistState.self); cases(TicketSource.self); cases(ClockKind.self)
        w.string("sorted unsorted unknown")
        return w.bytes.withUnsafeBytes { SnapshotChecksum.of($0) }
    }

    public func encodeSnapshot(into w: inout SnapshotWriter) {
        w.string(settings.name)
        w.string(settings.prefix)
        w.uint(UInt64(settings.tierOrder.count))
        for tier in settings.tierOrder { w.enumCase(tier) }
        let limits = Column.allCases.filter { settings.stuckLimits[$0] != nil }
        w.uint(UInt64(limits.count))
        for column in limits {
            w.enumCase(column)
            w.int(settings.stuckLimits[column] ?? 0)
        }
        let levels = Level.allCases.filter { settings.levelStuckLimits[$0] != nil }
        w.uint(UInt64(levels.count))
        for level in levels {
            w.enumCase(level)
            w.int(settings.levelStuckLimits[level] ?? 0)
        }
        let routes = settings.routing.sorted { $0.key < $1.key }
        w.uint(UInt64(routes.count))
        for (component, team) in routes {
            w.string(component)
            w.string(team)
        }
        let contacts = settings.routingContacts.sorted { $0.key < $1.key }
        w.uint(UInt64(contacts.count))
        for (component, contact) in contacts {
            w.string(component)
            w.string(contact)
        }
        let targets = settings.responseTargets.sorted
        w.uint(UInt64(targets.count))
        for (key, hours) in targets {
            w.enumCase(key.clock)
            w.enumCase(key.tier)
            w.enumCase(key.level)
            w.int(hours)
        }
        w.bool(isInitialized)
        w.int(nextNumber)
        w.int(lastSeq)
        w.int(unknownEvents)
        w.enumCase(todoRuleSorted.knowledge)

        // Each column's length, then the cards column by column in board order and the ones off the board, in two
        // halves of their own length, so a reader can decode the halves on two cores. A column's length is written
        // as count + 1, or 0 when the column has no list at all: an emptied column keeps its (empty) list, and the
        // state read back must be equal to the replayed one, not merely alike.
        let (sequence, lengths, offBoard) = snapshotSequence()
        w.uint(UInt64(sequence.count))
        for column in Column.allCases {
            w.uint(order[column] == nil ? 0 : UInt64(lengths[column] ?? 0) + 1)
        }
        w.uint(UInt64(offBoard))
        var starts: [Int] = []
        starts.reserveCapacity(sequence.count)
        // The entries' records point into the snapshot this board is read from, which it holds.
        withExtendedLifetime(lazyTickets) {
            for part in Self.halves(sequence.count) {
                // The half's decoded cards encoded aside, so its length (written first) is known: all of them on a
                // board read whole, only the changed ones on a board still read from a snapshot, whose other
                // records go straight from the old file into this one.
                var encoded = SnapshotWriter(capacity: lazyTickets == nil ? part.count * 96 : 0)
                var ends: [Int] = []
                var length = 0
                for entry in sequence[part] {
                    if let ticket = entry.ticket {
                        let start = encoded.bytes.count
                        Self.encode(ticket, into: &encoded)
                        ends.append(encoded.bytes.count)
                        length += encoded.bytes.count - start
                    } else {
                        length += entry.record.count
                    }
                }
                w.uint(UInt64(length))
                var at = 0, next = 0, start = 0
                for entry in sequence[part] {
                    starts.append(at)
                    if entry.ticket != nil {
                        encoded.bytes.withUnsafeBytes { w.append(UnsafeRawBufferPointer(rebasing: $0[start..<ends[next]])) }
                        at += ends[next] - start
                        start = ends[next]
                        next += 1
                    } else {
                        w.append(entry.record)
                        at += entry.record.count
                    }
                }
            }
        }
        w.raw(Self.index(of: sequence, onBoard: sequence.count - offBoard, starts: starts))
        // The response-clock deadlines, so a board opened lazily counts its breaches without decoding a card.
        let deadlines = clockDeadlines
        w.uint(UInt64(deadlines.count))
        for (key, deadline) in deadlines {
            w.string(key)
            w.int(deadline)
        }
    }

    /// About how many bytes this board's snapshot takes, for room reserved at once: the file it is read from, plus
    /// 256 bytes a decoded ticket (a generated board of 50,000 tickets takes 122 bytes a ticket).
    var snapshotSizeGuess: Int {
        let changed = storedTicketCount * 256
        if let read = lazyTickets as? SnapshotTickets { return read.fileSize + changed }
        return changed
    }

    /// A card as the writer takes it: what the index needs, and the ticket, or (on a board still read from a
    /// snapshot, for a card not changed since) its record's bytes there, copied as they stand: each record is found
    /// and its head read once, where the writer once did it three times over.
    struct SnapshotEntry {
        var key: String
        var number: Int
        var tier: Tier
        var ticket: Ticket?
        var record = UnsafeRawBufferPointer(start: nil, count: 0)
    }

    /// The cards in the order a snapshot keeps them (column by column in board order, then the ones off the board
    /// by number), each column's length, and how many are off the board. A board still read from a snapshot is not
    /// decoded for it: the full-screen board writing a snapshot that was behind decoded every card for the moment
    /// (about 340 bytes a card).
    private func snapshotSequence() -> (entries: [SnapshotEntry], lengths: [Column: Int], offBoard: Int) {
        var entries: [SnapshotEntry] = []
        var lengths: [Column: Int] = [:]
        func entry(_ t: Ticket) -> SnapshotEntry { SnapshotEntry(key: t.key, number: t.number, tier: t.tier, ticket: t) }
        guard let read = lazyTickets as? SnapshotTickets else {
            for column in Column.allCases {
                let cards = self.cards(in: column)
                lengths[column] = cards.count
                entries += cards.map(entry)
            }
            let all = lazyTickets == nil ? storedTicketList : Array(tickets.values)
            let offBoard = all.filter { !$0.isOnBoard }.sorted { $0.number < $1.number }
            return (entries + offBoard.map(entry), lengths, offBoard.count)
        }
        // All of them in one array from the start: at 200,000 tickets each copy of it is 9.6 MB.
        entries.reserveCapacity(read.count + storedTicketCount)
        for column in Column.allCases {
            let before = entries.count
            for key in keys(in: column) {
                if let t = storedTicket(key) {
                    entries.append(entry(t))
                } else if let place = read.place(of: key), let r = read.record(at: place), r.key == key {
                    entries.append(SnapshotEntry(key: key, number: r.number, tier: r.tier, record: r.bytes))
                }
            }
            lengths[column] = entries.count - before
        }
        // Off the board: the snapshot's cards not changed since, and the changed and new ones now off the board.
        var offBoard = storedTicketList.filter { !$0.isOnBoard }.map(entry)
        for place in read.offBoardPlaces {
            guard let r = read.record(at: place), storedTicket(r.key) == nil else { continue }
            offBoard.append(SnapshotEntry(key: r.key, number: r.number, tier: r.tier, record: r.bytes))
        }
        offBoard.sort { $0.number < $1.number }
        entries += offBoard
        return (entries, lengths, offBoard.count)
    }

    /// What a first frame reads instead of decoding every ticket: the keys and tiers of the cards on the board in
    /// board order, where each ticket's record starts, and a table from key number to place. A board whose keys do not
    /// map one to one onto small numbers (never the case for keys setboard makes) gets no index and is read whole.
    private static func index(of sequence: [SnapshotEntry], onBoard: Int, starts: [Int]) -> [UInt8] {
        var w = SnapshotWriter(capacity: sequence.count * 24)
        // The bound comes before the table is made: one key like SET-99999999 must not cost a 400 MB table.
        let largest = sequence.map(\.number).max() ?? 0
        guard largest <= 4 * sequence.count + 1_024 else {
            w.bool(false)
            return w.bytes
        }
        var places = [UInt32](repeating: 0, count: max(0, largest) + 1)
        for (place, t) in sequence.enumerated() {
            guard t.number >= 0, BoardState.number(of: t.key) == t.number, places[t.number] == 0,
                  starts[place] <= Int(Int32.max) else {
                w.bool(false)
                return w.bytes
            }
            places[t.number] = UInt32(place + 1)
        }
        w.bool(true)
        // Keys setboard makes (SET-12345) as sixteen-byte records a reader takes as they stand; any other key in the
        // length-prefixed form, all keys in one form or the other.
        if sequence[..<onBoard].allSatisfy({ SnapshotWriter.fitsKeyRecord($0.key) }) {
            w.byte(1)
            for t in sequence[..<onBoard] { w.keyRecord(t.key) }
        } else {
            w.byte(0)
            for t in sequence[..<onBoard] { w.string(t.key) }
        }
        for t in sequence[..<onBoard] { w.byte(BoardState.tierByte(t.tier)) }
        for start in starts { w.word32(UInt32(start)) }
        w.uint(UInt64(places.count))
        for place in places { w.word32(place) }
        return w.bytes
    }

    /// Where the tickets are cut in two for decoding on two cores.
    static func halves(_ count: Int) -> [Range<Int>] { [0..<(count / 2), (count / 2)..<count] }

    /// Decodes `count` tickets written one after another, as in one half of a snapshot's tickets.
    public static func decodeTickets(_ bytes: UnsafeRawBufferPointer, count: Int) throws(SnapshotDecodingError) -> [Ticket] {
        var r = SnapshotReader(bytes)
        var out: [Ticket] = []
        out.reserveCapacity(count)
        for _ in 0..<count { out.append(try decodeTicket(&r)) }
        guard r.isAtEnd else { throw SnapshotDecodingError("a part of the snapshot has bytes after its tickets") }
        return out
    }

    /// Reads a snapshot, decoding the two halves of its tickets one after the other.
    public init(snapshot r: inout SnapshotReader) throws(SnapshotDecodingError) {
        try self.init(snapshot: &r, decodeParts: { @Sendable (parts) throws(SnapshotDecodingError) -> [[Ticket]] in
            var out: [[Ticket]] = []
            for part in parts { out.append(try BoardState.decodeTickets(part.bytes, count: part.count)) }
            return out
        })
    }

    /// Reads a snapshot; `decodeParts` turns each half of the tickets into tickets (on other threads if it likes:
    /// the parts are independent and read-only). Given `lazily`, the whole snapshot file and where the reader's bytes
    /// start in it, the tickets are left undecoded until something needs them all, and a frame decodes the cards
    /// it shows; a snapshot without an index is read whole.
    public init(snapshot r: inout SnapshotReader,
                decodeParts: @escaping @Sendable ([(bytes: UnsafeRawBufferPointer, count: Int)]) throws(SnapshotDecodingError) -> [[Ticket]],
                lazily file: (bytes: FileBytes, readerStart: Int)? = nil)
        throws(SnapshotDecodingError) {
        var settings = BoardSettings(name: try r.string(), prefix: try r.string())
        var tierOrder: [Tier] = []
        for _ in 0..<(try r.count()) { tierOrder.append(try r.enumCase(Tier.self)) }
        settings.tierOrder = BoardSettings.completed(tierOrder)
        var limits: [Column: Int] = [:]
        for _ in 0..<(try r.count()) {
            let column = try r.enumCase(Column.self)
            limits[column] = try r.intValue()
        }
        settings.stuckLimits = limits
        var levelLimits: [Level: Int] = [:]
        for _ in 0..<(try r.count()) {
            let level = try r.enumCase(Level.self)
            levelLimits[level] = try r.intValue()
        }
        settings.levelStuckLimits = levelLimits
        for _ in 0..<(try r.count()) {
            let component = try r.string()
            settings.routing[component] = try r.string()
        }
        for _ in 0..<(try r.count()) {
            let component = try r.string()
            settings.routingContacts[component] = try r.string()
        }
        var targets: [ResponseTargets.Key: Int] = [:]
        for _ in 0..<(try r.count()) {
            let key = ResponseTargets.Key(try r.enumCase(ClockKind.self), try r.enumCase(Tier.self), try r.enumCase(Level.self))
            targets[key] = try r.intValue()
        }
        settings.responseTargets = ResponseTargets(hours: targets)
        let isInitialized = try r.bool()
        let nextNumber = try r.intValue()
        let lastSeq = try r.int()
        let unknownEvents = try r.intValue()
        let knowledge = try r.enumCase(SortHint.Knowledge.self)
        let total = try r.count()

        var lengths: [(Column, Int)] = []
        var onBoard = 0
        for column in Column.allCases {
            let stored = try r.count()
            guard stored > 0 else { continue }
            lengths.append((column, stored - 1))
            onBoard += stored - 1
        }
        let offBoard = try r.count()
        guard onBoard + offBoard == total else { throw SnapshotDecodingError("the snapshot's ticket counts disagree") }
        let halves = Self.halves(total)
        let runs = [try r.sliceRange(), try r.sliceRange()]
        let indexRange = try r.sliceRange()
        var deadlines: [(key: String, deadline: Int64)] = []
        let deadlineCount = try r.count()
        guard deadlineCount <= total else { throw SnapshotDecodingError("the snapshot has more clocks than tickets") }
        deadlines.reserveCapacity(deadlineCount)
        for _ in 0..<deadlineCount { deadlines.append((key: try r.string(), deadline: try r.int())) }
        if let file {
            var index = SnapshotReader(r.bytes(in: indexRange))
            if let (lazy, order) = try Self.readIndex(&index, indexStart: indexRange.lowerBound, file: file, runs: runs,
                                                        counts: halves.map(\.count), lengths: lengths,
                                                        decodeParts: decodeParts) {
                self.init(settings: settings, isInitialized: isInitialized, tickets: [:], order: order,
                          nextNumber: nextNumber, lastSeq: lastSeq, unknownEvents: unknownEvents, todoRuleSorted: knowledge,
                          clockDeadlines: deadlines)
                lazyTickets = lazy
                return
            }
        }
        let parts = zip(runs, halves).map { (bytes: r.bytes(in: $0), count: $1.count) }
        let decoded = try decodeParts(parts)
        guard decoded.count == halves.count, zip(decoded, halves).allSatisfy({ $0.count == $1.count }) else {
            throw SnapshotDecodingError("a part of the snapshot holds the wrong number of tickets")
        }

        var tickets: [String: Ticket] = [:]
        tickets.reserveCapacity(total)
        var order: [Column: [String]] = [:]
        var sequence = decoded.joined().makeIterator()
        for (column, n) in lengths {
            var keys: [String] = []
            keys.reserveCapacity(n)
            for _ in 0..<n {
                // One hash of the key: the insert itself says whether the key was already there.
                guard let ticket = sequence.next(), ticket.column == column, ticket.isOnBoard,
                      tickets.updateValue(ticket, forKey: ticket.key) == nil else {
                    throw SnapshotDecodingError("a card is out of place in the snapshot")
                }
                keys.append(ticket.key)
            }
            order[column] = keys
        }
        while let ticket = sequence.next() {
            guard !ticket.isOnBoard, tickets.updateValue(ticket, forKey: ticket.key) == nil else {
                throw SnapshotDecodingError("ticket \(ticket.key) is out of place in the snapshot")
            }
        }
        self.init(settings: settings, isInitialized: isInitialized, tickets: tickets, order: order,
                  nextNumber: nextNumber, lastSeq: lastSeq, unknownEvents: unknownEvents, todoRuleSorted: knowledge,
                  clockDeadlines: deadlines)
    }

    /// The index's tables, checked so that no later read can leave the file: every record start inside its run,
    /// every tier a known one. Nil when the snapshot has no index.
    private static func readIndex(_ index: inout SnapshotReader, indexStart: Int, file: (bytes: FileBytes, readerStart: Int),
                                    runs: [Range<Int>], counts: [Int], lengths: [(Column, Int)],
                                    decodeParts: @escaping SnapshotTickets.DecodeParts)
        throws(SnapshotDecodingError) -> (SnapshotTickets, [Column: [String]])? {
        guard try index.bool() else { return nil }
        var order: [Column: [String]] = [:]
        let records: Bool
        switch try index.byte() {
        case 0: records = false
        case 1: records = true
        default: throw SnapshotDecodingError("the snapshot's index has keys of an unknown form")
        }
        for (column, n) in lengths {
            if records {
                order[column] = try index.keyRecords(n)
            } else {
                var keys: [String] = []
                try index.strings(n, into: &keys)
                order[column] = keys
            }
        }
        let onBoard = lengths.reduce(0) { $0 + $1.1 }
        let total = counts.reduce(0, +)
        let tiers = try index.skip(onBoard)
        let offsets = try index.skip(4 * total)
        let numberCount = try index.count()
        let numbers = try index.skip(4 * numberCount)
        guard index.isAtEnd else { throw SnapshotDecodingError("the snapshot's index has bytes after its end") }
        // Each table checked by its largest entry, in loops without an early exit that the compiler makes wide:
        // 200k: readIndex's own instructions 3.8 → 2.3 M; whole first frame 50k 58.1 → 57.8 M, 200k 80.0 → 78.5 M.
        let tierBytes = index.bytes(in: tiers)
        var largestTier: UInt8 = 0
        for byte in tierBytes { largestTier = max(largestTier, byte) }
        // The count read once: `Tier.allCases` makes its array afresh at every call (50k: 2.5 M instructions).
        guard tierBytes.isEmpty || Int(largestTier) < Tier.allCases.count else {
            throw SnapshotDecodingError("the snapshot's index names an unknown tier")
        }
        let offsetBytes = index.bytes(in: offsets)
        var place = 0
        for (run, count) in zip(runs, counts) {
            var largest: UInt32 = 0
            for i in place..<(place + count) {
                largest = max(largest, UInt32(littleEndian: offsetBytes.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))
            }
            guard count == 0 || Int(largest) < run.count else {
                throw SnapshotDecodingError("the snapshot's index points outside its tickets")
            }
            place += count
        }
        // Positions so far are within the index; the tables keep positions in the whole file.
        let base = file.readerStart + indexStart
        var columnStart: [Column: Int] = [:]
        var next = 0
        for (column, n) in lengths {
            columnStart[column] = next
            next += n
        }
        let parts = zip(runs, counts).map { (start: file.readerStart + $0.lowerBound, length: $0.count, count: $1) }
        let tickets = SnapshotTickets(bytes: file.bytes, parts: parts, offsets: base + offsets.lowerBound,
                                      numbers: base + numbers.lowerBound, numberCount: numberCount,
                                      tiers: base + tiers.lowerBound, columnStart: columnStart, onBoard: onBoard,
                                      decodeParts: decodeParts)
        return (tickets, order)
    }

    private static func encode(_ t: Ticket, into w: inout SnapshotWriter) {
        w.string(t.key)
        w.int(t.number)
        w.string(t.title)
        w.string(t.description)
        w.enumCase(t.tier)
        w.optionalEnumCase(t.level)
        w.enumCase(t.category)
        w.enumCase(t.type)
        w.enumCase(t.column)
        w.optionalString(t.assignee)
        w.optionalString(t.team)
        w.int(t.created)
        w.int(t.updated - t.created)
        let items = ChecklistItem.allCases.filter { t.recorded($0) != nil }
        w.uint(UInt64(items.count))
        for item in items {
            w.enumCase(item)
            w.enumCase(t.recorded(item) ?? .missing)
        }
        w.bool(t.movedByHand != nil)
        if let hand = t.movedByHand {
            w.string(hand.actor)
            w.int(hand.at)
        }
        w.optionalString(t.incident)
        w.int(t.nudges)
        w.optionalEnumCase(t.source)
        w.optionalString(t.component)
        w.bool(t.rerouted != nil)
        if let r = t.rerouted {
            w.string(r.actor)
            w.int(r.at)
            w.string(r.team)
            w.string(r.reason)
        }
    }

    static func decodeTicket(_ r: inout SnapshotReader) throws(SnapshotDecodingError) -> Ticket {
        let key = try r.string()
        let number = try r.intValue()
        let title = try r.string()
        let description = try r.string()
        let tier = try r.enumCase(Tier.self)
        let level = try r.optionalEnumCase(Level.self)
        let category = try r.enumCase(Category.self)
        let type = try r.enumCase(TicketType.self)
        let column = try r.enumCase(Column.self)
        let assignee = try r.optionalString()
        let team = try r.optionalString()
        let created = try r.int()
        var t = Ticket(key: key, number: number, title: title, description: description, tier: tier, level: level,
                       category: category, type: type, column: column, assignee: assignee, team: team, created: created)
        t.updated = created &+ (try r.int())
        for _ in 0..<(try r.count()) {
            let item = try r.enumCase(ChecklistItem.self)
            t.record(item, try r.enumCase(ChecklistState.self))
        }
        let hand = try r.bool() ? HandMove(actor: try r.string(), at: try r.int()) : nil
        let incident = try r.optionalString()
        t.nudges = try r.intValue()
        let source = try r.optionalEnumCase(TicketSource.self)
        let component = try r.optionalString()
        let rerouted = try r.bool()
            ? Reroute(actor: try r.string(), at: try r.int(), team: try r.string(), reason: try r.string()) : nil
        t.setRare(movedByHand: hand, incident: incident, source: source, component: component, rerouted: rerouted)
        return t
    }
}
