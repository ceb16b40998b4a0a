/// A SET ticket as the board knows it after replaying the journal.

/// Who moved a card against the rule order, and when: kept so the board can explain the card's place.
public struct HandMove: Equatable, Sendable {
    public var actor: String
    public var at: Int64

    package init(actor: String, at: Int64) {
        self.actor = actor
        self.at = at
    }
}

/// A reroute to the owning team (a feature request or a low-urgency bug): who did it, when, where to, and why.
public struct Reroute: Equatable, Sendable {
    public var actor: String
    public var at: Int64
    public var team: String
    public var reason: String

    package init(actor: String, at: Int64, team: String, reason: String) {
        self.actor = actor
        self.at = at
        self.team = team
        self.reason = reason
    }
}

/// A ticket's fields live in one shared, copy-on-write box: a board holds tens of thousands of tickets in a
/// dictionary, and a 300-byte value in every bucket cost 40 MB at 50,000 tickets and a retain per field on every copy.
/// The box is 136 bytes (a 144-byte block from malloc; with the team kept inline it was 152, a 160-byte block).
public struct Ticket: Equatable, Sendable {
    private final class Fields: @unchecked Sendable {
        // Mutated only through Ticket's setters, which copy the box first unless this ticket is its only owner.
        var key: String
        var number: Int
        var title: String
        var description: String
        var tier: Tier
        var level: Level?
        var category: Category
        var type: TicketType
        var column: Column
        var assignee: String?
        var created: Int64
        var updated: Int64
        /// Two bits per checklist item (0 not recorded, else 1 + the state's index), room for 16 items: a
        /// dictionary per ticket was an allocation and about 200 bytes for each of tens of thousands of tickets.
        var checklistBits: UInt32
        var nudges: Int
        var rare: Rare?

        init(key: String, number: Int, title: String, description: String, tier: Tier, level: Level?,
             category: Category, type: TicketType, column: Column, assignee: String?, team: String?, created: Int64,
             checklist: [ChecklistItem: ChecklistState]) {
            self.key = key; self.number = number; self.title = title; self.description = description
            self.tier = tier; self.level = level; self.category = category; self.type = type; self.column = column
            self.assignee = assignee; self.created = created; self.updated = created
            self.checklistBits = Ticket.pack(checklist); self.nudges = 0
            self.rare = team.map { Rare(Rare.Values(team: $0)) }
        }

        func copy() -> Fields {
            let c = Fields(key: key, number: number, title: title, description: description, tier: tier, level: level,
                           category: category, type: type, column: column, assignee: assignee, team: nil,
                           created: created, checklist: [:])
            c.checklistBits = checklistBits
            c.updated = updated; c.nudges = nudges; c.rare = rare
            return c
        }
    }

    /// The fields most tickets never set, in a box of their own (shared, never changed in place): kept inline they
    /// were 130 empty bytes in every ticket. The team is set only when a ticket is handed over (or routed to its
    /// owning team): inline it made every box 16 bytes larger.
    private final class Rare: Sendable {
        struct Values: Equatable, Sendable {
            var team: String?
            var movedByHand: HandMove?
            var incident: String?
            var source: TicketSource?
            var component: String?
            var rerouted: Reroute?
            var isEmpty: Bool { self == Values() }
        }
        let values: Values
        init(_ values: Values) { self.values = values }

        /// `old` with one change, or nil once nothing rare is left.
        static func updating(_ old: Rare?, _ change: (inout Values) -> Void) -> Rare? {
            var v = old?.values ?? Values()
            change(&v)
            return v.isEmpty ? nil : Rare(v)
        }
    }

    private var fields: Fields

    /// Sets every rare field at once: the snapshot reader fills 50,000 tickets, and one box per ticket (or none)
    /// is cheaper than five updates.
    package mutating func setRare(movedByHand: HandMove?, incident: String?, source: TicketSource?, component: String?,
                          rerouted: Reroute?) {
        let f = unique()
        let values = Rare.Values(team: f.rare?.values.team, movedByHand: movedByHand, incident: incident,
                                 source: source, component: component, rerouted: rerouted)
        let isEmpty = values.team == nil && movedByHand == nil && incident == nil && source == nil && component == nil
            && rerouted == nil
        f.rare = isEmpty ? nil : Rare(values)
    }

    private mutating func unique() -> Fields {
        if !isKnownUniquelyReferenced(&fields) { fields = fields.copy() }
        return fields
    }

