/// Incidents as text for the shell: one-line list entries, the timeline view, JSON and the Markdown postmortem draft.
import SetBoardCore

enum IncidentReports {
    static func due(_ i: Incident, now: Int64) -> String {
        guard i.isOpen else { return i.status.rawValue }
        if i.isOverdue(at: now) { return "update OVERDUE by \(WorkingTime.shortAge(now - i.updateDue))" }
        return "update due in \(WorkingTime.shortAge(i.updateDue - now))"
    }

    static func line(_ i: Incident, now: Int64) -> String {
        "\(i.id)  \(i.level.rawValue)  \(TextReports.pad(i.status.rawValue, 13))  \(due(i, now: now))  "
            + TextSafety.escaped(i.title)
            + (i.ticket.map { "  [\($0)]" } ?? "")
            + (i.commander.map { "  commander @\(TextSafety.escaped($0))" } ?? "")
    }

    static func show(_ i: Incident, now: Int64) -> String {
        var out = "\(i.id)  \(i.level.rawValue)  \(TextSafety.escaped(i.title))\n"
        func row(_ k: String, _ v: String) -> String { "  " + TextReports.pad(k, 11) + " " + v + "\n" }
        out += row("status", i.status.rawValue)
        out += row("commander", i.commander.map { TextSafety.escaped($0) } ?? "nobody")
        out += row("ticket", i.ticket ?? "-")
        out += row("teams", i.teams.isEmpty ? "-" : i.teams.map { TextSafety.escaped($0) }.joined(separator: ", "))
        out += row("opened", "\(WorkingTime.isoMinute(i.opened)) UTC by \(TextSafety.escaped(i.openedBy))")
        out += row("updates", "every \(WorkingTime.shortAge(i.updateInterval)); \(due(i, now: now))")
        out += "\nTimeline\n"
        for e in i.timeline {
            out += "  \(WorkingTime.isoMinute(e.at))  \(TextSafety.escaped(e.actor))  \(TextSafety.escaped(e.text))\n"
        }
        return out
    }

    static func json(_ i: Incident, now: Int64) -> JSONValue {
        func opt(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
        return .object([
            ("id", .string(i.id)), ("level", .string(i.level.rawValue)), ("title", .string(i.title)),
            ("status", .string(i.status.rawValue)), ("commander", opt(i.commander)), ("ticket", opt(i.ticket)),
            ("teams", .array(i.teams.map { .string($0) })), ("opened", .string(TextReports.iso(i.opened))),
            ("updateDue", i.isOpen ? .string(TextReports.iso(i.updateDue)) : .null),
            ("overdue", .bool(i.isOverdue(at: now))),
            ("updates", .array(i.updates.map { .object([("at", .string(TextReports.iso($0.at))), ("actor", .string($0.actor)), ("text", .string($0.text))]) })),
        ])
    }

    /// Markdown text from user input: escaped for the terminal and for Markdown, one line.
    static func md(_ s: String) -> String {
        var out = ""
        for ch in TextSafety.escaped(s) {
            if "\\`*_[]<>#|".contains(ch) { out.append("\\") }
            out.append(ch)
        }
        return out
    }

    static func postmortem(_ i: Incident, board: BoardState, now: Int64) -> String {
        var out = "# Postmortem: \(i.id) \(md(i.title))\n\n"
        out += "- Level: \(i.level.rawValue)\n- Status: \(i.status.rawValue)\n"
        out += "- Commander: \(i.commander.map(md) ?? "nobody")\n"
        out += "- Opened: \(WorkingTime.isoMinute(i.opened)) UTC by \(md(i.openedBy))\n"
        if let resolved = i.timeline.last(where: { $0.text.hasPrefix("status: ") && $0.text.hasSuffix("resolved") }) {
            out += "- Resolved: \(WorkingTime.isoMinute(resolved.at)) UTC (\(WorkingTime.shortAge(resolved.at - i.opened)) after opening)\n"
        }
        if let key = i.ticket {
            out += "- Ticket: \(key)" + (board.ticket(key).map { " — \(md($0.title))" } ?? "") + "\n"
        }
        out += "- Teams invited: \(i.teams.isEmpty ? "none" : i.teams.map(md).joined(separator: ", "))\n\n"
        out += "## Summary\n\n_What happened, in two or three sentences._\n\n"
        out += "## Impact\n\n_Who was affected, how, and for how long._\n\n"
        out += "## Timeline (UTC, from the journal)\n\n"
        for e in i.timeline { out += "- \(WorkingTime.isoMinute(e.at)) — \(md(e.actor)): \(md(e.text))\n" }
        out += "\n## Root cause\n\n_Why it happened; keep asking why._\n\n"
        out += "## Follow-up actions\n\n| Action | Owner | Ticket |\n| --- | --- | --- |\n|  |  |  |\n"
        return out
    }
}
