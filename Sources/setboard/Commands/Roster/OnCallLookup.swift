/// The one place the commands ask the roster who is on call; the roster work plugs its answer in here.
import SetBoardCore
import SetBoardJournal

/// The host's zone database, handed to every roster question the commands and the board's decorations ask.
let hostZones: any TimeZoneProvider = HostTimeZones()

enum OnCallLookup {
    /// Who is on call at `now` (the board's clock), or nil while the board has no roster.
    static func onCall(store: BoardStore, now: Int64) -> OnCall? {
        guard store.roster.hasRoster else { return nil }
        return store.roster.onCall(at: now, zones: hostZones)
    }

    /// The SET primary at `now`, or nil while the board has no roster.
    static func primary(store: BoardStore, now: Int64) -> String? {
        onCall(store: store, now: now)?.primary
    }

    /// The board's escalation policy (the roster's, or the default while there is none), without the notify
    /// command an older setboard kept in the roster: a new page never carries one into the journal.
    static func policy(store: BoardStore) -> EscalationPolicy {
        var policy = store.roster.policy
        policy.notifyCommand = nil
        return policy
    }
}
