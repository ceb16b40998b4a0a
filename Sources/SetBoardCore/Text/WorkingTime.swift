/// Calendar arithmetic the board needs without reading a clock: working days, ages, ISO dates (UTC).

/// Every instant in Core is Unix milliseconds (UTC) and every duration milliseconds, both as `Int64`: the board, the
/// roster, pages, incidents and the cycle count in the same unit. Only the journal's `*_s` fields and the zone
/// database count seconds, and their readers convert at that edge.
public enum WorkingTime {
    public static let secondMs: Int64 = 1000
    public static let minuteMs: Int64 = 60_000
    public static let hourMs: Int64 = 3_600_000
    public static let dayMs: Int64 = 86_400_000

    /// Day 0 of the epoch (1970-01-01) was a Thursday; 0 = Monday … 6 = Sunday.
    static func weekday(ofDay day: Int64) -> Int64 {
        ((day + 3) % 7 + 7) % 7
    }

    public static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// Milliseconds of Monday–Friday time (UTC) from the epoch to `t`.
    static func cumulativeWorkingMs(_ t: Int64) -> Int64 {
        let day = floorDiv(t, dayMs)
        let rem = t - day * dayMs
        let weeks = floorDiv(day, 7)
        var ms = weeks * 5 * dayMs
        for d in (weeks * 7)..<day where weekday(ofDay: d) < 5 { ms += dayMs }
        if weekday(ofDay: day) < 5 { ms += rem }
        return ms
    }

    /// Monday–Friday time between two instants; weekends do not make a ticket stuck.
    public static func workingMs(from a: Int64, to b: Int64) -> Int64 {
        b <= a ? 0 : cumulativeWorkingMs(b) - cumulativeWorkingMs(a)
    }

    /// A short age such as "45m", "5h", "3d", "7w".
    public static func shortAge(_ ms: Int64) -> String {
        let minutes = max(0, ms) / 60_000
        if minutes < 60 { return "\(minutes)m" }
        let hours = minutes / 60
        if hours < 48 { return "\(hours)h" }
        let days = hours / 24
        if days < 70 { return "\(days)d" }
        return "\(days / 7)w"
    }

    /// "2026-11-24 10:05" in UTC, from milliseconds since the epoch.
    public static func isoMinute(_ ms: Int64) -> String {
        let day = floorDiv(ms, dayMs)
        let (y, m, d) = civil(fromDays: day)
        let minuteOfDay = (ms - day * dayMs) / 60_000
        return "\(y)-\(pad(m))-\(pad(d)) \(pad(minuteOfDay / 60)):\(pad(minuteOfDay % 60))"
    }

    static func pad(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// Proleptic Gregorian date of a day number (days since 1970-01-01).
    public static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// Day number of a proleptic Gregorian date.
    public static func days(year y0: Int64, month m: Int64, day d: Int64) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = floorDiv(y, 400)
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Parses an ISO 8601 instant: "2026-11-24T10:00:00Z", with optional fraction and a ±hh:mm offset,
    /// or a bare date ("2026-11-24", midnight UTC). Nil for anything else.
    public static func parseISO8601(_ text: String) -> Int64? {
        let s = Array(text.utf8)
        func num(_ from: Int, _ len: Int) -> Int64? {
            guard from + len <= s.count else { return nil }
            var v: Int64 = 0
            for b in s[from..<(from + len)] {
                guard b >= 48, b <= 57 else { return nil }
                v = v * 10 + Int64(b - 48)
            }
            return v
        }
        guard s.count >= 10, let y = num(0, 4), s[4] == 45, let mo = num(5, 2), s[7] == 45, let d = num(8, 2),
              (1...12).contains(mo), (1...31).contains(d) else { return nil }
        var ms = days(year: y, month: mo, day: d) * dayMs
        if s.count == 10 { return ms }
        guard s.count >= 16, s[10] == 84 || s[10] == 116 || s[10] == 32, let h = num(11, 2), s[13] == 58,
              let mi = num(14, 2), h < 24, mi < 60 else { return nil }
        ms += (h * 60 + mi) * 60_000
        var i = 16
        if i < s.count, s[i] == 58 {
            guard let sec = num(i + 1, 2), sec < 61 else { return nil }
            ms += sec * 1000
            i += 3
            if i < s.count, s[i] == 46 || s[i] == 44 {
                i += 1
                var scale: Int64 = 100
                let start = i
                while i < s.count, s[i] >= 48, s[i] <= 57 {
                    ms += Int64(s[i] - 48) * scale
                    scale /= 10
                    i += 1
                }
                guard i > start else { return nil }
            }
        }
        if i == s.count { return ms }
        if s[i] == 90 || s[i] == 122 { return i + 1 == s.count ? ms : nil }
        guard s[i] == 43 || s[i] == 45, let oh = num(i + 1, 2) else { return nil }
        var j = i + 3
        var om: Int64 = 0
        if j < s.count, s[j] == 58 { j += 1 }
        if j < s.count {
            guard let m2 = num(j, 2), j + 2 == s.count else { return nil }
            om = m2
        }
        let offset = (oh * 60 + om) * 60_000
        return s[i] == 43 ? ms - offset : ms + offset
    }
}

extension BoardState {
    /// A ticket is stuck when it has had no event for longer than its limit of working days (the stricter of its
    /// column's and its level's).
    public func isStuck(_ ticket: Ticket, now: Int64) -> Bool {
        guard ticket.isOnBoard, let limit = settings.stuckLimit(column: ticket.column, level: ticket.level) else { return false }
        return WorkingTime.workingMs(from: ticket.updated, to: now) > Int64(limit) * WorkingTime.dayMs
    }

    public func stuckTickets(now: Int64) -> [Ticket] {
        Column.allCases.flatMap { cards(in: $0) }.filter { isStuck($0, now: now) }
    }
}
