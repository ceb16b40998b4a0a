/// Wall-clock time in an IANA zone: instants to local "wall milliseconds" and back, so shift edges follow the local clock.

/// A moment as a clock on the wall of one zone shows it.
public struct RosterLocal: Equatable, Sendable {
    /// Local date as days since 1970-01-01.
    public var day: Int64
    /// Milliseconds since local midnight.
    public var sinceMidnight: Int64

    /// 0 = Monday … 6 = Sunday.
    public var weekday: Int { Int(WorkingTime.weekday(ofDay: day)) }
    public var minute: Int { Int(sinceMidnight / WorkingTime.minuteMs) }
    public var wall: Int64 { day * WorkingTime.dayMs + sinceMidnight }
}

public enum RosterClock {
    public static let week: Int64 = 7 * WorkingTime.dayMs

    /// True for a name shaped like an IANA region ("Europe/Berlin") or "UTC". Host databases accept abbreviations and
    /// offsets too ("EST", "GMT+1"); a roster wants real places, so providers refuse anything else.
    public static func isRegionName(_ identifier: String) -> Bool {
        guard identifier == "UTC" || identifier.contains("/") else { return false }
        return !identifier.hasPrefix("/") && !identifier.hasSuffix("/") && identifier.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || "/_-+".unicodeScalars.contains($0))
        }
    }

    static func offset(_ zone: any ZoneRules, at t: Int64) -> Int64 { zone.offset(at: t) }

    /// Local wall milliseconds (days × one day + the time of day) at the instant `t`.
    public static func wall(_ t: Int64, in zone: any ZoneRules) -> Int64 { t + offset(zone, at: t) }

    public static func local(_ t: Int64, in zone: any ZoneRules) -> RosterLocal {
        let w = wall(t, in: zone)
        let day = WorkingTime.floorDiv(w, WorkingTime.dayMs)
        return RosterLocal(day: day, sinceMidnight: w - day * WorkingTime.dayMs)
    }

    /// The instant a local wall time happens. In an autumn overlap the first occurrence wins; a time that a
    /// spring gap skips maps to the instant the clock jumps past it (02:30 becomes 03:30 in Berlin).
    public static func instant(wall w: Int64, in zone: any ZoneRules) -> Int64 {
        // Real zones change offset at most once in any two days, so the offsets a day either side are the only candidates.
        let before = offset(zone, at: w - WorkingTime.dayMs), after = offset(zone, at: w + WorkingTime.dayMs)
        let valid = [w - before, w - after].filter { wall($0, in: zone) == w }
        if let first = valid.min() { return first }
        return w - before
    }

    /// "2025-03-31", the local date of a day number.
    public static func dateText(_ day: Int64) -> String {
        let (y, m, d) = WorkingTime.civil(fromDays: day)
        return "\(y)-\(WorkingTime.pad(m))-\(WorkingTime.pad(d))"
    }

    /// Parses "2025-03-31" to a day number; nil for anything else.
    public static func day(_ text: String) -> Int64? {
        guard text.count == 10, let ms = WorkingTime.parseISO8601(text) else { return nil }
        return WorkingTime.floorDiv(ms, WorkingTime.dayMs)
    }

    /// "Mon 2025-03-31 09:00", the local time at `t` in `zone`.
    public static func localText(_ t: Int64, in zone: any ZoneRules, withDate: Bool = true) -> String {
        let l = local(t, in: zone)
        let name = RosterWeekTime.dayNames[l.weekday]
        let day = name.prefix(1).uppercased() + name.dropFirst().prefix(2)
        return withDate ? "\(day) \(dateText(l.day)) \(RosterWeekTime.clock(l.minute))"
            : "\(day) \(RosterWeekTime.clock(l.minute))"
    }

    /// "2d 3h", "5h 10m", "12m": how long until something.
    public static func countdown(_ ms: Int64) -> String {
        let minutes = max(0, ms) / WorkingTime.minuteMs
        let d = minutes / 1440, h = minutes / 60 % 24, m = minutes % 60
        if d > 0 { return "\(d)d \(h)h" }
        if h > 0 { return "\(h)h \(m)m" }
        return "\(m)m"
    }
}
