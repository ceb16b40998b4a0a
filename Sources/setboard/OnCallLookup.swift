/// The one place the commands ask the roster who is on call; the roster work plugs its answer in here.
import SetBoardCore
import SetBoardJournal

enum OnCallLookup {
    /// Who is on call at `now`, or nil while the board has no roster.
    static func onCall(store: BoardStore, now: Int64) -> OnCall? {
        nil
    }

    /// The SET primary at `now`, or nil while the board has no roster.
    static func primary(store: BoardStore, now: Int64) -> String? {
        onCall(store: store, now: now)?.primary
    }

    /// The board's escalation policy (the roster's, or the default while there is none).
    static func policy(store: BoardStore) -> EscalationPolicy {
        .standard
    }
}
