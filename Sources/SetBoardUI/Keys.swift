/// Keys and what they do, as data: the key map drives both the board and its help overlay, and config can remap it.

public enum Key: Hashable, Sendable {
    case char(Character), up, down, left, right, enter, escape, backspace, delete, tab, backTab,
         home, end, pageUp, pageDown, resize, ctrl(Character), function(Int)

    /// The name used in config files and in the help overlay: `J`, `up`, `enter`, `ctrl-l`, `f1`.
    public var name: String {
        switch self {
        case let .char(c): return c == " " ? "space" : String(c)
        case .up: return "up"
        case .down: return "down"
        case .left: return "left"
        case .right: return "right"
        case .enter: return "enter"
        case .escape: return "esc"
        case .backspace: return "backspace"
        case .delete: return "delete"
        case .tab: return "tab"
        case .backTab: return "shift-tab"
        case .home: return "home"
        case .end: return "end"
        case .pageUp: return "pgup"
        case .pageDown: return "pgdn"
        case .resize: return "resize"
        case let .ctrl(c): return "ctrl-" + String(c)
        case let .function(n): return "f\(n)"
        }
    }

    /// Parses a key name as written in config; nil for anything that is not a key.
    public init?(name: String) {
        let named: [String: Key] = [
            "up": .up, "down": .down, "left": .left, "right": .right, "enter": .enter, "return": .enter,
            "esc": .escape, "escape": .escape, "backspace": .backspace, "delete": .delete, "tab": .tab,
            "shift-tab": .backTab, "home": .home, "end": .end, "pgup": .pageUp, "pgdn": .pageDown,
            "pageup": .pageUp, "pagedown": .pageDown, "space": .char(" "),
        ]
        if name.count == 1, let c = name.first {
            self = .char(c)
        } else if let key = named[name.lowercased()] {
            self = key
        } else if name.lowercased().hasPrefix("ctrl-"), name.count == 6, let c = name.last?.lowercased().first, c.isLetter {
            self = .ctrl(c)
        } else if name.lowercased().hasPrefix("f"), let n = Int(name.dropFirst()), (1...24).contains(n) {
            self = .function(n)
        } else {
            return nil
        }
    }
}

/// Everything a key can ask for on the board.
public enum Action: String, CaseIterable, Sendable {
    case down = "select-down", up = "select-up", left = "column-left", right = "column-right"
    case moveDown = "move-down", moveUp = "move-up", moveLeft = "move-left", moveRight = "move-right"
    case top, bottom, detail, add, edit, claim, nudge, take, filter
    case restoreOrder = "restore-order", help, quit
    case incidents, roster, projects, update = "post-update", commander = "incident-commander"
    case acknowledgePage = "acknowledge-page", pagePrimary = "page-primary", openIncident = "open-incident"
    case back, nextColumnTab = "next-tab", previousColumnTab = "previous-tab", pageDown = "page-down", pageUp = "page-up"
    case history
}

public struct KeyMapEntry: Sendable, Equatable {
    public var keys: [Key]
    public var action: Action
    public var help: String
    public var group: String
}

public struct KeyMapError: Error, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

public struct KeyMap: Sendable, Equatable {
    public private(set) var entries: [KeyMapEntry]

