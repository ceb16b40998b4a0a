/// The facts the commands add to every frame of the full-screen board: who is on call, the roster pane, unacknowledged
/// pages and a hand-over due soon. The screens word the header and the alert row themselves.
import SetBoardApp
import SetBoardCore
import SetBoardJournal
import SetBoardUI

enum BoardDecorations {
    /// Every driver the commands make gets the same decorations, so `render` prints what the full screen shows.
    static func install(on driver: BoardDriver) {
        let cache = Cache()
        driver.decorate = { context, store in cache.apply(&context, store: store) }
    }

    /// As `install`, for the full-screen board: a notify command an older setboard left in the journal is said
    /// in the footer (stderr is hidden under the screen), unless the board is read-only, which says more.
    static func installWithNotices(on driver: BoardDriver) {
        install(on: driver)
        if driver.store.journal.readOnlyReason == nil, let warning = StoredNotifyCommand.warningOnce(driver.store) {
            driver.model.showMessage(warning, isError: true)
        }
    }

    /// The decorations of the last frame, reused while neither the board nor the second has changed: working out
    /// the roster's schedule, pages and hand-over for every key was a third of drawing a frame, and nothing they
    /// show is finer than a second.
    final class Cache {
        private var key: (store: ObjectIdentifier, applied: Int, second: Int64)?
        private var made: (onCall: OnCall?, roster: RosterPaneFacts?, pages: [Page], warning: String?, sync: String?)?

        func apply(_ context: inout BoardContext, store: BoardStore) {
            let now = (store: ObjectIdentifier(store), applied: store.applied, second: context.now / 1000)
            if made == nil || !(key.map { $0 == now } ?? false) {
                // Worked out on a copy: the driver's context has none of the three set yet, so they are all ours.
                var fresh = context
                BoardDecorations.apply(&fresh, store: store)
                made = (fresh.onCall, fresh.roster, fresh.pages, fresh.handoverWarning, fresh.syncWarning)
                key = now
            }
            context.onCall = made?.onCall
            context.roster = made?.roster
            context.pages = made?.pages ?? []
            context.handoverWarning = made?.warning
            context.syncWarning = made?.sync
        }
    }

    static func apply(_ context: inout BoardContext, store: BoardStore) {
        context.onCall = OnCallLookup.onCall(store: store, now: context.now)
        if store.roster.hasRoster {
            context.roster = rosterPane(store.roster, at: context.now)
        }
        context.pages = store.pages.list()
        context.handoverWarning = CycleLookup.handoverWarning(store: store, now: context.now)
        if let board = (store.journal as? FileJournal)?.directory {
            context.syncWarning = SyncState.read(board).staleness(now: context.now)
        }
    }

    /// The facts of `setboard roster` for the pane; the parts that command words for the shell too (overrides and
    /// swaps in force, next week's people) are worded here by the same code.
    static func rosterPane(_ roster: RosterState, at: Int64) -> RosterPaneFacts {
        let s = RosterSummary(roster: roster, at: at, zones: hostZones)
        let zone = RosterReport.zone(s.zone ?? "UTC")
        var changes: [String] = []
        for a in roster.adjustments {
            let (from, to): (Int64, Int64)
            switch a {
            case let .override(o): (from, to) = (o.from, o.to)
            case let .swap(w): (from, to) = (w.from, w.to)
            }
            if from <= at && at < to { changes.append(RosterReport.change(a, zone: zone)) }
        }
        let week = s.nextWeek.map {
            RosterReport.weekLines($0, zone: zone, style: RosterReport.Style(color: false)).split(separator: "\n").map(String.init)
        }
        return RosterPaneFacts(summary: s, changesInForce: changes, nextWeekLines: week ?? [])
    }
}
