// Every ticket key an event names, in every family: what a key rename between replicas must pass through.

extension Event {
    /// The same event with every ticket key it names passed through `f`. The switches below list every case of
    /// every family without a default, so a new family or case cannot compile until it says which of its fields
    /// name a ticket: a rename then reaches it too.
    public func withTicketKeys(_ f: (String) -> String) -> Event {
        switch self {
        case let .board(e): return .board(e.withKeys(f))
        case let .incident(e): return .incident(e.withTicketKeys(f))
        case let .page(e): return .page(e.withTicketKeys(f))
        case let .alert(e): return .alert(e.withTicketKeys(f))
        case let .project(e): return .project(e.withTicketKeys(f))
        case let .link(e): return .link(e.withTicketKeys(f))
        // Rosters, the cycle's checklist and sync records name no ticket.
        case .roster, .cycle, .sync: return self
        }
    }
}

extension IncidentEvent {
    func withTicketKeys(_ f: (String) -> String) -> IncidentEvent {
        switch self {
        case let .opened(id, level, title, ticket, commander, interval):
            return .opened(id: id, level: level, title: title, ticket: ticket.map(f), commander: commander,
                           updateInterval: interval)
        case .updatePosted, .statusChanged, .teamInvited, .commanderChanged, .overdueNotified: return self
        }
    }
}

extension PageEvent {
    func withTicketKeys(_ f: (String) -> String) -> PageEvent {
        switch self {
        case let .opened(id, summary, ticket, chain, policy, priority):
            return .opened(id: id, summary: summary, ticket: ticket.map(f), chain: chain, policy: policy, priority: priority)
        case let .assigneeNotified(key, reason, mark, handle):
            return .assigneeNotified(key: f(key), reason: reason, mark: mark, handle: handle)
        case .acknowledged, .notified, .notifyFailed, .takenOver: return self
        }
    }
}

extension AlertEvent {
    func withTicketKeys(_ f: (String) -> String) -> AlertEvent {
        switch self {
        case let .fired(key, group, fingerprint, name, since):
            return .fired(key: f(key), group: group, fingerprint: fingerprint, name: name, since: since)
        case let .resolved(key, group, fingerprint, name, at):
            return .resolved(key: f(key), group: group, fingerprint: fingerprint, name: name, at: at)
        }
    }
}

extension ProjectEvent {
    /// Only a linked task names a board ticket; `key` here is the project's own (`PRJ-3`).
    func withTicketKeys(_ f: (String) -> String) -> ProjectEvent {
        switch self {
        case let .taskLinked(key, milestone, ticket): return .taskLinked(key: key, milestone: milestone, ticket: f(ticket))
        case .created, .phaseChanged, .itemMarked, .milestoneAdded, .taskAdded, .taskDone, .edited: return self
        }
    }
}

extension LinkEvent {
    func withTicketKeys(_ f: (String) -> String) -> LinkEvent {
        switch self {
        case let .imported(key, jira, url, reporter, fixVersions, watchers):
            return .imported(key: f(key), jira: jira, url: url, reporter: reporter, fixVersions: fixVersions, watchers: watchers)
        case let .linked(key, url, label): return .linked(key: f(key), url: url, label: label)
        case let .noted(key, text, author, at): return .noted(key: f(key), text: text, author: author, at: at)
        }
    }
}
