/// Incidents: L1/L2 outages with a commander, invited teams, and a timestamped update due every interval.

public enum IncidentStatus: String, CaseIterable, Sendable, Comparable {
    case investigating, identified, monitoring, resolved, closed

    public static func < (a: IncidentStatus, b: IncidentStatus) -> Bool {
        (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)
    }

    /// Still needs people and daily updates.
    public var isOpen: Bool { self < .resolved }
}

public struct IncidentUpdate: Equatable, Sendable {
    public var at: Int64
    public var actor: String
    public var text: String
}

/// One entry of an incident's timeline, built from its events.
public struct IncidentTimelineEntry: Equatable, Sendable {
    public var at: Int64
    public var actor: String
    public var text: String
}

public struct Incident: Equatable, Sendable {
    public static let defaultUpdateInterval: Int64 = 24 * 3_600_000

    public var id: String
    public var number: Int
    public var level: Level
    public var title: String
    public var status: IncidentStatus
    public var commander: String?
    public var teams: [String]
    public var updateInterval: Int64
    public var opened: Int64
    public var openedBy: String
    public var ticket: String?
    public var updates: [IncidentUpdate]
    public var timeline: [IncidentTimelineEntry]
    /// Start of an overdue period (Unix ms) → the commander told about it, as claimed by `incident.overdue_notified`.
    public var overdueNotices: [Int64: String] = [:]

    public var isOpen: Bool { status.isOpen }

    /// The last update, or the opening when nobody has posted one yet.
    public var lastUpdateAt: Int64 { updates.last?.at ?? opened }

    public var updateDue: Int64 { lastUpdateAt + updateInterval }

    /// Open and its next update is due now or earlier.
    public func isOverdue(at now: Int64) -> Bool { isOpen && updateDue <= now }

    /// While overdue, when the current overdue period began: the update's due time, then one interval later for
    /// every interval that passes without an update. Each period tells the commander once.
    public func overduePeriodStart(at now: Int64) -> Int64? {
        guard isOverdue(at: now), updateInterval > 0 else { return nil }
        return updateDue + (now - updateDue) / updateInterval * updateInterval
    }

    /// The overdue period whose commander is owed a notification at `now`, if any.
    public func overdueNoticeDue(at now: Int64) -> Int64? {
        guard commander != nil, let start = overduePeriodStart(at: now), overdueNotices[start] == nil else { return nil }
        return start
    }
}

/// Every incident replayed from the journal.
public struct IncidentState: Equatable, Sendable {
    public private(set) var incidents: [String: Incident] = [:]
    public private(set) var nextNumber = 1

    public init() {}

    public func incident(_ id: String) -> Incident? { incidents[id] }

    public func nextID() -> String { "INC-\(nextNumber)" }

    /// Overdue first, then by level (L1 before L2), then oldest first: the order of the incidents pane and list.
    public func ordered(at now: Int64, includeClosed: Bool = false) -> [Incident] {
        incidents.values.filter { includeClosed || $0.isOpen }.sorted { a, b in
            let oa = a.isOverdue(at: now), ob = b.isOverdue(at: now)
            if oa != ob { return oa }
            if a.isOpen != b.isOpen { return a.isOpen }
            if a.level != b.level { return a.level < b.level }
            if a.opened != b.opened { return a.opened < b.opened }
            return a.number < b.number
        }
    }

    /// Open incidents whose commander is owed an overdue-update notification now, oldest first.
    public func dueOverdueNotices(at now: Int64) -> [(id: String, due: Int64)] {
        incidents.values.sorted { $0.number < $1.number }.compactMap { i in i.overdueNoticeDue(at: now).map { (i.id, $0) } }
    }

    /// The open incident linked to a ticket, for the card's mark.
    public func openIncident(forTicket key: String) -> Incident? {
        incidents.values.filter { $0.ticket == key && $0.isOpen }.min { $0.number < $1.number }
    }

    public mutating func apply(_ event: IncidentEvent, at ts: Int64, by actor: String) {
        switch event {
        case let .opened(id, level, title, ticket, commander, interval):
            guard incidents[id] == nil else { return }
            let number = Int(id.split(separator: "-").last ?? "") ?? nextNumber
            nextNumber = max(nextNumber, number.addingReportingOverflow(1).partialValue)  // a key of Int.max must not trap
            var incident = Incident(id: id, number: number, level: level, title: title, status: .investigating,
                                    commander: commander, teams: [], updateInterval: interval, opened: ts,
                                    openedBy: actor, ticket: ticket, updates: [], timeline: [])
            incident.timeline.append(IncidentTimelineEntry(at: ts, actor: actor, text: "opened: \(level.rawValue) \(title)"
                + (commander.map { ", commander \($0)" } ?? "") + (ticket.map { ", ticket \($0)" } ?? "")))
            incidents[id] = incident
        case let .updatePosted(id, text):
            change(id) { i in
                i.updates.append(IncidentUpdate(at: ts, actor: actor, text: text))
                i.timeline.append(IncidentTimelineEntry(at: ts, actor: actor, text: "update: \(text)"))
            }
        case let .statusChanged(id, _, to):
            change(id) { i in
                i.timeline.append(IncidentTimelineEntry(at: ts, actor: actor, text: "status: \(i.status.rawValue) → \(to.rawValue)"))
                i.status = to
            }
        case let .teamInvited(id, team):
            change(id) { i in
                guard !i.teams.contains(team) else { return }
                i.teams.append(team)
                i.timeline.append(IncidentTimelineEntry(at: ts, actor: actor, text: "invited team \(team)"))
            }
        case let .commanderChanged(id, commander):
            change(id) { i in
                i.commander = commander
                i.timeline.append(IncidentTimelineEntry(at: ts, actor: actor, text: "commander: \(commander)"))
            }
        case let .overdueNotified(id, due, commander):
            change(id) { i in
                guard i.overdueNotices[due] == nil else { return }
                i.overdueNotices[due] = commander
                i.timeline.append(IncidentTimelineEntry(at: ts, actor: actor,
                                                        text: "update overdue: notified commander \(commander)"))
            }
        }
    }

    private mutating func change(_ id: String, _ body: (inout Incident) -> Void) {
        guard var incident = incidents[id] else { return }
        body(&incident)
        incidents[id] = incident
    }
}
