/// Times, durations and weekdays as a lead types them: a time without an offset is read on a zone's wall clock.

public enum RosterTimeText {
    /// "2026-03-30T09:00:00Z" or "…+02:00" is that instant; "2026-03-30T09:00" or "2026-03-30 09:00" is 09:00 on
    /// `zone`'s wall clock; "2026-03-30" is local midnight, or with `endOfDay` the midnight after it (an inclusive
    /// end date). Returns Unix milliseconds in whole seconds (the journal keeps roster times to the second), nil for
    /// anything else.
    public static func instant(_ text: String, zone: any ZoneRules, endOfDay: Bool = false) -> Int64? {
        let t = text.trimmingWhitespace()
        guard let parsed = WorkingTime.parseISO8601(t) else { return nil }
        let ms = WorkingTime.floorDiv(parsed, WorkingTime.secondMs) * WorkingTime.secondMs
        let rest = t.dropFirst(10)
        if rest.contains(where: { $0 == "Z" || $0 == "z" || $0 == "+" || $0 == "-" }) { return ms }
        let wall = ms + (t.count == 10 && endOfDay ? WorkingTime.dayMs : 0)
        return RosterClock.instant(wall: wall, in: zone)
    }

    /// "15m", "1h", "90s", "1h30m" or plain seconds, as milliseconds; nil for anything else.
    public static func duration(_ text: String) -> Int64? {
        if let n = Int64(text), n >= 0, n <= Int64.max / WorkingTime.secondMs { return n * WorkingTime.secondMs }
        var total: Int64 = 0, number: Int64 = 0, digits = 0
        for c in text.lowercased() {
            if let d = c.wholeNumberValue, c.isASCII {
                number = number * 10 + Int64(d)
                digits += 1
                guard digits <= 6 else { return nil }
                continue
            }
            guard digits > 0 else { return nil }
            let unit: Int64
            switch c {
            case "h": unit = WorkingTime.hourMs
            case "m": unit = WorkingTime.minuteMs
            case "s": unit = WorkingTime.secondMs
            default: return nil
            }
            // A long enough run of units would overflow in milliseconds: such a text is not a duration.
            let (sum, overflow) = total.addingReportingOverflow(number * unit)
            guard !overflow else { return nil }
            total = sum
            number = 0
            digits = 0
        }
        return digits == 0 && !text.isEmpty ? total : nil
    }

    /// "15m", "1h", "1h30m": the shortest way back to text that `duration` reads.
    public static func durationText(_ ms: Int64) -> String {
        let seconds = ms / WorkingTime.secondMs
        let h = seconds / 3600, m = seconds / 60 % 60, s = seconds % 60
        var out = ""
        if h > 0 { out += "\(h)h" }
        if m > 0 { out += "\(m)m" }
        if s > 0 || out.isEmpty { out += "\(s)s" }
        return out
    }

    /// "mon-fri", "daily", "weekends" or one day name; nil for anything else. 0 = Monday.
    public static func days(_ text: String) -> [Int]? {
        let t = text.lowercased().trimmingWhitespace()
        switch t {
        case "daily", "every day": return Array(0..<7)
        case "weekdays": return Array(0..<5)
        case "weekends": return [5, 6]
        default: break
        }
        let ends = t.split(separator: "-").map { RosterWeekTime.weekday(String($0).trimmingWhitespace()) }
        if ends.count == 1, let d = ends[0] { return [d] }
        guard ends.count == 2, let a = ends[0], let b = ends[1] else { return nil }
        return a <= b ? Array(a...b) : Array(a..<7) + Array(0...b)
    }

    /// The shortest text for a set of weekdays that `days` reads back.
    public static func daysText(_ days: [Int]) -> String {
        let sorted = days.sorted()
        if sorted == Array(0..<7) { return "daily" }
        let short = sorted.map { String(RosterWeekTime.dayNames[$0].prefix(3)) }
        if sorted.count > 1, let first = sorted.first, let last = sorted.last, sorted == Array(first...last) {
            return "\(short[0])-\(short[short.count - 1])"
        }
        return "[" + short.joined(separator: ", ") + "]"
    }

    /// "2026-03-30T07:00:00Z": an instant as ISO 8601 UTC to the second.
    public static func iso(_ t: Int64) -> String {
        let day = WorkingTime.floorDiv(t, WorkingTime.dayMs)
        let s = (t - day * WorkingTime.dayMs) / WorkingTime.secondMs
        return RosterClock.dateText(day) + "T" + WorkingTime.pad(s / 3600) + ":" + WorkingTime.pad(s / 60 % 60) + ":"
            + WorkingTime.pad(s % 60) + "Z"
    }
}
