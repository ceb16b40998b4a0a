/// One readable line per event, for `log`, `show` and the detail view's history. User text is escaped.

extension BoardEvent {
    public var summary: String {
        func e(_ s: String) -> String { TextSafety.escaped(s) }
        switch self {
        case let .boardCreated(name, prefix):
            return "created board \"\(e(name))\" (keys \(e(prefix))-N)"
        case let .settingsChanged(tierOrder, stuckLimits):
            var parts: [String] = []
            if let tierOrder { parts.append("tier order " + tierOrder.map(\.rawValue).joined(separator: " > ")) }
            if let stuckLimits {
                let text = Column.allCases.compactMap { c in stuckLimits[c].map { "\(c.title) \($0)d" } }
                parts.append("stuck limits " + text.joined(separator: ", "))
            }
            return "changed settings: " + parts.joined(separator: "; ")
        case let .ticketCreated(key, t):
            return "\(key) created in \(t.column.title): \(t.tier.rawValue) \(t.level?.rawValue ?? "no level") "
                + "\(t.category.rawValue) \(t.type.rawValue) \"\(e(t.title))\""
                + (t.assignee.map { " for \(e($0))" } ?? "")
        case let .ticketMoved(key, from, to):
            return "\(key) moved \(from.title) → \(to.title)"
        case let .ticketRanked(key, position):
            switch position {
            case .top: return "\(key) moved to the top"
            case .bottom: return "\(key) moved to the bottom"
            case let .after(other): return "\(key) moved below \(e(other))"
            }
        case let .ticketAssigned(key, assignee):
            return assignee.map { "\(key) assigned to \(e($0))" } ?? "\(key) unassigned"
        case let .ticketEdited(key, c):
            var parts: [String] = []
            if let v = c.title { parts.append("title \"\(e(v))\"") }
            if c.description != nil { parts.append("description") }
            if let v = c.tier { parts.append("tier \(v.rawValue)") }
            if let v = c.level { parts.append("level \(v?.rawValue ?? "none")") }
            if let v = c.category { parts.append("category \(v.rawValue)") }
            if let v = c.type { parts.append("type \(v.rawValue)") }
            if let v = c.team { parts.append("team \(v.map(e) ?? "none")") }
            return "\(key) edited: " + parts.joined(separator: ", ")
        case let .checklistMarked(key, item, state):
            return "\(key) checklist: \(item.label) \(state.rawValue)"
        case let .ticketNudged(key):
            return "\(key) nudged"
        case let .ticketTakenOver(key, from, to):
            return "\(key) taken over by \(e(to))" + (from.map { " from \(e($0))" } ?? "")
        case let .orderRestored(column):
            return "\(column.title) restored to rule order"
        case let .routingDefined(routes):
            return "routing directory set: \(routes.count) components"
        case let .ticketHandedOver(key, team):
            return "\(key) handed over to \(e(team)) (SET keeps the communication)"
        case let .ticketRerouted(key, type, team, reason):
            return "\(key) rerouted to \(e(team)) as a \(type.rawValue), off the SET board: \(e(reason))"
        }
    }
}
