/// The one place the commands ask the roster who is on call; the roster work plugs its answer in here.
import SetBoardJournal

enum OnCallLookup {
    /// The SET primary at `now`, or nil while the board has no roster.
    static func primary(store: BoardStore, now: Int64) -> String? {
        nil
    }
}
