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

    static func zone(_ id: String) -> TimeZone { RosterClock.zone(id) ?? .gmt }

    /// "@alice  Alice Archer  server  Tue 11:00 Europe/Berlin", or the reason nobody holds the role.
    static func person(_ handle: String?, role: OnCallRole, moment m: RosterMoment, roster: RosterState, style: Style) -> String {
        if let cover = m.needsCover.first(where: { $0.role == role }) {
            return style.alert("NEEDS COVER") + " (@\(TextSafety.escaped(cover.handle)) is on leave)"
        }
        guard let handle else { return "—" }
        let h = "@" + TextSafety.escaped(handle)
        guard let e = roster.definition?.engineer(handle) else { return h }
        return TextReports.pad(h, 10) + "  " + TextReports.pad(TextSafety.escaped(e.name), 16) + "  "
            + TextReports.pad(TextSafety.escaped(e.team), 8) + "  "
            + RosterClock.localText(m.onCall.at, in: zone(e.zone), withDate: false) + " " + TextSafety.escaped(e.zone)
    }

    /// The whole `setboard roster` text at `at` (Unix seconds); `pages` are the lines of the active-pages section.
    static func text(roster: RosterState, at: Int64, pages: [String], style: Style) -> String {
        guard let d = roster.definition else {
            return "no roster yet: see `setboard roster example` and `setboard roster import FILE.yaml`\n"
        }
        let m = roster.moment(at: at)
        var out = style.bold("SET on call") + " · \(WorkingTime.isoMinute(at * 1000)) UTC"
        if let r = m.rotation, let w = m.week, let rotation = d.rotations.first(where: { $0.name == r }) {
            out += " · rotation \(TextSafety.escaped(r)), week \(w % Int64(max(rotation.weeks, 1)) + 1) of \(rotation.weeks)"
        }
        out += "\n"
        if m.rotation == nil {
            out += "no rotation has started yet\n"
        } else if let s = m.onCall.shift {
            let shift = d.rotations.flatMap(\.shifts).first { $0.name == s }
            out += "shift     " + TextSafety.escaped(s) + (shift.map { " \($0.hoursText) \(TextSafety.escaped($0.zone))" } ?? "")
                + (m.onCall.uncovered ? " (no shift covers this moment: fallback)" : "") + "\n"
        } else {
            out += "shift     none covers this moment: the fallback (\(TextSafety.escaped(d.fallback.text))) answers\n"
        }
        for role in OnCallRole.allCases {
            out += TextReports.pad(role.rawValue, 10) + person(m.onCall.handle(for: role), role: role, moment: m, roster: roster, style: style) + "\n"
        }
        out += "\n"
        if let next = roster.nextHandoff(after: at), let (r, _) = roster.rotation(at: at) ?? roster.rotation(at: next) {
            out += "next hand-off  " + RosterClock.localText(next, in: zone(r.zone)) + " " + TextSafety.escaped(r.zone)
                + " (in \(RosterClock.countdown(next - at)))\n"
        }
        if let due = roster.handoverDue(after: at), let (r, _) = roster.rotation(at: at) {
            out += "hand-over due  " + RosterClock.localText(due, in: zone(r.zone)) + " " + TextSafety.escaped(r.zone)
                + " (in \(RosterClock.countdown(due - at)))\n"
            if let team = r.nextTeam { out += "next rotation  people committed by team \(TextSafety.escaped(team))\n" }
        }
        if let next = roster.nextHandoff(after: at), let week = roster.schedule(from: next, weeks: 1).first {
            let z = zone(d.rotations.first { $0.name == week.rotation }?.zone ?? "UTC")
            out += "\n" + style.bold("next week") + " (from " + RosterClock.localText(week.start, in: z) + ")\n"
            out += weekLines(week, zone: z, style: style)
        }
        out += "\n" + style.bold("escalation") + "  " + chainText(m.onCall.chain, policy: roster.policy) + "\n"
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

    static func weekLines(_ week: RosterWeek, zone: TimeZone, style: Style) -> String {
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
    static func change(_ a: RosterAdjustment, zone: TimeZone) -> String {
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

    /// "@alice (primary) → @bob (backup) → @carol (lead); 15m at each step, then 1 more round".
    static func chainText(_ chain: [OnCallStep], policy: EscalationPolicy) -> String {
        guard !chain.isEmpty else { return "nobody to page" }
        let steps = chain.map { "@\(TextSafety.escaped($0.handle)) (\($0.role.rawValue))" }.joined(separator: " → ")
        let waits = Set(policy.waits).count == 1 ? "\(RosterTimeText.durationText(policy.wait(atStep: 0))) at each step"
            : "waits " + policy.waits.map(RosterTimeText.durationText).joined(separator: ", ")
        let rounds = policy.repeats == 0 ? "" : ", then \(policy.repeats) more round\(policy.repeats == 1 ? "" : "s")"
        return steps + "; " + waits + rounds
    }

    /// One line for a chat channel header: "SET primary @alice · backup @bob · lead @carol · EMEA · hand-off Mon 09:00 Europe/Berlin".
    static func header(roster: RosterState, at: Int64) -> String {
        let m = roster.moment(at: at)
        var parts = OnCallRole.allCases.map { role -> String in
            let who = m.onCall.handle(for: role).map { "@" + TextSafety.escaped($0) }
                ?? (m.needsCover.contains { $0.role == role } ? "needs cover" : "—")
            return role == .primary ? "SET primary \(who)" : "\(role.rawValue) \(who)"
        }
        if let s = m.onCall.shift { parts.append(TextSafety.escaped(s) + (m.onCall.uncovered ? " (fallback)" : "")) }
        if let next = roster.nextHandoff(after: at), let (r, _) = roster.rotation(at: at) ?? roster.rotation(at: next) {
            parts.append("hand-off " + RosterClock.localText(next, in: zone(r.zone), withDate: false) + " " + TextSafety.escaped(r.zone))
        }
        return parts.joined(separator: " · ")
    }

    /// The `--weeks N` table: one block a week, hand-off to hand-off.
    static func weeks(roster: RosterState, at: Int64, count: Int, style: Style) -> String {
        let weeks = roster.schedule(from: at, weeks: count)
        guard !weeks.isEmpty else { return "no rotation in force at \(WorkingTime.isoMinute(at * 1000)) UTC\n" }
        var out = ""
        for w in weeks {
            let z = roster.definition?.rotations.first { $0.name == w.rotation }?.zone ?? "UTC"
            out += style.bold("week from " + RosterClock.localText(w.start, in: zone(z)) + " " + TextSafety.escaped(z))
                + " · rotation \(TextSafety.escaped(w.rotation))\n" + weekLines(w, zone: zone(z), style: style)
        }
        return out
    }
}
