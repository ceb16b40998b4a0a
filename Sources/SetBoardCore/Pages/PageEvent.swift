/// Page events with their stable past-tense type strings, and their journal payloads.

public enum PageEvent: Equatable, Sendable {
    /// The chain and policy are copied in at opening, so a later roster edit never changes a running page and
    /// every process replaying the journal computes the same escalation. The policy is already the one for the
    /// priority (`EscalationPolicy.scaled(for:)`); journals from before priorities read as P2.
    case opened(id: String, summary: String, ticket: String?, chain: [OnCallStep], policy: EscalationPolicy,
                priority: PagePriority = .standard)
    case acknowledged(id: String, by: String)
    /// Written under the journal's lock before the notify command runs: the append is the claim to notify. A step
    /// from the chain's length on is a reminder to the chain's last person (`Page.notified`); `reminder` numbers it
    /// from 1, for readers that do not know the chain's length.
    case notified(id: String, step: Int, handle: String, reminder: Int? = nil)
    /// The notify command failed or timed out; kept so people can see that nobody was told.
    case notifyFailed(id: String, step: Int, reason: String)

    public static let types = ["page.opened", "page.acknowledged", "page.notified", "page.notify_failed"]

    public var type: String {
        switch self {
        case .opened: return "page.opened"
        case .acknowledged: return "page.acknowledged"
        case .notified: return "page.notified"
        case .notifyFailed: return "page.notify_failed"
        }
    }

    public var id: String {
        switch self {
        case let .opened(id, _, _, _, _, _), let .acknowledged(id, _), let .notified(id, _, _, _), let .notifyFailed(id, _, _):
            return id
        }
    }

    /// One line for `setboard log`, user text escaped.
    public var summary: String {
        switch self {
        case let .opened(id, summary, ticket, chain, _, priority):
            let who = chain.map { "@\(TextSafety.escaped($0.handle)) (\($0.role.rawValue))" }.joined(separator: " → ")
            return "opened \(priority.label) page \(id): \(TextSafety.escaped(summary))" + (ticket.map { " [\(TextSafety.escaped($0))]" } ?? "")
                + ", chain \(who)"
        case let .acknowledged(id, by): return "\(id) acknowledged by @\(TextSafety.escaped(by))"
        case let .notified(id, step, handle, reminder):
            let which = reminder.map { "reminder \($0)" } ?? "step \(step + 1)"
            return "\(id) \(which): notifying @\(TextSafety.escaped(handle))" + (reminder == nil ? "" : " again")
        case let .notifyFailed(id, step, reason): return "\(id) step \(step + 1): notify failed: \(TextSafety.escaped(reason))"
        }
    }

    public var payload: JSONValue {
        switch self {
        case let .opened(id, summary, ticket, chain, policy, priority):
            let steps = chain.map { JSONValue.object([("role", .string($0.role.rawValue)), ("handle", .string($0.handle))]) }
            let policyValue = JSONValue.object([
                ("waits_s", .array(policy.waits.map { .int($0) })), ("repeats", .int(Int64(policy.repeats))),
                ("notify", policy.notifyCommand.map { .string($0) } ?? .null), ("remind_s", .int(policy.remindEvery)),
            ])
            return .object([("id", .string(id)), ("summary", .string(summary)), ("ticket", ticket.map { .string($0) } ?? .null),
                            ("chain", .array(steps)), ("policy", policyValue), ("priority", .int(Int64(priority.rawValue)))])
        case let .acknowledged(id, by):
            return .object([("id", .string(id)), ("by", .string(by))])
        case let .notified(id, step, handle, reminder):
            var fields: [(String, JSONValue)] = [("id", .string(id)), ("step", .int(Int64(step))), ("handle", .string(handle))]
            if let reminder { fields.append(("reminder", .int(Int64(reminder)))) }
            return .object(fields)
        case let .notifyFailed(id, step, reason):
            return .object([("id", .string(id)), ("step", .int(Int64(step))), ("reason", .string(reason))])
        }
    }

    /// Nil for another kind of event or a payload that does not hold (an empty chain included); never traps.
    public init?(type: String, payload p: JSONValue) {
        guard type.hasPrefix("page."), let id = p["id"]?.stringValue else { return nil }
        switch type {
        case "page.opened":
            guard let summary = p["summary"]?.stringValue, let steps = p["chain"]?.arrayValue else { return nil }
            let chain = steps.compactMap { step -> OnCallStep? in
                guard let role = step["role"]?.stringValue.flatMap(OnCallRole.init(rawValue:)),
                      let handle = step["handle"]?.stringValue else { return nil }
                return OnCallStep(role: role, handle: handle)
            }
            guard !chain.isEmpty, chain.count == steps.count else { return nil }
            let policy = p["policy"]
            let waits = policy?["waits_s"]?.arrayValue?.compactMap(\.intValue) ?? EscalationPolicy.standard.waits
            let repeats = policy?["repeats"]?.intValue.map { Int(clamping: $0) } ?? 0
            // Both absent in journals written before priorities and reminders: P2 and the default interval then.
            var priority = PagePriority.standard
            if let value = p["priority"] {
                guard let n = value.intValue, let read = PagePriority(rawValue: Int(clamping: n)) else { return nil }
                priority = read
            }
            var remind = EscalationPolicy.standard.remindEvery
            if let value = policy?["remind_s"] {
                guard let n = value.intValue, EscalationPolicy.remindRange.contains(n) else { return nil }
                remind = n
            }
            self = .opened(id: id, summary: summary, ticket: p["ticket"]?.stringValue, chain: chain,
                           policy: EscalationPolicy(waits: waits, repeats: repeats, notifyCommand: policy?["notify"]?.stringValue,
                                                    remindEvery: remind),
                           priority: priority)
        case "page.acknowledged":
            guard let by = p["by"]?.stringValue else { return nil }
            self = .acknowledged(id: id, by: by)
        case "page.notified":
            guard let step = p["step"]?.intValue, (0...Int64(Page.maxStepIndex)).contains(step),
                  let handle = p["handle"]?.stringValue else { return nil }
            var reminder: Int?
            if let value = p["reminder"] {
                guard let n = value.intValue, (1...Int64(Page.maxStepIndex)).contains(n) else { return nil }
                reminder = Int(n)
            }
            self = .notified(id: id, step: Int(clamping: step), handle: handle, reminder: reminder)
        case "page.notify_failed":
            guard let step = p["step"]?.intValue, let reason = p["reason"]?.stringValue else { return nil }
            self = .notifyFailed(id: id, step: Int(clamping: step), reason: reason)
        default:
            return nil
        }
    }
}
