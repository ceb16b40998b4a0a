/// One readable line per event, for `log`, `show` and the detail view's history. User text is escaped.

extension BoardEvent {
    public var summary: String {
        func e(_ s: String) -> String { TextSafety.escaped(s) }
        switch self {
        case let .boardCreated(name, prefix):
            return "created board \"\(e(name))\" (keys \(e(prefix))-N)"
        case let .settingsChanged(tierOrder, stuckLimits, levelStuckLimits):
            var parts: [String] = []
            if let tierOrder { parts.append("tier order " + tierOrder.map(\.rawValue).joined(separator: " > ")) }
            if let stuckLimits {
                let text = Column.allCases.compactMap { c in stuckLimits[c].map { "\(c.title) \($0)d" } }
                parts.append("stuck limits " + text.joined(separator: ", "))
            }
            if let levelStuckLimits {
                let text = Level.allCases.compactMap { l in levelStuckLimits[l].map { "\(l.rawValue) \($0)d" } }
                parts.append("level stuck limits " + (text.isEmpty ? "none" : text.joined(separator: ", ")))
            }
            return "changed settings: " + parts.joined(separator: "; ")
        case let .ticketCreated(key, t):
            return "\(e(key)) created in \(t.column.title): \(t.tier.rawValue) \(t.level?.rawValue ?? "no level") "
                + "\(t.category.rawValue) \(t.type.rawValue) \"\(e(t.title))\""
                + (t.assignee.map { " for \(e($0))" } ?? "")
        case let .ticketMoved(key, from, to):
            return "\(e(key)) moved \(from.title) → \(to.title)"
        case let .ticketRanked(key, position):
            switch position {
            case .top: return "\(e(key)) moved to the top"
            case .bottom: return "\(e(key)) moved to the bottom"
            case let .after(other): return "\(e(key)) moved below \(e(other))"
            }
        case let .ticketAssigned(key, assignee):
            return assignee.map { "\(e(key)) assigned to \(e($0))" } ?? "\(e(key)) unassigned"
        case let .ticketEdited(key, c):
            var parts: [String] = []
            if let v = c.title { parts.append("title \"\(e(v))\"") }
            if c.description != nil { parts.append("description") }
            if let v = c.tier { parts.append("tier \(v.rawValue)") }
            if let v = c.level { parts.append("level \(v?.rawValue ?? "none")") }
            if let v = c.category { parts.append("category \(v.rawValue)") }
            if let v = c.type { parts.append("type \(v.rawValue)") }
            if let v = c.team { parts.append("team \(v.map(e) ?? "none")") }
            return "\(e(key)) edited: " + parts.joined(separator: ", ")
        case let .checklistMarked(key, item, state):
            return "\(e(key)) checklist: \(item.label) \(state.rawValue)"
        case let .ticketNudged(key):
            return "\(e(key)) nudged"
        case let .ticketTakenOver(key, from, to):
            return "\(e(key)) taken over by \(e(to))" + (from.map { " from \(e($0))" } ?? "")
        case let .orderRestored(column):
            return "\(column.title) restored to rule order"
        case let .routingDefined(routes, contacts):
            let reach = (contacts?.isEmpty ?? true) ? "" : ", \(contacts?.count ?? 0) with a contact"
            return "routing directory set: \(routes.count) components" + reach
        case let .ticketHandedOver(key, team):
            return "\(e(key)) handed over to \(e(team)) (SET keeps the communication)"
        case let .ticketRerouted(key, type, team, reason):
            return "\(e(key)) rerouted to \(e(team)) as a \(type.rawValue), off the SET board: \(e(reason))"
        case let .clockTargetSet(clock, tier, level, hours):
            return "set the \(clock.title) target of \(level.rawValue) \(tier.rawValue) tickets to " + (hours.map { "\($0) h" } ?? "none")
        }
    }
}

