// A board's tickets by key, kept in an array indexed by the number in the key, so a replay hashes no strings.

/// Tickets by key. Nearly every key is `PREFIX-N` with N handed out in turn, so a ticket sits at index N of `slots`
/// and a lookup reads the key's digits and compares one key; a key of another shape, a number far beyond the
/// tickets there are (a hand-written `SET-999999999` must not cost gigabytes) or a number another key already holds
/// goes to `others`. With a `[String: Ticket]` here, dictionary lookups and String hashing were 18% of a full
/// replay's instructions at 50,000 tickets, most of them this table's; with the other changes of its commit the
/// replay of 10,000 tickets went from 1,947 to 1,765 million instructions.
struct TicketTable: Sendable {
    private var slots: [Ticket?] = []
    private var others: [String: Ticket] = [:]
    private(set) var count = 0

    init() {}

    init(_ dictionary: [String: Ticket]) {
        self.init(tickets: Array(dictionary.values))
    }

    /// A whole board's tickets at once, in any order (a later ticket with the same key replaces an earlier one). The
    /// slots are sized first: filled one by one in a snapshot's or a dictionary's order, a high number that came
    /// early was past `makeRoom`'s bound and went to `others`, a dictionary entry instead of a slot.
    init(tickets: [Ticket]) {
        let numbers = tickets.map { Self.number(of: $0.key) }
        // The bound `makeRoom` keeps to, so a hand-written SET-999999999 still goes to `others`, not to the slots.
        let bound = 2 * tickets.count + 1024
        if let top = numbers.lazy.filter({ $0 >= 0 && Int($0) <= bound }).max() {
            slots = Array(repeating: nil, count: Int(top) + 1)
        }
        for (ticket, number) in zip(tickets, numbers) { set(ticket.key, number: number, ticket) }
    }

    /// The index a key's ticket would have in `slots`: the decimal digits after its last dash, at most nine of them.
    @inline(__always)
    static func slot(of key: String) -> Int? {
        var key = key
        // Over the UTF-8 bytes in place: walking `utf8.reversed()` was half the cost of a lookup.
        return key.withUTF8 { bytes -> Int? in
            var n = 0, scale = 1, digits = 0
            var i = bytes.count - 1
            while i >= 0 {
                let b = bytes[i]
                if b == UInt8(ascii: "-") { return digits > 0 ? n : nil }
                let d = b &- 0x30
                guard d < 10, digits < 9 else { return nil }
                n += Int(d) * scale
                scale *= 10
                digits += 1
                i -= 1
            }
            return nil
        }
    }

    /// A key's slot as a number kept beside it (in the column lists, for each event's key): -1 for none.
    @inline(__always)
    static func number(of key: String) -> Int32 { slot(of: key).map { Int32(truncatingIfNeeded: $0) } ?? -1 }

    @inline(__always)
    private func slotHolding(_ key: String) -> Int? { slotHolding(key, number: Self.number(of: key)) }

    /// The slot holding `key` when its number, read before, is `number`: a replay looks an event's key up several
    /// times, and a binary search in TO DO once a step, and reading the digits again was half a lookup's cost.
    @inline(__always)
    private func slotHolding(_ key: String, number: Int32) -> Int? {
        let n = Int(number)
        guard n >= 0, n < slots.count, let t = slots[n], t.key == key else { return nil }
        return n
    }

    /// The ticket under `key`, whose number (`number(of:)`) is known.
    @inline(__always)
    func ticket(_ key: String, number: Int32) -> Ticket? {
        if let n = slotHolding(key, number: number) { return slots[n] }
        return others.isEmpty ? nil : others[key]
    }

    subscript(key: String) -> Ticket? {
        get { ticket(key, number: Self.number(of: key)) }
        set { set(key, number: Self.number(of: key), newValue) }
    }

    /// Stores (or with nil removes) the ticket under `key`, whose number (`number(of:)`) is known: a new ticket's
    /// key is read once for the whole event, where the subscript read its digits twice.
    mutating func set(_ key: String, number: Int32, _ newValue: Ticket?) {
        if let n = slotHolding(key, number: number) {
            if let v = newValue, v.key == key {
                slots[n] = v
                return
            }
            slots[n] = nil
            count -= 1
        } else if !others.isEmpty, others.removeValue(forKey: key) != nil {
            count -= 1
        }
        guard let v = newValue else { return }
        count += 1
        if v.key == key, number >= 0, makeRoom(for: Int(number)), case .none = slots[Int(number)] {
            slots[Int(number)] = v
        } else {
            others[key] = v
        }
    }

    /// Grows `slots` to hold index `n` when `n` is not far past the tickets there are.
    private mutating func makeRoom(for n: Int) -> Bool {
        if n < slots.count { return true }
        guard n <= 2 * count + 1024 else { return false }
        // One more slot, as nearly always: appending a repeated nil of count one was 300 instructions a ticket.
        if n == slots.count {
            slots.append(nil)
        } else {
            slots.append(contentsOf: repeatElement(nil, count: n + 1 - slots.count))
        }
        return true
    }

    /// Changes the ticket under `key` in place (its fields' box stays unshared, so no copy); nil when there is none.
    @discardableResult
    mutating func modify<R>(_ key: String, number: Int32? = nil, _ body: (inout Ticket) -> R) -> R? {
        if let n = slotHolding(key, number: number ?? Self.number(of: key)) { return body(&slots[n]!) }
        guard !others.isEmpty, others[key] != nil else { return nil }
        return body(&others[key]!)
    }

    /// How many tickets sit in `others` rather than in their slot: a lookup there hashes the key.
    var spilled: Int { others.count }

    /// Every ticket with its key, in no particular order.
    func forEach(_ body: (String, Ticket) -> Void) {
        for case let t? in slots { body(t.key, t) }
        for (key, t) in others { body(key, t) }
    }

    var values: [Ticket] {
        var out: [Ticket] = []
        out.reserveCapacity(count)
        forEach { _, t in out.append(t) }
        return out
    }

    var dictionary: [String: Ticket] {
        var out: [String: Ticket] = [:]
        out.reserveCapacity(count)
        forEach { key, t in out[key] = t }
        return out
    }
}

extension TicketTable: Equatable {
    static func == (a: TicketTable, b: TicketTable) -> Bool {
        guard a.count == b.count else { return false }
        var same = true
        a.forEach { key, t in if same && b[key] != t { same = false } }
        return same
    }
}
