/// Draws the board: header, columns of cards (or one column with tabs when narrow), panes, forms and the footer.
import SetBoardCore

public enum Layout {
    public static let minimum = Size(width: 40, height: 12)
    /// Narrower than this per column, the board shows one column at a time with tabs.
    static let minColumnWidth = 14
    static let cardHeight = 3
    static let sidePaneWidth = 38
}

extension AppModel {
    /// The whole screen for this moment. Only the visible cards are looked at, so a frame costs the same on a
    /// board of 50 or 50,000 cards.
    public mutating func render(context: BoardContext, size: Size) -> Grid {
        resolvePendingSelection(context)
        var grid = Grid(size: size)
        guard size.width >= Layout.minimum.width, size.height >= Layout.minimum.height else {
            drawTooSmall(&grid)
            return grid
        }
        drawHeader(&grid, context: context)
        var top = 1
        if let alert = OnCallViews.alert(pages: context.pages, handoverWarning: context.handoverWarning) {
            grid.fill(x: 0, y: 1, width: size.width, height: 1, role: .alert)
            grid.putCut(" " + alert, x: 0, y: 1, role: .alert, width: size.width)
            top = 2
        }
        let bottom = size.height - 1
        var body = Rect(x: 0, y: top, width: size.width, height: bottom - top)
        switch mode {
        // The scroll is kept within what there is to show, so one k after scrolling past the end moves at once.
        case let .detail(key, scroll):
            mode = .detail(key: key, scroll: drawDetail(&grid, key: key, scroll: scroll, area: body, context: context))
        case let .help(scroll):
            mode = .help(scroll: drawHelp(&grid, scroll: scroll, area: body))
            helpPage = max(1, body.height - 2)
        default:
            if let pane {
                let paneArea: Rect
                if size.width >= 100 {
                    // Wide screens give the pane room for whole roster lines; the columns keep the rest.
                    let paneWidth = max(Layout.sidePaneWidth, min(56, size.width / 3))
                    paneArea = Rect(x: size.width - paneWidth, y: body.y, width: paneWidth, height: body.height)
                    body.width -= paneWidth + 1
                } else if body.height >= 18 {
                    paneArea = Rect(x: 0, y: body.y + body.height - 8, width: size.width, height: 8)
                    body.height -= 9
                } else {
                    paneArea = body
                    body.height = 0
                }
                drawPane(&grid, pane: pane, area: paneArea, context: context)
            }
            if body.height > 0 { drawColumns(&grid, area: body, context: context) }
            if case let .form(form) = mode { drawForm(&grid, form: form, area: Rect(x: 0, y: top, width: size.width, height: bottom - top)) }
        }
        drawFooter(&grid, context: context)
        return grid
    }

    private func drawTooSmall(_ grid: inout Grid) {
        let size = grid.size
        let lines = ["terminal too small", "need \(Layout.minimum), have \(size)", "enlarge it, or q to quit"]
        for (i, line) in lines.enumerated() {
            let y = size.height / 2 - 1 + i
            let x = max(0, (size.width - DisplayWidth.of(line)) / 2)
            grid.put(line, x: x, y: y, role: i == 0 ? .error : .normal)
        }
    }

    private func drawHeader(_ grid: inout Grid, context: BoardContext) {
        let w = grid.size.width
        grid.fill(x: 0, y: 0, width: w, height: 1, role: .header)
        let state = context.state
        var left = " \(state.settings.name) · \(state.openCount) open"
        let out = context.outOfRuleCount ?? state.outOfRuleCount(in: .todo)
        if out > 0 { left += " · \(out) above a higher tier" }
        let overdue = context.incidents.ordered(at: context.now).filter { $0.isOverdue(at: context.now) }.count
        if overdue > 0 { left += " · \(overdue) incident update\(overdue == 1 ? "" : "s") overdue" }
        if let f = filter { left += " · filter: \(f.text)" }
        var right = context.onCall.flatMap(OnCallViews.header).map { "on call: " + $0 } ?? ""
        if context.readOnlyReason != nil { right = "READ-ONLY " + right }
        let rightWidth = min(DisplayWidth.of(right), w / 2)
        // Two spaces at least between the board's counts and who is on call, so the two never read as one phrase.
        grid.putCut(left, x: 0, y: 0, role: .header, width: w - rightWidth - (rightWidth > 0 ? 3 : 1))
        if rightWidth > 0 { grid.putCut(right, x: w - rightWidth - 1, y: 0, role: .header, width: rightWidth) }
    }

