/// A SET ticket as the board knows it after replaying the journal.

/// Who moved a card against the rule order, and when: kept so the board can explain the card's place.
public struct HandMove: Equatable, Sendable {
    public var actor: String
    public var at: Int64
}

/// A reroute to the owning team (a feature request or a low-urgency bug): who did it, when, where to, and why.
public struct Reroute: Equatable, Sendable {
    public var actor: String
    public var at: Int64
    public var team: String
    public var reason: String
}

public struct Ticket: Equatable, Sendable {
    public var key: String
    /// The number in the key; keys are allocated in journal order, so it also breaks ties in rule order.
    public var number: Int
    public var title: String
    public var description: String
    public var tier: Tier
    public var level: Level?
    public var category: Category
    public var type: TicketType
    public var column: Column
    public var assignee: String?
    public var team: String?
    /// Milliseconds since the epoch (UTC).
    public var created: Int64
    /// Time of the last event about this ticket: what "stuck" is measured from.
    public var updated: Int64
    public var checklist: [ChecklistItem: ChecklistState]
    public var movedByHand: HandMove?
    public var incident: String?
    public var nudges: Int
    public var source: TicketSource?
    public var component: String?
    /// Set when the ticket was rerouted to its owning team: it left SET's board, and this says who and why.
    public var rerouted: Reroute?

    public init(
        key: String, number: Int, title: String, description: String = "", tier: Tier, level: Level? = nil,
        category: Category = .cat1, type: TicketType = .bug, column: Column = .todo, assignee: String? = nil,
        team: String? = nil, created: Int64, checklist: [ChecklistItem: ChecklistState] = [:]
    ) {
        self.key = key
        self.number = number
        self.title = title
        self.description = description
        self.tier = tier
        self.level = level
        self.category = category
        self.type = type
        self.column = column
        self.assignee = assignee
        self.team = team
        self.created = created
        self.updated = created
        self.checklist = checklist
        self.movedByHand = nil
        self.incident = nil
        self.nudges = 0
        self.source = nil
        self.component = nil
        self.rerouted = nil
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

    public func checklistState(_ item: ChecklistItem) -> ChecklistState { checklist[item] ?? .missing }

    public var missingChecklistItems: [ChecklistItem] {
        ChecklistItem.allCases.filter { checklistState($0) == .missing }
    }
}
