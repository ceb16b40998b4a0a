/// Lets the board's vocabulary be typed on the command line, with errors that list the accepted words.
import ArgumentParser
import SetBoardCore

extension Tier: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

extension Level: ExpressibleByArgument {
    public init?(argument: String) { self.init(text: argument) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

extension Category: ExpressibleByArgument {
    public init?(argument: String) { self.init(text: argument) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

extension TicketType: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

extension Column: ExpressibleByArgument {
    public init?(argument: String) { self.init(text: argument) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

/// `--level none` clears a level; any level name sets it.
struct LevelOrNone: ExpressibleByArgument {
    var level: Level?
    init?(argument: String) {
        if ["none", "unset", "-"].contains(argument.lowercased()) {
            level = nil
        } else if let l = Level(text: argument) {
            level = l
        } else {
            return nil
        }
    }
    static var allValueStrings: [String] { Level.allValueStrings + ["none"] }
}

/// A checklist mark typed as `item=state`, e.g. `logs=present`, `cpu-profile=n/a`.
struct ChecklistMark: ExpressibleByArgument {
    var item: ChecklistItem
    var state: ChecklistState
    init?(argument: String) {
        let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, let item = ChecklistItem(rawValue: parts[0].lowercased()),
              let state = ChecklistState(text: parts[1]) else { return nil }
        self.item = item
        self.state = state
    }
    static var defaultCompletionKind: CompletionKind {
        .list(ChecklistItem.allCases.map { "\($0.rawValue)=present" })
    }
}