    private mutating func drawColumns(_ grid: inout Grid, area: Rect, context: BoardContext) {
        let columns = Column.allCases
        let gap = 1
        let fitsAll = (area.width - gap * (columns.count - 1)) / columns.count >= Layout.minColumnWidth
        if fitsAll {
            let colWidth = (area.width - gap * (columns.count - 1)) / columns.count
            for (i, column) in columns.enumerated() {
                let x = area.x + i * (colWidth + gap)
                let width = i == columns.count - 1 ? area.width - x : colWidth
                drawColumn(&grid, column: column, area: Rect(x: x, y: area.y, width: width, height: area.height),
                           context: context, showTitle: true)
            }
        } else {
            drawTabs(&grid, y: area.y, x: area.x, width: area.width, context: context)
            drawColumn(&grid, column: focus, area: Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1),
                       context: context, showTitle: false)
        }
    }

    private mutating func drawTabs(_ grid: inout Grid, y: Int, x: Int, width: Int, context: BoardContext) {
        let short: [Column: String] = [.todo: "TODO", .inProgress: "PROG", .inReview: "REVW", .handedOver: "HAND", .done: "DONE"]
        var cx = x
        for column in Column.allCases {
            let label = " \(short[column] ?? column.title) \(visibleKeys(column, context).count) "
            let role: StyleRole = column == focus ? .tabSelected : .tab
            cx += grid.put(label, x: cx, y: y, role: role, maxWidth: x + width - cx)
        }
        if cx < x + width { grid.put(" " + focus.title, x: cx, y: y, role: .columnTitleFocused, maxWidth: x + width - cx) }
    }

    private mutating func drawColumn(_ grid: inout Grid, column: Column, area: Rect, context: BoardContext, showTitle: Bool) {
        let list = visibleKeys(column, context)
        let focused = column == focus && !paneFocused
        var y = area.y
        if showTitle {
            let role: StyleRole = column == focus ? .columnTitleFocused : .columnTitle
            grid.fill(x: area.x, y: y, width: area.width, height: 1, role: role)
            grid.putCut(" \(column.title) \(list.count)", x: area.x, y: y, role: role, width: area.width)
            y += 1
        }
        let rows = area.y + area.height - y
        // A column that scrolls gives up its last row to say how many cards are hidden, so the count never
        // covers a card's marks or age.
        let scrolls = list.count > rows / Layout.cardHeight
        let fit = max(1, (scrolls ? rows - 1 : rows) / Layout.cardHeight)
        if column == focus { lastPage = fit }
        guard !list.isEmpty else {
            grid.putCut(" (empty)", x: area.x, y: y, role: .dim, width: area.width)
            return
        }
        let current = currentIndex(in: column, list: list) ?? 0
        var first = scrollTop[column] ?? 0
        if current < first { first = current }
        if current >= first + fit { first = current - fit + 1 }
        first = max(0, min(first, max(0, list.count - fit)))
        scrollTop[column] = first
        for i in first..<min(list.count, first + fit) {
            guard let ticket = context.state.ticket(list[i]) else { continue }
            drawCard(&grid, ticket: ticket, x: area.x, y: y + (i - first) * Layout.cardHeight, width: area.width,
                     selected: focused && i == current, context: context)
        }
        if scrolls && rows > fit * Layout.cardHeight {
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
        // The age is what triage reads first, so it keeps its place at the right and the handle gives way.
        let who = t.assignee.map { "@" + $0 } ?? "unassigned"
        let age = WorkingTime.shortAge(context.now - t.created)
        let ageWidth = DisplayWidth.of(age)
        let role: StyleRole = selected ? base : .dim
        if width - 2 >= ageWidth + 4 {
            grid.putCut(who, x: x + 1, y: y + 2, role: role, width: width - 3 - ageWidth)
            grid.put(age, x: x + width - 1 - ageWidth, y: y + 2, role: role)
        } else {
            grid.putCut(who, x: x + 1, y: y + 2, role: role, width: width - 2)
        }
    }

    private func drawFooter(_ grid: inout Grid, context: BoardContext) {
        let y = grid.size.height - 1
        let w = grid.size.width
        var role: StyleRole = .footer
        var text: String
        switch mode {
        case let .filter(typed):
            text = " filter: \(typed)_   (words, tier:T, level:L, @handle, mine · Enter apply · Esc clear)"
            role = .message
        case let .confirmRestore(column):
            let moved = context.state.keys(in: column).filter { context.state.ticket($0)?.movedByHand != nil }.count
            let cards = moved == 1 ? "1 card moved by hand loses its place" : "\(moved) cards moved by hand lose their place"
            text = " Restore rule order in \(column.title)? \(cards). y/n"
            role = .alert
        default:
            if let m = message, let worded = word(m, context: context) {
                text = " " + worded
                if case .error = m.kind { role = .error } else { role = .message }
            } else if let reason = context.readOnlyReason {
                text = " read-only: \(reason)"
                role = .error
            } else {
                text = " " + hints(width: w - 1)
            }
        }
        grid.fill(x: 0, y: y, width: w, height: 1, role: role)
        grid.putCut(text, x: 0, y: y, role: role, width: w)
    }

    /// The most useful keys, as many whole hints as fit: a hint is never cut in half.
    private func hints(width: Int) -> String {
        let all: [String]
        switch mode {
        case .detail: all = ["j/k scroll", "1-7 checklist", "e edit", "c claim", "u incident update", "Esc back"]
        case .help: all = ["j/k scroll", "PgDn/PgUp page", "any other key closes the help"]
        case .form: all = ["Tab next field", "Enter save", "Esc cancel"]
        default:
            // Quit and help come first so they survive on the narrowest screen.
            let names: [(Action, String)] = [(.quit, "quit"), (.help, "help"), (.moveDown, "move"), (.detail, "open"),
                                             (.add, "add"), (.filter, "filter"), (.claim, "claim"), (.incidents, "incidents"),
                                             (.roster, "roster")]
            all = names.compactMap { action, label in keyMap.keys(for: action).first.map { "\(Badges.keyLabel($0)) \(label)" } }
        }
        var text = ""
        for hint in all {
            let next = text.isEmpty ? hint : text + " · " + hint
            if DisplayWidth.of(next) > width { break }
            text = next
        }
        return text
    }

    /// A finished change said in words, with the rule it breaks when a card was moved against the rules.
    private func word(_ m: Message, context: BoardContext) -> String? {
        guard case let .done(effect) = m.kind else { return m.text.isEmpty ? nil : m.text }
        switch effect {
        case let .perform(.rank(key, _)):
            if let t = context.state.ticket(key), t.movedByHand != nil {
                // Why-here already names who moved it, the rule it breaks and the key that restores the order.
                return "saved · \(key) \(context.state.whyHere(key, now: context.now))"
            }
            return "saved · \(key) moved"
        case let .perform(.move(key, to)): return "saved · \(key) moved to \(to.title)"
        case .perform(.add):
            return "saved · added \(selected[focus] ?? "the ticket")"
        case let .perform(.assign(key, who)): return "saved · \(key) assigned to \(who ?? "nobody")"
        case let .perform(.nudge(key)): return "saved · \(key) nudged"
        case let .perform(.takeOver(key)): return "saved · you took over \(key)"
        case let .perform(.restoreOrder(column)): return "saved · \(column.title) is in rule order again"
        case let .perform(.edit(key, _)): return "saved · \(key) edited"
        case let .perform(.markChecklist(key, item, state)): return "saved · \(key): \(item.label) \(state.rawValue)"
        case let .performIncident(.postUpdate(id, _)): return "saved · update posted to \(id)"
        default: return "saved"
        }
    }
}

