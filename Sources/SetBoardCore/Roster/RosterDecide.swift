/// Roster commands and `decide` for them: who may change the roster, and a whole-definition check naming the field.

public enum RosterCommand: Equatable, Sendable {
    case define(RosterDefinition)
    case override(RosterOverride)
    case swap(RosterSwap)
    case leave(RosterLeave)
}

public enum RosterError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A field of the definition that does not hold; `field` is a path such as `rotations[0].shifts[1].people`.
    case invalid(field: String, reason: String)
    case notAllowed(actor: String, editors: [String])
    case noRoster

    public var description: String {
        switch self {
        case let .invalid(field, reason): return "\(field): \(reason)"
        case let .notAllowed(actor, editors):
            let who = editors.isEmpty ? "nobody" : editors.map { "@" + TextSafety.escaped($0) }.joined(separator: ", ")
            return "\(TextSafety.escaped(actor)) may not change the roster: only its leads and admins can (\(who))"
        case .noRoster: return "this board has no roster yet: see `setboard roster example` and `setboard roster import`"
        }
    }

    public var field: String? {
        if case let .invalid(field, _) = self { return field }
        return nil
    }

    /// What is wrong, without the field: for a caller that names the field its own way (with its line in a file).
    public var reason: String {
        if case let .invalid(_, reason) = self { return reason }
        return description
    }
}

public enum RosterDecide {
    /// The longest a single override, swap or leave may run; a typo in a year should not silence pages for a decade.
    public static let maxRange: Int64 = 366 * WorkingTime.dayMs

    /// A change that ends before `now` would change nothing, so it is refused as a likely typo.
    public static func decide(_ command: RosterCommand, roster: RosterState, actor: String, now: Int64) throws(RosterError) -> [RosterEvent] {
        switch command {
        case let .define(d):
            // The first import sets the roster up; after that only the people it names may change it.
            if let current = roster.definition { try allowed(actor, current) }
            // No zone database under the journal's lock: the shape is checked here, the names at import.
            try validate(d, zones: nil)
            return [.defined(d)]
        case let .override(o):
            let current = try editable(roster, by: actor)
            try check(o, in: current, field: "override")
            try future(o.to, now, field: "override")
            return [.overridden(o)]
        case let .swap(s):
            let current = try editable(roster, by: actor)
            try check(s, in: current, field: "swap")
            try future(s.to, now, field: "swap")
            return [.swapped(s)]
        case let .leave(l):
            let current = try editable(roster, by: actor)
            try check(l, in: current, field: "leave")
            try future(l.to, now, field: "leave")
            return [.leaveRecorded(l)]
        }
    }

    static func editable(_ roster: RosterState, by actor: String) throws(RosterError) -> RosterDefinition {
        guard let current = roster.definition else { throw .noRoster }
        try allowed(actor, current)
        return current
    }

    static func allowed(_ actor: String, _ d: RosterDefinition) throws(RosterError) {
        guard d.editors.contains(actor) else { throw .notAllowed(actor: actor, editors: d.editors.sorted()) }
    }

    /// Checks the whole definition; the first problem found is reported with its field. Every zone must be a name
    /// `zones` knows; with no provider at hand only the name's shape is checked (the roster file's reader passes the
    /// host's, so an unknown zone is refused at import with its line).
    public static func validate(_ d: RosterDefinition, zones: (any TimeZoneProvider)?) throws(RosterError) {
        var handles: Set<String> = []
        for (i, e) in d.engineers.enumerated() {
            let f = "engineers[\(i)]"
            try handle(e.handle, field: f + ".handle")
            guard handles.insert(e.handle).inserted else { throw .invalid(field: f + ".handle", reason: "\(e.handle) is listed twice") }
            guard !e.name.trimmingWhitespace().isEmpty, !e.name.contains(where: \.isNewline) else {
                throw .invalid(field: f + ".name", reason: "needs a one-line name")
            }
            try handle(e.team, field: f + ".team")
            try zone(e.zone, field: f + ".zone", zones)
        }
        guard !d.engineers.isEmpty else { throw .invalid(field: "engineers", reason: "lists nobody") }
        for (i, a) in d.admins.enumerated() { try handle(a, field: "admins[\(i)]") }
        guard !d.rotations.isEmpty else { throw .invalid(field: "rotations", reason: "needs at least one rotation") }
        var names: Set<String> = []
        for (i, r) in d.rotations.enumerated() {
            let f = "rotations[\(i)]"
            guard !r.name.isEmpty, names.insert(r.name).inserted else {
                throw .invalid(field: f + ".name", reason: "needs a name of its own")
            }
            try validate(r, field: f, handles: handles, zones: zones)
            if case let .shift(name) = d.fallback, !r.shifts.contains(where: { $0.name == name }) {
                throw .invalid(field: "fallback", reason: "\"\(TextSafety.escaped(name))\" is neither `lead` nor a shift of rotation \(r.name)")
            }
        }
        let p = d.escalation
        // Whole seconds too: the journal stores waits in seconds (`waits_s`).
        guard !p.waits.isEmpty, p.waits.count <= 10,
              p.waits.allSatisfy({ (WorkingTime.minuteMs...WorkingTime.dayMs).contains($0) && $0 % WorkingTime.secondMs == 0 }) else {
            throw .invalid(field: "escalation.waits", reason: "needs one to ten waits, each between 1m and 24h")
        }
        guard (0...10).contains(p.repeats) else { throw .invalid(field: "escalation.repeat", reason: "must be between 0 and 10") }
        for (i, o) in d.overrides.enumerated() { try check(o, in: d, field: "overrides[\(i)]") }
        for (i, s) in d.swaps.enumerated() { try check(s, in: d, field: "swaps[\(i)]") }
        for (i, l) in d.leave.enumerated() { try check(l, in: d, field: "leave[\(i)]") }
    }

