/// The side pane: open incidents (selectable, u posts an update, C changes the commander) or the roster's lines.
import SetBoardCore

extension AppModel {
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
                // The title has no room for one more key: the selected incident says how to change its commander.
                lines.append((PaneLine("  \(who)" + (incident.ticket.map { " · " + $0 } ?? "") + (selected ? " · C changes" : ""),
                                       role: .dim), selected))
            }
        case .roster:
            grid.putCut(" ROSTER · r hide", x: area.x, y: area.y, role: titleRole, width: area.width)
            if let roster = context.roster {
                lines = RosterPaneView.lines(roster).map { ($0, false) }
            } else {
                lines = [(PaneLine("No roster yet."), false),
                         (PaneLine("A lead defines one with"), false),
                         (PaneLine("`setboard roster import FILE`."), false)]
            }
        case .projects:
            lines = drawProjectsPane(&grid, area: area, titleRole: titleRole, context: context)
        }
        for (row, (line, selected)) in lines.prefix(area.height - 1).enumerated() {
            let role: StyleRole = selected ? .paneSelected : line.role
            if selected { grid.fill(x: area.x, y: area.y + 1 + row, width: area.width, height: 1, role: role) }
            grid.putCut(line.text, x: area.x + 1, y: area.y + 1 + row, role: role, width: area.width - 2)
        }
    }
}
