/// Fixed time-zone rules for the roster tests, so schedules and DST edges do not depend on the host's tzdata.
import SetBoardCore

/// A zone with one standard offset and a yearly daylight-saving rule, enough for the three zones the roster tests
/// use (the rules in force since 2008 in all three).
struct TestDSTZone: ZoneRules {
    let identifier: String
    /// Standard offset, seconds east of UTC.
    let standard: Int64
    /// Daylight-saving start and end in UTC seconds for a year.
    let period: @Sendable (Int64) -> (start: Int64, end: Int64)

    func offset(at t: Int64) -> Int64 { offset(atUTCSeconds: WorkingTime.floorDiv(t, 1000)) * 1000 }

    /// The rules below are written in seconds, as the zone database states them.
    func offset(atUTCSeconds t: Int64) -> Int64 {
        let (year, _, _) = WorkingTime.civil(fromDays: WorkingTime.floorDiv(t + standard, 86_400))
        let (start, end) = period(year)
        // Southern zones have summer across the new year: daylight outside [end, start) instead of inside [start, end).
        let daylight = start < end ? (start <= t && t < end) : (t < end || t >= start)
        return standard + (daylight ? 3600 : 0)
    }

    /// Day number of the `n`th (1-based) given weekday (0 = Monday) of a month; n = -1 for the last one.
    static func nth(_ n: Int, weekday: Int64, year: Int64, month: Int64) -> Int64 {
        if n > 0 {
            let first = WorkingTime.days(year: year, month: month, day: 1)
            let shift = (weekday - weekdayOf(first) + 7) % 7
            return first + shift + Int64(n - 1) * 7
        }
        let next = month == 12 ? WorkingTime.days(year: year + 1, month: 1, day: 1) : WorkingTime.days(year: year, month: month + 1, day: 1)
        let last = next - 1
        return last - (weekdayOf(last) - weekday + 7) % 7
    }

    static func weekdayOf(_ day: Int64) -> Int64 { ((day + 3) % 7 + 7) % 7 }

    /// EU: last Sunday of March 01:00Z to last Sunday of October 01:00Z.
    static let berlin = TestDSTZone(identifier: "Europe/Berlin", standard: 3600) { y in
        (nth(-1, weekday: 6, year: y, month: 3) * 86_400 + 3600, nth(-1, weekday: 6, year: y, month: 10) * 86_400 + 3600)
    }

    /// US: second Sunday of March 02:00 EST to first Sunday of November 02:00 EDT.
    static let newYork = TestDSTZone(identifier: "America/New_York", standard: -5 * 3600) { y in
        (nth(2, weekday: 6, year: y, month: 3) * 86_400 + 7 * 3600, nth(1, weekday: 6, year: y, month: 11) * 86_400 + 6 * 3600)
    }

    /// Australia (NSW): first Sunday of October 02:00 AEST to first Sunday of April 03:00 AEDT.
    static let sydney = TestDSTZone(identifier: "Australia/Sydney", standard: 10 * 3600) { y in
        (nth(1, weekday: 6, year: y, month: 10) * 86_400 - 8 * 3600, nth(1, weekday: 6, year: y, month: 4) * 86_400 - 8 * 3600)
    }
}

enum TestZones {
    /// The provider every roster test hands Core: Berlin, New York, Sydney and UTC, nothing from the host.
    static let provider = FixedZoneProvider([TestDSTZone.berlin, TestDSTZone.newYork, TestDSTZone.sydney])

    static func rules(_ id: String) -> (any ZoneRules)? { provider.rules(for: id) }
}
