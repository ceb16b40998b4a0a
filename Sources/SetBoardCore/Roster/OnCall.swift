/// What the roster answers and paging consumes: who holds each role at a moment, and how pages escalate.

/// The three on-call roles, in the order a page escalates through them.
public enum OnCallRole: String, CaseIterable, Codable, Sendable {
    case primary, backup, lead
}

/// One step of an escalation chain: a role and the person holding it.
public struct OnCallStep: Equatable, Codable, Sendable {
    public var role: OnCallRole
    public var handle: String

    public init(role: OnCallRole, handle: String) {
        self.role = role
        self.handle = handle
    }
}

/// Who is on call at one moment, as the roster computes it from the journal and the clock.
public struct OnCall: Equatable, Sendable {
    /// The moment asked about.
    public var at: Int64
    /// The covering shift's name; nil when no shift covers the moment.
    public var shift: String?
    public var primary: String?
    public var backup: String?
    public var lead: String?
    /// True when no shift covers the moment and the configured fallback answered instead.
    public var uncovered: Bool

    public init(at: Int64, shift: String? = nil, primary: String? = nil, backup: String? = nil, lead: String? = nil,
                uncovered: Bool = false) {
        self.at = at
        self.shift = shift
        self.primary = primary
        self.backup = backup
        self.lead = lead
        self.uncovered = uncovered
    }

    public func handle(for role: OnCallRole) -> String? {
        switch role {
        case .primary: return primary
        case .backup: return backup
        case .lead: return lead
        }
    }

    /// Primary, backup, lead in escalation order; empty roles are skipped so a page never waits on nobody.
    public var chain: [OnCallStep] {
        OnCallRole.allCases.compactMap { role in handle(for: role).map { OnCallStep(role: role, handle: $0) } }
    }
}

/// How long a page waits at each step before it moves on, how often it goes round, and whom to tell.
public struct EscalationPolicy: Equatable, Codable, Sendable {
    /// Milliseconds to wait at each step of the chain (primary, backup, lead); the last value covers any further step.
    public var waits: [Int64]
    /// How many more times the page goes round the whole chain after the last step.
    public var repeats: Int
    /// A shell command run once per step with the page's details in the environment; nil means nobody is told.
    public var notifyCommand: String?
    /// Milliseconds between reminders to the last person in the chain once a page has run out unacknowledged: a page
    /// nobody answered never ends silently.
    public var remindEvery: Int64

    /// Bounds of `remindEvery`, for the roster file and the journal decoders alike.
    public static let remindRange: ClosedRange<Int64> = WorkingTime.minuteMs...(7 * WorkingTime.dayMs)

    public init(waits: [Int64] = [900_000, 900_000, 900_000], repeats: Int = 0, notifyCommand: String? = nil,
                remindEvery: Int64 = 900_000) {
        self.waits = waits
        self.repeats = repeats
        self.notifyCommand = notifyCommand
        self.remindEvery = remindEvery
    }

    /// The handbook's default: 15 minutes at each step, once round, no notifier.
    public static let standard = EscalationPolicy()

    public func wait(atStep step: Int) -> Int64 {
        guard !waits.isEmpty else { return 900_000 }
        return waits[min(max(step, 0), waits.count - 1)]
    }

    /// The policy a page of this priority runs: P1 and P2 as configured; P3, P4 and P5 wait four times as long at
    /// each step and between reminders (15 minutes become an hour), since they can wait for someone to look.
    public func scaled(for priority: PagePriority) -> EscalationPolicy {
        guard priority.isSlow else { return self }
        var slow = self
        slow.waits = waits.map { $0 > Int64.max / 4 ? $0 : $0 * 4 }
        slow.remindEvery = remindEvery > Int64.max / 4 ? remindEvery : remindEvery * 4
        return slow
    }
}

/// How urgent a page is, P1 (critical) to P5 (informational), as the on-call tools number them.
public enum PagePriority: Int, CaseIterable, Comparable, Sendable {
    case p1 = 1, p2, p3, p4, p5

    /// What `page` uses unless told: urgent, paged at once and escalated at the policy's pace.
    public static let standard = PagePriority.p2

    /// "P1" … "P5", "p3" or "3".
    public init?(text: String) {
        let t = text.hasPrefix("P") || text.hasPrefix("p") ? String(text.dropFirst()) : text
        guard t.count == 1, let n = Int(t), let p = PagePriority(rawValue: n) else { return nil }
        self = p
    }

    public var label: String { "P\(rawValue)" }

    /// P3–P5 escalate at a quarter of the pace.
    public var isSlow: Bool { rawValue >= 3 }

    /// P5 is for information: only the primary is told, nobody is escalated to.
    public var primaryOnly: Bool { self == .p5 }

    public static func < (a: PagePriority, b: PagePriority) -> Bool { a.rawValue < b.rawValue }
}
