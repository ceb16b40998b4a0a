/// The SET's words for a ticket's attributes: tiers, levels, categories, types, columns and checklist items.

/// Where a ticket sits in the team's "priority of work"; the declaration order is the default rule order.
public enum Tier: String, CaseIterable, Sendable, Codable {
    case community, escalation, hotfix, release, customer, other

    public static let defaultOrder: [Tier] = Tier.allCases

    /// What the tier means, in the team's words, for help text and "why it is here".
    public var meaning: String {
        switch self {
        case .community: return "quality issue on the community servers"
        case .escalation: return "customer support escalation"
        case .hotfix: return "hotfix bug"
        case .release: return "release bug"
        case .customer: return "customer-reported bug"
        case .other: return "other bug"
        }
    }
}

/// Severity of an issue: L1 critical … L4 minor; a ticket may have none yet.
public enum Level: String, CaseIterable, Sendable, Comparable {
    case l1 = "L1", l2 = "L2", l3 = "L3", l4 = "L4"

    public init?(text: String) {
        switch text.uppercased() {
        case "L1", "1": self = .l1
        case "L2", "2": self = .l2
        case "L3", "3": self = .l3
        case "L4", "4": self = .l4
        default: return nil
        }
    }

    public var rank: Int {
        switch self {
        case .l1: return 1
        case .l2: return 2
        case .l3: return 3
        case .l4: return 4
        }
    }

    public var meaning: String {
        switch self {
        case .l1: return "critical"
        case .l2: return "major"
        case .l3: return "minor"
        case .l4: return "low"
        }
    }

    public static func < (a: Level, b: Level) -> Bool { a.rank < b.rank }
}

/// CAT1 is escalated by people (support, customer engineers, customer success); CAT2 is raised by an alert.
public enum Category: String, CaseIterable, Sendable {
    case cat1 = "CAT1", cat2 = "CAT2"

    public init?(text: String) {
        switch text.uppercased() {
        case "CAT1", "1": self = .cat1
        case "CAT2", "2": self = .cat2
        default: return nil
        }
    }
}

public enum TicketType: String, CaseIterable, Sendable {
    case bug, feature, question
}

/// The board's columns, left to right.
public enum Column: String, CaseIterable, Sendable {
    case todo = "todo"
    case inProgress = "in-progress"
    case inReview = "in-review"
    case handedOver = "handed-over"
    case done = "done"

    public var title: String {
        switch self {
        case .todo: return "TO DO"
        case .inProgress: return "IN PROGRESS"
        case .inReview: return "IN REVIEW"
        case .handedOver: return "HANDED OVER"
        case .done: return "DONE"
        }
    }

    /// Accepts the stored name or the title in any case, with spaces, dashes or underscores ("In Progress", "in_progress").
    public init?(text: String) {
        let folded = String(text.lowercased().filter { $0.isLetter })
        for column in Column.allCases where String(column.rawValue.filter { $0.isLetter }) == folded {
            self = column
            return
        }
        return nil
    }

    public var index: Int { Column.allCases.firstIndex(of: self) ?? 0 }

    public var previous: Column? {
        let i = index
        return i > 0 ? Column.allCases[i - 1] : nil
    }

    public var next: Column? {
        let i = index + 1
        return i < Column.allCases.count ? Column.allCases[i] : nil
    }
}

/// What an investigation needs listed on the ticket, from the SET workflow.
public enum ChecklistItem: String, CaseIterable, Sendable {
    case version = "version"
    case database = "database"
    case configuration = "configuration"
    case logs = "logs"
    case cpuProfile = "cpu-profile"
    case heapProfile = "heap-profile"
    case stackTrace = "stack-trace"

    public var label: String {
        switch self {
        case .version: return "Mattermost version"
        case .database: return "Database type and version"
        case .configuration: return "Configuration"
        case .logs: return "Relevant logs"
        case .cpuProfile: return "CPU profile"
        case .heapProfile: return "Heap profile"
        case .stackTrace: return "Stack trace"
        }
    }
}

public enum ChecklistState: String, CaseIterable, Sendable {
    case missing, present
    case notApplicable = "n/a"

    public init?(text: String) {
        switch text.lowercased() {
        case "missing", "no": self = .missing
        case "present", "yes", "done": self = .present
        case "n/a", "na", "not-applicable", "notapplicable": self = .notApplicable
        default: return nil
        }
    }
}

/// Where an escalation came from: the handbook's intake channels.
public enum TicketSource: String, CaseIterable, Sendable {
    case support = "support-channel"
    case page
    case board
    case askRnD = "ask-rnd"

    public init?(text: String) {
        switch text.lowercased() {
        case "support-channel", "support", "channel": self = .support
        case "page", "pager", "opsgenie": self = .page
        case "board", "jira": self = .board
        case "ask-rnd", "ask-r&d", "askrnd": self = .askRnD
        default: return nil
        }
    }

    public var label: String {
        switch self {
        case .support: return "support channel"
        case .page: return "page"
        case .board: return "board"
        case .askRnD: return "Ask R&D"
        }
    }
}
