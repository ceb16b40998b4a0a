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

    /// The strict decoder the registry calls; `interval_ms` is inside `ValidRange.updateInterval`.
    static func decode(_ type: String, _ p: PayloadReader) throws(PayloadError) -> IncidentEvent {
        let id = try p.string("id")
        switch type {
        case "incident.opened":
            return .opened(id: id, level: try p.word("level", Level.init(text:)), title: try p.string("title"),
                           ticket: try p.optionalString("ticket"), commander: try p.optionalString("commander"),
                           updateInterval: try p.int("interval_ms", in: ValidRange.updateInterval))
        case "incident.update_posted":
            return .updatePosted(id: id, text: try p.string("text"))
        case "incident.status_changed":
            return .statusChanged(id: id, from: try p.word("from", IncidentStatus.init(rawValue:)),
                                  to: try p.word("to", IncidentStatus.init(rawValue:)))
        case "incident.team_invited":
            return .teamInvited(id: id, team: try p.string("team"))
        case "incident.commander_changed":
            return .commanderChanged(id: id, commander: try p.string("commander"))
        case "incident.overdue_notified":
            return .overdueNotified(id: id, due: try p.int("due_ms", in: ValidRange.instantMilliseconds),
                                    commander: try p.string("commander"))
        default:
            throw unknownType(type)
        }
    }

    /// One line for `setboard log`, user text escaped.
    public var summary: String {
        func e(_ s: String) -> String { TextSafety.escaped(s) }
        switch self {
        case let .opened(id, level, title, ticket, commander, interval):
            return "opened incident \(e(id)) \(level.rawValue): \(e(title))" + (ticket.map { " [\(e($0))]" } ?? "")
                + (commander.map { ", commander @\(e($0))" } ?? "") + ", updates every \(WorkingTime.shortAge(interval))"
        case let .updatePosted(id, text):
            let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
            let first = lines.first.map(String.init) ?? ""
            return "\(e(id)) update: \(e(first))" + (lines.count > 1 ? " (+\(lines.count - 1) lines)" : "")
        case let .statusChanged(id, from, to):
            return "\(e(id)) \(from.rawValue) → \(to.rawValue)"
        case let .teamInvited(id, team):
            return "\(e(id)): team \(e(team)) invited"
        case let .commanderChanged(id, commander):
            return "\(e(id)) commander is now @\(e(commander))"
        case let .overdueNotified(id, due, commander):
            return "\(e(id)) update overdue since \(WorkingTime.isoMinute(due)) UTC: notifying commander @\(e(commander))"
        }
    }
}