    static func validate(_ r: RosterRotation, field f: String, handles: Set<String>,
                         zones: (any TimeZoneProvider)?) throws(RosterError) {
        try zone(r.zone, field: f + ".zone", zones)
        guard (1...52).contains(r.weeks) else { throw .invalid(field: f + ".weeks", reason: "must be between 1 and 52") }
        guard Int(WorkingTime.weekday(ofDay: r.anchorDay)) == r.handoff.weekday else {
            throw .invalid(field: f + ".anchor", reason: "\(RosterClock.dateText(r.anchorDay)) is not a \(RosterWeekTime.dayNames[r.handoff.weekday]), the hand-off day")
        }
        try known(r.lead, handles, field: f + ".lead")
        if let t = r.nextTeam { try handle(t, field: f + ".next_team") }
        guard !r.shifts.isEmpty else { throw .invalid(field: f + ".shifts", reason: "needs at least one shift") }
        var shiftNames: Set<String> = []
        for (j, s) in r.shifts.enumerated() {
            let g = "\(f).shifts[\(j)]"
            guard !s.name.isEmpty, Decide.isValidHandle(s.name), shiftNames.insert(s.name).inserted else {
                throw .invalid(field: g + ".name", reason: "needs a name of its own (letters, digits, '.', '_' or '-')")
            }
            try zone(s.zone, field: g + ".zone", zones)
            guard (0..<1440).contains(s.start), (0...1440).contains(s.end), s.start != s.end || s.start == 0 else {
                throw .invalid(field: g + ".hours", reason: "needs a start and an end such as 08:00-17:00")
            }
            guard !s.days.isEmpty, s.days.allSatisfy({ (0..<7).contains($0) }), Set(s.days).count == s.days.count else {
                throw .invalid(field: g + ".days", reason: "needs weekdays, each once")
            }
            for (k, h) in s.people.enumerated() { try known(h, handles, field: "\(g).people[\(k)]") }
            guard Set(s.people).count == s.people.count else { throw .invalid(field: g + ".people", reason: "lists someone twice") }
            switch r.pattern {
            case .paired, .single:
                guard s.people.count == 2 else {
                    throw .invalid(field: g + ".people", reason: "a \(r.pattern.rawValue) shift needs two people (primary and backup, swapping weekly)")
                }
            case .staggered:
                guard s.people.count >= 2 else {
                    throw .invalid(field: g + ".people", reason: "a staggered shift needs two or more people")
                }
            }
        }
        if r.pattern == .single {
            guard r.shifts.count == 1, r.shifts.allSatisfy(\.isAllDay) else {
                throw .invalid(field: f + ".shifts", reason: "a 24x7 rotation has one shift covering 00:00-24:00 every day")
            }
        }
    }

    static func check(_ o: RosterOverride, in d: RosterDefinition, field f: String) throws(RosterError) {
        try known(o.handle, Set(d.engineers.map(\.handle)), field: f + ".handle")
        try range(o.from, o.to, field: f)
        if let s = o.shift, !d.rotations.contains(where: { $0.shifts.contains { $0.name == s } }) {
            throw .invalid(field: f + ".shift", reason: "no shift is called \(TextSafety.escaped(s))")
        }
    }

    static func check(_ s: RosterSwap, in d: RosterDefinition, field f: String) throws(RosterError) {
        let handles = Set(d.engineers.map(\.handle))
        try known(s.first, handles, field: f + ".a")
        try known(s.second, handles, field: f + ".b")
        guard s.first != s.second else { throw .invalid(field: f, reason: "a swap needs two different people") }
        try range(s.from, s.to, field: f)
    }

    static func check(_ l: RosterLeave, in d: RosterDefinition, field f: String) throws(RosterError) {
        try known(l.handle, Set(d.engineers.map(\.handle)), field: f + ".handle")
        try range(l.from, l.to, field: f)
    }

    static func future(_ to: Int64, _ now: Int64, field: String) throws(RosterError) {
        guard to > now else { throw .invalid(field: field + ".to", reason: "is in the past, so this would change nothing") }
    }

    static func range(_ from: Int64, _ to: Int64, field: String) throws(RosterError) {
        // The journal keeps these times in whole seconds (`from_s`, `to_s`): a finer time would replay differently.
        guard from % WorkingTime.secondMs == 0 else { throw .invalid(field: field + ".from", reason: "must be a whole second") }
        guard to % WorkingTime.secondMs == 0 else { throw .invalid(field: field + ".to", reason: "must be a whole second") }
        guard from < to else { throw .invalid(field: field + ".to", reason: "must be after `from`") }
        guard to - from <= maxRange else { throw .invalid(field: field + ".to", reason: "the range is longer than a year") }
    }

    static func handle(_ h: String, field: String) throws(RosterError) {
        guard Decide.isValidHandle(h) else {
            throw .invalid(field: field, reason: "\"\(TextSafety.escaped(h))\" is not a handle: use letters, digits, '.', '_' or '-'")
        }
    }

    static func known(_ h: String, _ handles: Set<String>, field: String) throws(RosterError) {
        guard handles.contains(h) else {
            throw .invalid(field: field, reason: "\(TextSafety.escaped(h)) is not one of the engineers listed")
        }
    }

    static func zone(_ z: String, field: String, _ zones: (any TimeZoneProvider)?) throws(RosterError) {
        guard RosterClock.isRegionName(z), zones?.knows(z) ?? true else {
            throw .invalid(field: field, reason: "\"\(TextSafety.escaped(z))\" is not an IANA time zone such as Europe/Berlin")
        }
    }
}
