/// Roster events with their stable past-tense type strings, and their journal payloads (times in Unix seconds).

public enum RosterEvent: Equatable, Sendable {
    case defined(RosterDefinition)
    case overridden(RosterOverride)
    case swapped(RosterSwap)
    case leaveRecorded(RosterLeave)

    public static let types = ["roster.defined", "roster.overridden", "roster.swapped", "roster.leave_recorded"]

    public var type: String {
        switch self {
        case .defined: return "roster.defined"
        case .overridden: return "roster.overridden"
        case .swapped: return "roster.swapped"
        case .leaveRecorded: return "roster.leave_recorded"
        }
    }

    public var payload: JSONValue {
        switch self {
        case let .defined(d): return RosterCoding.json(d)
        case let .overridden(o): return RosterCoding.json(o)
        case let .swapped(s): return RosterCoding.json(s)
        case let .leaveRecorded(l): return RosterCoding.json(l)
        }
    }

    /// One line for `setboard log`: what changed, user text escaped, times in UTC.
    public var summary: String {
        func span(_ from: Int64, _ to: Int64) -> String {
            WorkingTime.isoMinute(from * 1000) + " – " + WorkingTime.isoMinute(to * 1000) + " UTC"
        }
        func at(_ h: String) -> String { "@" + TextSafety.escaped(h) }
        switch self {
        case let .defined(d):
            let shifts = d.rotations.flatMap(\.shifts).map { TextSafety.escaped($0.name) }
            return "roster defined: \(d.engineers.count) engineers, \(d.rotations.count) rotation"
                + (d.rotations.count == 1 ? "" : "s") + " (" + shifts.joined(separator: ", ") + ")"
        case let .overridden(o):
            return "roster override: \(at(o.handle)) \(o.role.rawValue)" + (o.shift.map { " on " + TextSafety.escaped($0) } ?? "")
                + ", " + span(o.from, o.to)
        case let .swapped(s):
            return "roster swap: \(at(s.first)) ⇄ \(at(s.second)), " + span(s.from, s.to)
        case let .leaveRecorded(l):
            return "roster leave: \(at(l.handle)), " + span(l.from, l.to)
        }
    }

    /// Nil for another kind of event or a payload that does not hold; never traps.
    public init?(type: String, payload p: JSONValue) {
        switch type {
        case "roster.defined":
            guard let d = RosterCoding.definition(p) else { return nil }
            self = .defined(d)
        case "roster.overridden":
            guard let o = RosterCoding.override(p) else { return nil }
            self = .overridden(o)
        case "roster.swapped":
            guard let s = RosterCoding.swap(p) else { return nil }
            self = .swapped(s)
        case "roster.leave_recorded":
            guard let l = RosterCoding.leave(p) else { return nil }
            self = .leaveRecorded(l)
        default:
            return nil
        }
    }
}

