/// What the weekly cycle needs from the roster: one rotation's times and its outgoing and incoming people, as plain values.

/// One seat of a rotation: a person holding a role on a shift (a coverage band such as EMEA or Americas hours).
public struct CycleSeat: Equatable, Sendable {
    public var shift: String
    public var role: OnCallRole
    public var handle: String

    public init(shift: String, role: OnCallRole, handle: String) {
        self.shift = shift
        self.role = role
        self.handle = handle
    }
}

/// The people of one rotation. Seats keep the roster's order, so "the first shift" means the same shift every time.
public struct CycleTeam: Equatable, Sendable {
    public var lead: String?
    public var seats: [CycleSeat]

    public init(lead: String? = nil, seats: [CycleSeat] = []) {
        self.lead = lead
        self.seats = seats
    }

    /// Shift names in the order they first appear among the seats.
    public var shifts: [String] {
        var seen: [String] = []
        for seat in seats where !seen.contains(seat.shift) { seen.append(seat.shift) }
        return seen
    }

    /// Everyone in the team, lead included.
    public var members: Set<String> { Set(seats.map(\.handle) + (lead.map { [$0] } ?? [])) }

    /// Seats first (roster order), then the lead, each handle once: the order people are listed and invited in.
    public var handles: [String] {
        var out: [String] = []
        for h in seats.map(\.handle) + (lead.map { [$0] } ?? []) where !out.contains(h) { out.append(h) }
        return out
    }

    /// Who holds `role` on the shift at `shiftIndex`; the lead is the lead whatever the shift.
    public func handle(shiftIndex: Int, role: OnCallRole) -> String? {
        if role == .lead { return lead }
        let names = shifts
        guard names.indices.contains(shiftIndex) else { return nil }
        return seats.first { $0.shift == names[shiftIndex] && $0.role == role }?.handle
    }

    /// Where a person sits: their first seat's shift index and role, or the lead; nil for someone not in the team.
    public func seat(of handle: String) -> (shiftIndex: Int, role: OnCallRole)? {
        if let seat = seats.first(where: { $0.handle == handle }), let index = shifts.firstIndex(of: seat.shift) {
            return (index, seat.role)
        }
        return lead == handle ? (0, .lead) : nil
    }

    /// The first shift's primary, the person unowned work goes to by default.
    public var firstPrimary: String? { handle(shiftIndex: 0, role: .primary) ?? seats.first?.handle ?? lead }
}

/// One rotation as the cycle sees it. Times are milliseconds since the epoch (UTC).
public struct CycleWindow: Equatable, Sendable {
    /// The rotation's identity, e.g. its first day as "2026-11-23"; the cycle's events are keyed by it.
    public var id: String
    /// The hand-off that began this rotation.
    public var start: Int64
    /// When the hand-over must be done, e.g. Friday 17:00 local of the rotation's last week.
    public var handoverDue: Int64
    /// The next hand-off.
    public var end: Int64
    /// The current rotation's people.
    public var outgoing: CycleTeam
    /// The next rotation's people.
    public var incoming: CycleTeam
    /// The rotation's offset from UTC in minutes, for what "a working day" means; 0 (UTC) unless the roster says.
    /// A fixed offset is enough here: a working day only needs its date, and a DST shift moves it by an hour at most.
    public var utcOffsetMinutes: Int

    public init(id: String, start: Int64, handoverDue: Int64, end: Int64, outgoing: CycleTeam, incoming: CycleTeam,
                utcOffsetMinutes: Int = 0) {
        self.id = id
        self.start = start
        self.handoverDue = handoverDue
        self.end = end
        self.outgoing = outgoing
        self.incoming = incoming
        self.utcOffsetMinutes = utcOffsetMinutes
    }

    /// Everyone in the current (outgoing) rotation, lead included: who counts as "in the current SET team".
    public var members: Set<String> { outgoing.members }

    public func contains(_ now: Int64) -> Bool { start <= now && now < end }
}
