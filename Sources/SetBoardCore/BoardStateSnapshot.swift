/// The board's replayed state written to and read from a snapshot, in board order, so opening needs no replay.

extension BoardState {
    /// Raise this whenever replaying the same events gives a different board (a new placement rule, say): a snapshot
    /// holds the old result, so the new version must not trust it.
    static let replayRevision: UInt64 = 1

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
        cases(ChecklistItem.self); cases(ChecklistState.self); cases(TicketSource.self)
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
        let routes = settings.routing.sorted { $0.key < $1.key }
        w.uint(UInt64(routes.count))
        for (component, team) in routes {
            w.string(component)
            w.string(team)
        }
        w.bool(isInitialized)
        w.int(nextNumber)
        w.int(lastSeq)
        w.int(unknownEvents)
        w.enumCase(todoRuleSorted.knowledge)
        w.uint(UInt64(tickets.count))

        // Each column's length, then the cards column by column in board order and the ones off the board, in two
        // halves of their own length, so a reader can decode the halves on two cores. A column's length is written
        // as count + 1, or 0 when the column has no list at all: an emptied column keeps its (empty) list, and the
        // state read back must be equal to the replayed one, not merely alike.
        var sequence: [Ticket] = []
        sequence.reserveCapacity(tickets.count)
        for column in Column.allCases {
            let cards = self.cards(in: column)
            w.uint(order[column] == nil ? 0 : UInt64(cards.count) + 1)
            sequence += cards
        }
        let offBoard = tickets.values.filter { !$0.isOnBoard }.sorted { $0.number < $1.number }
        w.uint(UInt64(offBoard.count))
        sequence += offBoard
        for part in Self.halves(sequence.count) {
            var chunk = SnapshotWriter(capacity: part.count * 96)
            for ticket in sequence[part] { Self.encode(ticket, into: &chunk) }
            w.raw(chunk.bytes)
        }
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
        try self.init(snapshot: &r) { (parts) throws(SnapshotDecodingError) -> [[Ticket]] in
            var out: [[Ticket]] = []
            for part in parts { out.append(try BoardState.decodeTickets(part.bytes, count: part.count)) }
            return out
        }
    }

    /// Reads a snapshot; `decodeParts` turns each half of the tickets into tickets (on other threads if it likes:
    /// the parts are independent and read-only).
    public init(snapshot r: inout SnapshotReader,
                decodeParts: ([(bytes: UnsafeRawBufferPointer, count: Int)]) throws(SnapshotDecodingError) -> [[Ticket]])
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
        for _ in 0..<(try r.count()) {
            let component = try r.string()
            settings.routing[component] = try r.string()
        }
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
        var parts: [(bytes: UnsafeRawBufferPointer, count: Int)] = []
        for half in halves { parts.append((try r.slice(), half.count)) }
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
                  nextNumber: nextNumber, lastSeq: lastSeq, unknownEvents: unknownEvents, todoRuleSorted: knowledge)
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

    private static func decodeTicket(_ r: inout SnapshotReader) throws(SnapshotDecodingError) -> Ticket {
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