    public var key: String {
        get { fields.key }
        set { unique().key = newValue }
    }
    /// The number in the key; keys are allocated in journal order, so it also breaks ties in rule order.
    public var number: Int {
        get { fields.number }
        set { unique().number = newValue }
    }
    public var title: String {
        get { fields.title }
        set { unique().title = newValue }
    }
    public var description: String {
        get { fields.description }
        set { unique().description = newValue }
    }
    public var tier: Tier {
        get { fields.tier }
        set { unique().tier = newValue }
    }
    public var level: Level? {
        get { fields.level }
        set { unique().level = newValue }
    }
    public var category: Category {
        get { fields.category }
        set { unique().category = newValue }
    }
    public var type: TicketType {
        get { fields.type }
        set { unique().type = newValue }
    }
    public var column: Column {
        get { fields.column }
        set { unique().column = newValue }
    }
    public var assignee: String? {
        get { fields.assignee }
        set { unique().assignee = newValue }
    }
    public var team: String? {
        get { fields.rare?.values.team }
        set {
            // Nothing to clear: no copy, no compare (and no new box for a handed-over card on every move).
            if newValue == nil && fields.rare?.values.team == nil { return }
            let f = unique(); f.rare = Rare.updating(f.rare) { $0.team = newValue }
        }
    }
    /// Milliseconds since the epoch (UTC).
    public var created: Int64 {
        get { fields.created }
        set { unique().created = newValue }
    }
    /// Time of the last event about this ticket: what "stuck" is measured from.
    public var updated: Int64 {
        get { fields.updated }
        set { unique().updated = newValue }
    }
    public var checklist: [ChecklistItem: ChecklistState] {
        get { Ticket.unpack(fields.checklistBits) }
        set { unique().checklistBits = Ticket.pack(newValue) }
    }
    public var movedByHand: HandMove? {
        get { fields.rare?.values.movedByHand }
        set {
            // Nothing to clear: no copy, no compare (and no new box for a handed-over card on every move).
            if newValue == nil && fields.rare?.values.movedByHand == nil { return }
            let f = unique(); f.rare = Rare.updating(f.rare) { $0.movedByHand = newValue }
        }
    }
    public var incident: String? {
        get { fields.rare?.values.incident }
        set { let f = unique(); f.rare = Rare.updating(f.rare) { $0.incident = newValue } }
    }
    public var nudges: Int {
        get { fields.nudges }
        set { unique().nudges = newValue }
    }
    public var source: TicketSource? {
        get { fields.rare?.values.source }
        set {
            // Nothing to clear: no copy, no compare (and no new box for a handed-over card on every move).
            if newValue == nil && fields.rare?.values.source == nil { return }
            let f = unique(); f.rare = Rare.updating(f.rare) { $0.source = newValue }
        }
    }
    public var component: String? {
        get { fields.rare?.values.component }
        set {
            // Nothing to clear: no copy, no compare (and no new box for a handed-over card on every move).
            if newValue == nil && fields.rare?.values.component == nil { return }
            let f = unique(); f.rare = Rare.updating(f.rare) { $0.component = newValue }
        }
    }
    /// Set when the ticket was rerouted to its owning team: it left SET's board, and this says who and why.
    public var rerouted: Reroute? {
        get { fields.rare?.values.rerouted }
        set { let f = unique(); f.rare = Rare.updating(f.rare) { $0.rerouted = newValue } }
    }

    public init(
        key: String, number: Int, title: String, description: String = "", tier: Tier, level: Level? = nil,
        category: Category = .cat1, type: TicketType = .bug, column: Column = .todo, assignee: String? = nil,
        team: String? = nil, created: Int64, checklist: [ChecklistItem: ChecklistState] = [:]
    ) {
        fields = Fields(key: key, number: number, title: title, description: description, tier: tier, level: level,
                        category: category, type: type, column: column, assignee: assignee, team: team,
                        created: created, checklist: checklist)
    }

    public static func == (a: Ticket, b: Ticket) -> Bool {
        if a.fields === b.fields { return true }
        let x = a.fields, y = b.fields
        return x.key == y.key && x.number == y.number && x.title == y.title && x.description == y.description
            && x.tier == y.tier && x.level == y.level && x.category == y.category && x.type == y.type
            && x.column == y.column && x.assignee == y.assignee && x.created == y.created
            && x.updated == y.updated && x.checklistBits == y.checklistBits && x.nudges == y.nudges
            && x.rare?.values == y.rare?.values
    }

    /// Escalations must say specifically what is wrong; an empty or one-word description is flagged until fixed.
    public var isFlaggedForDescription: Bool {
        (tier == .escalation || source != nil) && column != .done && isOnBoard && needsDescription
    }

    public var needsDescription: Bool {
        description.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).count < 3
    }

    /// A feature request handed to an owning team is no longer SET's work: it leaves the board (still listed with --all).
    public var isOnBoard: Bool { rerouted == nil && !(type == .feature && team != nil) }

    public func checklistState(_ item: ChecklistItem) -> ChecklistState { recorded(item) ?? .missing }

    /// What was recorded for one item, nil when nothing was (which reads as missing).
    public func recorded(_ item: ChecklistItem) -> ChecklistState? {
        let code = Int(fields.checklistBits >> UInt32(2 * Ticket.itemIndex(item))) & 3
        return code == 0 ? nil : ChecklistState.allCases[code - 1]
    }

    /// Records one item's state without building the whole checklist.
    public mutating func record(_ item: ChecklistItem, _ state: ChecklistState) {
        let shift = UInt32(2 * Ticket.itemIndex(item))
        let code = UInt32((ChecklistState.allCases.firstIndex(of: state) ?? 0) + 1)
        let f = unique()
        f.checklistBits = (f.checklistBits & ~(3 << shift)) | (code << shift)
    }

    private static func itemIndex(_ item: ChecklistItem) -> Int { ChecklistItem.allCases.firstIndex(of: item) ?? 0 }

    private static func pack(_ checklist: [ChecklistItem: ChecklistState]) -> UInt32 {
        var bits: UInt32 = 0
        for (item, state) in checklist {
            let code = UInt32((ChecklistState.allCases.firstIndex(of: state) ?? 0) + 1)
            bits |= code << UInt32(2 * itemIndex(item))
        }
        return bits
    }

    private static func unpack(_ bits: UInt32) -> [ChecklistItem: ChecklistState] {
        var out: [ChecklistItem: ChecklistState] = [:]
        for (i, item) in ChecklistItem.allCases.enumerated() {
            let code = Int(bits >> UInt32(2 * i)) & 3
            if code > 0 { out[item] = ChecklistState.allCases[code - 1] }
        }
        return out
    }

    public var missingChecklistItems: [ChecklistItem] {
        ChecklistItem.allCases.filter { checklistState($0) == .missing }
    }
}
