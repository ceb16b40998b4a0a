/// The detail view: one ticket on the whole screen, its facts, checklist and history, worded once per frame.
import SetBoardCore

extension AppModel {
    /// The detail view from the lines the layout step worded, from `scroll` on.
    func drawDetail(_ grid: inout Grid, key: String, scroll: Int, area: Rect, context: BoardContext) {
        guard context.state.ticket(key) != nil else {
            grid.put(" \(key) is not on this board (any more). Esc goes back.", x: 0, y: area.y, role: .error)
            return
        }
        for (row, line) in frame.detailLines.dropFirst(scroll).prefix(area.height).enumerated() {
            grid.putCut(line.text, x: 1, y: area.y + row, role: line.role, width: area.width - 2)
        }
    }
}

/// The detail view's text, worded once so the screen and its tests read the same lines.
enum DetailText {
    static func lines(_ t: Ticket, context: BoardContext, width: Int) -> [PaneLine] {
        let state = context.state
        var out: [PaneLine] = []
        var head = "\(t.key)  \(t.tier.rawValue)"
        if let level = t.level { head += " \(level.rawValue)" }
        head += "  \(t.column.title)  " + (t.assignee.map { "@" + $0 } ?? "unassigned")
        out.append(PaneLine(head, role: .overlayTitle))
        out += wrap(t.title, width: width, role: .columnTitle)
        out += wrap("why here: " + state.whyHere(t.key, now: context.now), width: width, role: .message)
        var marks: [String] = []
        if state.isStuck(t, now: context.now) { marks.append("stuck (n nudges, t takes over)") }
        if let hand = t.movedByHand { marks.append("moved by hand by @\(hand.actor)") }
        if t.isFlaggedForDescription { marks.append("needs a specific description") }
        if !marks.isEmpty { out.append(PaneLine("marks: " + marks.joined(separator: " · "), role: .stuck)) }
        var facts = "category \(t.category.rawValue) · type \(t.type.rawValue)"
        if let team = t.team { facts += " · team \(team)" }
        if let source = t.source { facts += " · from \(source.label)" }
        if let component = t.component { facts += " · component \(component)" }
        out.append(PaneLine(facts))
        out.append(PaneLine("created \(WorkingTime.isoMinute(t.created)) · updated \(WorkingTime.isoMinute(t.updated))", role: .dim))
        if let incident = context.incidents.openIncident(forTicket: t.key) {
            let overdue = incident.isOverdue(at: context.now)
            out.append(PaneLine("incident \(incident.id) \(incident.level.rawValue) \(incident.status.rawValue) · "
                                + (overdue ? "update OVERDUE" : "next update due \(WorkingTime.isoMinute(incident.updateDue))"),
                                role: overdue ? .overdue : .incident))
        }
        if let o = context.links.origin[t.key] {
            out += wrap("jira \(o.jira)" + (o.url.map { " " + $0 } ?? "") + (o.reporter.map { " · reported by " + $0 } ?? "")
                        + (o.fixVersions.isEmpty ? "" : " · fix in " + o.fixVersions.joined(separator: ", "))
                        + (o.watchers.isEmpty ? "" : " · watchers " + o.watchers.joined(separator: ", ")),
                        width: width, role: .normal)
        }
        for link in context.links.links[t.key] ?? [] {
            out += wrap("link " + (link.label.map { $0 + ": " } ?? "") + link.url, width: width, role: .normal)
        }
        for line in context.alerts.summaryLines(of: t.key) { out += wrap("alerts " + line, width: width, role: .normal) }
        out.append(PaneLine(""))
        out.append(PaneLine("Description", role: .columnTitle))
        if t.description.isEmpty {
            out.append(PaneLine("  (none yet: e edits it, or `setboard edit \(t.key)` in $EDITOR)", role: .dim))
        } else {
            for paragraph in t.description.split(separator: "\n", omittingEmptySubsequences: false) {
                out += wrap(String(paragraph), width: width - 2, role: .normal).map { PaneLine("  " + $0.text, role: $0.role) }
            }
        }
        out.append(PaneLine(""))
        let missing = t.missingChecklistItems.count
        out.append(PaneLine("Investigation checklist" + (missing > 0 ? " · \(missing) missing" : " · complete"), role: .columnTitle))
        for (i, item) in ChecklistItem.allCases.enumerated() {
            let s = t.checklistState(item)
            let box: String
            switch s {
            case .present: box = "[x]"
            case .notApplicable: box = "[-]"
            case .missing: box = "[ ]"
            }
            out.append(PaneLine("  \(i + 1) \(box) \(item.label)" + (s == .missing ? "  MISSING" : ""),
                                role: s == .missing ? .stuck : .normal))
        }
        out.append(PaneLine(""))
        out.append(PaneLine("History", role: .columnTitle))
        for h in context.history.lines(of: t.key) {
            out.append(PaneLine("  \(WorkingTime.isoMinute(h.at)) @\(h.actor) \(h.text)"))
        }
        return out
    }

    /// Splits text into lines of at most `width` cells, at spaces where possible.
    static func wrap(_ text: String, width: Int, role: StyleRole) -> [PaneLine] {
        guard width > 4 else { return [PaneLine(text, role: role)] }
        var lines: [PaneLine] = []
        var current = ""
        var currentWidth = 0
        for word in TextSafety.escaped(text).split(separator: " ", omittingEmptySubsequences: false) {
            let w = DisplayWidth.of(String(word))
            if currentWidth > 0 && currentWidth + 1 + w > width {
                lines.append(PaneLine(current, role: role))
                current = ""
                currentWidth = 0
            }
            var piece = String(word)
            while DisplayWidth.of(piece) > width {
                let head = piece.prefixFitting(width)
                lines.append(PaneLine(head, role: role))
                piece = String(piece.dropFirst(head.count))
            }
            if currentWidth > 0 { current += " "; currentWidth += 1 }
            current += piece
            currentWidth += DisplayWidth.of(piece)
        }
        lines.append(PaneLine(current, role: role))
        return lines
    }
}

extension String {
    func padded(to width: Int) -> String {
        let w = DisplayWidth.of(self)
        return w >= width ? self : self + String(repeating: " ", count: width - w)
    }

    /// The longest start of the string that fits in `width` cells.
    func prefixFitting(_ width: Int) -> String {
        var out = ""
        var used = 0
        for c in self {
            let w = DisplayWidth.of(c)
            if used + w > width { break }
            out.append(c)
            used += w
        }
        return out.isEmpty ? String(prefix(1)) : out
    }

    /// The longest end of the string that fits in `width` cells.
    func suffixFitting(_ width: Int) -> String {
        var out: [Character] = []
        var used = 0
        for c in reversed() {
            let w = DisplayWidth.of(c)
            if used + w > width { break }
            out.append(c)
            used += w
        }
        return String(out.reversed())
    }
}
