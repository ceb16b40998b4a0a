/// The on-call roster as values: engineers, rotations of shifts staffed in pairs, and the changes made to it since.

/// A person who can hold an on-call role; their zone is where "their local time" is shown.
public struct RosterEngineer: Equatable, Sendable {
    public var handle: String
    public var name: String
    public var team: String
    public var zone: String

    public init(handle: String, name: String, team: String, zone: String) {
        self.handle = handle
        self.name = name
        self.team = team
        self.zone = zone
    }
}

/// A day of the week and a wall-clock minute, such as the Monday 09:00 hand-off. Weekday 0 is Monday.
public struct RosterWeekTime: Equatable, Sendable {
    public static let dayNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    public var weekday: Int
    public var minute: Int

    public init(weekday: Int, minute: Int) {
        self.weekday = weekday
        self.minute = minute
    }

    /// "monday 09:00", the form the YAML and the journal use.
    public var text: String { "\(RosterWeekTime.dayNames[weekday]) \(RosterWeekTime.clock(minute))" }

    /// Parses "monday 09:00" or "Mon 9:00"; nil for anything else.
    public init?(text: String) {
        let words = text.split(separator: " ").filter { !$0.isEmpty }
        guard words.count == 2, let day = RosterWeekTime.weekday(String(words[0])),
              let minute = RosterWeekTime.minute(String(words[1])), minute < 1440 else { return nil }
        self.init(weekday: day, minute: minute)
    }

    /// "mon", "Monday" → 0 … 6; nil for anything else.
    public static func weekday(_ word: String) -> Int? {
        let w = word.lowercased()
        guard w.count >= 3 else { return nil }
        return dayNames.firstIndex { $0.hasPrefix(w) }
    }

    /// "09:00" → 540; "24:00" → 1440 (the end of a day); nil for anything else.
    public static func minute(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
              let h = Int(parts[0]), let m = Int(parts[1]), (0...24).contains(h), (0..<60).contains(m),
              h * 60 + m <= 1440 else { return nil }
        return h * 60 + m
    }

    public static func clock(_ minute: Int) -> String {
        let h = minute / 60, m = minute % 60
        return (h < 10 ? "0\(h)" : "\(h)") + ":" + (m < 10 ? "0\(m)" : "\(m)")
    }
}

/// How the people of a shift take turns from week to week.
public enum RosterPattern: String, CaseIterable, Sendable {
    /// Two people per shift: primary and backup in week one, swapped in week two (the handbook's rotation).
    case paired
    /// A chain of two or more people: this week's backup is next week's primary.
    case staggered
    /// One shift covering every hour of every day, staffed by a pair.
    case single = "24x7"
}

/// A coverage band: the hours one pair answers pages, in the shift's own time zone.
public struct RosterShift: Equatable, Sendable {
    public var name: String
    public var zone: String
    /// Minutes of the local day; `end` ≤ `start` means the band runs past midnight, 0–1440 is the whole day.
    public var start: Int
    public var end: Int
    /// Weekdays (0 = Monday) on which the band starts.
    public var days: [Int]
    /// Week k of the rotation: people[k mod n] is primary and people[(k + 1) mod n] is backup.
    public var people: [String]

    public init(name: String, zone: String, start: Int, end: Int, days: [Int] = Array(0..<7), people: [String]) {
        self.name = name
        self.zone = zone
        self.start = start
        self.end = end
        self.days = days
        self.people = people
    }

    public var isAllDay: Bool { start == 0 && end == 1440 && days.count == 7 }

    /// "08:00-17:00".
    public var hoursText: String { RosterWeekTime.clock(start) + "-" + RosterWeekTime.clock(end) }
}

/// One rotation: from its anchor it repeats its weekly turns until the next rotation's anchor.
public struct RosterRotation: Equatable, Sendable {
    public var name: String
    public var zone: String
    /// The local date of the first hand-off (days since 1970-01-01).
    public var anchorDay: Int64
    public var weeks: Int
    public var handoff: RosterWeekTime
    public var handoverDue: RosterWeekTime
    public var lead: String
    public var pattern: RosterPattern
    public var shifts: [RosterShift]
    /// The team that commits the people for the next rotation.
    public var nextTeam: String?

    public init(name: String, zone: String, anchorDay: Int64, weeks: Int = 2,
                handoff: RosterWeekTime = RosterWeekTime(weekday: 0, minute: 540),
                handoverDue: RosterWeekTime = RosterWeekTime(weekday: 4, minute: 1020), lead: String,
                pattern: RosterPattern = .paired, shifts: [RosterShift], nextTeam: String? = nil) {
        self.name = name
        self.zone = zone
        self.anchorDay = anchorDay
        self.weeks = weeks
        self.handoff = handoff
        self.handoverDue = handoverDue
        self.lead = lead
        self.pattern = pattern
        self.shifts = shifts
        self.nextTeam = nextTeam
    }

