/// The board's state: selection, mode, forms and messages, and what the journal's answer to a change does to them.
import SetBoardCore

public enum Pane: String, Sendable, Equatable { case incidents, roster, projects }

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
    /// Handing an incident (its id) to another commander.
    case incidentCommander(String)
    /// Opening an incident about a ticket (its key).
    case incidentOpen(String)
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
    /// A project's detail, full screen: `item` is the checklist item under the cursor (DoR items, then DoD items).
    case project(key: String, item: Int)
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
    /// What the last layout step settled for the next frame; only `layOut` writes it, `render` reads it.
    var frame = FrameLayout()

    public init(keyMap: KeyMap = .default) { self.keyMap = keyMap }

    public mutating func showMessage(_ text: String, isError: Bool) {
        message = Message(text: text, kind: isError ? .error : .info)
    }

    /// Lets the footer show what the context says (history mode's event) instead of the last key's message.
    public mutating func clearMessage() { message = nil }

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
}
