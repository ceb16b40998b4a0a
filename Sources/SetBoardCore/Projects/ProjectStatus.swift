/// The weekly status update drafted from the journal: per project, milestone progress, at-risk and late ones, the week's changes, open checklist items.

/// One journal event as the status reads it.
public struct StatusEvent: Sendable {
    public var at: Int64
    public var actor: String
    public var event: Event

    public init(at: Int64, actor: String, event: Event) {
        self.at = at
        self.actor = actor
        self.event = event
    }
}

public enum ProjectStatus {
    /// The Monday (UTC) of the week holding `day`.
    public static func weekStart(of day: CycleDay) -> CycleDay {
        CycleDay(number: day.number - WorkingTime.weekday(ofDay: day.number))
    }

    /// The draft: plain text, or Markdown (`md`) to paste into the team's update. Every user text is escaped.
    /// `now` is when the progress is measured: the end of the week for a past week, else the present.
    public static func draft(projects: ProjectState, board: BoardState, events: [StatusEvent], week day: CycleDay,
                             now: Int64, markdown md: Bool) -> String {
        func e(_ s: String) -> String {
            let t = TextSafety.escaped(s)
            guard md else { return t }
            // Markdown's own characters in a title are shown as typed, not as formatting.
            var out = ""
            for c in t { if "\\`*_[]<>#|".contains(c) { out.append("\\") }; out.append(c) }
            return out
        }
        let monday = weekStart(of: day)
        let from = monday.number * WorkingTime.dayMs, to = from + 7 * WorkingTime.dayMs
        let at = min(now, to - 1)
        let sunday = CycleDay(number: monday.number + 6)
        var lines: [String] = []
        lines.append(md ? "# Projects: week of \(monday.text) to \(sunday.text)" : "PROJECTS · week of \(monday.text) to \(sunday.text)")
        let shown = projects.ordered.filter { p in
            !p.phase.isFinished || events.contains { $0.at >= from && $0.at < to && projectKey(of: $0.event, in: p) }
        }
        if shown.isEmpty {
            lines.append("")
            lines.append("No project is open. Start one with `setboard project new TITLE --dri HANDLE`.")
        }
        for p in shown {
            lines.append("")
            let head = "\(p.key) \(e(p.title)) · \(p.phase.rawValue) · DRI @\(e(p.dri))"
            lines.append(md ? "## " + head : head)
            if let reason = p.dropReason { lines.append(bullet(md) + "dropped: \(e(reason))") }
            let steps = p.stepCounts(board: board)
            if steps.total > 0 { lines.append(bullet(md) + "steps: \(steps.done)/\(steps.total) done") }
            let progress = p.progress(board: board, now: at)
            if progress.isEmpty { lines.append(bullet(md) + "no milestones yet") }
            for m in progress {
                lines.append(bullet(md) + "\(m.milestone.id) \(e(m.milestone.title)): \(m.done)/\(m.total) "
                             + "\(progressBar(done: m.done, total: m.total, width: 10)) due \(m.milestone.due.text) · \(m.mark)")
            }
            let attention = progress.filter { $0.isLate || $0.isAtRisk }
            if !attention.isEmpty {
                lines.append(md ? "\n**At risk and late**" : "  at risk and late:")
                for m in attention { lines.append(bullet(md, 2) + "\(m.milestone.id) \(m.mark): \(e(m.reasoning))") }
            }
            let changes = events.filter { $0.at >= from && $0.at < to && projectKey(of: $0.event, in: p) }
            lines.append(md ? "\n**This week**" : "  this week:")
            if changes.isEmpty { lines.append(bullet(md, 2) + "no changes") }
            for c in changes {
                lines.append(bullet(md, 2) + "\(WorkingTime.isoMinute(c.at)) @\(e(c.actor)): " + (md ? e(c.event.summary) : c.event.summary))
            }
            for w in p.waivers where w.at >= from && w.at < to {
                lines.append(bullet(md, 2) + "waived to \(w.to.rawValue) with open \(w.openItems.joined(separator: ", ")): \(e(w.reason))")
            }
            for kind in ChecklistKind.allCases where !p.phase.isFinished {
                // The DoR matters until the project is ready; the DoD from then on.
                guard kind == .dor ? p.phase < .ready : p.phase >= .ready else { continue }
                let open = p.openItems(kind)
                lines.append(bullet(md) + "\(kind.rawValue.uppercased()) open: " + (open.isEmpty ? "none" : open.map(\.id).joined(separator: ", ")))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func bullet(_ md: Bool, _ level: Int = 1) -> String {
        md ? String(repeating: "  ", count: level - 1) + "- " : String(repeating: "  ", count: level) + "· "
    }

    /// Whether an event is about the project: its own events, and board events about its linked tickets.
    static func projectKey(of event: Event, in p: Project) -> Bool {
        switch event {
        case let .project(e): return e.key == p.key
        case let .board(e): return e.ticketKey.map { k in p.tasks.contains { $0.key == k } } ?? false
        default: return false
        }
    }
}
