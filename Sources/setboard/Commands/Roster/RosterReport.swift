/// `setboard roster` as plain text for `ssh host setboard roster`, one header line for chat, a week table, and JSON.
import Foundation
import SetBoardCore

enum RosterReport {
    /// Bold and red only when asked for; the caller decides from the terminal and NO_COLOR.
    struct Style {
        var color: Bool
        func bold(_ s: String) -> String { color ? "\u{1B}[1m" + s + "\u{1B}[0m" : s }
        func alert(_ s: String) -> String { color ? "\u{1B}[1;31m" + s + "\u{1B}[0m" : s }
    }

    static func zone(_ id: String) -> any ZoneRules { hostZones.clock(id).rules }

    /// "@alice      Alice Archer      server    Tue 11:00 Europe/Berlin", or why nobody holds the role.
    static func person(_ p: RosterSummaryPerson, style: Style) -> String {
        if let away = p.onLeave { return style.alert("NEEDS COVER") + " (@\(TextSafety.escaped(away)) is on leave)" }
        guard let handle = p.handle else { return "—" }
        let h = "@" + TextSafety.escaped(handle)
        guard let name = p.name, let team = p.team, let zone = p.zone, let local = p.localTime else { return h }
        return TextReports.pad(h, 10) + "  " + TextReports.pad(TextSafety.escaped(name), 16) + "  "
            + TextReports.pad(TextSafety.escaped(team), 8) + "  " + local + " " + TextSafety.escaped(zone)
    }

    /// The whole `setboard roster` text at `at`; `pages` are the lines of the active-pages section.
    static func text(roster: RosterState, at: Int64, pages: [String], style: Style) -> String {
        guard roster.hasRoster else {
            return "no roster yet: see `setboard roster example` and `setboard roster import FILE.yaml`\n"
        }
        let s = RosterSummary(roster: roster, at: at, zones: hostZones)
        let zoneName = TextSafety.escaped(s.zone ?? "UTC")
        var out = style.bold("SET on call") + " · \(WorkingTime.isoMinute(at)) UTC"
        if let r = s.rotation, let w = s.rotationWeek, let n = s.rotationWeeks {
            out += " · rotation \(TextSafety.escaped(r)), week \(w) of \(n)"
        }
        out += "\n"
        // A roster imported on a host that knew a zone this one does not: say what the times assume.
        for line in s.unknownZoneLines { out += style.alert(line) + "\n" }
        if s.rotation == nil {
            out += "no rotation has started yet\n"
        } else if let shift = s.shift {
            out += "shift     \(TextSafety.escaped(shift.name)) \(shift.hoursText) \(TextSafety.escaped(shift.zone))"
                + (s.uncovered ? " (no shift covers this moment: fallback)" : "") + "\n"
        } else {
            out += "shift     none covers this moment: the fallback (\(TextSafety.escaped(s.fallback?.text ?? "lead"))) answers\n"
        }
        for p in s.people { out += TextReports.pad(p.role.rawValue, 10) + person(p, style: style) + "\n" }
        out += "\n"
        if let next = s.nextHandoff {
            out += "next hand-off  \(s.local(next)) \(zoneName) (in \(RosterClock.countdown(next - at)))\n"
        }
        if let due = s.handoverDue {
            // This week's deadline even once passed, so this line and the hand-over warning speak of one date.
            let when = due >= at ? "in \(RosterClock.countdown(due - at))" : "\(RosterClock.countdown(at - due)) ago"
            out += "hand-over due  \(s.local(due)) \(zoneName) (\(when))\n"
        }
        if let gap = s.noSuccessorText {
            out += style.alert(gap) + " (until then rotation \(TextSafety.escaped(s.rotation ?? "?")) repeats its weeks)\n"
        }
        if let team = s.nextTeam { out += "next rotation  people committed by team \(TextSafety.escaped(team))\n" }
        if let week = s.nextWeek {
            out += "\n" + style.bold("next week") + " (from " + s.local(week.start) + ")\n"
            out += weekLines(week, zone: zone(s.zone ?? "UTC"), style: style)
        }
        out += "\n" + style.bold("escalation") + "  " + s.chainText + "\n"
        // Active pages: the paging work fills `RosterPages.lines`; the section only shows when there is something in it.
        if !pages.isEmpty {
            out += "\n" + style.bold("active pages") + "\n" + pages.map { "  " + $0 + "\n" }.joined()
        }
        return out
    }

    static func handles(_ h: String?, _ cover: [OnCallStep], _ role: OnCallRole, style: Style) -> String {
        guard let h else { return "—" }
        let mark = cover.contains { $0.role == role && $0.handle == h } ? " " + style.alert("(needs cover)") : ""
        return "@" + TextSafety.escaped(h) + mark
    }