    public static let `default` = KeyMap(entries: [
        KeyMapEntry(keys: [.char("j"), .down], action: .down, help: "select the card below", group: "Move around"),
        KeyMapEntry(keys: [.char("k"), .up], action: .up, help: "select the card above", group: "Move around"),
        KeyMapEntry(keys: [.char("h"), .left], action: .left, help: "previous column", group: "Move around"),
        KeyMapEntry(keys: [.char("l"), .right], action: .right, help: "next column", group: "Move around"),
        KeyMapEntry(keys: [.char("g"), .home], action: .top, help: "first card", group: "Move around"),
        KeyMapEntry(keys: [.char("G"), .end], action: .bottom, help: "last card", group: "Move around"),
        KeyMapEntry(keys: [.pageDown, .ctrl("d")], action: .pageDown, help: "a page down", group: "Move around"),
        KeyMapEntry(keys: [.pageUp, .ctrl("u")], action: .pageUp, help: "a page up", group: "Move around"),
        KeyMapEntry(keys: [.tab], action: .nextColumnTab, help: "next column (tabs on narrow screens)", group: "Move around"),
        KeyMapEntry(keys: [.backTab], action: .previousColumnTab, help: "previous column", group: "Move around"),
        KeyMapEntry(keys: [.char("J")], action: .moveDown, help: "move the card down", group: "Reorder"),
        KeyMapEntry(keys: [.char("K")], action: .moveUp, help: "move the card up", group: "Reorder"),
        KeyMapEntry(keys: [.char("H")], action: .moveLeft, help: "move the card to the previous column", group: "Reorder"),
        KeyMapEntry(keys: [.char("L")], action: .moveRight, help: "move the card to the next column", group: "Reorder"),
        KeyMapEntry(keys: [.char("=")], action: .restoreOrder, help: "restore rule order (asks first)", group: "Reorder"),
        KeyMapEntry(keys: [.enter], action: .detail, help: "details of the card", group: "Work"),
        KeyMapEntry(keys: [.char("a")], action: .add, help: "add a ticket", group: "Work"),
        KeyMapEntry(keys: [.char("e")], action: .edit, help: "edit the card", group: "Work"),
        KeyMapEntry(keys: [.char("c")], action: .claim, help: "claim: assign to me", group: "Work"),
        KeyMapEntry(keys: [.char("n")], action: .nudge, help: "nudge a stuck card", group: "Work"),
        KeyMapEntry(keys: [.char("t")], action: .take, help: "take over the card", group: "Work"),
        KeyMapEntry(keys: [.char("/")], action: .filter, help: "filter: text, tier:T, cat:CAT2, @handle, mine, project:PRJ-3", group: "Work"),
        KeyMapEntry(keys: [.char("i")], action: .incidents, help: "incidents pane (again: hide)", group: "Panes"),
        KeyMapEntry(keys: [.char("r")], action: .roster, help: "roster pane (again: hide)", group: "Panes"),
        KeyMapEntry(keys: [.char("P")], action: .projects, help: "projects pane (again: hide); Enter opens a project", group: "Panes"),
        KeyMapEntry(keys: [.char("u")], action: .update, help: "post an update to the incident", group: "Panes"),
        KeyMapEntry(keys: [.char("C")], action: .commander, help: "change the incident's commander (incidents pane)", group: "Panes"),
        KeyMapEntry(keys: [.char("A")], action: .acknowledgePage, help: "acknowledge the page in the alert row", group: "On call"),
        KeyMapEntry(keys: [.char("p")], action: .pagePrimary, help: "page the SET primary about the card", group: "On call"),
        KeyMapEntry(keys: [.char("I")], action: .openIncident, help: "open an incident from the card (L1/L2)", group: "On call"),
        KeyMapEntry(keys: [.char("T")], action: .history, help: "history: step through the board as it was (, . [ ] { } Esc)", group: "Other"),
        KeyMapEntry(keys: [.char("?"), .function(1)], action: .help, help: "this help", group: "Other"),
        KeyMapEntry(keys: [.escape], action: .back, help: "back, close, cancel", group: "Other"),
        KeyMapEntry(keys: [.char("q")], action: .quit, help: "quit", group: "Other"),
    ])

    public init(entries: [KeyMapEntry]) { self.entries = entries }

    public func action(for key: Key) -> Action? { entries.first { $0.keys.contains(key) }?.action }

    public func keys(for action: Action) -> [Key] { entries.first { $0.action == action }?.keys ?? [] }

    /// Binds a key to an action, taking it away from whatever had it, so one key never means two things.
    public mutating func remap(_ keyName: String, to actionName: String) throws(KeyMapError) {
        guard let key = Key(name: keyName) else {
            throw KeyMapError(message: "unknown key `\(keyName)` (a character, up, down, enter, esc, tab, ctrl-x, f1 …)")
        }
        guard let action = Action(rawValue: actionName) else {
            throw KeyMapError(message: "unknown action `\(actionName)`; known: " + Action.allCases.map(\.rawValue).joined(separator: ", "))
        }
        if key == .resize { throw KeyMapError(message: "`resize` is not a key") }
        for i in entries.indices { entries[i].keys.removeAll { $0 == key } }
        if let i = entries.firstIndex(where: { $0.action == action }) {
            entries[i].keys.insert(key, at: 0)
        }
    }
}
