/// Which alerts each CAT2 ticket holds, replayed from `alert.*` events: what deduplicates Alertmanager's repeats.

/// One alert's latest occurrence: the ticket it went to and whether it still fires.
public struct AlertOccurrence: Equatable, Sendable {
    public var key: String
    public var group: String
    public var name: String
    public var since: Int64?
    /// When it was resolved; nil while it fires.
    public var resolvedAt: Int64?
    /// Set once resolved, whatever `endsAt` said (it may be missing).
    public var isResolved: Bool
}

/// Kept outside `BoardState`: the store replays alert events with the other families' after a snapshot.
public struct AlertState: Equatable, Sendable {
    /// Fingerprint → its latest occurrence.
    public private(set) var latest: [String: AlertOccurrence] = [:]
    /// Group key → the tickets its alerts went to, oldest first.
    public private(set) var ticketsOfGroup: [String: [String]] = [:]
    /// Ticket key → the fingerprints it holds, in the order they arrived.
    public private(set) var alertsOfTicket: [String: [String]] = [:]

    public init() {}

    /// The alerts of a ticket with their latest state, in the order they arrived.
    public func alerts(of key: String) -> [(fingerprint: String, occurrence: AlertOccurrence)] {
        (alertsOfTicket[key] ?? []).compactMap { fp in latest[fp].map { (fp, $0) } }
    }

    /// How many alerts of a ticket fire now.
    public func firingCount(of key: String) -> Int { alerts(of: key).filter { !$0.occurrence.isResolved && $0.occurrence.key == key }.count }

    public mutating func apply(_ event: AlertEvent) {
        switch event {
        case let .fired(key, group, fingerprint, name, since):
            latest[fingerprint] = AlertOccurrence(key: key, group: group, name: name, since: since, resolvedAt: nil, isResolved: false)
            if ticketsOfGroup[group]?.contains(key) != true { ticketsOfGroup[group, default: []].append(key) }
            if alertsOfTicket[key]?.contains(fingerprint) != true { alertsOfTicket[key, default: []].append(fingerprint) }
        case let .resolved(key, _, fingerprint, _, at):
            // Only the occurrence on that ticket: a resolution for an older ticket never ends a newer firing.
            guard var occurrence = latest[fingerprint], occurrence.key == key else { return }
            occurrence.isResolved = true
            occurrence.resolvedAt = at
            latest[fingerprint] = occurrence
        }
    }
}
