/// What the terminal's run loop drives: a screen that takes keys and says when the world changed under it.

/// The terminal knows keys, signals and grids, nothing of boards or journals: the app layer hands it one of these.
/// Every call comes from the loop's one thread.
public protocol FullScreenSession: AnyObject {
    /// The whole screen for this moment.
    func frame(size: Size) -> Grid
    /// The work the first frame skipped, done once that frame is on screen and before the first key.
    func afterFirstFrame()
    /// Handles one key; true when the user asked to quit.
    func handle(_ key: Key) -> Bool
    /// Reads what changed outside (another process's events); true when the screen needs drawing.
    func refresh() -> Bool
    /// Work done beside the board now and then (notifying pages); true when it changed what the screen shows.
    func tick() -> Bool
}

/// Where the detail view finds a ticket's history: the app layer reads the journal (or an index of it) on demand.
public protocol TicketHistorySource: Sendable {
    /// The events about a ticket, oldest first, already worded.
    func lines(of key: String) -> [HistoryLine]
}

/// No history: screens drawn without a journal behind them.
public struct NoHistory: TicketHistorySource {
    public init() {}
    public func lines(of key: String) -> [HistoryLine] { [] }
}
