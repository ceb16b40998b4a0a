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
    /// The moment asked about (Unix seconds).
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
    /// Seconds to wait at each step of the chain (primary, backup, lead); the last value covers any further step.
    public var waits: [Int64]
    /// How many more times the page goes round the whole chain after the last step.
    public var repeats: Int
    /// A shell command run once per step with the page's details in the environment; nil means nobody is told.
    public var notifyCommand: String?

    public init(waits: [Int64] = [900, 900, 900], repeats: Int = 0, notifyCommand: String? = nil) {
        self.waits = waits
        self.repeats = repeats
        self.notifyCommand = notifyCommand
    }

    /// The handbook's default: 15 minutes at each step, once round, no notifier.
    public static let standard = EscalationPolicy()

    public func wait(atStep step: Int) -> Int64 {
        guard !waits.isEmpty else { return 900 }
        return waits[min(max(step, 0), waits.count - 1)]
    }
}
