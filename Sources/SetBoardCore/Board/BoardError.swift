/// Why a command was refused: typed, readable, and saying what to do instead.

public enum BoardError: Error, Equatable, Sendable, CustomStringConvertible {
    case notInitialized
    case alreadyInitialized
    case unknownTicket(String)
    case offBoard(String)
    case emptyTitle
    case invalidText(field: String, reason: String)
    case invalidHandle(String)
    case sameColumn(key: String, column: Column)
    case notInSameColumn(key: String, other: String)
    case rankedAfterItself(String)
    case nothingToChange(String)
    /// A board rule (`what`: "the settings", "the routing directory") only the roster's leads and admins may change.
    case notAllowed(actor: String, editors: [String], what: String)

    /// Keys and handles are echoed as typed, so they are escaped: a control sequence must not reach the terminal.
    public var description: String {
        func e(_ text: String) -> String { TextSafety.escaped(text) }
        switch self {
        case .notInitialized: return "this board has no `board.created` event: run `setboard init`"
        case .alreadyInitialized: return "this board is already initialised"
        case let .unknownTicket(key): return "no ticket \(e(key)) on this board (see `setboard list --all`)"
        case let .offBoard(key): return "\(e(key)) has left the SET board (a feature owned by another team)"
        case .emptyTitle: return "a ticket needs a title"
        case let .invalidText(field, reason): return "the \(field) \(reason)"
        case let .invalidHandle(h): return "\"\(e(h))\" is not a handle: use letters, digits, '.', '_' or '-'"
        case let .sameColumn(key, column): return "\(e(key)) is already in \(column.title)"
        case let .notInSameColumn(key, other): return "\(e(other)) is not in the same column as \(e(key))"
        case let .rankedAfterItself(key): return "\(e(key)) cannot be placed after itself"
        case let .nothingToChange(why): return e(why)
        case let .notAllowed(actor, editors, what):
            let who = editors.isEmpty ? "nobody" : editors.map { "@" + e($0) }.joined(separator: ", ")
            return "\(e(actor)) may not change \(what): only the roster's leads and admins can (\(who))"
        }
    }
}
