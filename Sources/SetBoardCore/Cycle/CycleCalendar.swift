/// Working days of a rotation: Monday to Friday in the rotation's own offset (UTC unless the roster says otherwise).

/// A calendar day as a day number since 1970-01-01, with its ISO text.
public struct CycleDay: Equatable, Hashable, Comparable, Sendable {
    public var number: Int64

    public init(number: Int64) { self.number = number }

    /// "2026-11-24"; nil for anything that is not a plain ISO date.
    public init?(text: String) {
        guard text.utf8.count == 10, let ms = WorkingTime.parseISO8601(text) else { return nil }
        number = WorkingTime.floorDiv(ms, WorkingTime.dayMs)
    }

    public var text: String {
        let (y, m, d) = WorkingTime.civil(fromDays: number)
        return "\(y)-\(m < 10 ? "0" : "")\(m)-\(d < 10 ? "0" : "")\(d)"
    }

    /// Monday to Friday.
    public var isWorkingDay: Bool { WorkingTime.weekday(ofDay: number) < 5 }

    public static func < (a: CycleDay, b: CycleDay) -> Bool { a.number < b.number }
}

extension CycleWindow {
    var offsetMs: Int64 { Int64(utcOffsetMinutes) * 60_000 }

    /// The rotation's local calendar day at an instant.
    public func day(at t: Int64) -> CycleDay { CycleDay(number: WorkingTime.floorDiv(t + offsetMs, WorkingTime.dayMs)) }

    /// The instant a local day begins.
    public func startOfDay(_ day: CycleDay) -> Int64 { day.number * WorkingTime.dayMs - offsetMs }

    /// The Monday–Fridays the rotation owns, oldest first: the days that each need a check of every source.
    /// A rotation owns the day it starts on but not the day it ends on: a Monday 09:00 hand-off makes that Monday
    /// the next rotation's first day, so no day is checked twice.
    public var workingDays: [CycleDay] {
        let first = day(at: start).number, last = day(at: end).number - 1
        guard first <= last else { return [] }
        return (first...last).map(CycleDay.init(number:)).filter(\.isWorkingDay)
    }

    /// The working days from the start up to and including `now`'s day: the days whose checks are due by now.
    public func workingDays(through now: Int64) -> [CycleDay] {
        let today = day(at: now)
        return workingDays.filter { $0 <= today }
    }
}
