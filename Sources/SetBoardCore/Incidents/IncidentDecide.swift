/// Incident commands and `decide` for them: checks against the incidents and the board, refusing with a readable error.

public enum IncidentCommand: Equatable, Sendable {
    case open(level: Level, title: String, ticket: String?, commander: String?, updateInterval: Int64?)
    case postUpdate(id: String, text: String)
    case setStatus(id: String, status: IncidentStatus)
    case invite(id: String, team: String)
    case setCommander(id: String, commander: String)
}

public enum IncidentError: Error, Equatable, Sendable, CustomStringConvertible {
    case notAnIncidentLevel(Level)
    case unknownIncident(String)
    case unknownTicket(String)
    case invalidText(field: String, reason: String)
    case finished(String)
    case statusNotForward(id: String, from: IncidentStatus, to: IncidentStatus)
    case invalidName(String)
    case alreadyInvited(id: String, team: String)
    case badInterval
    case intervalOverADay(Level)
    case alreadyCommander(id: String, handle: String)
    case noticeNotDue(id: String)

    public var description: String {
        switch self {
        case let .notAnIncidentLevel(l): return "incidents are L1 or L2; \(l.rawValue) work belongs on the board as a ticket"
        case let .unknownIncident(id): return "no incident \(TextSafety.escaped(id)) (see `setboard incident list --all`)"
        case let .unknownTicket(k): return "no ticket \(TextSafety.escaped(k)) on this board"
        case let .invalidText(field, reason): return "the \(field) \(reason)"
        case let .finished(id): return "\(id) is closed; open a new incident instead"
        case let .statusNotForward(id, from, to):
            return "\(id) is \(from.rawValue); its status only moves forward (investigating → identified → monitoring → resolved → closed), not to \(to.rawValue)"
        case let .invalidName(n): return "\"\(TextSafety.escaped(n))\" is not a handle or team name: use letters, digits, '.', '_' or '-'"
        case let .alreadyInvited(id, team): return "\(team) is already invited to \(id)"
        case .badInterval: return "the update interval must be between 1 minute and 24 hours"
        case let .intervalOverADay(level):
            return "an \(level.rawValue) incident needs an update at least daily: the interval is 1 to 24 hours"
        case let .alreadyCommander(id, handle): return "@\(TextSafety.escaped(handle)) is already the commander of \(id)"
        case let .noticeNotDue(id): return "no overdue-update notice of \(id) is due"
        }
    }
}

public enum IncidentDecide {
    public static let maxTitleLength = 300
    public static let maxUpdateLength = 20_000
    /// L1 and L2 incidents need an update at least daily.
    public static let maxUpdateInterval: Int64 = 24 * 3_600_000

    public static func decide(_ command: IncidentCommand, incidents: IncidentState, board: BoardState) throws(IncidentError) -> [IncidentEvent] {
        switch command {
        case let .open(level, title, ticket, commander, interval):
            guard level == .l1 || level == .l2 else { throw .notAnIncidentLevel(level) }
            let t = try checkedLine(title, field: "title", max: maxTitleLength)
            if let ticket, board.ticket(ticket) == nil { throw .unknownTicket(ticket) }
            if let commander, !Decide.isValidHandle(commander) { throw .invalidName(commander) }
            if let interval, !(60_000...(14 * 86_400_000)).contains(interval) { throw .badInterval }
            if let interval, interval > maxUpdateInterval { throw .intervalOverADay(level) }
            return [.opened(id: incidents.nextID(), level: level, title: t, ticket: ticket, commander: commander,
                            updateInterval: interval ?? Incident.defaultUpdateInterval)]
        case let .postUpdate(id, text):
            let incident = try existing(id, incidents)
            guard incident.status != .closed else { throw .finished(id) }
            let trimmed = text.trimmingWhitespace()
            guard !trimmed.isEmpty else { throw .invalidText(field: "update", reason: "is empty") }
            guard trimmed.unicodeScalars.count <= maxUpdateLength else {
                throw .invalidText(field: "update", reason: "is longer than \(maxUpdateLength) characters")
            }
            return [.updatePosted(id: id, text: trimmed)]
        case let .setStatus(id, status):
            let incident = try existing(id, incidents)
            guard incident.status != .closed else { throw .finished(id) }
            guard incident.status < status else { throw .statusNotForward(id: id, from: incident.status, to: status) }
            return [.statusChanged(id: id, from: incident.status, to: status)]
        case let .invite(id, team):
            let incident = try existing(id, incidents)
            guard incident.status != .closed else { throw .finished(id) }
            guard Decide.isValidHandle(team) else { throw .invalidName(team) }
            guard !incident.teams.contains(team) else { throw .alreadyInvited(id: id, team: team) }
            return [.teamInvited(id: id, team: team)]
        case let .setCommander(id, commander):
            let incident = try existing(id, incidents)
            guard incident.status != .closed else { throw .finished(id) }
            guard Decide.isValidHandle(commander) else { throw .invalidName(commander) }
            guard incident.commander != commander else { throw .alreadyCommander(id: id, handle: commander) }
            return [.commanderChanged(id: id, commander: commander)]
        }
    }

    /// Claims the notification of an incident's current overdue period for its commander; refused when another
    /// process claimed it first, or when an update or a new period came meanwhile. Decided under the journal's lock.
    public static func decideOverdueNotice(id: String, due: Int64, incidents: IncidentState,
                                           now: Int64) throws(IncidentError) -> [IncidentEvent] {
        let incident = try existing(id, incidents)
        guard incident.overdueNoticeDue(at: now) == due, let commander = incident.commander else { throw .noticeNotDue(id: id) }
        return [.overdueNotified(id: id, due: due, commander: commander)]
    }

    static func existing(_ id: String, _ incidents: IncidentState) throws(IncidentError) -> Incident {
        guard let i = incidents.incident(id) else { throw .unknownIncident(id) }
        return i
    }

    static func checkedLine(_ text: String, field: String, max: Int) throws(IncidentError) -> String {
        let t = text.trimmingWhitespace()
        guard !t.isEmpty else { throw .invalidText(field: field, reason: "is empty") }
        guard !t.contains(where: \.isNewline) else { throw .invalidText(field: field, reason: "must be one line") }
        guard t.unicodeScalars.count <= max else { throw .invalidText(field: field, reason: "is longer than \(max) characters") }
        return t
    }
}

extension String {
    /// Leading and trailing spaces and newlines removed, without Foundation.
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
