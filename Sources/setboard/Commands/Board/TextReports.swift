/// Plain-text and JSON views of the board for the shell: `list`, `show` and `log`. No colour, user text escaped.
import SetBoardCore
import SetBoardJournal

enum TextReports {
    static func pad(_ s: String, _ width: Int) -> String {
        let count = characterCount(s)
        return count >= width ? s : s + String(repeating: " ", count: width - count)
    }

    /// Characters, as padding counts them; ASCII text without the grapheme breaking that counting needs.
    static func characterCount(_ s: String) -> Int {
        s.utf8.allSatisfy { $0 < 0x80 && $0 != 0x0D } ? s.utf8.count : s.count
    }

    static func marks(_ t: Ticket, _ state: BoardState, now: Int64, incident: String? = nil) -> String {
        var m: [String] = []
        if let incident { m.append("[\(incident)]") }
        if t.isFlaggedForDescription { m.append("[needs description]") }
        if t.movedByHand != nil { m.append("[moved by hand]") }
        if state.isStuck(t, now: now) { m.append("[stuck \(WorkingTime.shortAge(now - t.updated))]") }
        if let clock = state.responseClock(t, now: now) {
            m.append(clock.isBreached ? "[breached: \(clockWaiting(clock.kind)) \(WorkingTime.shortAge(clock.overdueMs)) past \(WorkingTime.shortAge(clock.targetMs))]"
                                      : "[\(clockGoal(clock.kind)) within \(WorkingTime.shortAge(clock.remainingMs))]")
        }
        if !t.isOnBoard { m.append("[off board: \(TextSafety.escaped(t.team ?? "-"))]") }
        return m.isEmpty ? "" : "  " + m.joined(separator: " ")
    }

    /// What a breached clock's ticket is still waiting for.
    static func clockWaiting(_ kind: ClockKind) -> String {
        switch kind {
        case .assign: return "unassigned"
        case .update: return "no update"
        case .resolve: return "open"
        }
    }

    static func clockGoal(_ kind: ClockKind) -> String {
        switch kind {
        case .assign: return "assign"
        case .update: return "first update"
        case .resolve: return "resolve or hand over"
        }
    }

    /// One line a ticket, grouped under column headings, in board order.
    static func list(_ groups: [(String, [Ticket])], state: BoardState, now: Int64,
                     incidents: IncidentState = IncidentState()) -> String {
        String(decoding: listBytes(groups, state: state, now: now, incidents: incidents), as: UTF8.self)
    }

    /// The same as UTF-8 bytes, for printing without a 4 MB String at 50,000 tickets.
    static func listBytes(_ groups: [(String, [Ticket])], state: BoardState, now: Int64,
                          incidents: IncidentState = IncidentState()) -> [UInt8] {
        let all = groups.flatMap(\.1)
        let keyWidth = all.map(\.key.count).max() ?? 5
        let whoWidth = all.map { ($0.assignee.map { TextSafety.escaped($0) } ?? "-").count + 1 }.max() ?? 2
        // Written as bytes: appending a dozen small Strings per line was most of a 50,000-ticket list.
        var out: [UInt8] = []
        out.reserveCapacity(all.count * 100)
        func put(_ text: String) {
            var text = text
            text.withUTF8 { out.append(contentsOf: $0) }
        }
        func put(_ text: String, padTo width: Int) {
            put(text)
            let short = width - characterCount(text)
            if short > 0 { out.append(contentsOf: repeatElement(0x20, count: short)) }
        }
        for (heading, tickets) in groups {
            put("\(heading) · \(tickets.count)\n")
            for t in tickets {
                put("  "); put(t.key, padTo: keyWidth)
                put("  "); put(t.tier.rawValue, padTo: 10)
                put("  "); put(t.level?.rawValue ?? "--", padTo: 2)
                put("  "); put(WorkingTime.shortAge(now - t.created), padTo: 4)
                put("  "); put(t.assignee.map { "@" + TextSafety.escaped($0) } ?? "-", padTo: whoWidth)
                put("  "); put(TextSafety.escaped(t.title))
                put(marks(t, state, now: now, incident: incidents.openIncident(forTicket: t.key)?.id))
                out.append(0x0A)
            }
        }
        return out
    }

