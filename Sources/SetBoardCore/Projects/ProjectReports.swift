/// Projects as text and JSON for `project list`, `show`, `dor`/`dod` and the board's projects pane; user text escaped.

public enum ProjectReports {
    static func e(_ s: String) -> String { TextSafety.escaped(s) }

    /// One line: key, phase, DRI, title, then each milestone's progress, date and mark.
    public static func line(_ p: Project, board: BoardState, now: Int64) -> String {
        var s = "\(p.key)  \(p.phase.rawValue)  @\(e(p.dri))  \(e(p.title))"
        for m in p.progress(board: board, now: now) {
            s += "  ·  \(m.milestone.id) \(m.done)/\(m.total) due \(m.milestone.due.text)"
                + (m.isLate || m.isAtRisk ? " \(m.mark)" : "")
        }
        return s
    }

    public static func json(_ p: Project, board: BoardState, now: Int64) -> JSONValue {
        func tick(_ c: ChecklistEntry) -> JSONValue {
            .object([("id", .string(c.id)), ("text", .string(c.text)), ("state", .string(c.state.rawValue)),
                     ("by", c.by.map { .string($0) } ?? .null), ("at", c.at.map { .string(WorkingTime.isoMinute($0)) } ?? .null)])
        }
        return .object([
            ("key", .string(p.key)), ("title", .string(p.title)), ("phase", .string(p.phase.rawValue)),
            ("dri", .string(p.dri)), ("stakeholders", .array(p.stakeholders.map { .string($0) })),
            ("description", .string(p.description)), ("links", .array(p.links.map { .string($0) })),
            ("dropReason", p.dropReason.map { .string($0) } ?? .null),
            ("milestones", .array(p.progress(board: board, now: now).map { m in
                .object([("id", .string(m.milestone.id)), ("title", .string(m.milestone.title)),
                         ("due", .string(m.milestone.due.text)), ("done", .int(Int64(m.done))), ("total", .int(Int64(m.total))),
                         ("atRisk", .bool(m.isAtRisk)), ("late", .bool(m.isLate)),
                         ("tasks", .array(p.tasks(of: m.milestone.id).map { .string($0.key) }))])
            })),
            ("steps", .array(p.tasks(of: nil).map { .string($0.key) })),
            ("dor", .array(p.dor.map(tick))), ("dod", .array(p.dod.map(tick))),
            ("waivers", .array(p.waivers.map { w in
                .object([("to", .string(w.to.rawValue)), ("reason", .string(w.reason)),
                         ("open", .array(w.openItems.map { .string($0) })), ("by", .string(w.by)),
                         ("at", .string(WorkingTime.isoMinute(w.at)))])
            })),
        ])
    }

    /// `[x]` done, `[-]` not applicable, `[ ]` open.
    public static func box(_ state: ItemState) -> String {
        switch state {
        case .done: return "[x]"
        case .na: return "[-]"
        case .open: return "[ ]"
        }
    }

    /// One checklist item: box, id, text, and who assessed it when.
    public static func itemLine(_ c: ChecklistEntry) -> String {
        "\(box(c.state)) \(c.id): \(e(c.text))"
            + (c.by.map { " (\(c.state.rawValue) by @\(e($0))" + (c.at.map { " \(WorkingTime.isoMinute($0))" } ?? "") + ")" } ?? "")
    }

    public static func checklist(_ p: Project, _ kind: ChecklistKind) -> String {
        let open = p.openItems(kind).count
        var lines = ["\(p.key) \(kind.title): \(p.checklist(kind).count - open)/\(p.checklist(kind).count) assessed"
                     + (open == 0 ? ", complete" : ", \(open) open")]
        lines += p.checklist(kind).map { "  " + itemLine($0) }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func show(_ p: Project, board: BoardState, now: Int64) -> String {
        var lines: [String] = []
        lines.append("\(p.key)  \(e(p.title))")
        lines.append("phase:        \(p.phase.rawValue)" + (p.dropReason.map { " (\(e($0)))" } ?? ""))
        lines.append("DRI:          @\(e(p.dri))")
        lines.append("stakeholders: " + (p.stakeholders.isEmpty ? "-" : p.stakeholders.map { "@" + e($0) }.joined(separator: ", ")))
        lines.append("created:      \(WorkingTime.isoMinute(p.created)) UTC by @\(e(p.createdBy))")
        if !p.description.isEmpty { lines.append("description:  \(e(p.description))") }
        for l in p.links { lines.append("link:         \(e(l))") }
        let steps = p.tasks(of: nil)
        lines.append("")
        lines.append("steps (discovery and scoping):" + (steps.isEmpty ? " none" : ""))
        for t in steps { lines.append("  " + taskLine(t, p, board)) }
        lines.append("")
        lines.append("milestones:" + (p.milestones.isEmpty ? " none (`setboard project milestone add \(p.key) TITLE --due DATE`)" : ""))
        for m in p.progress(board: board, now: now) {
            lines.append("  \(p.key).\(m.milestone.id) \(e(m.milestone.title))")
            lines.append("    \(progressBar(done: m.done, total: m.total, width: 20)) \(m.done)/\(m.total) done · due \(m.milestone.due.text) · \(m.mark)")
            lines.append("    why: \(m.reasoning)")
            for t in p.tasks(of: m.milestone.id) { lines.append("    " + taskLine(t, p, board)) }
        }
        lines.append("")
        lines.append("at risk means: the tasks left, at the pace so far (done ÷ time since the milestone was planned),")
        lines.append("would finish after the due day; with nothing done, once half the time has passed; late: after the due day.")
        for kind in ChecklistKind.allCases {
            lines.append("")
            lines += checklist(p, kind).split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        }
        if !p.waivers.isEmpty {
            lines.append("")
            lines.append("waivers:")
            for w in p.waivers {
                lines.append("  to \(w.to.rawValue) by @\(e(w.by)) \(WorkingTime.isoMinute(w.at)) UTC with open "
                             + w.openItems.joined(separator: ", ") + ": \(e(w.reason))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func taskLine(_ t: ProjectTask, _ p: Project, _ board: BoardState) -> String {
        let kind: String
        if case .ticket = t.source { kind = board.ticket(t.key).map { $0.column.title } ?? "not on board" } else { kind = "own task" }
        return "\(p.isDone(t, board: board) ? "[x]" : "[ ]") \(e(t.key)) \(e(p.title(of: t, board: board))) (\(kind))"
    }
}