struct Rect: Equatable {
    var x: Int
    var y: Int
    var width: Int
    var height: Int
}

/// Short labels and marks shared by cards, the detail view and the help overlay.
enum Badges {
    static func tier(_ tier: Tier) -> String {
        switch tier {
        case .community: return "COM"
        case .escalation: return "ESC"
        case .hotfix: return "HOT"
        case .release: return "REL"
        case .customer: return "CUS"
        case .other: return "OTH"
        }
    }

    static func role(_ tier: Tier) -> StyleRole {
        switch tier {
        case .community: return .tierCommunity
        case .escalation: return .tierEscalation
        case .hotfix: return .tierHotfix
        case .release: return .tierRelease
        case .customer: return .tierCustomer
        case .other: return .tierOther
        }
    }

    /// ASCII marks, so vt100 and the linux console show them too: ! stuck, ^ moved by hand, # incident.
    static let legend = [("!", "stuck: no event for longer than its column allows"), ("^", "moved by hand against the rule order"),
                         ("#", "linked to an open incident")]

    static func marks(_ t: Ticket, state: BoardState, incidents: IncidentState, now: Int64) -> [(String, StyleRole)] {
        var marks: [(String, StyleRole)] = []
        if state.isStuck(t, now: now) { marks.append(("!", .stuck)) }
        if t.movedByHand != nil { marks.append(("^", .handMoved)) }
        if incidents.openIncident(forTicket: t.key) != nil { marks.append(("#", .incident)) }
        return marks
    }

    static func keyLabel(_ key: Key) -> String {
        switch key {
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .tab: return "Tab"
        case .backTab: return "S-Tab"
        case .function(let n): return "F\(n)"
        case .ctrl(let c): return "^" + String(c).uppercased()
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .home: return "Home"
        case .end: return "End"
        default: return key.name
        }
    }
}
