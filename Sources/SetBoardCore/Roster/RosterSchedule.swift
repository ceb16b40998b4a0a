/// Who is on call when: the week count and shift bands on the local wall clock, then swaps, overrides, leave and fallback.
/// Zone rules come from the caller's `TimeZoneProvider`; a zone it does not know is read as UTC (summaries say so).

/// What the roster says about one moment: who to page, and which roles are empty because their holder is away.
public struct RosterMoment: Equatable, Sendable {
    /// The people to page; a role whose holder is on leave (and not covered by an override) is empty here.
    public var onCall: OnCall
    /// Roles whose scheduled holder is on leave at the moment, with that holder's handle.
    public var needsCover: [OnCallStep]
    public var rotation: String?
    /// Whole wall-clock weeks since the rotation's anchor; nil before the first rotation starts.
    public var week: Int64?
}

/// One shift's people for one week of the schedule table.
public struct RosterWeekShift: Equatable, Sendable {
    public var shift: String
    public var primary: String?
    public var backup: String?
    /// Roles whose holder has leave during the week that no override covers.
    public var needsCover: [OnCallStep]
}

/// One week of the schedule: from one hand-off to the next.
public struct RosterWeek: Equatable, Sendable {
    public var start: Int64
    public var end: Int64
    public var rotation: String
    public var week: Int64
    public var lead: String
    public var leadNeedsCover: Bool
    public var shifts: [RosterWeekShift]
    /// Overrides and swaps that change part of the week, in journal order.
    public var partial: [RosterAdjustment]
}

/// One stretch of one shift's coverage, as a calendar event.
public struct RosterBand: Equatable, Sendable {
    public var shift: String
    public var start: Int64
    public var end: Int64
    public var primary: String?
    public var backup: String?
    public var lead: String?
    /// Roles whose holder is on leave during the band.
    public var needsCover: [OnCallStep] = []
}

extension RosterState {
    static func tz(_ id: String, _ zones: any TimeZoneProvider) -> any ZoneRules { zones.clock(id).rules }

    /// The rotation in force at `t` (the one with the latest anchor at or before it) and the week count within it.
    public func rotation(at t: Int64, zones: any TimeZoneProvider) -> (rotation: RosterRotation, week: Int64)? {
        guard let d = definition else { return nil }
        var best: (RosterRotation, Int64, Int64)?
        for r in d.rotations {
            let zone = RosterState.tz(r.zone, zones)
            let start = RosterClock.instant(wall: r.anchorWall, in: zone)
            guard start <= t else { continue }
            // Weeks are counted on the rotation's wall clock, so 09:00 stays 09:00 across a DST change.
            let week = WorkingTime.floorDiv(RosterClock.wall(t, in: zone) - r.anchorWall, RosterClock.week)
            if best.map({ start >= $0.2 }) ?? true { best = (r, week, start) }
        }
        return best.map { ($0.0, $0.1) }
    }

    /// Week k: people[k mod n] is primary and the next in line is backup (a pair simply alternates).
    static func scheduled(_ shift: RosterShift, week: Int64) -> (String?, String?) {
        let n = Int64(shift.people.count)
        guard n > 0 else { return (nil, nil) }
        let i = Int(((week % n) + n) % n)
        return (shift.people[i], n > 1 ? shift.people[(i + 1) % Int(n)] : nil)
    }

    /// True when the shift's band covers the instant, judged on the shift's own wall clock.
    public static func covers(_ shift: RosterShift, _ t: Int64, zones: any TimeZoneProvider) -> Bool {
        let l = RosterClock.local(t, in: tz(shift.zone, zones))
        let minute = l.minute
        if shift.start < shift.end {
            return shift.days.contains(l.weekday) && minute >= shift.start && minute < shift.end
        }
        // A band past midnight belongs to the day it starts on.
        let yesterday = (l.weekday + 6) % 7
        return (shift.days.contains(l.weekday) && minute >= shift.start)
            || (shift.days.contains(yesterday) && minute < shift.end)
    }

