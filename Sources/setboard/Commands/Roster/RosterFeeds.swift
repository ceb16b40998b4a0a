/// The roster for programs: `--json` for scripts and `--ics`, an RFC 5545 calendar of shifts that calendar apps import.
import Foundation
import SetBoardCore

enum RosterFeeds {
    static func person(_ handle: String?, at: Int64, roster: RosterState) -> JSONValue {
        guard let handle else { return .null }
        guard let e = roster.definition?.engineer(handle) else { return .object([("handle", .string(handle))]) }
        return .object([("handle", .string(handle)), ("name", .string(e.name)), ("team", .string(e.team)),
                        ("zone", .string(e.zone)),
                        ("local", .string(RosterClock.localText(at, in: RosterReport.zone(e.zone))))])
    }

    static func steps(_ steps: [OnCallStep]) -> JSONValue {
        .array(steps.map { .object([("role", .string($0.role.rawValue)), ("handle", .string($0.handle))]) })
    }

    static func opt(_ t: Int64?) -> JSONValue { t.map { .string(RosterTimeText.iso($0)) } ?? .null }

    /// Who is on call at `at`, the next hand-off, next week and the escalation; `pages` is the paging work's part.
    static func json(roster: RosterState, at: Int64, pages: JSONValue) -> JSONValue {
        let m = roster.moment(at: at, zones: hostZones)
        let next = roster.nextHandoff(after: at, zones: hostZones)
        let nextWeek = next.flatMap { roster.schedule(from: $0, weeks: 1, zones: hostZones).first }
        let rotation = roster.rotation(at: at, zones: hostZones)?.rotation
        let policy = roster.policy
        let summary = RosterSummary(roster: roster, at: at, zones: hostZones)
        // The week as the text says it ("week 1 of 2"); the raw count since the anchor is weeksSinceAnchor.
        let week: JSONValue = summary.rotationWeek.map { .int(Int64($0)) } ?? .null
        let weeks: JSONValue = summary.rotationWeeks.map { .int(Int64($0)) } ?? .null
        let sinceAnchor: JSONValue = m.week.map { .int($0) } ?? .null
        let gap: JSONValue = summary.noSuccessorText.map { .string($0) } ?? .null
        var fields: [(String, JSONValue)] = [
            ("at", .string(RosterTimeText.iso(at))), ("rotation", m.rotation.map { .string($0) } ?? .null),
            ("week", week), ("weeks", weeks), ("weeksSinceAnchor", sinceAnchor),
            ("shift", m.onCall.shift.map { .string($0) } ?? .null),
            ("uncovered", .bool(m.onCall.uncovered)),
            ("primary", person(m.onCall.primary, at: at, roster: roster)),
            ("backup", person(m.onCall.backup, at: at, roster: roster)),
            ("lead", person(m.onCall.lead, at: at, roster: roster)),
            ("needsCover", steps(m.needsCover)), ("chain", steps(m.onCall.chain)),
            ("nextHandoff", opt(next)), ("handoverDue", opt(summary.handoverDue)),
            ("noRotationAfter", gap),
            ("nextTeam", rotation?.nextTeam.map { .string($0) } ?? .null),
            ("nextWeek", nextWeek.map { w in
                .object([("start", .string(RosterTimeText.iso(w.start))), ("lead", .string(w.lead)),
                         ("shifts", .array(w.shifts.map { s in
                             .object([("shift", .string(s.shift)), ("primary", s.primary.map { .string($0) } ?? .null),
                                      ("backup", s.backup.map { .string($0) } ?? .null), ("needsCover", steps(s.needsCover))])
                         }))])
            } ?? .null),
            ("escalation", .object([("waits", .array(policy.waits.map { .int($0 / WorkingTime.secondMs) })), ("repeats", .int(Int64(policy.repeats))),
                                    ("notify", policy.notifyCommand.map { .string($0) } ?? .null)])),
            ("pages", pages),
        ]
        // Only when there are some, so a roster whose zones are all known prints what it always printed.
        if !summary.unknownZones.isEmpty { fields.append(("unknownZones", .array(summary.unknownZones.map { .string($0) }))) }
        return .object(fields)
    }

    /// "20260330T070000Z", the UTC form DTSTART, DTEND and DTSTAMP take.
    static func icsTime(_ t: Int64) -> String {
        RosterTimeText.iso(t).filter { $0 != "-" && $0 != ":" }
    }

    /// TEXT values escape backslash, semicolon, comma and newline (RFC 5545 §3.3.11); other controls are dropped.
    static func icsText(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n", "\r\n": out += "\\n"
            default:
                if !c.unicodeScalars.contains(where: TextSafety.isUnsafe) { out.append(c) }
            }
        }
        return out
    }

    /// Splits a content line into pieces of at most 75 octets, never inside a UTF-8 character (RFC 5545 §3.1).
    static func fold(_ line: String) -> String {
        var out = "", current = 0
        for scalar in line.unicodeScalars {
            let size = String(scalar).utf8.count
            if current + size > 75 {
                out += "\r\n "
                current = 1
            }
            out.unicodeScalars.append(scalar)
            current += size
        }
        return out + "\r\n"
    }

    /// Every shift band from the start of the week holding `from` for `weeks` weeks, one event each.
    static func ics(roster: RosterState, from: Int64, weeks: Int, stamp: Int64) -> String {
        // Hand-off to hand-off, so a week with a DST change still ends at the local hand-off time.
        let schedule = roster.schedule(from: from, weeks: weeks, zones: hostZones)
        let start = schedule.first?.start ?? from
        let bands = roster.bands(from: start, to: schedule.last?.end ?? start + Int64(weeks) * RosterClock.week,
                                 zones: hostZones)
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//setboard//roster//EN", "CALSCALE:GREGORIAN",
                     "METHOD:PUBLISH", "X-WR-CALNAME:SET on call"]
        for b in bands {
            let shiftID = String(b.shift.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) })
            let who = [("primary", b.primary), ("backup", b.backup), ("lead", b.lead)]
                .compactMap { role, h in h.map { "\(role) \($0)" } }.joined(separator: ", ")
            let cover = b.needsCover.map { "\($0.role.rawValue) NEEDS COVER (\($0.handle) on leave)" }.joined(separator: ", ")
            lines += ["BEGIN:VEVENT", "UID:set-\(shiftID.lowercased())-\(icsTime(b.start))@setboard", "DTSTAMP:\(icsTime(stamp))",
                      "DTSTART:\(icsTime(b.start))", "DTEND:\(icsTime(b.end))",
                      "SUMMARY:" + icsText("SET \(b.shift): \(b.primary ?? "nobody") primary, \(b.backup ?? "nobody") backup"
                                           + (cover.isEmpty ? "" : " · " + cover)),
                      "DESCRIPTION:" + icsText("On call for the \(b.shift) shift: \(who). Pages go primary → backup → lead."),
                      "TRANSP:TRANSPARENT", "END:VEVENT"]
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined()
    }
}
