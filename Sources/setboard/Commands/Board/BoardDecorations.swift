/// What the commands add to every frame of the full-screen board: who is on call, the roster pane, unacknowledged
/// pages and a hand-over due soon.
import SetBoardCore
import SetBoardJournal
import SetBoardTerminal
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
        private var made: (onCall: String?, roster: [PaneLine]?, alert: String?)?

        func apply(_ context: inout BoardContext, store: BoardStore) {
            let now = (store: ObjectIdentifier(store), applied: store.applied, second: context.now / 1000)
            if made == nil || !(key.map { $0 == now } ?? false) {
                // Worked out on a copy: the driver's context has none of the three set yet, so they are all ours.
                var fresh = context
                BoardDecorations.apply(&fresh, store: store)
                made = (fresh.onCall, fresh.roster, fresh.alert)
                key = now
            }
            context.onCall = made?.onCall
            context.roster = made?.roster
            context.alert = made?.alert
        }
    }

    static func apply(_ context: inout BoardContext, store: BoardStore) {
        if let onCall = OnCallLookup.onCall(store: store, now: context.now) {
            context.onCall = headerLine(onCall)
        }
        if store.roster.hasRoster {
            context.roster = rosterPane(store.roster, at: context.now / 1000)
        }
        // A page waiting for someone takes the alert row over the columns: impossible to miss, with what to type.
        let active = PageReport.lines(pages: store.pages, now: context.now)
        if let first = active.first {
            let more = active.count > 1 ? " (+\(active.count - 1) more)" : ""
            context.alert = "PAGE \(first)\(more) · `setboard ack` acknowledges"
        }
        if let warning = CycleLookup.handoverWarning(store: store, now: context.now) {
            context.alert = context.alert.map { $0 + " · " + warning } ?? warning
        }
    }

    /// The facts of `setboard roster`, narrowed for a pane: who now (with their local time), overrides and swaps in
    /// force, the next hand-off and hand-over, next week, the chain. What needs a person's attention is in alert style.
    static func rosterPane(_ roster: RosterState, at: Int64) -> [PaneLine] {
        let s = RosterSummary(roster: roster, at: at)
        let plain = RosterReport.Style(color: false)
        var lines: [PaneLine] = []
        if s.rotation == nil {
            lines.append(PaneLine("no rotation has started yet", role: .alert))
        } else if let shift = s.shift {
            lines.append(PaneLine("now: \(TextSafety.escaped(shift.name)) \(shift.hoursText) \(TextSafety.escaped(shift.zone))"))
        } else {
            lines.append(PaneLine("no shift now: the fallback (\(TextSafety.escaped(s.fallback?.text ?? "lead"))) answers",
                                  role: .alert))
        }
        for p in s.people {
            let role = TextReports.pad(p.role.rawValue, 8)
            if let away = p.onLeave {
                lines.append(PaneLine("\(role)NEEDS COVER (@\(TextSafety.escaped(away)) on leave)", role: .alert))
            } else if let handle = p.handle {
                let local = p.localTime.map { " · " + $0 } ?? ""
                lines.append(PaneLine("\(role)@\(TextSafety.escaped(handle))\(local)"))
            } else {
                lines.append(PaneLine("\(role)nobody", role: .alert))
            }
        }
        let zone = RosterReport.zone(s.zone ?? "UTC")
        for a in roster.adjustments {
            let (from, to): (Int64, Int64)
            switch a {
            case let .override(o): (from, to) = (o.from, o.to)
            case let .swap(w): (from, to) = (w.from, w.to)
            }
            if from <= at && at < to { lines.append(PaneLine("* " + RosterReport.change(a, zone: zone), role: .message)) }
        }
        if let next = s.nextHandoff {
            lines.append(PaneLine("hand-off in \(RosterClock.countdown(next - at)) · \(s.local(next))", role: .dim))
        }
        if let due = s.handoverDue {
            let soon = due - at <= 86_400
            lines.append(PaneLine("hand-over due in \(RosterClock.countdown(due - at)) · \(s.local(due))",
                                  role: soon ? .alert : .dim))
        }
        if let week = s.nextWeek {
            lines.append(PaneLine("next week", role: .paneTitle))
            for line in RosterReport.weekLines(week, zone: zone, style: plain).split(separator: "\n") {
                lines.append(PaneLine(String(line), role: line.contains("needs cover") ? .alert : .pane))
            }
        }
        lines.append(PaneLine("escalation: " + s.chainText, role: .dim))
        return lines
    }

    /// `alice (primary) · bob (backup) · carol (lead)`, escaped: handles come from a file a person wrote.
    static func headerLine(_ onCall: OnCall) -> String? {
        let parts = OnCallRole.allCases.compactMap { role in
            onCall.handle(for: role).map { "\(TextSafety.escaped($0)) (\(role.rawValue))" }
        }
        guard !parts.isEmpty else { return onCall.uncovered ? "nobody on call" : nil }
        return parts.joined(separator: " · ")
    }
}