extension BoardState {
    /// Why replaying `event` on this board changes nothing, for `log`; nil when it applies. Mirrors `apply`.
    public func whyIgnored(_ event: BoardEvent) -> String? {
        func e(_ s: String) -> String { TextSafety.escaped(s) }
        switch event {
        case .boardCreated, .settingsChanged, .orderRestored, .routingDefined, .clockTargetSet:
            return nil
        case let .ticketCreated(key, _):
            return ticket(key) == nil ? nil : "\(e(key)) already exists"
        case let .ticketRanked(key, _):
            guard let t = ticket(key) else { return "there is no ticket \(e(key))" }
            return t.isOnBoard ? nil : "\(e(key)) is no longer on the board"
        case .ticketMoved, .ticketAssigned, .ticketEdited, .checklistMarked, .ticketNudged, .ticketTakenOver,
             .ticketHandedOver, .ticketRerouted:
            guard let key = event.ticketKey, ticket(key) == nil else { return nil }
            return "there is no ticket \(e(key))"
        }
    }
}

extension IncidentState {
    /// Why replaying `event` changes nothing, for `log`; nil when it applies. Mirrors `apply`.
    public func whyIgnored(_ event: IncidentEvent) -> String? {
        let id = TextSafety.escaped(event.id)
        if case .opened = event { return incident(event.id) == nil ? nil : "\(id) already exists" }
        guard let incident = incident(event.id) else { return "there is no incident \(id)" }
        if case let .teamInvited(_, team) = event, incident.teams.contains(team) { return "already invited" }
        return nil
    }
}

extension PageState {
    /// Why replaying `event` changes nothing, for `log`; nil when it applies. Mirrors `apply`.
    public func whyIgnored(_ event: PageEvent) -> String? {
        let id = TextSafety.escaped(event.id)
        if case let .assigneeNotified(key, reason, mark, _) = event {
            return hasClaimed(AssigneeNotice(key: key, reason: reason, mark: mark)) ? "already claimed" : nil
        }
        if case .opened = event { return page(event.id) == nil ? nil : "\(id) already exists" }
        guard let page = page(event.id) else { return "there is no page \(id)" }
        switch event {
        case .acknowledged: return page.isAcknowledged ? "\(id) was already acknowledged" : nil
        case let .notified(_, step, _, _): return page.notified[step] == nil ? nil : "step \(step + 1) was already claimed"
        case .opened, .notifyFailed, .assigneeNotified, .takenOver: return nil
        }
    }
}

/// Replays events in journal order to say, for each, what the board did with it: `log` marks an event the board
/// ignored (a ticket that does not exist, a second `ticket.created`) and says why.
public struct EventOutcomes {
    private var board = BoardState()
    private var incidents = IncidentState()
    private var pages = PageState()
    private var projects = ProjectState()

    public init() {}

    /// Why `event` changes nothing on the board built from the events before it (nil when it applies), then applies it.
    public mutating func ignoredReason(_ event: Event, seq: Int64, at ts: Int64, by actor: String) -> String? {
        switch event {
        case let .board(e):
            defer { board.apply(e, seq: seq, at: ts, by: actor) }
            return board.whyIgnored(e)
        case let .incident(e):
            defer { incidents.apply(e, at: ts, by: actor) }
            return incidents.whyIgnored(e)
        case let .page(e):
            defer { pages.apply(e, at: ts, by: actor) }
            return pages.whyIgnored(e)
        case .roster, .cycle, .sync:
            return nil
        case let .alert(e):
            return board.ticket(e.key) == nil ? "no ticket \(TextSafety.escaped(e.key))" : nil
        case let .project(e):
            defer { projects.apply(e, at: ts, by: actor) }
            // A ticket's history replays only that ticket's events, so a link's project may be unseen here: only a
            // second creation of one key is known to change nothing.
            if case .created = e, projects.project(e.key) != nil { return "\(e.key) already exists" }
            return nil
        case let .link(e):
            return board.ticket(e.key) == nil ? "no ticket \(TextSafety.escaped(e.key))" : nil
        }
    }
}
