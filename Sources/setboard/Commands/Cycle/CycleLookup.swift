/// The one place the commands ask the roster for the current SET week: its window, its people and the next week's.
import Foundation
import SetBoardCore
import SetBoardJournal

enum CycleLookup {
    /// TEST ONLY: a rotation window as JSON (the shape of `CycleWindow.json`) for a board with no roster, so the
    /// cycle tests can pin a window exactly. A board with a roster never reads it; no user documentation mentions it.
    static let testWindowVariable = "SETBOARD_TEST_CYCLE_WINDOW"

    /// The SET week that contains `now`, or nil while the board has no roster.
    static func window(store: BoardStore, now: Int64) -> CycleWindow? {
        guard store.roster.hasRoster else { return testWindow }
        return rosterWindow(store.roster, now: now)
    }

    /// The SET week holding `now` (hand-off to hand-off) from the roster: this week's people hand over to next
    /// week's, seat by seat (shift order, primary before backup).
    static func rosterWindow(_ roster: RosterState, now: Int64) -> CycleWindow? {
        let weeks = roster.schedule(from: now, weeks: 2, zones: hostZones)
        guard let week = weeks.first else { return nil }
        let zoneID = roster.current?.rotations.first { $0.name == week.rotation }?.zone ?? "UTC"
        let zone = hostZones.clock(zoneID).rules
        let due = min(roster.handoverDue(after: week.start, zones: hostZones) ?? week.end, week.end)
        func team(_ w: RosterWeek) -> CycleTeam {
            CycleTeam(lead: w.lead, seats: w.shifts.flatMap { s in
                [s.primary.map { CycleSeat(shift: s.shift, role: .primary, handle: $0) },
                 s.backup.map { CycleSeat(shift: s.shift, role: .backup, handle: $0) }].compactMap { $0 }
            })
        }
        let id = RosterClock.dateText(RosterClock.local(week.start, in: zone).day)
        return CycleWindow(id: id, start: week.start, handoverDue: due, end: week.end,
                           outgoing: team(week), incoming: team(weeks.count > 1 ? weeks[1] : week),
                           utcOffsetMinutes: Int(zone.offset(at: week.start) / WorkingTime.minuteMs))
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

extension CycleLookup {
    /// The SET week holding the date `--week` names (at the hand-off time, so the hand-off day picks the week that
    /// starts there), or the current week when no date is given.
    static func requireWindow(store: BoardStore, week: String?, now: Int64) throws -> CycleWindow {
        guard let week else { return try requireWindow(store: store, now: now) }
        guard store.roster.hasRoster else { throw CLIFailure("--week needs a roster: import one with `setboard roster import FILE`") }
        guard let day = RosterClock.day(week) else {
            throw CLIFailure("--week \(TextSafety.escaped(week)) is not a date such as 2026-11-30")
        }
        let roster = store.roster
        let handoff = Int64(roster.definition?.rotations.first?.handoff.minute ?? 0) * WorkingTime.minuteMs
        let probe = RosterClock.instant(wall: day * WorkingTime.dayMs + handoff, in: RosterGroup.clockZone(roster))
        guard let window = rosterWindow(roster, now: probe) else {
            throw CLIFailure("no rotation is in force in the week of \(TextSafety.escaped(week))")
        }
        return window
    }

    /// The week before `w`, whose hand-off notes were handed to `w`; nil without a roster or a rotation then.
    static func previousWindow(store: BoardStore, before w: CycleWindow) -> CycleWindow? {
        guard store.roster.hasRoster else { return nil }
        return rosterWindow(store.roster, now: w.start - 1).flatMap { $0.id == w.id ? nil : $0 }
    }
}
