/// The detail, help, pane and form screens: everything drawn over or beside the columns.
import SetBoardCore

extension AppModel {
    /// Returns the scroll actually shown.
    func drawDetail(_ grid: inout Grid, key: String, scroll: Int, area: Rect, context: BoardContext) -> Int {
        guard let t = context.state.ticket(key) else {
            grid.put(" \(key) is not on this board (any more). Esc goes back.", x: 0, y: area.y, role: .error)
            return 0
        }
        let lines = DetailText.lines(t, context: context, width: area.width - 2)
        let first = max(0, min(scroll, lines.count - area.height))
        for (row, line) in lines.dropFirst(first).prefix(area.height).enumerated() {
            grid.putCut(line.text, x: 1, y: area.y + row, role: line.role, width: area.width - 2)
        }
        return first
    }

    /// Returns the scroll actually shown.
    func drawHelp(_ grid: inout Grid, scroll: Int, area: Rect) -> Int {
        var lines: [PaneLine] = [PaneLine("Keys (remap them under `keys:` in config.yaml)", role: .overlayTitle)]
        var group = ""
        for entry in keyMap.entries where !entry.keys.isEmpty {
            if entry.group != group {
                group = entry.group
                lines.append(PaneLine(""))
                lines.append(PaneLine(group, role: .columnTitle))
            }
            let keys = entry.keys.map(Badges.keyLabel).joined(separator: " ")
            lines.append(PaneLine("  " + keys.padded(to: 12) + " " + entry.help, role: .normal))
        }
        lines.append(PaneLine(""))
        lines.append(PaneLine("Marks on cards", role: .columnTitle))
        for (mark, meaning) in Badges.legend { lines.append(PaneLine("  " + mark.padded(to: 12) + " " + meaning)) }
        lines.append(PaneLine("  " + "1-7".padded(to: 12) + " in the detail view: cycle a checklist item"))
        // Longer than the screen, the last row says how much is below and how to get there.
        let room = lines.count > area.height ? max(1, area.height - 1) : area.height
        let first = max(0, min(scroll, lines.count - room))
        for (row, line) in lines.dropFirst(first).prefix(room).enumerated() {
            grid.putCut(line.text, x: 1, y: area.y + row, role: line.role, width: area.width - 2)
        }
        if room < area.height {
            let below = lines.count - first - room
            let where_ = below > 0 ? "↓ \(below) more line\(below == 1 ? "" : "s")" : "↑ \(first) line\(first == 1 ? "" : "s") above"
            grid.putCut(" \(where_) · j/k or PgDn/PgUp scroll", x: 0, y: area.y + room, role: .dim, width: area.width)
        }
        return first
    }

    func drawPane(_ grid: inout Grid, pane: Pane, area: Rect, context: BoardContext) {
        grid.fill(x: area.x, y: area.y, width: area.width, height: area.height, role: .pane)
        let titleRole: StyleRole = paneFocused ? .columnTitleFocused : .paneTitle
        grid.fill(x: area.x, y: area.y, width: area.width, height: 1, role: titleRole)
        var lines: [(PaneLine, Bool)] = []
        switch pane {
        case .incidents:
            let open = context.incidents.ordered(at: context.now)
            grid.putCut(" INCIDENTS \(open.count) open · u update · i hide", x: area.x, y: area.y, role: titleRole, width: area.width)
            if open.isEmpty { lines.append((PaneLine("No open incident."), false)) }
            let selectedIndex = min(paneSelection, max(0, open.count - 1))
            for (i, incident) in open.enumerated() {
                let selected = paneFocused && i == selectedIndex
                let overdue = incident.isOverdue(at: context.now)
                let due = overdue
                    ? "OVERDUE \(WorkingTime.shortAge(context.now - incident.updateDue))"
                    : "update in \(WorkingTime.shortAge(incident.updateDue - context.now))"
                lines.append((PaneLine("\(incident.id) \(incident.level.rawValue) \(incident.status.rawValue) · \(due)",
                                       role: overdue ? .overdue : .pane), selected))
                lines.append((PaneLine("  " + incident.title), selected))
                let who = incident.commander.map { "cmdr @" + $0 } ?? "no commander"
                lines.append((PaneLine("  \(who)" + (incident.ticket.map { " · " + $0 } ?? ""), role: .dim), selected))
            }
        case .roster:
            grid.putCut(" ROSTER · r hide", x: area.x, y: area.y, role: titleRole, width: area.width)
            if let roster = context.roster {
                lines = roster.map { ($0, false) }
            } else {
                lines = [(PaneLine("No roster yet."), false),
                         (PaneLine("A lead defines one with"), false),
                         (PaneLine("`setboard roster import FILE`."), false)]
            }
        }
        for (row, (line, selected)) in lines.prefix(area.height - 1).enumerated() {
            let role: StyleRole = selected ? .paneSelected : line.role
            if selected { grid.fill(x: area.x, y: area.y + 1 + row, width: area.width, height: 1, role: role) }
            grid.putCut(line.text, x: area.x + 1, y: area.y + 1 + row, role: role, width: area.width - 2)
        }
    }

    func drawForm(_ grid: inout Grid, form: Form, area: Rect) {
        let title: String
        switch form.kind {
        case .add: title = "Add a ticket"
        case let .edit(key): title = "Edit \(key)"
        case let .incidentUpdate(id): title = "Post an update to \(id)"
        }
        let height = min(area.height, form.fields.count + 2)
        let y0 = area.y + area.height - height
        grid.fill(x: area.x, y: y0, width: area.width, height: height, role: .overlay)
        grid.fill(x: area.x, y: y0, width: area.width, height: 1, role: .overlayTitle)
        let state = form.submitting ? " · saving…" : " · Tab next field · Enter save · Esc cancel"
        grid.putCut(" " + title + state, x: area.x, y: y0, role: .overlayTitle, width: area.width)
        let labelWidth = (form.fields.map { DisplayWidth.of($0.label) }.max() ?? 0) + 2
        for (i, field) in form.fields.enumerated() where y0 + 1 + i < area.y + area.height {
            let y = y0 + 1 + i
            let focused = i == form.focus
            grid.put(" " + field.label + ":", x: area.x, y: y, role: .overlay)
            let x = area.x + labelWidth + 1
            let room = area.width - x - 1
            guard room > 2 else { continue }
            let role: StyleRole = focused ? .cardSelected : .overlay
            if focused && !field.choices.isEmpty {
                // A pick among fixed values shows the value between arrows: there is no cursor to type at.
                let shown = "<" + field.value + ">"
                grid.fill(x: x, y: y, width: room, height: 1, role: role)
                grid.put(shown, x: x, y: y, role: role, maxWidth: room)
                let used = DisplayWidth.of(shown)
                if used + 4 < room { grid.putCut("  " + field.hint, x: x + used, y: y, role: .dim, width: room - used) }
            } else if focused {
                // The end of what is typed stays visible: long values scroll left.
                let shown = field.value.suffixFitting(room - 1) + "_"
                grid.fill(x: x, y: y, width: room, height: 1, role: role)
                grid.put(shown, x: x, y: y, role: role, maxWidth: room)
                let hint = "  " + field.hint
                let used = DisplayWidth.of(shown)
                if used + 4 < room { grid.putCut(hint, x: x + used, y: y, role: .dim, width: room - used) }
            } else {
                grid.putCut(field.value, x: x, y: y, role: role, width: room)
            }
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
