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
    /// Written under the journal's lock before the notify command runs, as `page.notified` is: the claim to tell
    /// a card's assignee once about one nudge (`mark` is its number) or one stuck period (`mark` is the card's last
    /// event before it, Unix ms). Kept with the pages: it is the notifier's record, and changes nothing on the card.
    case assigneeNotified(key: String, reason: AssigneeNoticeReason, mark: Int64, handle: String)
    /// On a synced board: the replica that writes it takes over telling the page's steps from replica `from`, which
    /// had not claimed `step` within the grace period after it fell due (`PageDuty`). Written with the claim of that
    /// step, under the lock; of two takeovers from one replica the first in the replay order counts.
    case takenOver(id: String, step: Int, from: String)

    public static let types = ["page.opened", "page.acknowledged", "page.notified", "page.notify_failed",
                               "ticket.assignee_notified", "page.taken_over"]

    public var type: String {
        switch self {
        case .opened: return "page.opened"
        case .acknowledged: return "page.acknowledged"
        case .notified: return "page.notified"
        case .notifyFailed: return "page.notify_failed"
        case .assigneeNotified: return "ticket.assignee_notified"
        case .takenOver: return "page.taken_over"
        }
    }

    /// The page's id, or the ticket's key for an assignee notice.
    public var id: String {
        switch self {
        case let .opened(id, _, _, _, _, _), let .acknowledged(id, _), let .notified(id, _, _, _), let .notifyFailed(id, _, _),
             let .assigneeNotified(id, _, _, _), let .takenOver(id, _, _):
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
        case let .assigneeNotified(key, reason, mark, handle):
            let what = reason == .nudge ? "nudge \(mark)" : "stuck, idle since \(WorkingTime.isoMinute(mark)) UTC,"
            return "\(TextSafety.escaped(key)) \(what) notifying assignee @\(TextSafety.escaped(handle))"
        case let .takenOver(id, step, from):
            return "\(id) step \(step + 1): page taken over from replica \(TextSafety.escaped(from)), which had not told it in time"
        }
    }

    public var payload: JSONValue {
        switch self {
        case let .opened(id, summary, ticket, chain, policy, priority):
            let steps = chain.map { JSONValue.object([("role", .string($0.role.rawValue)), ("handle", .string($0.handle))]) }
            let policyValue = JSONValue.object([
                ("waits_s", .array(policy.waits.map { .int($0 / WorkingTime.secondMs) })), ("repeats", .int(Int64(policy.repeats))),
                ("notify", policy.notifyCommand.map { .string($0) } ?? .null),
                ("remind_s", .int(policy.remindEvery / WorkingTime.secondMs)),
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
        case let .takenOver(id, step, from):
            return .object([("id", .string(id)), ("step", .int(Int64(step))), ("from", .string(from))])
        case let .assigneeNotified(key, reason, mark, handle):
            let markField = reason == .nudge ? "nudge" : "idle_since_ms"
            return .object([("key", .string(key)), ("reason", .string(reason.rawValue)), (markField, .int(mark)),
                            ("handle", .string(handle))])
        }
    }

    /// The strict decoder the registry calls: a chain of at least one step, the policy's waits and repeats inside
    /// their `ValidRange`s, `step` inside `ValidRange.pageStep`. `notify` is read as an optional string and nothing more;
    /// `priority` and `remind_s` are optional (absent before priorities and reminders).
    /// `ticket.assignee_notified` has `nudge` inside `ValidRange.nudgeNumber` or `idle_since_ms` inside
    /// `ValidRange.instantMilliseconds`, as its reason says.
    static func decode(_ type: String, _ p: PayloadReader) throws(PayloadError) -> PageEvent {
        if type == "ticket.assignee_notified" {
            let reason = try p.word("reason", AssigneeNoticeReason.init(rawValue:))
            let mark = reason == .nudge ? try p.int("nudge", in: ValidRange.nudgeNumber)
                : try p.int("idle_since_ms", in: ValidRange.instantMilliseconds)
            return .assigneeNotified(key: try p.string("key"), reason: reason, mark: mark, handle: try p.string("handle"))
        }
        let id = try p.string("id")
        switch type {
        case "page.opened":
            var chain: [OnCallStep] = []
            for step in try p.objects("chain") {
                chain.append(OnCallStep(role: try step.word("role", OnCallRole.init(rawValue:)), handle: try step.string("handle")))
            }
            guard !chain.isEmpty else { throw p.fail("chain", "is empty: a page needs someone to page") }
            let policy = try EscalationPolicy.decode(try p.object("policy"))
            // Absent in journals written before priorities: P2 then.
            let priority = try p.optionalInt("priority", in: ValidRange.pagePriority)
                .flatMap { PagePriority(rawValue: Int($0)) } ?? PagePriority.standard
            return .opened(id: id, summary: try p.string("summary"), ticket: try p.optionalString("ticket"), chain: chain,
                           policy: policy, priority: priority)
        case "page.acknowledged":
            return .acknowledged(id: id, by: try p.string("by"))
        case "page.notified":
            let reminder = try p.optionalInt("reminder", in: ValidRange.pageReminder).map { Int($0) }
            return .notified(id: id, step: Int(try p.int("step", in: ValidRange.pageStep)), handle: try p.string("handle"),
                             reminder: reminder)
        case "page.notify_failed":
            return .notifyFailed(id: id, step: Int(try p.int("step", in: ValidRange.pageStep)), reason: try p.string("reason"))
        case "page.taken_over":
            let from = try p.string("from")
            guard SyncEvent.isReplicaID(from) else { throw p.fail("from", "is not a replica id (1 to 64 of a-z, 0-9, -)") }
            return .takenOver(id: id, step: Int(try p.int("step", in: ValidRange.pageStep)), from: from)
        default:
            throw unknownType(type)
        }
    }
}

extension EscalationPolicy {
    /// `remind_s`'s bounds: `remindRange` in the journal's seconds.
    static let remindSecondsRange = (remindRange.lowerBound / WorkingTime.secondMs)...(remindRange.upperBound / WorkingTime.secondMs)

    /// The policy as a roster or a page stores it (`waits_s`, `repeats`, `notify`, `remind_s`; seconds on disk,
    /// milliseconds in memory), checked against its ranges.
    static func decode(_ p: PayloadReader) throws(PayloadError) -> EscalationPolicy {
        let waits = try p.ints("waits_s", in: ValidRange.escalationWait).map { $0 * WorkingTime.secondMs }
        guard ValidRange.escalationWaitCount.contains(waits.count) else {
            throw p.fail("waits_s", "has \(waits.count) waits, outside its valid range 1…10")
        }
        // `remind_s` is absent in journals written before reminders: the default interval then.
        return EscalationPolicy(waits: waits, repeats: Int(try p.int("repeats", in: ValidRange.escalationRepeats)),
                                notifyCommand: try p.optionalString("notify"),
                                remindEvery: try p.optionalInt("remind_s", in: remindSecondsRange).map { $0 * WorkingTime.secondMs }
                                    ?? EscalationPolicy.standard.remindEvery)
    }
}
