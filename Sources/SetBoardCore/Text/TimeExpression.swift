// The TIME a person types for `--at`, `diff --from/--to`: ISO 8601, a date, or words relative to now, in their zone.

/// A moment typed on the command line, read against the user's zone and the clock's now.
///
/// Accepted: an ISO 8601 instant with `Z` or an offset (taken as written); a date or a date and time without one
/// (`2026-11-24`, `2026-11-24 17:00`: the user's wall clock); `-2d`, `-3h`, `-30m`, `-1w` (back from now); `now`;
/// `today`, `yesterday`, a weekday or `last <weekday>` (the most recent one before today), each with an optional
/// `HH:MM` (else midnight); a bare `HH:MM` (today). Words are read without regard to case.
public enum TimeExpression {
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public var text: String
        public var description: String {
            "cannot read the time `\(TextSafety.escaped(text))`: give ISO 8601 (2026-11-24T17:00Z), a date (2026-11-24, "
                + "2026-11-24 17:00), -2d / -3h / -30m / -1w, yesterday 09:00, last friday 17:00, or now"
        }
    }

    private static let weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    /// Milliseconds since 1970 for `text`, with `now` and the wall clock of `zone`.
    public static func parse(_ text: String, now: Int64, zone: any ZoneRules) throws(ParseError) -> Int64 {
        let trimmed = String(text.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
        let lower = trimmed.lowercased()
        let fail = ParseError(text: text)
        guard !lower.isEmpty, lower.utf8.count <= 64 else { throw fail }
        if lower == "now" { return now }
        if lower.hasPrefix("-") { return try relative(String(lower.dropFirst()), now: now, fail) }
        if let first = lower.utf8.first, (48...57).contains(first) {
            if let clock = hourMinute(lower) { return try atDay(localDay(now, zone), minute: clock, zone: zone) }
            return try calendar(trimmed, zone: zone, fail)
        }
        let words = lower.split(separator: " ").map(String.init)
        var i = 0
        let today = localDay(now, zone)
        var day: Int64
        switch words[0] {
        case "today": day = today; i = 1
        case "yesterday": day = today - 1; i = 1
        case "last":
            guard words.count >= 2, let wd = weekdayIndex(words[1]) else { throw fail }
            day = mostRecent(wd, before: today); i = 2
        default:
            guard let wd = weekdayIndex(words[0]) else { throw fail }
            day = mostRecent(wd, before: today + 1); i = 1
        }
        var minute: Int64 = 0
        if i < words.count {
            guard i + 1 == words.count, let m = hourMinute(words[i]) else { throw fail }
            minute = m
        }
        return try atDay(day, minute: minute, zone: zone)
    }

    /// `2d`, `3h`, `30m`, `1w` (after the minus sign).
    private static func relative(_ s: String, now: Int64, _ fail: ParseError) throws(ParseError) -> Int64 {
        guard let unit = s.last, let n = Int64(s.dropLast()), n >= 0, n <= 100_000 else { throw fail }
        let scale: Int64
        switch unit {
        case "m": scale = 60_000
        case "h": scale = 3_600_000
        case "d": scale = WorkingTime.dayMs
        case "w": scale = 7 * WorkingTime.dayMs
        default: throw fail
        }
        return now - n * scale
    }

    /// An ISO text: with a zone it is an instant; without, the user's wall clock.
    private static func calendar(_ text: String, zone: any ZoneRules, _ fail: ParseError) throws(ParseError) -> Int64 {
        guard let ms = WorkingTime.parseISO8601(text) else { throw fail }
        let tail = text.utf8.dropFirst(10)
        let hasZone = tail.contains(where: { $0 == 0x5A || $0 == 0x7A || $0 == 0x2B || $0 == 0x2D })
        if hasZone { return ms }
        return wallToUTC(ms, zone: zone)
    }

    /// `17:00`, `9:05` → minutes since midnight.
    private static func hourMinute(_ s: String) -> Int64? {
        let parts = s.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
              let h = Int64(parts[0]), let m = Int64(parts[1]), (0..<24).contains(h), (0..<60).contains(m) else { return nil }
        return h * 60 + m
    }

    private static func weekdayIndex(_ s: String) -> Int64? {
        guard s.count >= 3 else { return nil }
        return weekdays.firstIndex { $0.hasPrefix(s) }.map(Int64.init)
    }

    /// The last day before `limit` (a day number) that falls on weekday `wd` (0 = Monday).
    private static func mostRecent(_ wd: Int64, before limit: Int64) -> Int64 {
        var day = limit - 1
        while WorkingTime.weekday(ofDay: day) != wd { day -= 1 }
        return day
    }

    /// Today's day number on the user's wall clock.
    private static func localDay(_ now: Int64, _ zone: any ZoneRules) -> Int64 {
        let offset = zone.offset(at: now)
        return WorkingTime.floorDiv(now + offset, WorkingTime.dayMs)
    }

    private static func atDay(_ day: Int64, minute: Int64, zone: any ZoneRules) throws(ParseError) -> Int64 {
        wallToUTC(day * WorkingTime.dayMs + minute * 60_000, zone: zone)
    }

    /// The instant a wall-clock time names in `zone`: the offset is asked twice so a time near a change of offset
    /// lands on the side it belongs to.
    static func wallToUTC(_ wall: Int64, zone: any ZoneRules) -> Int64 {
        let first = zone.offset(at: wall)
        let second = zone.offset(at: wall - first)
        return wall - second
    }

    /// "2026-11-24 17:00" on the user's wall clock, with the zone's name: how the past is named in headers.
    public static func wallText(_ ms: Int64, zone: any ZoneRules) -> String {
        let offset = zone.offset(at: ms)
        return WorkingTime.isoMinute(ms + offset) + " " + zone.identifier
    }
}
