/// Keys on the board and in the side pane, turned into changes of the model and effects for the journal.
import SetBoardCore

extension AppModel {
    public mutating func handle(_ key: Key, context: BoardContext) -> [AppEffect] {
        if key == .resize { return [] }
        resolvePendingSelection(context)
        switch mode {
        case .form: return handleForm(key, context: context)
        case let .filter(text): return handleFilter(key, text: text, context: context)
        case let .confirmRestore(column):
            mode = .board
            if key == .char("y") || key == .char("Y") { return [.perform(.restoreOrder(column))] }
            message = Message(text: "rule order left as it is", kind: .info)
            return []
        case let .help(scroll):
            // Render keeps the scroll within the text, so going past the end here costs nothing.
            switch keyMap.action(for: key) {
            case .down: mode = .help(scroll: scroll + 1)
            case .up: mode = .help(scroll: max(0, scroll - 1))
            case .pageDown: mode = .help(scroll: scroll + helpPage)
            case .pageUp: mode = .help(scroll: max(0, scroll - helpPage))
            case .top: mode = .help(scroll: 0)
            case .bottom: mode = .help(scroll: Int.max / 2)
            default: mode = .board
            }
            return []
        case let .detail(ticketKey, scroll):
            return handleDetail(key, ticketKey: ticketKey, scroll: scroll, context: context)
        case let .project(projectKey, item):
            return handleProject(key, projectKey: projectKey, item: item, context: context)
        case .board:
            message = nil
            return handleBoard(key, context: context)
        }
    }

    private mutating func handleBoard(_ key: Key, context: BoardContext) -> [AppEffect] {
        guard let action = keyMap.action(for: key) else {
            if case .char = key { message = Message(text: "\(key.name): not a board key (? shows them all)", kind: .info) }
            return []
        }
        if paneFocused, let effects = handlePane(action, context: context) { return effects }
        let list = visibleKeys(focus, context)
        let current = currentIndex(in: focus, list: list)
        let card = current.map { list[$0] }
        switch action {
        case .down: moveSelection(to: (current ?? -1) + 1, list: list)
        case .up: moveSelection(to: (current ?? 1) - 1, list: list)
        case .pageDown: moveSelection(to: (current ?? 0) + lastPage, list: list)
        case .pageUp: moveSelection(to: (current ?? 0) - lastPage, list: list)
        case .top: moveSelection(to: 0, list: list)
        case .bottom: moveSelection(to: list.count - 1, list: list)
        case .left, .previousColumnTab: focus = focus.previous ?? (action == .left ? focus : .done)
        case .right, .nextColumnTab: focus = focus.next ?? (action == .right ? focus : .todo)
        case .moveDown, .moveUp:
            guard let card else { return nothingSelected() }
            guard filter == nil else {
                message = Message(text: "clear the filter (/ then Esc) to reorder: the hidden cards decide the place", kind: .error)
                return []
            }
            guard let position = context.state.rankPosition(moving: card, by: action == .moveDown ? 1 : -1) else {
                message = Message(text: "\(card) is already at the \(action == .moveDown ? "bottom" : "top")", kind: .info)
                return []
            }
            return [.perform(.rank(key: card, position: position))]
        case .moveLeft, .moveRight:
            guard let card else { return nothingSelected() }
            guard let target = action == .moveLeft ? focus.previous : focus.next else {
                message = Message(text: "\(card) is already in the \(action == .moveLeft ? "first" : "last") column", kind: .info)
                return []
            }
            return [.perform(.move(key: card, to: target))]
        case .detail:
            guard let card else { return nothingSelected() }
            mode = .detail(key: card, scroll: 0)
        case .add: mode = .form(Forms.add())
        case .edit:
            guard let card, let ticket = context.state.ticket(card) else { return nothingSelected() }
            mode = .form(Forms.edit(ticket))
        case .claim:
            guard let card else { return nothingSelected() }
            return [.perform(.assign(key: card, assignee: context.actor))]
        case .nudge:
            guard let card else { return nothingSelected() }
            return [.perform(.nudge(key: card))]
        case .take:
            guard let card else { return nothingSelected() }
            return [.perform(.takeOver(key: card))]
        case .filter: mode = .filter(filter?.text ?? "")
        case .restoreOrder:
            let column = focus == .todo || context.state.isInRuleOrder(.todo) == false ? Column.todo : focus
            if context.state.isInRuleOrder(column) {
                message = Message(text: "\(column.title) is already in rule order", kind: .info)
            } else {
                mode = .confirmRestore(column)
            }
        case .help: mode = .help(scroll: 0)
        case .history: break // the app layer enters history mode: it owns the journal
        case .quit: return [.quit]
        case .incidents, .roster, .projects:
            let wanted: Pane = action == .incidents ? .incidents : action == .roster ? .roster : .projects
            if pane == wanted && paneFocused {
                pane = nil
                paneFocused = false
            } else {
                if pane != wanted { paneSelection = 0 }
                pane = wanted
                paneFocused = true
            }
        case .update:
            if let ticket = card, let incident = context.incidents.openIncident(forTicket: ticket) {
                mode = .form(Forms.incidentUpdate(incident.id))
            } else {
                message = Message(text: "no incident here: open the incidents pane (i) and pick one", kind: .info)
            }
        case .commander:
            if let ticket = card, let incident = context.incidents.openIncident(forTicket: ticket) {
                mode = .form(Forms.incidentCommander(incident.id, current: incident.commander))
            } else {
                message = Message(text: "no incident here: open the incidents pane (i) and pick one", kind: .info)
            }
        case .acknowledgePage:
            guard let page = context.pages.first else {
                message = Message(text: "no page waiting to be acknowledged", kind: .info)
                return []
            }
            return [.performPage(.acknowledge(id: page.id))]
        case .pagePrimary:
            guard let card, let ticket = context.state.ticket(card) else { return nothingSelected() }
            guard let onCall = context.onCall else {
                message = Message(text: "nobody is on call to page: the board has no roster covering now", kind: .error)
                return []
            }
            return [.performPage(.open(summary: ticket.title, ticket: card, onCall: onCall, policy: context.pagePolicy))]
        case .openIncident:
            guard let card, let ticket = context.state.ticket(card) else { return nothingSelected() }
            if let open = context.incidents.openIncident(forTicket: card) {
                message = Message(text: "\(card) already has \(open.id) open: u posts an update", kind: .info)
                return []
            }
            mode = .form(Forms.incidentOpen(ticket, commander: context.onCall?.primary ?? context.actor))
        case .back:
            if filter != nil {
                filter = nil
                message = Message(text: "filter cleared", kind: .info)
            }
        }
        return []
    }

