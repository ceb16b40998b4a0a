/// The roster as a YAML file a lead edits: read with the line of every field kept, so any problem points at its line.
import Foundation
import SetBoardCore
import Yams

/// A problem in a roster file: the line, the field's path and what is wrong.
public struct RosterFileError: Error, CustomStringConvertible {
    public var line: Int
    public var field: String
    public var message: String
    public var description: String { "line \(line), \(field): \(message)" }
}

/// Reads a roster file into a definition, remembering where each field was written.
public struct RosterYAMLReader {
    /// Field path → line, for pointing a later check (an unknown handle, say) at the right line.
    private(set) var lines: [String: Int] = [:]
    /// What was read but not kept, one line each, for the importer to tell the user.
    private(set) var notes: [String] = []

    /// Parses and checks the file; the first problem is thrown with its line and field. Every zone must be one
    /// `zones` knows: a zone unknown here would be read as UTC.
    public static func read(_ text: String, zones: any TimeZoneProvider) throws -> RosterDefinition {
        var ignored: [String] = []
        return try read(text, zones: zones, notes: &ignored)
    }

    /// As `read`, also giving what the file asked for that the board no longer keeps (a notify command).
    public static func read(_ text: String, zones: any TimeZoneProvider, notes: inout [String]) throws -> RosterDefinition {
        var reader = RosterYAMLReader(zones: zones)
        let d = try reader.definition(text)
        notes = reader.notes
        do {
            try RosterDecide.validate(d, zones: zones)
        } catch {
            let field = error.field ?? "roster"
            throw RosterFileError(line: reader.line(for: field), field: field, message: error.reason)
        }
        return d
    }

    let zones: any TimeZoneProvider
    init(zones: any TimeZoneProvider) { self.zones = zones }

    /// The line of the field, or of the nearest enclosing one that was written.
    func line(for field: String) -> Int {
        var path = field
        while !path.isEmpty {
            if let l = lines[path] { return l }
            guard let cut = path.lastIndex(where: { $0 == "." || $0 == "[" }) else { break }
            path = String(path[..<cut])
        }
        return 1
    }

    func fail(_ node: Node?, _ field: String, _ message: String) -> RosterFileError {
        RosterFileError(line: node?.mark?.line ?? line(for: field), field: field, message: message)
    }

    mutating func fields(_ node: Node, _ path: String, allowed: [String]) throws -> [String: Node] {
        guard let mapping = node.mapping else {
            throw fail(node, path.isEmpty ? "roster" : path, "expected a mapping of \(allowed.joined(separator: ", "))")
        }
        var out: [String: Node] = [:]
        for (k, v) in mapping {
            let key = k.string ?? ""
            let field = path.isEmpty ? key : path + "." + key
            guard allowed.contains(key) else {
                throw fail(k, field, "unknown field (expected one of: \(allowed.joined(separator: ", ")))")
            }
            guard out[key] == nil else { throw fail(k, field, "appears twice") }
            out[key] = v
            lines[field] = k.mark?.line ?? v.mark?.line
        }
        return out
    }

    func text(_ node: Node?, _ field: String) throws -> String {
        guard let node, let s = node.scalar?.string, !s.isEmpty else { throw fail(node, field, "needs a value") }
        return s
    }

    func optionalText(_ node: Node?, _ field: String) throws -> String? {
        guard let node else { return nil }
        if node.scalar?.string.isEmpty ?? false || node.scalar?.tag == Tag(.null) { return nil }
        return try text(node, field)
    }

    mutating func list(_ node: Node?, _ field: String) throws -> [Node] {
        guard let node else { return [] }
        if node.scalar?.string == "" || node.scalar?.tag == Tag(.null) { return [] }
        guard let sequence = node.sequence else { throw fail(node, field, "expected a list") }
        for (i, item) in sequence.enumerated() { lines["\(field)[\(i)]"] = item.mark?.line }
        return Array(sequence)
    }

    mutating func texts(_ node: Node?, _ field: String) throws -> [String] {
        try list(node, field).enumerated().map { i, n in try text(n, "\(field)[\(i)]") }
    }

