/// The one place the commands ask the roster for the current rotation; the roster work plugs its answer in here.
import Foundation
import SetBoardCore
import SetBoardJournal

enum CycleLookup {
    /// TEST ONLY: a rotation window as JSON (the shape of `CycleWindow.json`), so the cycle commands can be tested
    /// before a roster exists. Read nowhere but here; once the roster is merged it is only a fallback for a board
    /// with no roster, and no user documentation mentions it.
    static let testWindowVariable = "SETBOARD_TEST_CYCLE_WINDOW"

    /// The rotation that contains `now`, or nil while the board has no roster.
    /// The roster plugs in here: the merge computes the window from the roster's rotation at `now` (its start,
    /// hand-over due time and end, its lead and seats in a stable order, and the next rotation's people).
    static func window(store: BoardStore, now: Int64) -> CycleWindow? {
        testWindow
    }

    /// The window, or the one-line error every cycle command gives while there is no roster.
    static func requireWindow(store: BoardStore, now: Int64) throws -> CycleWindow {
        guard let window = window(store: store, now: now) else {
            throw CLIFailure("no roster yet: import one with `setboard roster import FILE`")
        }
        return window
    }

    /// The "hand-over due soon" line for the TUI header and `setboard roster`; nil when nothing is due or no roster.
    static func handoverWarning(store: BoardStore, now: Int64) -> String? {
        window(store: store, now: now).flatMap { store.cycle.handoverWarning($0, now: now) }
    }

    /// Read once: the environment does not change, and a bad value must not print a warning on every frame.
    private static let testWindow: CycleWindow? = parseTestWindow()

    private static func parseTestWindow() -> CycleWindow? {
        guard let text = BoardOptions.environment(testWindowVariable) else { return nil }
        guard let window = JSONValue.parse(text).flatMap(CycleWindow.init(json:)) else {
            printError("warning: \(testWindowVariable) does not hold a rotation window; ignored")
            return nil
        }
        return window
    }
}
