/// The columns of cards (or one column under tabs on a narrow screen), drawn from the frame's layout.
import SetBoardCore

extension AppModel {
    func drawColumns(_ grid: inout Grid, area: Rect, context: BoardContext) {
        let (tabs, areas) = Regions.columnAreas(area, focus: focus)
        if let tabs { drawTabs(&grid, y: tabs.y, x: tabs.x, width: tabs.width) }
        for (column, columnArea) in areas {
            guard let layout = frame.columns[column] else { continue }
            drawColumn(&grid, column: column, layout: layout, area: columnArea, context: context)
        }
    }

    private func drawTabs(_ grid: inout Grid, y: Int, x: Int, width: Int) {
        let short: [Column: String] = [.todo: "TODO", .inProgress: "PROG", .inReview: "REVW", .handedOver: "HAND", .done: "DONE"]
        var cx = x
        for column in Column.allCases {
            let label = " \(short[column] ?? column.title) \(frame.counts[column] ?? 0) "
            let role: StyleRole = column == focus ? .tabSelected : .tab
            cx += grid.put(label, x: cx, y: y, role: role, maxWidth: x + width - cx)
        }
        if cx < x + width { grid.put(" " + focus.title, x: cx, y: y, role: .columnTitleFocused, maxWidth: x + width - cx) }
    }

    private func drawColumn(_ grid: inout Grid, column: Column, layout: ColumnLayout, area: Rect, context: BoardContext) {
        let list = layout.keys
        let focused = column == focus && !paneFocused
        var y = area.y
        if layout.showTitle {
            let role: StyleRole = column == focus ? .columnTitleFocused : .columnTitle
            grid.fill(x: area.x, y: y, width: area.width, height: 1, role: role)
            grid.putCut(" \(column.title) \(list.count)", x: area.x, y: y, role: role, width: area.width)
            y += 1
        }
        let rows = area.y + area.height - y
        guard !list.isEmpty, let current = layout.current else {
            grid.putCut(" (empty)", x: area.x, y: y, role: .dim, width: area.width)
            return
        }
        let first = layout.first, fit = layout.fit
        for i in first..<min(list.count, first + fit) {
            guard let ticket = context.state.ticket(list[i]) else { continue }
            drawCard(&grid, ticket: ticket, x: area.x, y: y + (i - first) * Layout.cardHeight, width: area.width,
                     selected: focused && i == current, context: context)
        }
        if layout.scrolls && rows > fit * Layout.cardHeight {
            let below = max(0, list.count - (first + fit))
            let parts = [first > 0 ? "↑\(first)" : nil, below > 0 ? "↓\(below)" : nil].compactMap { $0 }
            grid.putCut(" " + parts.joined(separator: " "), x: area.x, y: area.y + area.height - 1, role: .dim,
                        width: area.width)
        }
    }

    private func drawCard(_ grid: inout Grid, ticket t: Ticket, x: Int, y: Int, width: Int, selected: Bool, context: BoardContext) {
        let base: StyleRole = selected ? .cardSelected : .card
        if selected {
            grid.fill(x: x, y: y, width: width, height: Layout.cardHeight, role: .cardSelected)
            // Visible without colour too: in mono, in `render` output and in screen tests.
            grid.put(">", x: x, y: y, role: .cardSelected)
        }
        var cx = x + 1
        let limit = x + width
        cx += grid.put(t.key, x: cx, y: y, role: base, maxWidth: limit - cx) + 1
        if cx < limit { cx += grid.put(Badges.tier(t.tier), x: cx, y: y, role: selected ? base : Badges.role(t.tier), maxWidth: limit - cx) + 1 }
        if let level = t.level, cx < limit { cx += grid.put(level.rawValue, x: cx, y: y, role: selected ? base : .level, maxWidth: limit - cx) + 1 }
        let marks = Badges.marks(t, state: context.state, incidents: context.incidents, now: context.now)
        if !marks.isEmpty {
            // After the level when there is room, else over the end of the line: a mark is never dropped.
            let mx = max(x + 1, min(max(cx, limit - marks.count - 1), limit - marks.count))
            var i = 0
            for (mark, role) in marks where mx + i < limit {
                grid.put(mark, x: mx + i, y: y, role: selected ? base : role)
                i += 1
            }
        }
        grid.putCut(t.title, x: x + 1, y: y + 1, role: base, width: width - 2)
        // Someone else changed this card a moment ago: marked beside its title for a few seconds.
        if context.recentlyChanged.contains(t.key) { grid.put("*", x: x, y: y + 1, role: .alert) }
        // The age is what triage reads first, so it keeps its place at the right and the handle gives way.
        // The running clock with the nearest deadline: on an unassigned card it takes the place of the word
        // "unassigned" ("assign 40m", or "LATE 29h" once breached); after a handle it is short ("upd 6h", "res 2d",
        // "LATE 3h"). Where both do not fit, a running clock gives way to the handle, and the handle is cut before a
        // breach is.
        let clock = context.state.responseClock(t, now: context.now)
        let clockText = clock.map { c -> String in
            if c.isBreached { return "LATE \(WorkingTime.shortAge(c.overdueMs))" }
            let word = t.assignee == nil ? c.kind.cardWord : String(c.kind.cardWord.prefix(3))
            return "\(word) \(WorkingTime.shortAge(c.remainingMs))"
        }
        let handle = t.assignee.map { "@" + $0 } ?? (clockText == nil ? "unassigned" : nil)
        let age = WorkingTime.shortAge(context.now - t.created)
        let ageWidth = DisplayWidth.of(age)
        let role: StyleRole = selected ? base : .dim
        let clockRole: StyleRole = clock?.isBreached == true && !selected ? .overdue : role
        let room = width - 2 >= ageWidth + 4 ? width - 3 - ageWidth : width - 2
        if width - 2 >= ageWidth + 4 { grid.put(age, x: x + width - 1 - ageWidth, y: y + 2, role: role) }
        switch (handle, clockText) {
        case let (h?, c?) where clock?.isBreached == false && DisplayWidth.of(TextSafety.escaped(h)) + 1 + DisplayWidth.of(c) > room:
            grid.putCut(h, x: x + 1, y: y + 2, role: role, width: room)
        case let (h?, c?):
            let cw = DisplayWidth.of(c)
            let hw = min(DisplayWidth.of(TextSafety.escaped(h)), max(1, room - cw - 1))
            grid.putCut(h, x: x + 1, y: y + 2, role: role, width: hw)
            grid.putCut(c, x: x + 2 + hw, y: y + 2, role: clockRole, width: room - hw - 1)
        case let (h?, nil):
            grid.putCut(h, x: x + 1, y: y + 2, role: role, width: room)
        case let (nil, c?):
            grid.putCut(c, x: x + 1, y: y + 2, role: clockRole, width: room)
        case (nil, nil):
            break
        }
    }
}