/// The JSON shape of roster values in the journal; field names are part of the journal format.
enum RosterCoding {
    static func opt(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
    static func strings(_ a: [String]) -> JSONValue { .array(a.map { .string($0) }) }
    static func strings(_ v: JSONValue?) -> [String]? {
        guard let a = v?.arrayValue else { return nil }
        let s = a.compactMap(\.stringValue)
        return s.count == a.count ? s : nil
    }

    static func json(_ d: RosterDefinition) -> JSONValue {
        .object([
            ("admins", strings(d.admins)), ("fallback", .string(d.fallback.text)),
            ("escalation", .object([("waits_s", .array(d.escalation.waits.map { .int($0) })),
                                    ("repeats", .int(Int64(d.escalation.repeats))),
                                    ("notify", opt(d.escalation.notifyCommand)),
                                    ("remind_s", .int(d.escalation.remindEvery))])),
            ("engineers", .array(d.engineers.map { e in
                .object([("handle", .string(e.handle)), ("name", .string(e.name)), ("team", .string(e.team)),
                         ("zone", .string(e.zone))])
            })),
            ("rotations", .array(d.rotations.map(json))),
            ("overrides", .array(d.overrides.map(json))), ("swaps", .array(d.swaps.map(json))),
            ("leave", .array(d.leave.map(json))),
        ])
    }

    static func json(_ r: RosterRotation) -> JSONValue {
        .object([
            ("name", .string(r.name)), ("zone", .string(r.zone)), ("anchor_day", .int(r.anchorDay)),
            ("weeks", .int(Int64(r.weeks))), ("handoff", .string(r.handoff.text)),
            ("handover_due", .string(r.handoverDue.text)), ("lead", .string(r.lead)),
            ("pattern", .string(r.pattern.rawValue)), ("next_team", opt(r.nextTeam)),
            ("shifts", .array(r.shifts.map { s in
                .object([("name", .string(s.name)), ("zone", .string(s.zone)), ("start_min", .int(Int64(s.start))),
                         ("end_min", .int(Int64(s.end))), ("days", .array(s.days.map { .int(Int64($0)) })),
                         ("people", strings(s.people))])
            })),
        ])
    }

    static func json(_ o: RosterOverride) -> JSONValue {
        .object([("role", .string(o.role.rawValue)), ("handle", .string(o.handle)), ("from_s", .int(o.from)),
                 ("to_s", .int(o.to)), ("shift", opt(o.shift))])
    }

    static func json(_ s: RosterSwap) -> JSONValue {
        .object([("a", .string(s.first)), ("b", .string(s.second)), ("from_s", .int(s.from)), ("to_s", .int(s.to))])
    }

    static func json(_ l: RosterLeave) -> JSONValue {
        .object([("handle", .string(l.handle)), ("from_s", .int(l.from)), ("to_s", .int(l.to))])
    }

    static func definition(_ p: JSONValue) -> RosterDefinition? {
        guard let admins = strings(p["admins"]), let fb = p["fallback"]?.stringValue,
              let engineersJSON = p["engineers"]?.arrayValue, let rotationsJSON = p["rotations"]?.arrayValue else { return nil }
        var engineers: [RosterEngineer] = []
        for e in engineersJSON {
            guard let h = e["handle"]?.stringValue, let n = e["name"]?.stringValue, let t = e["team"]?.stringValue,
                  let z = e["zone"]?.stringValue else { return nil }
            engineers.append(RosterEngineer(handle: h, name: n, team: t, zone: z))
        }
        var rotations: [RosterRotation] = []
        for r in rotationsJSON {
            guard let rotation = rotation(r) else { return nil }
            rotations.append(rotation)
        }
        var policy = EscalationPolicy.standard
        if let e = p["escalation"] {
            policy.waits = e["waits_s"]?.arrayValue?.compactMap(\.intValue) ?? policy.waits
            policy.repeats = e["repeats"]?.intValue.map { Int($0) } ?? policy.repeats
            policy.notifyCommand = e["notify"]?.stringValue
            // Absent in journals written before reminders existed: the default then.
            if let remind = e["remind_s"] {
                guard let r = remind.intValue, EscalationPolicy.remindRange.contains(r) else { return nil }
                policy.remindEvery = r
            }
        }
        let overrides = (p["overrides"]?.arrayValue ?? []).compactMap(override)
        let swaps = (p["swaps"]?.arrayValue ?? []).compactMap(swap)
        let leave = (p["leave"]?.arrayValue ?? []).compactMap(leave)
        return RosterDefinition(admins: admins, fallback: fb == "lead" ? .lead : .shift(fb), escalation: policy,
                                engineers: engineers, rotations: rotations, overrides: overrides, swaps: swaps,
                                leave: leave)
    }

    static func rotation(_ r: JSONValue) -> RosterRotation? {
        guard let name = r["name"]?.stringValue, let zone = r["zone"]?.stringValue, let anchor = r["anchor_day"]?.intValue,
              let weeks = r["weeks"]?.intValue, let handoff = r["handoff"]?.stringValue.flatMap(RosterWeekTime.init(text:)),
              let due = r["handover_due"]?.stringValue.flatMap(RosterWeekTime.init(text:)),
              let lead = r["lead"]?.stringValue,
              let pattern = r["pattern"]?.stringValue.flatMap(RosterPattern.init(rawValue:)),
              let shiftsJSON = r["shifts"]?.arrayValue else { return nil }
        var shifts: [RosterShift] = []
        for s in shiftsJSON {
            guard let n = s["name"]?.stringValue, let z = s["zone"]?.stringValue, let start = s["start_min"]?.intValue,
                  let end = s["end_min"]?.intValue, let days = s["days"]?.arrayValue?.compactMap(\.intValue),
                  let people = strings(s["people"]) else { return nil }
            shifts.append(RosterShift(name: n, zone: z, start: Int(start), end: Int(end), days: days.map { Int($0) },
                                      people: people))
        }
        return RosterRotation(name: name, zone: zone, anchorDay: anchor, weeks: Int(weeks), handoff: handoff,
                              handoverDue: due, lead: lead, pattern: pattern, shifts: shifts,
                              nextTeam: r["next_team"]?.stringValue)
    }

    static func override(_ p: JSONValue) -> RosterOverride? {
        guard let role = p["role"]?.stringValue.flatMap(OnCallRole.init(rawValue:)), let h = p["handle"]?.stringValue,
              let from = p["from_s"]?.intValue, let to = p["to_s"]?.intValue else { return nil }
        return RosterOverride(role: role, handle: h, from: from, to: to, shift: p["shift"]?.stringValue)
    }

    static func swap(_ p: JSONValue) -> RosterSwap? {
        guard let a = p["a"]?.stringValue, let b = p["b"]?.stringValue, let from = p["from_s"]?.intValue,
              let to = p["to_s"]?.intValue else { return nil }
        return RosterSwap(first: a, second: b, from: from, to: to)
    }

    static func leave(_ p: JSONValue) -> RosterLeave? {
        guard let h = p["handle"]?.stringValue, let from = p["from_s"]?.intValue, let to = p["to_s"]?.intValue else { return nil }
        return RosterLeave(handle: h, from: from, to: to)
    }
}
