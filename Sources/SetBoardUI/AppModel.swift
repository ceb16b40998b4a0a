/// The board's state machine: selection, views, forms and messages. Pure, so key sequences can be tested as values.
import SetBoardCore

public enum Pane: String, Sendable, Equatable { case incidents, roster }

/// A line of text being typed, with the form it belongs to.
public struct FormField: Sendable, Equatable {
    public var label: String
    public var value: String
    public var hint: String
    /// The values a field of fixed values takes (empty: free text). Typing picks the first value starting with what
    /// was typed, Space or ←/→ cycles, so a value can never be misspelled or glued to the one shown before.
    public var choices: [String] = []
    /// What was typed into a field of fixed values since it last changed by cycling.
    var typed = ""

    init(label: String, value: String, hint: String, choices: [String] = []) {
        self.label = label
        self.value = value
        self.hint = hint
        self.choices = choices
    }

    /// Types one character into the field: appended to free text, a narrower pick among fixed values.
    mutating func type(_ c: Character) {
        guard !choices.isEmpty else { value.append(c); return }
        let wanted = (typed + String(c)).lowercased()
        if let match = choices.first(where: { $0.lowercased().hasPrefix(wanted) }) {
            value = match
            typed = wanted
        } else if let match = choices.first(where: { $0.lowercased().hasPrefix(String(c).lowercased()) }) {
            value = match
            typed = String(c).lowercased()
        }
    }

    /// Backspace: a character of free text, or the typed start of a pick (the value stays one of the choices).
    mutating func erase() {
        if choices.isEmpty { value = String(value.dropLast()) } else { typed = String(typed.dropLast()) }
    }

    /// The next (or previous) of the fixed values; false for free text, where the key means nothing.
    mutating func cycle(by step: Int) -> Bool {
        guard !choices.isEmpty else { return false }
        let i = choices.firstIndex(of: value) ?? -step
        value = choices[((i + step) % choices.count + choices.count) % choices.count]
        typed = ""
        return true
    }
}

public enum FormKind: Sendable, Equatable {
    case add
    case edit(String)
    case incidentUpdate(String)
}

public struct Form: Sendable, Equatable {
    public var kind: FormKind
    public var fields: [FormField]
    public var focus = 0
    /// True between Enter and the journal's answer; the input stays until the change is saved.
    public var submitting = false

    func value(_ label: String) -> String {
        fields.first { $0.label == label }?.value.trimmingSpaces ?? ""
    }
}

public enum Mode: Sendable, Equatable {
    case board
    case detail(key: String, scroll: Int)
    case help(scroll: Int)
    case form(Form)
    case filter(String)
    case confirmRestore(Column)
}

public struct Message: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case info, error, done(AppEffect) }
    public var text: String
    public var kind: Kind
}

public struct AppModel: Sendable {
    public let keyMap: KeyMap
    public internal(set) var mode: Mode = .board
    public internal(set) var focus: Column = .todo
    public internal(set) var message: Message?
    public internal(set) var filter: BoardFilter?
    public internal(set) var pane: Pane?
    public internal(set) var paneFocused = false
    var paneSelection = 0
    var selected: [Column: String] = [:]
    var selectedIndex: [Column: Int] = [:]
    var scrollTop: [Column: Int] = [:]
    /// Cards that fit in a column at the last frame; a page is that many.
    var lastPage = 5
    /// Rows of help text that fit at the last frame; PgDn in the help moves that many.
    var helpPage = 10
    /// After an add, the key the new card will have, so it is selected once it appears.
    var pendingSelection: String?
    /// The title of that new card: another writer may take the expected key first, and then ours is the next one.
    var pendingTitle: String?
    var filterCache = FilterCache()

    public init(keyMap: KeyMap = .default) { self.keyMap = keyMap }

    public mutating func showMessage(_ text: String, isError: Bool) {
        message = Message(text: text, kind: isError ? .error : .info)
    }

    public mutating func select(key: String) {
        pendingSelection = key
        pendingTitle = nil
    }

