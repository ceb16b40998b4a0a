/// The full-screen board as the terminal's run loop sees it: the driver, the journal's polling and the side task.
import SetBoardCore
import SetBoardJournal
import SetBoardUI

/// Work done beside the board while it is open, such as notifying pages: runs at most every `everyMilliseconds`,
/// must return quickly, and says whether it changed the board so the frame is redrawn.
public struct TUISideTask {
    public var everyMilliseconds: Int64
    public var run: (BoardStore) -> Bool

    public init(everyMilliseconds: Int64, run: @escaping (BoardStore) -> Bool) {
        self.everyMilliseconds = everyMilliseconds
        self.run = run
    }
}

/// A board driver offered to the terminal: keys go through the driver, between keys the journal is read for other
/// processes' changes, and the side task runs on its own interval.
public final class BoardSession: FullScreenSession {
    public let driver: BoardDriver
    private let sideTask: TUISideTask?
    private var lastSideTask: Int64?
    /// This board's presence file and what it sees of the others'; nil when not announced (tests, `render`).
    public var presence: Presence?
    private var lastPresenceRead: Int64?

    public init(driver: BoardDriver, sideTask: TUISideTask? = nil) {
        self.driver = driver
        self.sideTask = sideTask
    }

    public func frame(size: Size) -> Grid { driver.frame(size: size) }

    public func afterFirstFrame() {
        // The first frame decoded only the cards it shows, and so does every later one; what a change reads of TO DO
        // is read now, before the first key, not on it.
        driver.store.readyForChanges()
        // A snapshot behind the journal made this start replay; bringing it up to date now makes the next one fast.
        driver.store.catchUpSnapshot()
    }

    public func handle(_ key: Key) -> Bool {
        // Another process may have changed the board while we waited; the model acts on the newest state.
        _ = driver.refresh()
        return driver.handle(key)
    }

    public func refresh() -> Bool { driver.refresh() }

    public func tick() -> Bool {
        let presenceChanged = refreshPresence()
        guard let sideTask else { return presenceChanged }
        let now = MonotonicClock.milliseconds()
        guard lastSideTask.map({ now - $0 >= sideTask.everyMilliseconds }) ?? true else { return false }
        let changed = sideTask.run(driver.store)
        lastSideTask = MonotonicClock.milliseconds()
        return changed || presenceChanged
    }

    /// The heartbeat when due, and who else is here now; true when that list changed. A presence that cannot be
    /// written or read only leaves the header without it: it never touches the journal.
    public func refreshPresence() -> Bool {
        guard let presence else { return false }
        let tick = MonotonicClock.milliseconds()
        guard lastPresenceRead.map({ tick - $0 >= 1_000 }) ?? true else { return false }
        lastPresenceRead = tick
        // Wall time: heartbeats are compared across processes and hosts.
        let now = SystemClock().nowMilliseconds()
        presence.heartbeat(now: now)
        let names = Presence.names(presence.others(now: now))
        guard names != driver.alsoHere else { return false }
        driver.alsoHere = names
        return true
    }
}
