/// Board events: facts in the past tense with stable type strings, and their JSON payloads.

/// Where a reordered card goes, relative to its neighbours, so replay in any process gives the same order.
public enum RankPosition: Equatable, Sendable {
    case top
    case bottom
    case after(String)
}

/// Fields an edit changes; nil means unchanged. `level` and `team` can be cleared with `.some(nil)`.
public struct TicketChanges: Equatable, Sendable {
    public var title: String?
    public var description: String?
    public var tier: Tier?
    public var level: Level??
    public var category: Category?
    public var type: TicketType?
    public var team: String??

    public init(title: String? = nil, description: String? = nil, tier: Tier? = nil, level: Level?? = nil,
                category: Category? = nil, type: TicketType? = nil, team: String?? = nil) {
        self.title = title
        self.description = description
        self.tier = tier
        self.level = level
        self.category = category
        self.type = type
        self.team = team
    }

    public var isEmpty: Bool {
        title == nil && description == nil && tier == nil && level == nil && category == nil && type == nil && team == nil
    }
}

/// The data of a new ticket, as recorded in `ticket.created`.
public struct NewTicket: Equatable, Sendable {
    public var title: String
    public var description: String
    public var tier: Tier
    public var level: Level?
    public var category: Category
    public var type: TicketType
    public var column: Column
    public var assignee: String?
    public var team: String?
    public var source: TicketSource?
    public var component: String?
    /// When the work really began, for a ticket brought in from elsewhere (a Jira import): its age and rule order
    /// count from here, not from the event's stamp. Nil for a ticket born on the board.
    public var createdAt: Int64?

    public init(title: String, description: String = "", tier: Tier = .other, level: Level? = nil,
                category: Category = .cat1, type: TicketType = .bug, column: Column = .todo,
                assignee: String? = nil, team: String? = nil, source: TicketSource? = nil, component: String? = nil,
                createdAt: Int64? = nil) {
        self.createdAt = createdAt
        self.source = source
        self.component = component
        self.title = title
        self.description = description
        self.tier = tier
        self.level = level
        self.category = category
        self.type = type
        self.column = column
        self.assignee = assignee
        self.team = team
    }
}

public enum BoardEvent: Equatable, Sendable {
    case boardCreated(name: String, prefix: String)
    case settingsChanged(tierOrder: [Tier]?, stuckLimits: [Column: Int]?, levelStuckLimits: [Level: Int]? = nil)
    case ticketCreated(key: String, ticket: NewTicket)
    case ticketMoved(key: String, from: Column, to: Column)
    case ticketRanked(key: String, position: RankPosition)
    case ticketAssigned(key: String, assignee: String?)
    case ticketEdited(key: String, changes: TicketChanges)
    case checklistMarked(key: String, item: ChecklistItem, state: ChecklistState)
    case ticketNudged(key: String)
    case ticketTakenOver(key: String, from: String?, to: String)
    case orderRestored(column: Column)
    case ticketHandedOver(key: String, team: String)
    case routingDefined(routes: [String: String], contacts: [String: String]? = nil)
    case ticketRerouted(key: String, type: TicketType, team: String, reason: String)
    /// One response-clock target set (hours) or removed (nil).
    case clockTargetSet(clock: ClockKind, tier: Tier, level: Level, hours: Int?)

    /// The journal's type string; never derived from Swift names so a rename cannot change the journal.
    public var type: String {
        switch self {
        case .boardCreated: return "board.created"
        case .settingsChanged: return "board.settings_changed"
        case .ticketCreated: return "ticket.created"
        case .ticketMoved: return "ticket.moved"
        case .ticketRanked: return "ticket.ranked"
        case .ticketAssigned: return "ticket.assigned"
        case .ticketEdited: return "ticket.edited"
        case .checklistMarked: return "ticket.checklist_marked"
        case .ticketNudged: return "ticket.nudged"
        case .ticketTakenOver: return "ticket.taken_over"
        case .orderRestored: return "board.order_restored"
        case .ticketHandedOver: return "ticket.handed_over"
        case .routingDefined: return "board.routing_defined"
        case .ticketRerouted: return "ticket.rerouted"
        case .clockTargetSet: return "board.clock_target_set"
        }
    }

    /// The ticket the event is about, for a ticket's history.
    public var ticketKey: String? {
        switch self {
        case .boardCreated, .settingsChanged, .orderRestored, .routingDefined, .clockTargetSet: return nil
        case let .ticketCreated(key, _), let .ticketMoved(key, _, _), let .ticketRanked(key, _),
             let .ticketAssigned(key, _), let .ticketEdited(key, _), let .checklistMarked(key, _, _),
             let .ticketNudged(key), let .ticketTakenOver(key, _, _), let .ticketHandedOver(key, _),
             let .ticketRerouted(key, _, _, _):
            return key
        }
    }
}
