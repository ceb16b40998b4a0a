/// Turns board events into journal payloads and back; a payload that does not hold is an error naming its field.

private func optionalString(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }

extension BoardEvent {
    public var payload: JSONValue {
        switch self {
        case let .boardCreated(name, prefix):
            return .object([("name", .string(name)), ("prefix", .string(prefix))])
        case let .settingsChanged(tierOrder, stuckLimits, levelStuckLimits):
            var pairs: [(String, JSONValue)] = []
            if let tierOrder { pairs.append(("tierOrder", .array(tierOrder.map { .string($0.rawValue) }))) }
            if let stuckLimits {
                let limits = Column.allCases.compactMap { c in stuckLimits[c].map { (c.rawValue, JSONValue.int(Int64($0))) } }
                pairs.append(("stuckLimits", .object(limits)))
            }
            // Written only when set, so a journal from before per-level limits reads the same.
            if let levelStuckLimits {
                let limits = Level.allCases.compactMap { l in levelStuckLimits[l].map { (l.rawValue, JSONValue.int(Int64($0))) } }
                pairs.append(("levelStuckLimits", .object(limits)))
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
            if let at = t.createdAt { pairs.append(("created_ms", .int(at))) }
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
        case let .routingDefined(routes, contacts):
            var pairs: [(String, JSONValue)] = [("routes", .object(routes.keys.sorted().map { ($0, JSONValue.string(routes[$0] ?? "")) }))]
            // Written only when some component has a contact, so older journals and readers see the same shape.
            if let contacts {
                pairs.append(("contacts", .object(contacts.keys.sorted().map { ($0, JSONValue.string(contacts[$0] ?? "")) })))
            }
            return .object(pairs)
        case let .ticketHandedOver(key, team):
            return .object([("key", .string(key)), ("team", .string(team))])
        case let .ticketRerouted(key, type, team, reason):
            return .object([("key", .string(key)), ("type", .string(type.rawValue)), ("team", .string(team)),
                            ("reason", .string(reason))])
        case let .clockTargetSet(clock, tier, level, hours):
            return .object([("clock", .string(clock.rawValue)), ("tier", .string(tier.rawValue)),
                            ("level", .string(level.rawValue)), ("hours", hours.map { .int(Int64($0)) } ?? .null)])
        }
    }

    /// Every board type string, for the registry.
    public static let types = ["board.created", "board.settings_changed", "ticket.created", "ticket.moved", "ticket.ranked",
                               "ticket.assigned", "ticket.edited", "ticket.checklist_marked", "ticket.nudged",
                               "ticket.taken_over", "board.order_restored", "ticket.handed_over", "board.routing_defined",
                               "ticket.rerouted", "board.clock_target_set"]

    /// The strict decoder the registry calls: every field the encoder always writes is required, each optional one
    /// is absent or null, every word is one this setboard knows and every number is inside its `ValidRange`.
    static func decode(_ type: String, _ p: PayloadReader) throws(PayloadError) -> BoardEvent {
        switch type {
        case "board.created":
            return .boardCreated(name: try p.string("name"), prefix: try p.string("prefix"))
        case "board.settings_changed":
            var order: [Tier]?
            if let list = try p.optionalList("tierOrder") {
                var tiers: [Tier] = []
                for (i, v) in list.enumerated() {
                    guard let tier = v.stringValue.flatMap(Tier.init(rawValue:)) else {
                        throw p.fail("tierOrder[\(i)]", "is not a tier this setboard knows")
                    }
                    tiers.append(tier)
                }
                order = tiers
            }
            var limits: [Column: Int]?
            if let object = try p.optionalObject("stuckLimits") {
                var l: [Column: Int] = [:]
                for (k, v, field) in object.fields {
                    guard let c = Column(rawValue: k) else {
                        throw PayloadError(field: field, reason: "names no column this setboard knows")
                    }
                    l[c] = Int(try PayloadReader.int(v, field, in: ValidRange.stuckLimitDays))
                }
                limits = l
            }
            var levelLimits: [Level: Int]?
            if let object = try p.optionalObject("levelStuckLimits") {
                var l: [Level: Int] = [:]
                for (k, v, field) in object.fields {
                    guard let level = Level(rawValue: k) else {
                        throw PayloadError(field: field, reason: "names no level this setboard knows")
                    }
                    l[level] = Int(try PayloadReader.int(v, field, in: ValidRange.stuckLimitDays))
                }
                levelLimits = l
            }
            return .settingsChanged(tierOrder: order, stuckLimits: limits, levelStuckLimits: levelLimits)
        case "ticket.created":
            let t = NewTicket(
                title: try p.string("title"), description: try p.optionalString("description") ?? "",
                tier: try p.word("tier", Tier.init(rawValue:)), level: try p.optionalWord("level", Level.init(text:)),
                category: try p.word("category", Category.init(text:)), type: try p.word("type", TicketType.init(rawValue:)),
                column: try p.word("column", Column.init(rawValue:)), assignee: try p.optionalString("assignee"),
                team: try p.optionalString("team"), source: try p.optionalWord("source", TicketSource.init(rawValue:)),
                component: try p.optionalString("component"),
                createdAt: try p.optionalInt("created_ms", in: ValidRange.instantMilliseconds))
            return .ticketCreated(key: try p.string("key"), ticket: t)
        case "board.routing_defined":
            var routes: [String: String] = [:]
            for (k, v, field) in try p.object("routes").fields {
                guard let team = v.stringValue else { throw PayloadError(field: field, reason: "is \(PayloadReader.kind(v)), not a team") }
                routes[k] = team
            }
            var contacts: [String: String]?
            if let object = try p.optionalObject("contacts") {
                var c: [String: String] = [:]
                for (k, v, field) in object.fields {
                    guard let contact = v.stringValue, BoardSettings.isValidContact(contact) else {
                        throw PayloadError(field: field, reason: "is not a handle (@name) or a channel (#name)")
                    }
                    guard routes[k] != nil else { throw PayloadError(field: field, reason: "names a component with no owning team") }
                    c[k] = contact
                }
                contacts = c
            }
            return .routingDefined(routes: routes, contacts: contacts)
        case "ticket.handed_over":
            return .ticketHandedOver(key: try p.string("key"), team: try p.string("team"))
        case "ticket.rerouted":
            return .ticketRerouted(key: try p.string("key"), type: try p.word("type", TicketType.init(rawValue:)),
                                   team: try p.string("team"), reason: try p.string("reason"))
        case "ticket.moved":
            return .ticketMoved(key: try p.string("key"), from: try p.word("from", Column.init(rawValue:)),
                                to: try p.word("to", Column.init(rawValue:)))
        case "ticket.ranked":
            let key = try p.string("key")
            switch try p.string("position") {
            case "top": return .ticketRanked(key: key, position: .top)
            case "bottom": return .ticketRanked(key: key, position: .bottom)
            case "after": return .ticketRanked(key: key, position: .after(try p.string("after")))
            case let other: throw p.fail("position", "is \"\(TextSafety.escaped(other))\", not top, bottom or after")
            }
        case "ticket.assigned":
            return .ticketAssigned(key: try p.string("key"), assignee: try p.optionalString("assignee"))
        case "ticket.edited":
            let c = try p.object("changes")
            var changes = TicketChanges()
            changes.title = try c.optionalString("title")
            changes.description = try c.optionalString("description")
            changes.tier = try c.optionalWord("tier", Tier.init(rawValue:))
            switch try c.clearable("level") {
            case nil: break
            case .some(nil): changes.level = .some(nil)
            case let .some(.some(text)):
                guard let level = Level(text: text) else {
                    throw c.fail("level", "is \"\(TextSafety.escaped(text))\", not a value this setboard knows")
                }
                changes.level = .some(level)
            }
            changes.category = try c.optionalWord("category", Category.init(text:))
            changes.type = try c.optionalWord("type", TicketType.init(rawValue:))
            changes.team = try c.clearable("team")
            return .ticketEdited(key: try p.string("key"), changes: changes)
        case "ticket.checklist_marked":
            return .checklistMarked(key: try p.string("key"), item: try p.word("item", ChecklistItem.init(rawValue:)),
                                    state: try p.word("state", ChecklistState.init(text:)))
        case "ticket.nudged":
            return .ticketNudged(key: try p.string("key"))
        case "ticket.taken_over":
            return .ticketTakenOver(key: try p.string("key"), from: try p.optionalString("from"), to: try p.string("to"))
        case "board.clock_target_set":
            // Always written (null removes the target), so a line without it is damaged, not "off".
            _ = try p.required("hours")
            let hours = try p.optionalInt("hours", in: ValidRange.clockTargetHours)
            return .clockTargetSet(clock: try p.word("clock", ClockKind.init(rawValue:)), tier: try p.word("tier", Tier.init(rawValue:)),
                                   level: try p.word("level", Level.init(rawValue:)), hours: hours.map { Int($0) })
        case "board.order_restored":
            return .orderRestored(column: try p.word("column", Column.init(rawValue:)))
        default:
            throw unknownType(type)
        }
    }
}

// The words the fast path reads, by the raw text the encoder writes; each value's `init(text:)` of its raw text is
// that value again (`EventRegistryTests`), so a word read here is the one the strict decoder would read.
private let columns = CanonicalWords(Column.allCases, \.rawValue)
private let tiers = CanonicalWords(Tier.allCases, \.rawValue)
private let levels = CanonicalWords(Level.allCases, \.rawValue)
private let categories = CanonicalWords(Category.allCases, \.rawValue)
private let ticketTypes = CanonicalWords(TicketType.allCases, \.rawValue)
private let sources = CanonicalWords(TicketSource.allCases, \.rawValue)
private let checklistItems = CanonicalWords(ChecklistItem.allCases, \.rawValue)
private let checklistStates = CanonicalWords(ChecklistState.allCases, \.rawValue)

extension BoardEvent {
    /// The fast path's byte-level decoders for the board events a busy board is mostly made of, each reading a payload
    /// exactly as `payload` above writes it (members in its order, nothing escaped). Anything else, an unknown word
    /// or a number out of its range included, answers nil and the line is read by `decode` above, which alone decides
    /// what a line that is not canonical means; `ReadPathFuzzTests` holds the two to the same events.
    /// Measured (release, 50,000 tickets / 250,001 events, full replay): see `JournalLineReader.readCanonical`.
    ///
    /// The types with a fast decoder, in the order of `decodeCanonical`'s cases.
    static let canonicalTypes = ["ticket.moved", "ticket.assigned", "ticket.created", "ticket.ranked",
                                 "ticket.checklist_marked", "ticket.nudged", "ticket.edited", "ticket.taken_over"]