    static func json(_ t: Ticket, state: BoardState, now: Int64, incident: String? = nil) -> JSONValue {
        func opt(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
        let checklist = ChecklistItem.allCases.map { ($0.rawValue, JSONValue.string(t.checklistState($0).rawValue)) }
        return .object([
            ("key", .string(t.key)), ("title", .string(t.title)), ("tier", .string(t.tier.rawValue)),
            ("level", opt(t.level?.rawValue)), ("column", .string(t.column.rawValue)), ("assignee", opt(t.assignee)),
            ("team", opt(t.team)), ("category", .string(t.category.rawValue)), ("type", .string(t.type.rawValue)),
            ("created", .string(iso(t.created))), ("updated", .string(iso(t.updated))),
            ("movedByHand", t.movedByHand.map { .object([("actor", .string($0.actor)), ("at", .string(iso($0.at)))]) } ?? .null),
            ("stuck", .bool(state.isStuck(t, now: now))), ("breached", .bool(state.isBreached(t, now: now))), ("onBoard", .bool(t.isOnBoard)),
            ("incident", opt(incident)), ("source", opt(t.source?.rawValue)), ("component", opt(t.component)),
            ("rerouted", t.rerouted.map { .object([("team", .string($0.team)), ("actor", .string($0.actor)), ("reason", .string($0.reason))]) } ?? .null), ("description", .string(t.description)), ("checklist", .object(checklist)),
        ])
    }

    /// "2026-11-24T10:05:00.000Z": the instant as ISO 8601 UTC with milliseconds.
    static func iso(_ ms: Int64) -> String {
        let day = WorkingTime.floorDiv(ms, WorkingTime.dayMs)
        let (y, m, d) = WorkingTime.civil(fromDays: day)
        let inDay = ms - day * WorkingTime.dayMs
        let h = inDay / 3_600_000, mi = inDay / 60_000 % 60, s = inDay / 1000 % 60, frac = inDay % 1000
        func p(_ n: Int64, _ w: Int) -> String {
            let t = String(n)
            return String(repeating: "0", count: max(0, w - t.count)) + t
        }
        return "\(p(y, 4))-\(p(m, 2))-\(p(d, 2))T\(p(h, 2)):\(p(mi, 2)):\(p(s, 2)).\(p(frac, 3))Z"
    }

    static func show(_ t: Ticket, state: BoardState, history: [JournalRecord], now: Int64,
                     incidents: IncidentState = IncidentState(), extra: [(String, String)] = []) -> String {
        func row(_ label: String, _ value: String) -> String { "  " + pad(label, 10) + "  " + value + "\n" }
        var out = "\(t.key)  \(TextSafety.escaped(t.title))\n"
        let place = state.keys(in: t.column).firstIndex(of: t.key).map { " (#\($0 + 1) of \(state.keys(in: t.column).count))" } ?? ""
        out += row("column", t.isOnBoard ? t.column.title + place : "off the SET board (was \(t.column.title))")
        out += row("tier", "\(t.tier.rawValue) (\(t.tier.meaning))")
        out += row("level", t.level.map { "\($0.rawValue) (\($0.meaning))" } ?? "not set")
        out += row("category", t.category == .cat1 ? "CAT1 (escalated by people)" : "CAT2 (raised by an alert)")
        out += row("type", t.type.rawValue)
        out += row("assignee", t.assignee.map { TextSafety.escaped($0) } ?? "nobody")
        out += row("team", t.team.map { TextSafety.escaped($0) } ?? "-")
        if let s = t.source { out += row("source", s.label) }
        if let c = t.component {
            let owner = state.settings.owningTeam(of: c).map { " (owned by \(TextSafety.escaped($0)))" } ?? ""
            out += row("component", TextSafety.escaped(c) + owner)
        }
        if let r = t.rerouted {
            out += row("rerouted", "to \(TextSafety.escaped(r.team)) by \(TextSafety.escaped(r.actor)) on \(WorkingTime.isoMinute(r.at)) UTC: \(TextSafety.escaped(r.reason))")
        }
        out += row("created", "\(WorkingTime.isoMinute(t.created)) UTC (\(WorkingTime.shortAge(now - t.created)) ago)")
        out += row("updated", "\(WorkingTime.isoMinute(t.updated)) UTC (\(WorkingTime.shortAge(now - t.updated)) ago)")
        if state.isStuck(t, now: now), let limit = state.settings.stuckLimit(column: t.column, level: t.level) {
            out += row("stuck", "yes: no event for more than \(limit) working days (nudge or take it over)")
        }
        if let inc = incidents.openIncident(forTicket: t.key) {
            out += row("incident", "\(inc.id) \(inc.level.rawValue) \(inc.status.rawValue)" + (inc.isOverdue(at: now) ? " (update OVERDUE)" : ""))
        }
        if t.isFlaggedForDescription { out += row("flag", "needs a specific description (`setboard edit \(t.key) --description ...`)") }
        for (label, value) in extra { out += row(label, value) }  // already escaped: links, Jira origin, alerts
        out += row("why here", state.whyHere(t.key, now: now))
        out += "\nDescription\n"
        out += t.description.isEmpty ? "  (none)\n"
            : TextSafety.escaped(t.description, keepNewlines: true).split(separator: "\n", omittingEmptySubsequences: false)
                .map { "  " + $0 + "\n" }.joined()
        out += "\nChecklist\n"
        for item in ChecklistItem.allCases {
            switch t.checklistState(item) {
            case .present: out += "  [x] \(item.label)\n"
            case .notApplicable: out += "  [-] \(item.label) (n/a)\n"
            case .missing: out += "  [ ] \(item.label)  MISSING\n"
            }
        }
        out += "\nHistory\n"
        for line in logLines(history) { out += "  " + line + "\n" }
        return out
    }

    /// One line per event: its time, author and the registry's sentence, marked when the board ignored it.
    static func logLine(_ r: JournalRecord, ignored: String? = nil) -> String {
        let what = r.event?.summary ?? "\(TextSafety.escaped(r.type)) (not known to this version)"
        return "\(WorkingTime.isoMinute(r.ts))  \(TextSafety.escaped(r.actor))  \(what)" + (ignored.map { "  [ignored: \($0)]" } ?? "")
    }

    /// Why the board ignored each of `records` (nil for those it applied), replaying them in order from an empty
    /// board: given one ticket's history, what that history alone shows.
    static func ignoredReasons(_ records: [JournalRecord]) -> [String?] {
        var outcomes = EventOutcomes()
        return records.map { r in r.event.flatMap { outcomes.ignoredReason($0, seq: r.seq, at: r.ts, by: r.actor) } }
    }

    static func logLines(_ records: [JournalRecord]) -> [String] {
        zip(records, ignoredReasons(records)).map { logLine($0, ignored: $1) }
    }

    static func recordJSON(_ r: JournalRecord, ignored: String? = nil) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("seq", .int(r.seq)), ("id", .string(r.id)), ("ts", .string(iso(r.ts))), ("actor", .string(r.actor)),
            ("type", .string(r.type)), ("payload", r.payload),
        ]
        if let ignored { fields.append(("ignored", .string(ignored))) }
        return .object(fields)
    }
}
