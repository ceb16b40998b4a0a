/// Turns board events into journal payloads and back; unknown or malformed payloads decode to nil, never crash.

private func optionalString(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }

extension BoardEvent {
    public var payload: JSONValue {
        switch self {
        case let .boardCreated(name, prefix):
            return .object([("name", .string(name)), ("prefix", .string(prefix))])
        case let .settingsChanged(tierOrder, stuckLimits):
            var pairs: [(String, JSONValue)] = []
            if let tierOrder { pairs.append(("tierOrder", .array(tierOrder.map { .string($0.rawValue) }))) }
            if let stuckLimits {
                let limits = Column.allCases.compactMap { c in stuckLimits[c].map { (c.rawValue, JSONValue.int(Int64($0))) } }
                pairs.append(("stuckLimits", .object(limits)))
            }
            return .object(pairs)
        case let .ticketCreated(key, t):
            var pairs: [(String, JSONValue)] = [
                ("key", .string(key)), ("title", .string(t.title)), ("tier", .string(t.tier.rawValue)),
                ("level", optionalString(t.level?.rawValue)), ("category", .string(t.category.rawValue)),
                ("type", .string(t.type.rawValue)), ("column", .string(t.column.rawValue)),
                ("assignee", optionalString(t.assignee)), ("team", optionalString(t.team)),
            ]
            if !t.description.isEmpty { pairs.append(("description", .string(t.description))) }
            if let s = t.source { pairs.append(("source", .string(s.rawValue))) }
            if let c = t.component { pairs.append(("component", .string(c))) }
            return .object(pairs)
        case let .ticketMoved(key, from, to):
            return .object([("key", .string(key)), ("from", .string(from.rawValue)), ("to", .string(to.rawValue))])
        case let .ticketRanked(key, position):
            switch position {
            case .top: return .object([("key", .string(key)), ("position", .string("top"))])
            case .bottom: return .object([("key", .string(key)), ("position", .string("bottom"))])
            case let .after(other):
                return .object([("key", .string(key)), ("position", .string("after")), ("after", .string(other))])
            }
        case let .ticketAssigned(key, assignee):
            return .object([("key", .string(key)), ("assignee", optionalString(assignee))])
        case let .ticketEdited(key, c):
            var fields: [(String, JSONValue)] = []
            if let v = c.title { fields.append(("title", .string(v))) }
            if let v = c.description { fields.append(("description", .string(v))) }
            if let v = c.tier { fields.append(("tier", .string(v.rawValue))) }
            if let v = c.level { fields.append(("level", optionalString(v?.rawValue))) }
            if let v = c.category { fields.append(("category", .string(v.rawValue))) }
            if let v = c.type { fields.append(("type", .string(v.rawValue))) }
            if let v = c.team { fields.append(("team", optionalString(v))) }
            return .object([("key", .string(key)), ("changes", .object(fields))])
        case let .checklistMarked(key, item, state):
            return .object([("key", .string(key)), ("item", .string(item.rawValue)), ("state", .string(state.rawValue))])
        case let .ticketNudged(key):
            return .object([("key", .string(key))])
        case let .ticketTakenOver(key, from, to):
            return .object([("key", .string(key)), ("from", optionalString(from)), ("to", .string(to))])
        case let .orderRestored(column):
            return .object([("column", .string(column.rawValue))])
        case let .routingDefined(routes):
            return .object([("routes", .object(routes.keys.sorted().map { ($0, JSONValue.string(routes[$0] ?? "")) }))])
        case let .ticketHandedOver(key, team):
            return .object([("key", .string(key)), ("team", .string(team))])
        case let .ticketRerouted(key, type, team, reason):
            return .object([("key", .string(key)), ("type", .string(type.rawValue)), ("team", .string(team)),
                            ("reason", .string(reason))])
        }
    }

