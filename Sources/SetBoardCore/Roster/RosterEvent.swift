/// Roster events with their stable past-tense type strings, and their journal payloads (times in Unix seconds on disk,
/// milliseconds in memory like every time in Core).

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
            WorkingTime.isoMinute(from) + " – " + WorkingTime.isoMinute(to) + " UTC"
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

    /// The strict decoder the registry calls; the ranges of its numbers are in `RosterCoding`.
    static func decode(_ type: String, _ p: PayloadReader) throws(PayloadError) -> RosterEvent {
        switch type {
        case "roster.defined": return .defined(try RosterCoding.definition(p))
        case "roster.overridden": return .overridden(try RosterCoding.override(p))
        case "roster.swapped": return .swapped(try RosterCoding.swap(p))
        case "roster.leave_recorded": return .leaveRecorded(try RosterCoding.leave(p))
        default: throw unknownType(type)
        }
    }
}

/// The JSON shape of roster values in the journal; field names and units are part of the journal format: the `_s`
/// fields are whole seconds, converted to and from Core's milliseconds here and nowhere else.
enum RosterCoding {
    static func seconds(_ ms: Int64) -> JSONValue { .int(WorkingTime.floorDiv(ms, WorkingTime.secondMs)) }

    /// A `_s` field read in seconds, inside its range, as milliseconds.
    static func ms(_ p: PayloadReader, _ field: String, in range: ClosedRange<Int64>) throws(PayloadError) -> Int64 {
        try p.int(field, in: range) * WorkingTime.secondMs
    }

    static func opt(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
    static func strings(_ a: [String]) -> JSONValue { .array(a.map { .string($0) }) }

    static func json(_ d: RosterDefinition) -> JSONValue {
        .object([
            ("admins", strings(d.admins)), ("fallback", .string(d.fallback.text)),
            ("escalation", .object([("waits_s", .array(d.escalation.waits.map(seconds))),
                                    ("repeats", .int(Int64(d.escalation.repeats))),
                                    ("notify", opt(d.escalation.notifyCommand)),
                                    ("remind_s", seconds(d.escalation.remindEvery))])),
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
        .object([("role", .string(o.role.rawValue)), ("handle", .string(o.handle)), ("from_s", seconds(o.from)),
                 ("to_s", seconds(o.to)), ("shift", opt(o.shift))])
    }

    static func json(_ s: RosterSwap) -> JSONValue {
        .object([("a", .string(s.first)), ("b", .string(s.second)), ("from_s", seconds(s.from)), ("to_s", seconds(s.to))])
    }

    static func json(_ l: RosterLeave) -> JSONValue {
        .object([("handle", .string(l.handle)), ("from_s", seconds(l.from)), ("to_s", seconds(l.to))])
    }

    /// `escalation` may be absent (the standard policy) and its `notify` may hold a command another version stored:
    /// read as an optional string and nothing more. `overrides`, `swaps` and `leave` may be absent; every element
    /// present must hold.
    static func definition(_ p: PayloadReader) throws(PayloadError) -> RosterDefinition {
        let admins = try p.strings("admins")
        let fb = try p.string("fallback")
        var engineers: [RosterEngineer] = []
        for e in try p.objects("engineers") {
            engineers.append(RosterEngineer(handle: try e.string("handle"), name: try e.string("name"),
                                            team: try e.string("team"), zone: try e.string("zone")))
        }
        var rotations: [RosterRotation] = []
        for r in try p.objects("rotations") { rotations.append(try rotation(r)) }
        var policy = EscalationPolicy.standard
        if let e = try p.optionalObject("escalation") { policy = try EscalationPolicy.decode(e) }
        var overrides: [RosterOverride] = []
        for o in try p.optionalObjects("overrides") { overrides.append(try override(o)) }
        var swaps: [RosterSwap] = []
        for s in try p.optionalObjects("swaps") { swaps.append(try swap(s)) }
        var leave: [RosterLeave] = []
        for l in try p.optionalObjects("leave") { leave.append(try self.leave(l)) }
        return RosterDefinition(admins: admins, fallback: fb == "lead" ? .lead : .shift(fb), escalation: policy,
                                engineers: engineers, rotations: rotations, overrides: overrides, swaps: swaps,
                                leave: leave)
    }

    /// `anchor_day`, `weeks`, `start_min`, `end_min` and `days` inside their `ValidRange`s; `days` lists each
    /// weekday at most once.
    static func rotation(_ r: PayloadReader) throws(PayloadError) -> RosterRotation {
        var shifts: [RosterShift] = []
        for s in try r.objects("shifts") {
            let days = try s.ints("days", in: ValidRange.weekday)
            guard Set(days).count == days.count else { throw s.fail("days", "lists a weekday twice") }
            shifts.append(RosterShift(name: try s.string("name"), zone: try s.string("zone"),
                                      start: Int(try s.int("start_min", in: ValidRange.shiftStart)),
                                      end: Int(try s.int("end_min", in: ValidRange.shiftEnd)), days: days.map { Int($0) },
                                      people: try s.strings("people")))
        }
        return RosterRotation(name: try r.string("name"), zone: try r.string("zone"),
                              anchorDay: try r.int("anchor_day", in: ValidRange.anchorDay),
                              weeks: Int(try r.int("weeks", in: ValidRange.rotationWeeks)),
                              handoff: try r.word("handoff", RosterWeekTime.init(text:)),
                              handoverDue: try r.word("handover_due", RosterWeekTime.init(text:)), lead: try r.string("lead"),
                              pattern: try r.word("pattern", RosterPattern.init(rawValue:)), shifts: shifts,
                              nextTeam: try r.optionalString("next_team"))
    }

    /// `from_s` and `to_s` inside `ValidRange.instantSeconds`.
    static func override(_ p: PayloadReader) throws(PayloadError) -> RosterOverride {
        RosterOverride(role: try p.word("role", OnCallRole.init(rawValue:)), handle: try p.string("handle"),
                       from: try ms(p, "from_s", in: ValidRange.instantSeconds),
                       to: try ms(p, "to_s", in: ValidRange.instantSeconds), shift: try p.optionalString("shift"))
    }

    static func swap(_ p: PayloadReader) throws(PayloadError) -> RosterSwap {
        RosterSwap(first: try p.string("a"), second: try p.string("b"), from: try ms(p, "from_s", in: ValidRange.instantSeconds),
                   to: try ms(p, "to_s", in: ValidRange.instantSeconds))
    }

    static func leave(_ p: PayloadReader) throws(PayloadError) -> RosterLeave {
        RosterLeave(handle: try p.string("handle"), from: try ms(p, "from_s", in: ValidRange.instantSeconds),
                    to: try ms(p, "to_s", in: ValidRange.instantSeconds))
    }
}
