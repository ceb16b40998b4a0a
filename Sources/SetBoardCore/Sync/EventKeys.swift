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

extension Event {
    /// The incident, page or project id this event creates, if it is such a creation.
    public var createdID: (space: IDSpace, id: String)? {
        switch self {
        case let .incident(.opened(id, _, _, _, _, _)): return (.incident, id)
        case let .page(.opened(id, _, _, _, _, _)): return (.page, id)
        case let .project(.created(key, _, _, _, _, _, _, _)): return (.project, key)
        default: return nil
        }
    }

    /// The same event with every incident, page and project id it names passed through `f` (a project's own task
    /// ids, `PRJ-3.T1`, follow their project). Exhaustive like `withTicketKeys`, for the same reason.
    public func withIDs(_ f: (IDSpace, String) -> String) -> Event {
        switch self {
        case let .incident(e): return .incident(e.withIDs { f(.incident, $0) })
        case let .page(e): return .page(e.withIDs { f(.page, $0) })
        case let .project(e): return .project(e.withIDs { f(.project, $0) })
        // These name no incident, page or project.
        case .board, .alert, .link, .roster, .cycle, .sync: return self
        }
    }
}

extension IncidentEvent {
    func withIDs(_ f: (String) -> String) -> IncidentEvent {
        switch self {
        case let .opened(id, level, title, ticket, commander, interval):
            return .opened(id: f(id), level: level, title: title, ticket: ticket, commander: commander, updateInterval: interval)
        case let .updatePosted(id, text): return .updatePosted(id: f(id), text: text)
        case let .statusChanged(id, from, to): return .statusChanged(id: f(id), from: from, to: to)
        case let .teamInvited(id, team): return .teamInvited(id: f(id), team: team)
        case let .commanderChanged(id, commander): return .commanderChanged(id: f(id), commander: commander)
        case let .overdueNotified(id, due, commander): return .overdueNotified(id: f(id), due: due, commander: commander)
        }
    }
}

extension PageEvent {
    func withIDs(_ f: (String) -> String) -> PageEvent {
        switch self {
        case let .opened(id, summary, ticket, chain, policy, priority):
            return .opened(id: f(id), summary: summary, ticket: ticket, chain: chain, policy: policy, priority: priority)
        case let .acknowledged(id, by): return .acknowledged(id: f(id), by: by)
        case let .notified(id, step, handle, reminder): return .notified(id: f(id), step: step, handle: handle, reminder: reminder)
        case let .notifyFailed(id, step, reason): return .notifyFailed(id: f(id), step: step, reason: reason)
        case let .takenOver(id, step, from): return .takenOver(id: f(id), step: step, from: from)
        case .assigneeNotified: return self
        }
    }
}

extension ProjectEvent {
    func withIDs(_ f: (String) -> String) -> ProjectEvent {
        func task(_ task: String, of key: String, now moved: String) -> String {
            task.hasPrefix(key + ".") ? moved + task.dropFirst(key.count) : task
        }
        switch self {
        case let .created(key, title, dri, stakeholders, description, links, dor, dod):
            return .created(key: f(key), title: title, dri: dri, stakeholders: stakeholders, description: description,
                            links: links, dor: dor, dod: dod)
        case let .phaseChanged(key, from, to, waiver, reason):
            return .phaseChanged(key: f(key), from: from, to: to, waiver: waiver, reason: reason)
        case let .itemMarked(key, list, item, state): return .itemMarked(key: f(key), list: list, item: item, state: state)
        case let .milestoneAdded(key, m, title, due): return .milestoneAdded(key: f(key), milestone: m, title: title, due: due)
        case let .taskLinked(key, m, ticket): return .taskLinked(key: f(key), milestone: m, ticket: ticket)
        case let .taskAdded(key, t, m, title):
            let moved = f(key)
            return .taskAdded(key: moved, task: task(t, of: key, now: moved), milestone: m, title: title)
        case let .taskDone(key, t):
            let moved = f(key)
            return .taskDone(key: moved, task: task(t, of: key, now: moved))
        case let .edited(key, changes): return .edited(key: f(key), changes: changes)
        }
    }
}