    /// Swaps and overrides in journal order, a later one winning, applied to the holders at `t`.
    func adjusted(primary: String?, backup: String?, lead: String?, shift: String?, at t: Int64)
        -> (String?, String?, String?) {
        adjusted(primary: primary, backup: backup, lead: lead, shift: shift) { $0 <= t && t < $1 }
    }

    /// The same, for the changes whose range passes `applies(from, to)`.
    func adjusted(primary: String?, backup: String?, lead: String?, shift: String?,
                  where applies: (Int64, Int64) -> Bool) -> (String?, String?, String?) {
        var p = primary, b = backup, l = lead
        for adjustment in adjustments {
            switch adjustment {
            case let .swap(s) where applies(s.from, s.to):
                func trade(_ h: String?) -> String? { h == s.first ? s.second : h == s.second ? s.first : h }
                p = trade(p); b = trade(b); l = trade(l)
            case let .override(o) where applies(o.from, o.to) && (o.shift == nil || o.shift == shift):
                switch o.role {
                case .primary: p = o.handle
                case .backup: b = o.handle
                case .lead: l = o.handle
                }
            default:
                break
            }
        }
        return (p, b, l)
    }

    static func range(of a: RosterAdjustment) -> (Int64, Int64) {
        switch a {
        case let .override(o): return (o.from, o.to)
        case let .swap(s): return (s.from, s.to)
        }
    }

    public func isOnLeave(_ handle: String, at t: Int64) -> Bool {
        leave.contains { $0.handle == handle && $0.from <= t && t < $0.to }
    }

    /// Everything the roster knows about the moment `t`.
    public func moment(at t: Int64, zones: any TimeZoneProvider) -> RosterMoment {
        guard let d = definition, let (rotation, week) = rotation(at: t, zones: zones) else {
            return RosterMoment(onCall: OnCall(at: t, uncovered: true), needsCover: [], rotation: nil, week: nil)
        }
        var shift = rotation.shifts.first { RosterState.covers($0, t, zones: zones) }
        let uncovered = shift == nil
        if uncovered, case let .shift(name) = d.fallback { shift = rotation.shifts.first { $0.name == name } }
        let (p0, b0) = shift.map { RosterState.scheduled($0, week: week) } ?? (nil, nil)
        let (p, b, l) = adjusted(primary: p0, backup: b0, lead: rotation.lead, shift: shift?.name, at: t)
        var onCall = OnCall(at: t, shift: shift?.name, primary: p, backup: b, lead: l, uncovered: uncovered)
        var needsCover: [OnCallStep] = []
        for role in OnCallRole.allCases {
            guard let h = onCall.handle(for: role), isOnLeave(h, at: t) else { continue }
            needsCover.append(OnCallStep(role: role, handle: h))
            switch role {
            case .primary: onCall.primary = nil
            case .backup: onCall.backup = nil
            case .lead: onCall.lead = nil
            }
        }
        return RosterMoment(onCall: onCall, needsCover: needsCover, rotation: rotation.name, week: week)
    }

    /// Who to page at `t`: swaps, overrides, leave and the fallback applied.
    public func onCall(at t: Int64, zones: any TimeZoneProvider) -> OnCall { moment(at: t, zones: zones).onCall }

    /// The first hand-off after `t`: the next week boundary of the rotation in force, or a later rotation's start.
    public func nextHandoff(after t: Int64, zones: any TimeZoneProvider) -> Int64? {
        guard let d = definition else { return nil }
        var candidates: [Int64] = []
        if let (r, week) = rotation(at: t, zones: zones) {
            candidates.append(RosterClock.instant(wall: r.anchorWall + (week + 1) * RosterClock.week, in: RosterState.tz(r.zone, zones)))
        }
        for r in d.rotations {
            let start = RosterClock.instant(wall: r.anchorWall, in: RosterState.tz(r.zone, zones))
            if start > t { candidates.append(start) }
        }
        return candidates.min()
    }