    /// The anchor as local wall-clock milliseconds (days × one day + time of day), the origin of the week count.
    public var anchorWall: Int64 { anchorDay * WorkingTime.dayMs + Int64(handoff.minute) * WorkingTime.minuteMs }
}

/// Who answers when no shift covers the moment.
public enum RosterFallback: Equatable, Sendable {
    case lead
    case shift(String)

    public var text: String {
        switch self {
        case .lead: return "lead"
        case let .shift(name): return name
        }
    }
}

/// Someone covers a role for a time range, optionally only on one shift.
public struct RosterOverride: Equatable, Sendable {
    public var role: OnCallRole
    public var handle: String
    public var from: Int64
    public var to: Int64
    public var shift: String?

    public init(role: OnCallRole, handle: String, from: Int64, to: Int64, shift: String? = nil) {
        self.role = role
        self.handle = handle
        self.from = from
        self.to = to
        self.shift = shift
    }
}

/// Two people trade every duty they hold during a time range.
public struct RosterSwap: Equatable, Sendable {
    public var first: String
    public var second: String
    public var from: Int64
    public var to: Int64

    public init(first: String, second: String, from: Int64, to: Int64) {
        self.first = first
        self.second = second
        self.from = from
        self.to = to
    }
}

/// Someone is away; their duties in the range need cover.
public struct RosterLeave: Equatable, Sendable {
    public var handle: String
    public var from: Int64
    public var to: Int64

    public init(handle: String, from: Int64, to: Int64) {
        self.handle = handle
        self.from = from
        self.to = to
    }
}

/// The whole roster a lead edits as one YAML file. Times in overrides, swaps and leave are Unix milliseconds.
public struct RosterDefinition: Equatable, Sendable {
    public var admins: [String]
    public var fallback: RosterFallback
    public var escalation: EscalationPolicy
    public var engineers: [RosterEngineer]
    public var rotations: [RosterRotation]
    public var overrides: [RosterOverride]
    public var swaps: [RosterSwap]
    public var leave: [RosterLeave]

    public init(admins: [String] = [], fallback: RosterFallback = .lead, escalation: EscalationPolicy = .standard,
                engineers: [RosterEngineer], rotations: [RosterRotation], overrides: [RosterOverride] = [],
                swaps: [RosterSwap] = [], leave: [RosterLeave] = []) {
        self.admins = admins
        self.fallback = fallback
        self.escalation = escalation
        self.engineers = engineers
        self.rotations = rotations
        self.overrides = overrides
        self.swaps = swaps
        self.leave = leave
    }

    public func engineer(_ handle: String) -> RosterEngineer? { engineers.first { $0.handle == handle } }

    /// The people who may change the roster: its admins and every rotation's lead.
    public var editors: Set<String> { Set(admins).union(rotations.map(\.lead)) }
}

/// A change to who covers what, kept in journal order so that a later change wins over an earlier one.
public enum RosterAdjustment: Equatable, Sendable {
    case override(RosterOverride)
    case swap(RosterSwap)
}

/// The roster replayed from the journal: the last imported definition plus the overrides, swaps and leave since.
public struct RosterState: Equatable, Sendable {
    public private(set) var definition: RosterDefinition?
    public private(set) var adjustments: [RosterAdjustment] = []
    public private(set) var leave: [RosterLeave] = []

    public init() {}

    public init(definition: RosterDefinition) {
        apply(.defined(definition))
    }

    public var hasRoster: Bool { definition != nil }

    /// The escalation policy of the roster, or the handbook's default while there is none.
    public var policy: EscalationPolicy { definition?.escalation ?? .standard }

    public var overrides: [RosterOverride] {
        adjustments.compactMap { if case let .override(o) = $0 { return o } else { return nil } }
    }

    public var swaps: [RosterSwap] {
        adjustments.compactMap { if case let .swap(s) = $0 { return s } else { return nil } }
    }

    /// The definition as it stands now, with every change since the import folded in: what `export` writes.
    public var current: RosterDefinition? {
        guard var d = definition else { return nil }
        d.overrides = overrides
        d.swaps = swaps
        d.leave = leave
        return d
    }

    public mutating func apply(_ event: RosterEvent) {
        switch event {
        case let .defined(d):
            // The imported file is the whole roster: its overrides, swaps and leave replace what was there. A file
            // cannot say in which order its swaps and overrides were made, so overrides go last and win.
            definition = d
            adjustments = d.swaps.map { .swap($0) } + d.overrides.map { .override($0) }
            leave = d.leave
        case let .overridden(o):
            adjustments.append(.override(o))
        case let .swapped(s):
            adjustments.append(.swap(s))
        case let .leaveRecorded(l):
            leave.append(l)
        }
    }
}