    public mutating func open(view: ViewRequest) {
        switch view {
        case .board: mode = .board
        case let .detail(key): pendingSelection = key; pendingTitle = nil; mode = .detail(key: key, scroll: 0)
        case .help: mode = .help(scroll: 0)
        }
    }

    /// Shows a side pane without focusing it, as `render --pane` asks.
    public mutating func show(pane: Pane) {
        self.pane = pane
        paneFocused = false
    }

    // MARK: keys

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
        case .quit: return [.quit]
        case .incidents, .roster:
            let wanted: Pane = action == .incidents ? .incidents : .roster
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
        default: return nil
        }
    }

    private mutating func handleDetail(_ key: Key, ticketKey: String, scroll: Int, context: BoardContext) -> [AppEffect] {
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

    private mutating func handleFilter(_ key: Key, text: String, context: BoardContext) -> [AppEffect] {
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

    private mutating func handleForm(_ key: Key, context: BoardContext) -> [AppEffect] {
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

    /// Called once the journal has the change on disk (error nil), or refused or failed to write it.
    /// A failed form stays open with its input, so nothing typed is lost.
    public mutating func didFinish(_ effect: AppEffect, error: String?) {
        if case var .form(form) = mode, form.submitting {
            form.submitting = false
            mode = error == nil ? .board : .form(form)
        }
        if let error {
            message = Message(text: "not saved: " + error, kind: .error)
            if case .perform(.add) = effect { pendingSelection = nil }
            return
        }
        message = Message(text: "", kind: .done(effect))
        if case let .perform(.move(key, to)) = effect {
            focus = to
            selected[to] = key
        }
    }

    private mutating func nothingSelected() -> [AppEffect] {
        message = Message(text: "no card selected in \(focus.title)", kind: .info)
        return []
    }

    // MARK: selection

    mutating func resolvePendingSelection(_ context: BoardContext) {
        guard let expected = pendingSelection, var ticket = context.state.ticket(expected) else { return }
        if let title = pendingTitle, ticket.title != title {
            let prefix = context.state.settings.prefix
            guard let ours = (ticket.number + 1..<max(ticket.number + 1, context.state.nextNumber)).lazy
                .compactMap({ context.state.ticket("\(prefix)-\($0)") }).first(where: { $0.title == title }) else { return }
            ticket = ours
        }
        let key = ticket.key
        pendingSelection = nil
        pendingTitle = nil
        focus = ticket.column
        selected[ticket.column] = key
        selectedIndex[ticket.column] = nil
    }

    private mutating func moveSelection(to index: Int, list: [String]) {
        guard !list.isEmpty else { return }
        let i = max(0, min(list.count - 1, index))
        selected[focus] = list[i]
        selectedIndex[focus] = i
    }

    /// The selected card's index: by key when it is still in the column (cheap when it has not moved), else the
    /// old position, so a card taken away by someone else leaves the selection near where it was.
    mutating func currentIndex(in column: Column, list: [String]) -> Int? {
        guard !list.isEmpty else { return nil }
        let remembered = selectedIndex[column] ?? 0
        if let key = selected[column] {
            if remembered < list.count, list[remembered] == key { return remembered }
            if let i = list.firstIndex(of: key) {
                selectedIndex[column] = i
                return i
            }
        }
        let i = min(remembered, list.count - 1)
        selected[column] = list[i]
        selectedIndex[column] = i
        return i
    }

    /// The cards shown in a column: all of them, or those the filter lets through (cached per board version).
    mutating func visibleKeys(_ column: Column, _ context: BoardContext) -> [String] {
        let all = context.state.keys(in: column)
        guard let filter else { return all }
        return filterCache.keys(column, all: all, filter: filter, context: context)
    }

    /// The ticket under the cursor on the board.
    public mutating func selectedTicket(_ context: BoardContext) -> String? {
        resolvePendingSelection(context)
        let list = visibleKeys(focus, context)
        return currentIndex(in: focus, list: list).map { list[$0] }
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s = s.dropFirst() }
        while s.last?.isWhitespace == true { s = s.dropLast() }
        return String(s)
    }
}
