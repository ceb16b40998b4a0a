/// The projects pane (phase, DRI, milestone bars, at-risk and late marks) and a project's full-screen detail where checklist items are assessed.
import SetBoardCore

/// The lines both views draw, worded once so the screen and its tests read the same text.
enum ProjectText {
    /// One milestone as the pane shows it: id, bar, count, due day and its mark when it needs attention.
    static func milestoneLine(_ m: MilestoneProgress, barWidth: Int) -> PaneLine {
        let mark = m.isLate ? " LATE" : m.isAtRisk ? " AT RISK" : m.isComplete ? " ✓" : ""
        let due = String(m.milestone.due.text.dropFirst(5))
        return PaneLine("  \(m.milestone.id) \(progressBar(done: m.done, total: m.total, width: barWidth)) \(m.done)/\(m.total) \(due)\(mark)",
                        role: m.isLate || m.isAtRisk ? .overdue : .pane)
    }

    /// Each project: key, phase and DRI; its title; one line per milestone.
    static func paneLines(_ context: BoardContext) -> [(line: PaneLine, project: Int)] {
        var out: [(PaneLine, Int)] = []
        for (i, p) in context.projects.ordered.enumerated() {
            let progress = p.progress(board: context.state, now: context.now)
            let trouble = progress.contains { $0.isLate || $0.isAtRisk }
            out.append((PaneLine("\(p.key) \(p.phase.rawValue) @\(p.dri)" + (trouble ? " !" : ""), role: trouble ? .overdue : .pane), i))
            out.append((PaneLine("  " + p.title), i))
            for m in progress { out.append((milestoneLine(m, barWidth: 8), i)) }
        }
        return out
    }

    /// The checklist items in cursor order: the DoR's, then the DoD's.
    static func items(_ p: Project) -> [(kind: ChecklistKind, entry: ChecklistEntry)] {
        p.dor.map { (ChecklistKind.dor, $0) } + p.dod.map { (ChecklistKind.dod, $0) }
    }

    /// The detail's lines and the line the cursor's item is on.
    static func detailLines(_ p: Project, item: Int, context: BoardContext) -> (lines: [PaneLine], cursorLine: Int) {
        var out: [PaneLine] = []
        out.append(PaneLine("\(p.key)  \(p.phase.rawValue)  DRI @\(p.dri)" + (p.dropReason.map { "  dropped: " + $0 } ?? ""), role: .overlayTitle))
        out.append(PaneLine(p.title, role: .columnTitle))
        if !p.stakeholders.isEmpty { out.append(PaneLine("stakeholders: " + p.stakeholders.map { "@" + $0 }.joined(separator: ", "))) }
        let progress = p.progress(board: context.state, now: context.now)
        out.append(PaneLine(progress.isEmpty ? "no milestones yet" : "milestones:", role: .dim))
        for m in progress {
            out.append(PaneLine("  \(m.milestone.id) \(m.milestone.title)  due \(m.milestone.due.text)"))
            var bar = milestoneLine(m, barWidth: 20)
            bar.text = "  " + bar.text
            out.append(bar)
        }
        for w in p.waivers {
            out.append(PaneLine("waived to \(w.to.rawValue) by @\(w.by) with \(w.openItems.count) open: \(w.reason)", role: .stuck))
        }
        let canTick = context.actor == p.dri || context.projectLeads.contains(context.actor)
        out.append(PaneLine(canTick ? "you \(context.actor == p.dri ? "are the DRI" : "lead the roster"): j/k picks an item, d done · n n/a · o open · space cycles"
                                    : "only @\(p.dri) (the DRI) or a roster lead can assess items", role: .message))
        var cursorLine = 0
        var index = 0
        for kind in ChecklistKind.allCases {
            let open = p.openItems(kind).count
            out.append(PaneLine(""))
            out.append(PaneLine("\(kind.title): " + (open == 0 ? "complete" : "\(open) open"), role: .columnTitle))
            for entry in p.checklist(kind) {
                if index == item { cursorLine = out.count }
                out.append(PaneLine((index == item ? "> " : "  ") + ProjectReports.itemLine(entry),
                                    role: index == item ? .paneSelected : entry.state.isAssessed ? .dim : .normal))
                index += 1
            }
        }
        return (out, cursorLine)
    }
}

extension AppModel {
    func drawProjectsPane(_ grid: inout Grid, area: Rect, titleRole: StyleRole, context: BoardContext) -> [(PaneLine, Bool)] {
        let open = context.projects.ordered.filter { !$0.phase.isFinished }.count
        grid.putCut(" PROJECTS \(open) open · Enter · P hide", x: area.x, y: area.y, role: titleRole, width: area.width)
        let lines = ProjectText.paneLines(context)
        if lines.isEmpty {
            return [(PaneLine("No project yet."), false), (PaneLine("Start one with"), false),
                    (PaneLine("`setboard project new TITLE --dri HANDLE`."), false)]
        }
        let count = context.projects.projects.count
        let selectedIndex = min(paneSelection, max(0, count - 1))
        return lines.map { ($0.line, paneFocused && $0.project == selectedIndex) }
    }

    func drawProject(_ grid: inout Grid, key: String, item: Int, area: Rect, context: BoardContext) {
        guard let p = context.projects.project(key) else {
            grid.put(" \(key) is not a project on this board. Esc goes back.", x: 0, y: area.y, role: .error)
            return
        }
        let (lines, cursor) = ProjectText.detailLines(p, item: item, context: context)
        // Scrolled just enough to keep the item under the cursor on screen.
        let first = max(0, min(cursor - area.height + 2, lines.count - area.height))
        for (row, line) in lines.dropFirst(first).prefix(area.height).enumerated() {
            if line.role == .paneSelected { grid.fill(x: 0, y: area.y + row, width: area.width, height: 1, role: .paneSelected) }
            grid.putCut(line.text, x: 1, y: area.y + row, role: line.role, width: area.width - 2)
        }
    }

    /// Keys in a project's detail: the cursor over the checklist items, and the DRI's assessments as effects.
    mutating func handleProject(_ key: Key, projectKey: String, item: Int, context: BoardContext) -> [AppEffect] {
        message = nil
        guard let p = context.projects.project(projectKey) else { mode = .board; return [] }
        let items = ProjectText.items(p)
        let current = min(item, max(0, items.count - 1))
        var wanted: ItemState?
        switch key {
        case .char("d"): wanted = .done
        case .char("n"): wanted = .na
        case .char("o"): wanted = .open
        case .char(" "), .char("x"):
            guard current < items.count else { return [] }
            switch items[current].entry.state {
            case .open: wanted = .done
            case .done: wanted = .na
            case .na: wanted = .open
            }
        default:
            switch keyMap.action(for: key) {
            case .down: mode = .project(key: projectKey, item: min(current + 1, max(0, items.count - 1)))
            case .up: mode = .project(key: projectKey, item: max(0, current - 1))
            case .top: mode = .project(key: projectKey, item: 0)
            case .bottom: mode = .project(key: projectKey, item: max(0, items.count - 1))
            case .back, .quit, .detail: mode = .board
            case .help: mode = .help(scroll: 0)
            default: break
            }
            return []
        }
        guard let wanted, current < items.count else { return [] }
        let (kind, entry) = items[current]
        guard entry.state != wanted else {
            message = Message(text: "\(entry.id) is already \(wanted.rawValue)", kind: .info)
            return []
        }
        // The store decides who may: only the DRI or a roster lead; anyone else hears why not in the footer.
        return [.performProject(.mark(key: p.key, list: kind, item: entry.id, state: wanted))]
    }
}
