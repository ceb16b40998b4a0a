/// Keys in the detail view, the filter line and the forms: what each does and the effect a submitted form asks for.
import SetBoardCore

extension AppModel {
    mutating func handleDetail(_ key: Key, ticketKey: String, scroll: Int, context: BoardContext) -> [AppEffect] {
        message = nil
        if case let .char(c) = key, let digit = c.wholeNumberValue, digit >= 1, digit <= ChecklistItem.allCases.count,
           let ticket = context.state.ticket(ticketKey) {
            let item = ChecklistItem.allCases[digit - 1]
            let next = Forms.nextChecklistState(ticket.checklistState(item))
            return [.perform(.markChecklist(key: ticketKey, item: item, state: next))]
        }
        switch keyMap.action(for: key) {
        case .down: mode = .detail(key: ticketKey, scroll: scroll + 1)
        case .up: mode = .detail(key: ticketKey, scroll: max(0, scroll - 1))
        case .pageDown: mode = .detail(key: ticketKey, scroll: scroll + lastPage * 3)
        case .pageUp: mode = .detail(key: ticketKey, scroll: max(0, scroll - lastPage * 3))
        case .top: mode = .detail(key: ticketKey, scroll: 0)
        case .back, .quit, .detail: mode = .board
        case .edit:
            guard let ticket = context.state.ticket(ticketKey) else { mode = .board; return [] }
            mode = .form(Forms.edit(ticket))
        case .claim: return [.perform(.assign(key: ticketKey, assignee: context.actor))]
        case .nudge: return [.perform(.nudge(key: ticketKey))]
        case .take: return [.perform(.takeOver(key: ticketKey))]
        case .help: mode = .help(scroll: 0)
        case .update:
            if let incident = context.incidents.openIncident(forTicket: ticketKey) {
                mode = .form(Forms.incidentUpdate(incident.id))
            }
        default: break
        }
        return []
    }

    mutating func handleFilter(_ key: Key, text: String, context: BoardContext) -> [AppEffect] {
        switch key {
        case .escape:
            mode = .board
            filter = nil
        case .enter:
            mode = .board
            filter = BoardFilter(text)
            if let filter {
                let shown = Column.allCases.reduce(0) { $0 + visibleKeys($1, context).count }
                message = Message(text: "filter \(filter.text): \(shown) cards (Esc clears)", kind: .info)
            }
        case .backspace: mode = .filter(String(text.dropLast()))
        case let .char(c): mode = .filter(text + String(c))
        default: break
        }
        return []
    }

    mutating func handleForm(_ key: Key, context: BoardContext) -> [AppEffect] {
        guard case var .form(form) = mode else { return [] }
        if form.submitting { return [] }
        switch key {
        case .escape:
            mode = .board
            message = Message(text: "nothing saved", kind: .info)
            return []
        case .tab, .down:
            form.focus = (form.focus + 1) % form.fields.count
        case .backTab, .up:
            form.focus = (form.focus + form.fields.count - 1) % form.fields.count
        case .backspace:
            form.fields[form.focus].erase()
        case .right where form.fields[form.focus].cycle(by: 1): break
        case .left where form.fields[form.focus].cycle(by: -1): break
        case .char(" ") where form.fields[form.focus].cycle(by: 1): break
        case let .char(c):
            form.fields[form.focus].type(c)
        case .enter:
            switch Forms.effect(of: form, state: context.state) {
            case let .failure(problem):
                message = Message(text: problem.description, kind: .error)
            case let .success(effect):
                guard let effect else {
                    mode = .board
                    message = Message(text: "nothing changed", kind: .info)
                    return []
                }
                form.submitting = true
                mode = .form(form)
                if case let .perform(.add(new)) = effect {
                    pendingSelection = context.state.nextKey()
                    pendingTitle = new.title
                }
                return [effect]
            }
        default: break
        }
        mode = .form(form)
        return []
    }
}
