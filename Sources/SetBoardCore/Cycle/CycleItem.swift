/// The cycle's checklist, from the handbook's three phases: review at the start, daily source checks, the hand-over.

public enum CycleItem: String, CaseIterable, Sendable {
    case startReview = "start-review"
    case supportChannel = "support-channel"
    case askRnd = "ask-rnd"
    case incomingInvited = "incoming-invited"
    case ticketsReassigned = "tickets-reassigned"
    case knowledgeTransferred = "knowledge-transferred"

    public enum Kind: Sendable { case start, daily, handover }

    public var kind: Kind {
        switch self {
        case .startReview: return .start
        case .supportChannel, .askRnd: return .daily
        case .incomingInvited, .ticketsReassigned, .knowledgeTransferred: return .handover
        }
    }

    public static var daily: [CycleItem] { allCases.filter { $0.kind == .daily } }

    /// How many ticks a day (or a rotation, for the other items) are recorded: the handbook checks Ask R&D "once
    /// or twice a day", and each check is worth a record.
    public var ticksPerDay: Int { self == .askRnd ? 2 : 1 }
    public static var handover: [CycleItem] { allCases.filter { $0.kind == .handover } }

    public var label: String {
        switch self {
        case .startReview: return "every open ticket has an owner in the current SET team"
        case .supportChannel: return "~Sustained Engineering channel checked"
        case .askRnd: return "~Ask R&D checked (once or twice a day is enough)"
        case .incomingInvited: return "incoming SET team invited to the open incidents"
        case .ticketsReassigned: return "SET tickets reassigned to the incoming team"
        case .knowledgeTransferred: return "hand-off notes written for the incoming team"
        }
    }
}

extension CycleItem {
    /// "1 ticket", "3 tickets": the cycle's messages count things often enough to say it right.
    public static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}