    /// Keys while the side pane has focus; nil hands the key on to the board.
    private mutating func handlePane(_ action: Action, context: BoardContext) -> [AppEffect]? {
        switch action {
        case .down: paneSelection += 1; return []
        case .up: paneSelection = max(0, paneSelection - 1); return []
        case .back: paneFocused = false; return []
        case .detail:
            guard pane == .projects else { return nil }
            let list = context.projects.ordered
            guard !list.isEmpty else {
                message = Message(text: "no project yet: `setboard project new TITLE --dri HANDLE`", kind: .info)
                return []
            }
            mode = .project(key: list[min(paneSelection, list.count - 1)].key, item: 0)
            return []
        case .update:
            guard pane == .incidents else { return nil }
            let open = context.incidents.ordered(at: context.now)
            guard !open.isEmpty else {
                message = Message(text: "no open incident to update", kind: .info)
                return []
            }
            let incident = open[min(paneSelection, open.count - 1)]
            mode = .form(Forms.incidentUpdate(incident.id))
            return []
        case .commander:
            guard pane == .incidents else { return nil }
            let open = context.incidents.ordered(at: context.now)
            guard !open.isEmpty else {
                message = Message(text: "no open incident to hand to another commander", kind: .info)
                return []
            }
            let incident = open[min(paneSelection, open.count - 1)]
            mode = .form(Forms.incidentCommander(incident.id, current: incident.commander))
            return []
        default: return nil
        }
    }

    mutating func nothingSelected() -> [AppEffect] {
        message = Message(text: "no card selected in \(focus.title)", kind: .info)
        return []
    }
}