    /// When the rotation in force at `t` has run its weeks and no later rotation takes over by then: the instant it
    /// ends (or ended). The schedule keeps repeating its weeks past that, so pages still reach someone, but the
    /// roster says so. Nil when a successor is imported or no rotation has started.
    public func endWithoutSuccessor(at t: Int64, zones: any TimeZoneProvider) -> Int64? {
        guard let d = definition, let (r, _) = rotation(at: t, zones: zones) else { return nil }
        let zone = RosterState.tz(r.zone, zones)
        let start = RosterClock.instant(wall: r.anchorWall, in: zone)
        let end = RosterClock.instant(wall: r.anchorWall + Int64(min(max(r.weeks, 1), 520)) * RosterClock.week, in: zone)
        let succeeded = d.rotations.contains { other in
            let s = RosterClock.instant(wall: other.anchorWall, in: RosterState.tz(other.zone, zones))
            return s > start && s <= end
        }
        return succeeded ? nil : end
    }

    /// The hand-over deadline of the week holding `t` (it may have passed), so the roster and the weekly cycle
    /// speak of the same deadline; the next one after `t` when no week holds it.
    public func handoverDueThisWeek(at t: Int64, zones: any TimeZoneProvider) -> Int64? {
        guard let week = schedule(from: t, weeks: 1, zones: zones).first, let due = handoverDue(after: week.start, zones: zones) else {
            return handoverDue(after: t, zones: zones)
        }
        return min(due, week.end)
    }

    /// The next hand-over deadline (e.g. Friday 17:00 on the rotation's clock) after `t`.
    public func handoverDue(after t: Int64, zones: any TimeZoneProvider) -> Int64? {
        guard let (r, _) = rotation(at: t, zones: zones) else { return nil }
        let zone = RosterState.tz(r.zone, zones)
        let l = RosterClock.local(t, in: zone)
        var days = Int64((r.handoverDue.weekday - l.weekday + 7) % 7)
        if days == 0 && l.minute >= r.handoverDue.minute { days = 7 }
        return RosterClock.instant(wall: (l.day + days) * WorkingTime.dayMs + Int64(r.handoverDue.minute) * WorkingTime.minuteMs, in: zone)
    }

    /// The weeks from the one holding `t`, hand-off to hand-off, with each shift's people and uncovered leave.
    public func schedule(from t: Int64, weeks count: Int, zones: any TimeZoneProvider) -> [RosterWeek] {
        var out: [RosterWeek] = []
        var probe = t
        while out.count < count, let (r, week) = rotation(at: probe, zones: zones) {
            let zone = RosterState.tz(r.zone, zones)
            let start = RosterClock.instant(wall: r.anchorWall + week * RosterClock.week, in: zone)
            let end = min(nextHandoff(after: probe, zones: zones) ?? start + RosterClock.week,
                          RosterClock.instant(wall: r.anchorWall + (week + 1) * RosterClock.week, in: zone))
            // A change for the whole week shows in the table; one for part of it is listed beside the week.
            let wholeWeek = { (from: Int64, to: Int64) in from <= start && end <= to }
            let (_, _, lead) = adjusted(primary: nil, backup: nil, lead: r.lead, shift: nil, where: wholeWeek)
            let shifts = r.shifts.map { s -> RosterWeekShift in
                let (p0, b0) = RosterState.scheduled(s, week: week)
                let (p, b, _) = adjusted(primary: p0, backup: b0, lead: nil, shift: s.name, where: wholeWeek)
                var cover: [OnCallStep] = []
                for (role, h) in [(OnCallRole.primary, p), (.backup, b)] {
                    if let h, hasUncoveredLeave(h, role: role, shift: s.name, from: start, to: end) {
                        cover.append(OnCallStep(role: role, handle: h))
                    }
                }
                return RosterWeekShift(shift: s.name, primary: p, backup: b, needsCover: cover)
            }
            let leadCover = lead.map { hasUncoveredLeave($0, role: .lead, shift: nil, from: start, to: end) } ?? false
            let partial = adjustments.filter { a in
                let (from, to) = RosterState.range(of: a)
                return from < end && start < to && !wholeWeek(from, to)
            }
            out.append(RosterWeek(start: start, end: end, rotation: r.name, week: week, lead: lead ?? r.lead,
                                  leadNeedsCover: leadCover, shifts: shifts, partial: partial))
            guard end > probe else { break }
            probe = end
        }
        return out
    }