    /// Reads an event back from its type string and payload; nil for a type this version does not know.
    public init?(type: String, payload p: JSONValue) {
        func str(_ k: String) -> String? { p[k]?.stringValue }
        /// A key that is present but null reads as .some(nil): that is how a field is cleared.
        func nullable(_ v: JSONValue?) -> String?? {
            guard let v else { return nil }
            if v.isNull { return .some(nil) }
            return v.stringValue.map { .some($0) }
        }
        switch type {
        case "board.created":
            self = .boardCreated(name: str("name") ?? "SET board", prefix: str("prefix") ?? "SET")
        case "board.settings_changed":
            let order = p["tierOrder"]?.arrayValue?.compactMap { $0.stringValue.flatMap(Tier.init(rawValue:)) }
            var limits: [Column: Int]?
            if case let .object(pairs)? = p["stuckLimits"] {
                var l: [Column: Int] = [:]
                for (k, v) in pairs { if let c = Column(rawValue: k), let n = v.intValue { l[c] = Int(n) } }
                limits = l
            }
            self = .settingsChanged(tierOrder: order, stuckLimits: limits)
        case "ticket.created":
            guard let key = str("key"), let title = str("title") else { return nil }
            let t = NewTicket(
                title: title, description: str("description") ?? "",
                tier: str("tier").flatMap(Tier.init(rawValue:)) ?? .other,
                level: str("level").flatMap(Level.init(text:)),
                category: str("category").flatMap(Category.init(text:)) ?? .cat1,
                type: str("type").flatMap(TicketType.init(rawValue:)) ?? .bug,
                column: str("column").flatMap(Column.init(rawValue:)) ?? .todo,
                assignee: str("assignee"), team: str("team"),
                source: str("source").flatMap(TicketSource.init(rawValue:)), component: str("component"))
            self = .ticketCreated(key: key, ticket: t)
        case "board.routing_defined":
            guard case let .object(pairs)? = p["routes"] else { return nil }
            var routes: [String: String] = [:]
            for (k, v) in pairs { if let team = v.stringValue { routes[k] = team } }
            self = .routingDefined(routes: routes)
        case "ticket.handed_over":
            guard let key = str("key"), let team = str("team") else { return nil }
            self = .ticketHandedOver(key: key, team: team)
        case "ticket.rerouted":
            guard let key = str("key"), let team = str("team"),
                  let type = str("type").flatMap(TicketType.init(rawValue:)) else { return nil }
            self = .ticketRerouted(key: key, type: type, team: team, reason: str("reason") ?? "")
        case "ticket.moved":
            guard let key = str("key"), let to = str("to").flatMap(Column.init(rawValue:)) else { return nil }
            self = .ticketMoved(key: key, from: str("from").flatMap(Column.init(rawValue:)) ?? .todo, to: to)
        case "ticket.ranked":
            guard let key = str("key") else { return nil }
            switch str("position") {
            case "top": self = .ticketRanked(key: key, position: .top)
            case "bottom": self = .ticketRanked(key: key, position: .bottom)
            case "after":
                guard let other = str("after") else { return nil }
                self = .ticketRanked(key: key, position: .after(other))
            default: return nil
            }
        case "ticket.assigned":
            guard let key = str("key") else { return nil }
            self = .ticketAssigned(key: key, assignee: str("assignee"))
        case "ticket.edited":
            guard let key = str("key"), let c = p["changes"] else { return nil }
            var changes = TicketChanges()
            changes.title = c["title"]?.stringValue
            changes.description = c["description"]?.stringValue
            changes.tier = c["tier"]?.stringValue.flatMap(Tier.init(rawValue:))
            if let level = nullable(c["level"]) { changes.level = .some(level.flatMap(Level.init(text:))) }
            changes.category = c["category"]?.stringValue.flatMap(Category.init(text:))
            changes.type = c["type"]?.stringValue.flatMap(TicketType.init(rawValue:))
            changes.team = nullable(c["team"])
            self = .ticketEdited(key: key, changes: changes)
        case "ticket.checklist_marked":
            guard let key = str("key"), let item = str("item").flatMap(ChecklistItem.init(rawValue:)),
                  let state = str("state").flatMap(ChecklistState.init(text:)) else { return nil }
            self = .checklistMarked(key: key, item: item, state: state)
        case "ticket.nudged":
            guard let key = str("key") else { return nil }
            self = .ticketNudged(key: key)
        case "ticket.taken_over":
            guard let key = str("key"), let to = str("to") else { return nil }
            self = .ticketTakenOver(key: key, from: str("from"), to: to)
        case "board.order_restored":
            self = .orderRestored(column: str("column").flatMap(Column.init(rawValue:)) ?? .todo)
        default:
            return nil
        }
    }
}
