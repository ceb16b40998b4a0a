/// Incident events with their stable past-tense type strings, and their journal payloads.

public enum IncidentEvent: Equatable, Sendable {
    case opened(id: String, level: Level, title: String, ticket: String?, commander: String?, updateInterval: Int64)
    case updatePosted(id: String, text: String)
    case statusChanged(id: String, from: IncidentStatus, to: IncidentStatus)
    case teamInvited(id: String, team: String)
    case commanderChanged(id: String, commander: String)
    /// Written under the journal's lock before the notify command runs, as `page.notified` is: the claim to tell
    /// the commander once about the overdue period that began at `due` (Unix ms).
    case overdueNotified(id: String, due: Int64, commander: String)

    public static let types = ["incident.opened", "incident.update_posted", "incident.status_changed",
                               "incident.team_invited", "incident.commander_changed", "incident.overdue_notified"]

    /// The bounds of a time read from the journal: the Unix epoch to the end of year 9999.
    static let timeRange: ClosedRange<Int64> = 0...253_402_300_799_999

    public var type: String {
        switch self {
        case .opened: return "incident.opened"
        case .updatePosted: return "incident.update_posted"
        case .statusChanged: return "incident.status_changed"
        case .teamInvited: return "incident.team_invited"
        case .commanderChanged: return "incident.commander_changed"
        case .overdueNotified: return "incident.overdue_notified"
        }
    }

    public var id: String {
        switch self {
        case let .opened(id, _, _, _, _, _), let .updatePosted(id, _), let .statusChanged(id, _, _),
             let .teamInvited(id, _), let .commanderChanged(id, _), let .overdueNotified(id, _, _):
            return id
        }
    }

    /// One line for `setboard log`, user text escaped.
    public var summary: String {
        func e(_ s: String) -> String { TextSafety.escaped(s) }
        switch self {
        case let .opened(id, level, title, ticket, commander, interval):
            return "opened \(level.rawValue) incident \(e(id)): \(e(title))" + (ticket.map { " [\(e($0))]" } ?? "")
                + (commander.map { ", commander @\(e($0))" } ?? "") + ", update every \(WorkingTime.shortAge(interval))"
        case let .updatePosted(id, _): return "\(e(id)) update posted"
        case let .statusChanged(id, from, to): return "\(e(id)) status \(from.rawValue) → \(to.rawValue)"
        case let .teamInvited(id, team): return "\(e(id)) invited team \(e(team))"
        case let .commanderChanged(id, commander): return "\(e(id)) commander is now @\(e(commander))"
        case let .overdueNotified(id, due, commander):
            return "\(e(id)) update overdue since \(WorkingTime.isoMinute(due)) UTC: notifying commander @\(e(commander))"
        }
    }

    public var payload: JSONValue {
        func opt(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
        switch self {
        case let .opened(id, level, title, ticket, commander, interval):
            return .object([("id", .string(id)), ("level", .string(level.rawValue)), ("title", .string(title)),
                            ("ticket", opt(ticket)), ("commander", opt(commander)), ("interval_ms", .int(interval))])
        case let .updatePosted(id, text):
            return .object([("id", .string(id)), ("text", .string(text))])
        case let .statusChanged(id, from, to):
            return .object([("id", .string(id)), ("from", .string(from.rawValue)), ("to", .string(to.rawValue))])
        case let .teamInvited(id, team):
            return .object([("id", .string(id)), ("team", .string(team))])
        case let .commanderChanged(id, commander):
            return .object([("id", .string(id)), ("commander", .string(commander))])
        case let .overdueNotified(id, due, commander):
            return .object([("id", .string(id)), ("due_ms", .int(due)), ("commander", .string(commander))])
        }
    }

    /// Nil for another kind of event or a payload that does not hold; never traps.
    public init?(type: String, payload p: JSONValue) {
        guard let id = p["id"]?.stringValue else { return nil }
        switch type {
        case "incident.opened":
            guard let level = p["level"]?.stringValue.flatMap(Level.init(text:)), let title = p["title"]?.stringValue else { return nil }
            self = .opened(id: id, level: level, title: title, ticket: p["ticket"]?.stringValue,
                           commander: p["commander"]?.stringValue,
                           updateInterval: p["interval_ms"]?.intValue ?? Incident.defaultUpdateInterval)
        case "incident.update_posted":
            guard let text = p["text"]?.stringValue else { return nil }
            self = .updatePosted(id: id, text: text)
        case "incident.status_changed":
            guard let from = p["from"]?.stringValue.flatMap(IncidentStatus.init(rawValue:)),
                  let to = p["to"]?.stringValue.flatMap(IncidentStatus.init(rawValue:)) else { return nil }
            self = .statusChanged(id: id, from: from, to: to)
        case "incident.team_invited":
            guard let team = p["team"]?.stringValue else { return nil }
            self = .teamInvited(id: id, team: team)
        case "incident.commander_changed":
            guard let c = p["commander"]?.stringValue else { return nil }
            self = .commanderChanged(id: id, commander: c)
        case "incident.overdue_notified":
            guard let due = p["due_ms"]?.intValue, IncidentEvent.timeRange.contains(due),
                  let c = p["commander"]?.stringValue else { return nil }
            self = .overdueNotified(id: id, due: due, commander: c)
        default:
            return nil
        }
    }
}