    /// True when the person has leave inside the range that overrides for their role do not fully cover.
    func hasUncoveredLeave(_ handle: String, role: OnCallRole, shift: String?, from: Int64, to: Int64) -> Bool {
        for l in leave where l.handle == handle && l.from < to && from < l.to {
            var gapStart = max(l.from, from)
            let gapEnd = min(l.to, to)
            // Walk the leave forward through the overrides that cover it; any moment left over needs cover.
            var moved = true
            while moved && gapStart < gapEnd {
                moved = false
                for o in overrides where o.role == role && o.handle != handle && (o.shift == nil || o.shift == shift)
                    && o.from <= gapStart && gapStart < o.to {
                    gapStart = o.to
                    moved = true
                }
            }
            if gapStart < gapEnd { return true }
        }
        return false
    }

    /// One shift's coverage bands that overlap [from, to), clipped to it.
    public func bands(of shift: RosterShift, from: Int64, to: Int64, zones: any TimeZoneProvider) -> [RosterBand] {
        let zone = RosterState.tz(shift.zone, zones)
        let first = RosterClock.local(from, in: zone).day - 1, last = RosterClock.local(to, in: zone).day
        var out: [RosterBand] = []
        guard first <= last else { return [] }
        for day in first...last where shift.days.contains(Int(WorkingTime.weekday(ofDay: day))) {
            let endDay = shift.end > shift.start ? day : day + 1
            let s = RosterClock.instant(wall: day * WorkingTime.dayMs + Int64(shift.start) * WorkingTime.minuteMs, in: zone)
            let e = RosterClock.instant(wall: endDay * WorkingTime.dayMs + Int64(shift.end) * WorkingTime.minuteMs, in: zone)
            let lo = max(s, from), hi = min(e, to)
            if lo < hi { out.append(RosterBand(shift: shift.name, start: lo, end: hi)) }
        }
        return out
    }

    /// Every shift band in [from, to) with its people, cut wherever a hand-off, override, swap or leave changes them.
    public func bands(from: Int64, to: Int64, zones: any TimeZoneProvider) -> [RosterBand] {
        var cuts = Set<Int64>()
        for a in adjustments {
            let (f, t) = RosterState.range(of: a)
            cuts.insert(f); cuts.insert(t)
        }
        for l in leave { cuts.insert(l.from); cuts.insert(l.to) }
        var out: [RosterBand] = []
        var probe = from
        while probe < to, let (r, _) = rotation(at: probe, zones: zones) {
            let end = min(nextHandoff(after: probe, zones: zones) ?? to, to)
            for s in r.shifts {
                for band in bands(of: s, from: probe, to: end, zones: zones) {
                    let edges = [band.start] + cuts.filter { band.start < $0 && $0 < band.end }.sorted() + [band.end]
                    for (a, b) in zip(edges, edges.dropFirst()) {
                        guard let (_, week) = rotation(at: a, zones: zones) else { continue }
                        let (p0, b0) = RosterState.scheduled(s, week: week)
                        let (p, bk, l) = adjusted(primary: p0, backup: b0, lead: r.lead, shift: s.name, at: a)
                        var piece = RosterBand(shift: s.name, start: a, end: b, primary: p, backup: bk, lead: l)
                        for (role, h) in [(OnCallRole.primary, p), (.backup, bk), (.lead, l)] {
                            if let h, isOnLeave(h, at: a) { piece.needsCover.append(OnCallStep(role: role, handle: h)) }
                        }
                        out.append(piece)
                    }
                }
            }
            guard end > probe else { break }
            probe = end
        }
        return out.sorted { ($0.start, $0.shift) < ($1.start, $1.shift) }
    }
}