    static func weekLines(_ week: RosterWeek, zone: any ZoneRules, style: Style) -> String {
        let width = week.shifts.map { TextSafety.escaped($0.shift).count }.max() ?? 0
        let primaries = week.shifts.map { handles($0.primary, $0.needsCover, .primary, style: style) }
        let primaryWidth = primaries.map(\.count).max() ?? 0
        var out = ""
        for (s, primary) in zip(week.shifts, primaries) {
            out += "  " + TextReports.pad(TextSafety.escaped(s.shift), width) + "  primary " + TextReports.pad(primary, primaryWidth)
                + "  backup " + handles(s.backup, s.needsCover, .backup, style: style) + "\n"
        }
        out += "  lead @" + TextSafety.escaped(week.lead) + (week.leadNeedsCover ? " " + style.alert("(needs cover)") : "") + "\n"
        for a in week.partial { out += "  " + change(a, zone: zone) + "\n" }
        return out
    }

    /// "override: @frank primary on EMEA, Tue 2026-11-24 09:00 – Wed 2026-11-25 09:00".
    static func change(_ a: RosterAdjustment, zone: any ZoneRules) -> String {
        func span(_ from: Int64, _ to: Int64) -> String {
            RosterClock.localText(from, in: zone) + " – " + RosterClock.localText(to, in: zone)
        }
        switch a {
        case let .override(o):
            return "override: @\(TextSafety.escaped(o.handle)) \(o.role.rawValue)" + (o.shift.map { " on " + TextSafety.escaped($0) } ?? "")
                + ", " + span(o.from, o.to)
        case let .swap(s):
            return "swap: @\(TextSafety.escaped(s.first)) ⇄ @\(TextSafety.escaped(s.second)), " + span(s.from, s.to)
        }
    }

    /// The line the handbook keeps in the channel header: the week's whole SET team, then who is on shift now:
    /// "SET week from Mon 2026-11-23 09:00: EMEA primary @alice backup @bob · Americas primary @dave backup @erin · lead @carol
    /// · on shift now: EMEA, primary @alice, backup @bob · hand-off Mon 09:00 Europe/Berlin".
    static func header(roster: RosterState, at: Int64) -> String {
        let m = roster.moment(at: at, zones: hostZones)
        var parts: [String] = []
        if let week = roster.schedule(from: at, weeks: 1, zones: hostZones).first {
            let z = roster.definition?.rotations.first { $0.name == week.rotation }?.zone ?? "UTC"
            func who(_ h: String?) -> String { h.map { "@" + TextSafety.escaped($0) } ?? "—" }
            let shifts = week.shifts.map { s in
                "\(TextSafety.escaped(s.shift)) primary \(who(s.primary)) backup \(who(s.backup))"
            }
            parts.append("SET week from \(RosterClock.localText(week.start, in: zone(z))): " + shifts.joined(separator: " · "))
            parts.append("lead @" + TextSafety.escaped(week.lead))
        }
        let now = [OnCallRole.primary, .backup].map { role -> String in
            let who = m.onCall.handle(for: role).map { "@" + TextSafety.escaped($0) }
                ?? (m.needsCover.contains { $0.role == role } ? "needs cover" : "—")
            return "\(role.rawValue) \(who)"
        }
        if let s = m.onCall.shift {
            parts.append("on shift now: " + TextSafety.escaped(s) + (m.onCall.uncovered ? " (fallback)" : "") + ", "
                         + now.joined(separator: ", "))
        } else if m.rotation != nil {
            parts.append("on shift now: nobody, the lead " + (m.onCall.lead.map { "@" + TextSafety.escaped($0) } ?? "—") + " answers")
        } else {
            parts.append("no rotation has started yet")
        }
        if let next = roster.nextHandoff(after: at, zones: hostZones),
           let (r, _) = roster.rotation(at: at, zones: hostZones) ?? roster.rotation(at: next, zones: hostZones) {
            parts.append("hand-off " + RosterClock.localText(next, in: zone(r.zone), withDate: false) + " " + TextSafety.escaped(r.zone))
        }
        let summary = RosterSummary(roster: roster, at: at, zones: hostZones)
        if let gap = summary.noSuccessorText { parts.append(gap) }
        parts += summary.unknownZoneLines
        return parts.joined(separator: " · ")
    }

    /// The `--weeks N` table: one block a week, hand-off to hand-off.
    static func weeks(roster: RosterState, at: Int64, count: Int, style: Style) -> String {
        let weeks = roster.schedule(from: at, weeks: count, zones: hostZones)
        guard !weeks.isEmpty else { return "no rotation in force at \(WorkingTime.isoMinute(at)) UTC\n" }
        var out = ""
        for w in weeks {
            let z = roster.definition?.rotations.first { $0.name == w.rotation }?.zone ?? "UTC"
            out += style.bold("week from " + RosterClock.localText(w.start, in: zone(z)) + " " + TextSafety.escaped(z))
                + " · rotation \(TextSafety.escaped(w.rotation))\n" + weekLines(w, zone: zone(z), style: style)
        }
        return out
    }
}