    /// The fast decoder of `canonicalTypes[index]`. One function with a case per type, not an array of closures: the
    /// closures' calls and the re-wrapping of their results were a tenth of a full replay (50,000 tickets).
    @inline(__always)
    static func decodeCanonical(_ index: Int, _ s: inout CanonicalScan) -> BoardEvent? {
        switch index {
        case 0: // ticket.moved
            guard s.literal(#"{"key":"#), let key = s.string(), s.literal(#","from":"#),
                  let from = s.word(columns), s.literal(#","to":"#), let to = s.word(columns),
                  s.literal("}") else { return nil }
            return .ticketMoved(key: key, from: from, to: to)
        case 1: // ticket.assigned
            guard s.literal(#"{"key":"#), let key = s.string(), s.literal(#","assignee":"#),
                  let assignee = s.nullOrString(), s.literal("}") else { return nil }
            return .ticketAssigned(key: key, assignee: assignee)
        case 2: // ticket.created
            guard s.literal(#"{"key":"#), let key = s.string(), s.literal(#","title":"#), let title = s.string(),
                  s.literal(#","tier":"#), let tier = s.word(tiers),
                  s.literal(#","level":"#), let level = s.nullOrWord(levels),
                  s.literal(#","category":"#), let category = s.word(categories),
                  s.literal(#","type":"#), let type = s.word(ticketTypes),
                  s.literal(#","column":"#), let column = s.word(columns),
                  s.literal(#","assignee":"#), let assignee = s.nullOrString(),
                  s.literal(#","team":"#), let team = s.nullOrString() else { return nil }
            var description = ""
            if s.literal(#","description":"#) {
                guard let d = s.string() else { return nil }
                description = d
            }
            var source: TicketSource?
            if s.literal(#","source":"#) {
                guard let v = s.word(sources) else { return nil }
                source = v
            }
            var component: String?
            if s.literal(#","component":"#) {
                guard let v = s.string() else { return nil }
                component = v
            }
            var createdAt: Int64?
            if s.literal(#","created_ms":"#) {
                guard let v = s.int(), ValidRange.instantMilliseconds.contains(v) else { return nil }
                createdAt = v
            }
            guard s.literal("}") else { return nil }
            let t = NewTicket(title: title, description: description, tier: tier, level: level, category: category,
                              type: type, column: column, assignee: assignee, team: team, source: source,
                              component: component, createdAt: createdAt)
            return .ticketCreated(key: key, ticket: t)
        case 3: // ticket.ranked
            guard s.literal(#"{"key":"#), let key = s.string(), s.literal(#","position":"#) else { return nil }
            if s.literal(#""top"}"#) { return .ticketRanked(key: key, position: .top) }
            if s.literal(#""bottom"}"#) { return .ticketRanked(key: key, position: .bottom) }
            guard s.literal(#""after","after":"#), let other = s.string(), s.literal("}") else { return nil }
            return .ticketRanked(key: key, position: .after(other))
        case 4: // ticket.checklist_marked
            guard s.literal(#"{"key":"#), let key = s.string(), s.literal(#","item":"#),
                  let item = s.word(checklistItems), s.literal(#","state":"#),
                  let state = s.word(checklistStates), s.literal("}") else { return nil }
            return .checklistMarked(key: key, item: item, state: state)
        case 5: // ticket.nudged
            guard s.literal(#"{"key":"#), let key = s.string(), s.literal("}") else { return nil }
            return .ticketNudged(key: key)
        case 6: // ticket.edited
            guard s.literal(#"{"key":"#), let key = s.string(), s.literal(#","changes":{"#) else { return nil }
            var c = TicketChanges()
            var first = true
            if s.member(#""title":"#, first: &first) {
                guard let v = s.string() else { return nil }
                c.title = v
            }
            if s.member(#""description":"#, first: &first) {
                guard let v = s.string() else { return nil }
                c.description = v
            }
            if s.member(#""tier":"#, first: &first) {
                guard let v = s.word(tiers) else { return nil }
                c.tier = v
            }
            if s.member(#""level":"#, first: &first) {
                guard let v = s.nullOrWord(levels) else { return nil }
                c.level = .some(v)
            }
            if s.member(#""category":"#, first: &first) {
                guard let v = s.word(categories) else { return nil }
                c.category = v
            }
            if s.member(#""type":"#, first: &first) {
                guard let v = s.word(ticketTypes) else { return nil }
                c.type = v
            }
            if s.member(#""team":"#, first: &first) {
                guard let v = s.nullOrString() else { return nil }
                c.team = .some(v)
            }
            guard s.literal("}}") else { return nil }
            return .ticketEdited(key: key, changes: c)
        case 7: // ticket.taken_over
            guard s.literal(#"{"key":"#), let key = s.string(), s.literal(#","from":"#), let from = s.nullOrString(),
                  s.literal(#","to":"#), let to = s.string(), s.literal("}") else { return nil }
            return .ticketTakenOver(key: key, from: from, to: to)
        default:
            return nil
        }
    }
}
