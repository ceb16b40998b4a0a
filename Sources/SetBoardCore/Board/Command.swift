/// What a person asks the board to do, and `decide`: the pure check that turns a request into events or a refusal.

public enum Command: Equatable, Sendable {
    case initBoard(name: String, prefix: String)
    case add(NewTicket)
    case move(key: String, to: Column)
    case rank(key: String, position: RankPosition)
    case assign(key: String, assignee: String?)
    case edit(key: String, changes: TicketChanges)
    case markChecklist(key: String, item: ChecklistItem, state: ChecklistState)
    case nudge(key: String)
    case takeOver(key: String)
    case restoreOrder(Column)
    case changeSettings(tierOrder: [Tier]?, stuckLimits: [Column: Int]?, levelStuckLimits: [Level: Int]? = nil)
    /// Hand the work to the owning team: HANDED OVER, team set; SET keeps the card and the communication.
    case handOver(key: String, team: String)
    /// Replace the routing directory (component → owning team).
    case defineRouting([String: String], contacts: [String: String] = [:])
    /// A feature request or low-urgency bug goes to its owning team and leaves SET's board.
    case reroute(key: String, type: TicketType, team: String, reason: String)
    /// Set (hours) or remove (nil) the response-clock target of a clock, tier and level.
    case setClockTarget(clock: ClockKind, tier: Tier, level: Level, hours: Int?)
}

public enum Decide {
    public static let maxTitleLength = 300