    mutating func definition(_ yaml: String) throws -> RosterDefinition {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            let first = String(describing: error).split(whereSeparator: \.isNewline).first.map(String.init) ?? "?"
            throw RosterFileError(line: RosterYAMLReader.line(of: error) ?? 1, field: "roster", message: "not valid YAML: \(first)")
        }
        guard let root else { throw RosterFileError(line: 1, field: "roster", message: "the file is empty") }
        let f = try fields(root, "", allowed: ["admins", "fallback", "escalation", "engineers", "rotations", "overrides",
                                               "swaps", "leave"])
        let admins = try texts(f["admins"], "admins")
        let fallbackText = try optionalText(f["fallback"], "fallback") ?? "lead"
        let policy = try escalation(f["escalation"])
        var engineers: [RosterEngineer] = []
        for (i, n) in try list(f["engineers"], "engineers").enumerated() {
            let p = "engineers[\(i)]"
            let e = try fields(n, p, allowed: ["handle", "name", "team", "zone"])
            engineers.append(RosterEngineer(handle: try text(e["handle"], p + ".handle"), name: try text(e["name"], p + ".name"),
                                            team: try text(e["team"], p + ".team"), zone: try text(e["zone"], p + ".zone")))
        }
        var rotations: [RosterRotation] = []
        for (i, n) in try list(f["rotations"], "rotations").enumerated() {
            rotations.append(try rotation(n, "rotations[\(i)]"))
        }
        // Times without an offset are read on the first rotation's clock, the one the lead plans by.
        let zone = zones.clock(rotations.first?.zone ?? "UTC").rules
        var d = RosterDefinition(admins: admins, fallback: fallbackText == "lead" ? .lead : .shift(fallbackText),
                                 escalation: policy, engineers: engineers, rotations: rotations)
        for (i, n) in try list(f["overrides"], "overrides").enumerated() {
            let p = "overrides[\(i)]"
            let o = try fields(n, p, allowed: ["role", "handle", "from", "to", "shift"])
            let roleText = try text(o["role"], p + ".role")
            guard let role = OnCallRole(rawValue: roleText) else { throw fail(o["role"], p + ".role", "must be primary, backup or lead") }
            let (from, to) = try range(o, p, zone: zone)
            d.overrides.append(RosterOverride(role: role, handle: try text(o["handle"], p + ".handle"), from: from, to: to,
                                              shift: try optionalText(o["shift"], p + ".shift")))
        }
        for (i, n) in try list(f["swaps"], "swaps").enumerated() {
            let p = "swaps[\(i)]"
            let s = try fields(n, p, allowed: ["a", "b", "from", "to"])
            let (from, to) = try range(s, p, zone: zone)
            d.swaps.append(RosterSwap(first: try text(s["a"], p + ".a"), second: try text(s["b"], p + ".b"), from: from, to: to))
        }
        for (i, n) in try list(f["leave"], "leave").enumerated() {
            let p = "leave[\(i)]"
            let l = try fields(n, p, allowed: ["handle", "from", "to"])
            let who = try text(l["handle"], p + ".handle")
            // Leave is planned in the person's own days; a bare end date means the whole of that day.
            let own = engineers.first { $0.handle == who }.flatMap { zones.rules(for: $0.zone) } ?? zone
            let (from, to) = try range(l, p, zone: own, wholeDays: true)
            d.leave.append(RosterLeave(handle: who, from: from, to: to))
        }
        return d
    }

    func range(_ f: [String: Node], _ p: String, zone: any ZoneRules, wholeDays: Bool = false) throws -> (Int64, Int64) {
        let fromText = try text(f["from"], p + ".from"), toText = try text(f["to"], p + ".to")
        guard let from = RosterTimeText.instant(fromText, zone: zone) else {
            throw fail(f["from"], p + ".from", "\"\(TextSafety.escaped(fromText))\" is not a time such as 2026-03-30T09:00 or 2026-03-30")
        }
        guard let to = RosterTimeText.instant(toText, zone: zone, endOfDay: wholeDays) else {
            throw fail(f["to"], p + ".to", "\"\(TextSafety.escaped(toText))\" is not a time such as 2026-03-30T09:00 or 2026-03-30")
        }
        return (from, to)
    }

    mutating func escalation(_ node: Node?) throws -> EscalationPolicy {
        guard let node else { return .standard }
        let e = try fields(node, "escalation", allowed: ["waits", "repeat", "notify", "remind"])
        var policy = EscalationPolicy.standard
        if e["waits"] != nil {
            policy.waits = try list(e["waits"], "escalation.waits").enumerated().map { i, n in
                let t = try text(n, "escalation.waits[\(i)]")
                guard let s = RosterTimeText.duration(t) else {
                    throw fail(n, "escalation.waits[\(i)]", "\"\(TextSafety.escaped(t))\" is not a duration such as 15m, 1h or 90s")
                }
                return s
            }
        }
        if let r = e["repeat"] {
            guard let n = r.int else { throw fail(r, "escalation.repeat", "must be a whole number") }
            policy.repeats = n
        }
        if let r = e["remind"] {
            let t = try text(r, "escalation.remind")
            guard let ms = RosterTimeText.duration(t), EscalationPolicy.remindRange.contains(ms) else {
                throw fail(r, "escalation.remind", "\"\(TextSafety.escaped(t))\" is not a duration from 1m to 168h, such as 15m or 1h")
            }
            policy.remindEvery = ms
        }
        // Read (so a malformed one still points at its line) but never kept: the roster goes into the shared journal,
        // and a command there would run under the account of whoever's notifier read it.
        if try optionalText(e["notify"], "escalation.notify") != nil {
            notes.append("escalation.notify (line \(line(for: "escalation.notify"))) was not imported: a command in the "
                          + "board would run under every teammate's account; it belongs under `notify:` in "
                          + "$XDG_CONFIG_HOME/setboard/config.yaml of the account that runs `setboard watch`")
        }
        return policy
    }

    mutating func rotation(_ node: Node, _ p: String) throws -> RosterRotation {
        let r = try fields(node, p, allowed: ["name", "zone", "anchor", "weeks", "handoff", "handover_due", "lead", "pattern",
                                              "next_team", "shifts"])
        let zone = try text(r["zone"], p + ".zone")
        let anchorText = try text(r["anchor"], p + ".anchor")
        guard let anchor = RosterClock.day(anchorText) else {
            throw fail(r["anchor"], p + ".anchor", "\"\(TextSafety.escaped(anchorText))\" is not a date such as 2026-01-05")
        }
        var weeks = 2
        if let w = r["weeks"] {
            guard let n = w.int else { throw fail(w, p + ".weeks", "must be a whole number") }
            weeks = n
        }
        let handoff = try weekTime(r["handoff"], p + ".handoff") ?? RosterWeekTime(weekday: 0, minute: 540)
        let due = try weekTime(r["handover_due"], p + ".handover_due") ?? RosterWeekTime(weekday: 4, minute: 1020)
        let patternText = try optionalText(r["pattern"], p + ".pattern") ?? RosterPattern.paired.rawValue
        guard let pattern = RosterPattern(rawValue: patternText) else {
            throw fail(r["pattern"], p + ".pattern", "must be one of: \(RosterPattern.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var shifts: [RosterShift] = []
        for (j, n) in try list(r["shifts"], p + ".shifts").enumerated() {
            shifts.append(try shift(n, "\(p).shifts[\(j)]", rotationZone: zone))
        }
        return RosterRotation(name: try optionalText(r["name"], p + ".name") ?? "rotation-\(RosterClock.dateText(anchor))",
                              zone: zone, anchorDay: anchor, weeks: weeks, handoff: handoff, handoverDue: due,
                              lead: try text(r["lead"], p + ".lead"), pattern: pattern, shifts: shifts,
                              nextTeam: try optionalText(r["next_team"], p + ".next_team"))
    }

    func weekTime(_ node: Node?, _ field: String) throws -> RosterWeekTime? {
        guard let t = try optionalText(node, field) else { return nil }
        guard let w = RosterWeekTime(text: t) else {
            throw fail(node, field, "\"\(TextSafety.escaped(t))\" is not a day and time such as monday 09:00")
        }
        return w
    }

    mutating func shift(_ node: Node, _ p: String, rotationZone: String) throws -> RosterShift {
        let s = try fields(node, p, allowed: ["name", "zone", "hours", "days", "people"])
        let hoursText = try optionalText(s["hours"], p + ".hours") ?? "00:00-24:00"
        let ends = hoursText.split(separator: "-").map { RosterWeekTime.minute(String($0).trimmingCharacters(in: .whitespaces)) }
        guard ends.count == 2, let start = ends[0], let end = ends[1] else {
            throw fail(s["hours"], p + ".hours", "\"\(TextSafety.escaped(hoursText))\" is not hours such as 08:00-17:00")
        }
        var days = Array(0..<7)
        if let node = s["days"] {
            if let single = node.scalar?.string {
                guard let parsed = RosterTimeText.days(single) else {
                    throw fail(node, p + ".days", "\"\(TextSafety.escaped(single))\" is not days such as mon-fri, daily or [sat, sun]")
                }
                days = parsed
            } else {
                days = try texts(node, p + ".days").enumerated().map { i, t in
                    guard let d = RosterWeekTime.weekday(t) else {
                        throw fail(nil, "\(p).days[\(i)]", "\"\(TextSafety.escaped(t))\" is not a weekday")
                    }
                    return d
                }
            }
        }
        return RosterShift(name: try text(s["name"], p + ".name"), zone: try optionalText(s["zone"], p + ".zone") ?? rotationZone,
                           start: start, end: end, days: days, people: try texts(s["people"], p + ".people"))
    }

    static func line(of error: YamlError) -> Int? {
        switch error {
        case let .scanner(_, _, mark, _), let .parser(_, _, mark, _), let .composer(_, _, mark, _):
            return mark.line
        default:
            return nil
        }
    }
}