    /// Checks a command against the board and returns the events it causes; throws a readable refusal.
    /// Pure: `now` and `actor` come from outside.
    public static func decide(_ command: Command, state: BoardState, actor: String, now: Int64) throws(BoardError) -> [BoardEvent] {
        if case let .initBoard(name, prefix) = command {
            guard !state.isInitialized else { throw .alreadyInitialized }
            try checkLine(name, field: "board name")
            guard !prefix.isEmpty, prefix.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                throw .invalidText(field: "key prefix", reason: "must be letters and digits, like SET")
            }
            return [.boardCreated(name: name, prefix: prefix)]
        }
        guard state.isInitialized else { throw .notInitialized }
        switch command {
        case .initBoard:
            throw .alreadyInitialized
        case let .add(new):
            var new = new
            new.title = trimmed(new.title)
            guard !new.title.isEmpty else { throw .emptyTitle }
            try checkLine(new.title, field: "title")
            if let a = new.assignee { try checkHandle(a) }
            if let team = new.team { try checkLine(team, field: "team") }
            if let at = new.createdAt, !ValidRange.instantMilliseconds.contains(at) {
                throw .invalidText(field: "created time", reason: "is outside the years 1970 to 9999")
            }
            return [.ticketCreated(key: state.nextKey(), ticket: new)]
        case let .move(key, to):
            let t = try onBoard(key, state)
            guard t.column != to else { throw .sameColumn(key: key, column: to) }
            return [.ticketMoved(key: key, from: t.column, to: to)]
        case let .rank(key, position):
            let t = try onBoard(key, state)
            let list = state.keys(in: t.column)
            let current = list.firstIndex(of: key) ?? 0
            switch position {
            case .top:
                guard current != 0 else { throw .nothingToChange("\(key) is already at the top of \(t.column.title)") }
            case .bottom:
                guard current != list.count - 1 else {
                    throw .nothingToChange("\(key) is already at the bottom of \(t.column.title)")
                }
            case let .after(other):
                guard other != key else { throw .rankedAfterItself(key) }
                guard let o = state.ticket(other), o.isOnBoard else { throw .unknownTicket(other) }
                guard o.column == t.column, let oi = list.firstIndex(of: other) else {
                    throw .notInSameColumn(key: key, other: other)
                }
                guard oi + 1 != current else { throw .nothingToChange("\(key) is already right after \(other)") }
            }
            return [.ticketRanked(key: key, position: position)]
        case let .assign(key, assignee):
            let t = try existing(key, state)
            if let a = assignee { try checkHandle(a) }
            guard t.assignee != assignee else {
                throw .nothingToChange(assignee.map { "\(key) is already assigned to \($0)" } ?? "\(key) has no assignee")
            }
            return [.ticketAssigned(key: key, assignee: assignee)]
        case let .edit(key, changes):
            let t = try existing(key, state)
            let effective = try effectiveChanges(changes, to: t)
            guard !effective.isEmpty else { throw .nothingToChange("nothing to change on \(key)") }
            return [.ticketEdited(key: key, changes: effective)]
        case let .markChecklist(key, item, value):
            let t = try existing(key, state)
            guard t.checklistState(item) != value || t.recorded(item) == nil else {
                throw .nothingToChange("\(item.label) is already \(value.rawValue) on \(key)")
            }
            return [.checklistMarked(key: key, item: item, state: value)]
        case let .nudge(key):
            _ = try onBoard(key, state)
            return [.ticketNudged(key: key)]
        case let .takeOver(key):
            let t = try onBoard(key, state)
            guard t.assignee != actor else { throw .nothingToChange("\(key) is already yours") }
            return [.ticketTakenOver(key: key, from: t.assignee, to: actor)]
        case let .restoreOrder(column):
            guard !state.isInRuleOrder(column) else {
                throw .nothingToChange("\(column.title) is already in rule order")
            }
            return [.orderRestored(column: column)]
        case let .defineRouting(routes, contacts):
            for (component, team) in routes {
                guard !trimmed(component).isEmpty, !component.contains(where: \.isNewline), component.count <= 100 else {
                    throw .invalidText(field: "component name", reason: "must be one line of 1 to 100 characters")
                }
                guard isValidHandle(team) else { throw .invalidHandle(team) }
            }
            for (component, contact) in contacts {
                guard routes[component] != nil else {
                    throw .invalidText(field: "contact of \(component)", reason: "names a component with no owning team")
                }
                guard BoardSettings.isValidContact(contact) else {
                    throw .invalidText(field: "contact of \(component)", reason: "must be a handle (@name) or a channel (#name)")
                }
            }
            guard routes != state.settings.routing || contacts != state.settings.routingContacts else {
                throw .nothingToChange("the routing directory is unchanged")
            }
            return [.routingDefined(routes: routes, contacts: contacts.isEmpty ? nil : contacts)]
        case let .handOver(key, team):
            let t = try onBoard(key, state)
            guard isValidHandle(team) else { throw .invalidHandle(team) }
            guard !(t.column == .handedOver && t.team == team) else {
                throw .nothingToChange("\(key) is already handed over to \(team)")
            }
            return [.ticketHandedOver(key: key, team: team)]
        case let .reroute(key, type, team, reason):
            _ = try onBoard(key, state)
            guard isValidHandle(team) else { throw .invalidHandle(team) }
            let why = trimmed(reason)
            guard !why.isEmpty else { throw .invalidText(field: "reason", reason: "is empty: say why it leaves SET") }
            guard !why.contains(where: \.isNewline), why.unicodeScalars.count <= maxTitleLength else {
                throw .invalidText(field: "reason", reason: "must be one line of at most \(maxTitleLength) characters")
            }
            return [.ticketRerouted(key: key, type: type, team: team, reason: why)]
        case let .changeSettings(tierOrder, stuckLimits, levelStuckLimits):
            let days = Array((stuckLimits ?? [:]).values) + Array((levelStuckLimits ?? [:]).values)
            if days.contains(where: { $0 < 1 }) {
                throw .invalidText(field: "stuck limit", reason: "must be at least one working day")
            }
            if days.contains(where: { Int64($0) > ValidRange.stuckLimitDays.upperBound }) {
                throw .invalidText(field: "stuck limit", reason: "must be at most \(ValidRange.stuckLimitDays.upperBound) working days")
            }
            return [.settingsChanged(tierOrder: tierOrder, stuckLimits: stuckLimits, levelStuckLimits: levelStuckLimits)]
        case let .setClockTarget(clock, tier, level, hours):
            if let hours, !ValidRange.clockTargetHours.contains(Int64(hours)) {
                throw .invalidText(field: "target", reason: "must be 1 to \(ValidRange.clockTargetHours.upperBound) hours, or off")
            }
            guard state.settings.responseTargets.hours(clock, tier: tier, level: level) != hours else {
                throw .invalidText(field: "target", reason: "is already " + (hours.map { "\($0) h" } ?? "off"))
            }
            return [.clockTargetSet(clock: clock, tier: tier, level: level, hours: hours)]
        }
    }

    /// Keeps only the fields that really change, so an edit that changes nothing is refused, not journaled.
    static func effectiveChanges(_ c: TicketChanges, to t: Ticket) throws(BoardError) -> TicketChanges {
        var e = TicketChanges()
        if let v = c.title {
            let title = trimmed(v)
            guard !title.isEmpty else { throw .emptyTitle }
            try checkLine(title, field: "title")
            if title != t.title { e.title = title }
        }
        if let v = c.description, v != t.description { e.description = v }
        if let v = c.tier, v != t.tier { e.tier = v }
        if let v = c.level, v != t.level { e.level = .some(v) }
        if let v = c.category, v != t.category { e.category = v }
        if let v = c.type, v != t.type { e.type = v }
        if let v = c.team {
            if let team = v { try checkLine(team, field: "team") }
            if v != t.team { e.team = .some(v) }
        }
        return e
    }

    static func existing(_ key: String, _ state: BoardState) throws(BoardError) -> Ticket {
        guard let t = state.ticket(key) else { throw .unknownTicket(key) }
        return t
    }

    static func onBoard(_ key: String, _ state: BoardState) throws(BoardError) -> Ticket {
        let t = try existing(key, state)
        guard t.isOnBoard else { throw .offBoard(key) }
        return t
    }

    static func trimmed(_ s: String) -> String {
        var scalars = Substring(s)
        while let f = scalars.first, f.isWhitespace { scalars.removeFirst() }
        while let l = scalars.last, l.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }

    /// One-line fields may hold any text but line breaks, and are bounded so a paste cannot swamp the board.
    /// Control characters are accepted and stored as typed: every display escapes them.
    static func checkLine(_ text: String, field: String) throws(BoardError) {
        if text.contains(where: { $0.isNewline }) { throw .invalidText(field: field, reason: "must be one line") }
        if text.count > maxTitleLength {
            throw .invalidText(field: field, reason: "is longer than \(maxTitleLength) characters")
        }
    }

    public static func isValidHandle(_ h: String) -> Bool {
        !h.isEmpty && h.count <= 64 && h.unicodeScalars.allSatisfy {
            ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "." || $0 == "_" || $0 == "-")
        }
    }

    static func checkHandle(_ h: String) throws(BoardError) {
        guard isValidHandle(h) else { throw .invalidHandle(h) }
    }
}
