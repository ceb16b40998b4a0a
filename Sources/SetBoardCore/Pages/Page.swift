/// Pages: a call for help that walks the on-call chain, computed from the journal and the clock alone.

/// Where a page stands at one moment. Every process computes the same answer from the same journal and time.
public struct PageStatus: Equatable, Sendable {
    /// Counted from 0 across rounds: with a chain of three and one repeat, steps 0…5.
    public var step: Int
    public var stepCount: Int
    /// 0 for the first time round the chain.
    public var round: Int
    public var holder: OnCallStep
    public var stepStartedAt: Int64
    /// When the page moves on; nil once acknowledged or past its last step.
    public var nextEscalationAt: Int64?
    /// Who it moves on to then; nil when the next escalation ends the chain.
    public var nextHolder: OnCallStep?
    /// Past the last step's wait with nobody acknowledging: there is nobody left to escalate to.
    public var exhausted: Bool
    public var acknowledgedBy: String?
    public var acknowledgedAt: Int64?
    /// Once exhausted and unacknowledged: when the last person in the chain is next reminded.
    public var nextReminderAt: Int64?
}

public struct Page: Equatable, Sendable {
    /// Bounds applied to a policy read from the journal, so the arithmetic cannot overflow or loop on nonsense.
    static let maxWait: Int64 = 7 * WorkingTime.dayMs
    static let maxRepeats = 1_000
    /// The highest step number a `page.notified` may carry: the chain's steps, then one per reminder.
    public static let maxStepIndex = 10_000_000

    public var id: String
    public var number: Int
    public var summary: String
    public var priority: PagePriority
    public var ticket: String?
    public var chain: [OnCallStep]
    public var policy: EscalationPolicy
    public var opened: Int64
    public var openedBy: String
    public var acknowledgedBy: String?
    public var acknowledgedAt: Int64?
    /// Step → the handle told, as recorded by `page.notified`. Steps from `stepCount` on are reminders to the
    /// chain's last person after the page ran out: `stepCount` is reminder 1.
    public var notified: [Int: String]
    /// Step → when its notification was claimed.
    public var notifiedAt: [Int: Int64]
    /// Step → why telling failed.
    public var notifyFailures: [Int: String]
    /// The replica that opened the page (its `page.opened`'s `rid`); nil when not known (a state built without
    /// replica ids). On a synced board it tells the page's steps (`PageDuty`).
    public var home: String? = nil
    /// The replica that tells the steps now: `home`, or the replica that took over from it (`page.taken_over`).
    public var sender: String? = nil

    public var isAcknowledged: Bool { acknowledgedBy != nil }

    var rounds: Int { min(max(policy.repeats, 0), Page.maxRepeats) + 1 }

    public var stepCount: Int { chain.count * rounds }

    /// The wait at a position in the chain, in milliseconds, at least one second.
    func waitMs(atPosition i: Int) -> Int64 {
        min(max(policy.wait(atStep: i), WorkingTime.secondMs), Page.maxWait)
    }

    var cycleMs: Int64 { (0..<chain.count).reduce(0) { $0 + waitMs(atPosition: $1) } }

    /// Who holds a step, repeats included; nil past the end.
    public func holder(ofStep step: Int) -> OnCallStep? {
        guard step >= 0, step < stepCount, !chain.isEmpty else { return nil }
        return chain[step % chain.count]
    }

    /// Whom a notification step tells: the chain's holder, or for a reminder the chain's last person.
    public func recipient(ofStep step: Int) -> OnCallStep? {
        step >= stepCount && step <= Page.maxStepIndex ? chain.last : holder(ofStep: step)
    }

    /// Milliseconds between reminders, within the policy bounds.
    var remindMs: Int64 {
        min(max(policy.remindEvery, EscalationPolicy.remindRange.lowerBound), EscalationPolicy.remindRange.upperBound)
    }

    /// When the page runs out: the end of the last step's wait.
    public var end: Int64 { opened + cycleMs * Int64(rounds) }

    /// Reminder k (from 1) comes k reminder intervals after the last step began, and only once the page has run
    /// out, so with the standard policy the lead hears again every 15 minutes after their own step.
    func reminderTime(_ k: Int) -> Int64? {
        guard k >= 1, let last = start(ofStep: stepCount - 1) else { return nil }
        let at = last + Int64(k) * remindMs
        return at >= end ? at : nil
    }

    /// The reminder in force at `now` (its number from 1), if the page has run out.
    func currentReminder(at now: Int64) -> Int? {
        guard now >= end, let last = start(ofStep: stepCount - 1) else { return nil }
        let k = Int(min((now - last) / remindMs, Int64(Page.maxStepIndex - stepCount)))
        return reminderTime(k) == nil ? nil : k
    }

    /// When a notification step fell due: a chain step's start, or a reminder's time.
    public func dueTime(ofStep step: Int) -> Int64? {
        step < stepCount ? start(ofStep: step) : reminderTime(step - stepCount + 1)
    }

    /// Every step owed a notification at `now`, oldest first. A notifier that starts late tells each person in the
    /// chain their latest step that has begun (earlier rounds to the same person are superseded), and once the
    /// page ran out, the current reminder; a reminder is skipped while the last person's own step is still untold,
    /// or when they were told at or after the reminder's time.
    public func dueSteps(at now: Int64) -> [Int] {
        guard !isAcknowledged, !chain.isEmpty, now >= opened, let status = status(at: now) else { return [] }
        let latest = status.step
        var due = (max(0, latest - chain.count + 1)...latest).filter { notified[$0] == nil }
        if let k = currentReminder(at: now), let at = reminderTime(k) {
            let step = stepCount + k - 1
            let lastStep = stepCount - 1
            let toldLast = notifiedAt.filter { $0.key >= lastStep }.values.max()
            if notified[step] == nil, notified[lastStep] != nil, (toldLast ?? Int64.min) < at { due.append(step) }
        }
        return due
    }

    /// When a step begins; nil past the end.
    public func start(ofStep step: Int) -> Int64? {
        guard step >= 0, step < stepCount, !chain.isEmpty else { return nil }
        let position = step % chain.count
        let before = (0..<position).reduce(0) { $0 + waitMs(atPosition: $1) }
        return opened + Int64(step / chain.count) * cycleMs + before
    }

    /// The escalation at `now`; an acknowledged page stays where it was when acknowledged. Nil only for a page
    /// with an empty chain, which `decide` never opens and the journal decoder never reads.
    public func status(at now: Int64) -> PageStatus? {
        guard !chain.isEmpty else { return nil }
        let t = acknowledgedAt.map { min($0, now) } ?? now
        let cycle = cycleMs, n = chain.count
        let end = opened + cycle * Int64(rounds)
        var step = stepCount - 1
        if t < end {
            let elapsed = max(0, t - opened)
            var within = elapsed % cycle
            var position = 0
            while position < n - 1, within >= waitMs(atPosition: position) {
                within -= waitMs(atPosition: position)
                position += 1
            }
            step = Int(elapsed / cycle) * n + position
        }
        let started = start(ofStep: step) ?? opened
        let live = !isAcknowledged && t < end
        var reminder: Int64?
        if !isAcknowledged, t >= end, let last = start(ofStep: stepCount - 1) {
            // The first reminder time after now, never before the page ran out.
            let k = max(1, Int(min((t - last) / remindMs + 1, Int64(Page.maxStepIndex - stepCount))))
            reminder = reminderTime(k)
        }
        return PageStatus(
            step: step, stepCount: stepCount, round: step / n, holder: chain[step % n], stepStartedAt: started,
            nextEscalationAt: live ? started + waitMs(atPosition: step % n) : nil,
            nextHolder: live ? holder(ofStep: step + 1) : nil,
            exhausted: t >= end,
            acknowledgedBy: acknowledgedBy, acknowledgedAt: acknowledgedAt, nextReminderAt: reminder)
    }
}

/// Every page replayed from the journal.
public struct PageState: Equatable, Sendable {
    public private(set) var pages: [String: Page] = [:]
    public private(set) var nextNumber = 1
    /// Nudges and stuck periods whose assignee was told (`ticket.assignee_notified`), so each is told once.
    public private(set) var assigneeNotices: Set<AssigneeNotice> = []

    public init() {}

    public func page(_ id: String) -> Page? { pages[id] }

    public func hasClaimed(_ notice: AssigneeNotice) -> Bool { assigneeNotices.contains(notice) }

    public func nextID() -> String { "P-\(nextNumber)" }

    /// Oldest first; acknowledged pages only when asked for.
    public func list(includeAcknowledged: Bool = false) -> [Page] {
        pages.values.filter { includeAcknowledged || !$0.isAcknowledged }.sorted { $0.number < $1.number }
    }

    /// What `ack` with no id means: the page most recently opened that nobody has acknowledged.
    public var newestUnacknowledged: Page? { list().last }

    /// Steps owed a notification (`Page.dueSteps`), oldest page first. The command comes from the notifier's own
    /// config, never from the page, so a stored `policy.notifyCommand` plays no part.
    public func dueNotifications(at now: Int64) -> [(id: String, step: Int)] {
        list().flatMap { page -> [(id: String, step: Int)] in
            page.dueSteps(at: now).map { (page.id, $0) }
        }
    }

    /// `rid`: the replica that wrote the event, which a synced board's notification duty follows (`PageDuty`).
    public mutating func apply(_ event: PageEvent, at ts: Int64, by actor: String, rid: String? = nil) {
        switch event {
        case let .opened(id, summary, ticket, chain, policy, priority):
            guard pages[id] == nil else { return }
            let number = Int(id.split(separator: "-").last ?? "") ?? nextNumber
            nextNumber = max(nextNumber, number.addingReportingOverflow(1).partialValue)  // a key of Int.max must not trap
            pages[id] = Page(id: id, number: number, summary: summary, priority: priority, ticket: ticket, chain: chain,
                             policy: policy, opened: ts, openedBy: actor, acknowledgedBy: nil, acknowledgedAt: nil,
                             notified: [:], notifiedAt: [:], notifyFailures: [:], home: rid, sender: rid)
        case let .acknowledged(id, by):
            change(id) { page in
                page.opened = min(page.opened, ts) // as for `.notified` below
                guard !page.isAcknowledged else { return }
                page.acknowledgedBy = by
                page.acknowledgedAt = ts
            }
        case let .notified(id, step, handle, _):
            change(id) { page in
                // Clock skew: a page cannot have opened after an event about it was written. A page stamped ahead
                // by its host's clock thus escalates from the first claim or acknowledgement a sane clock wrote.
                page.opened = min(page.opened, ts)
                if page.notified[step] == nil {
                    page.notified[step] = handle
                    page.notifiedAt[step] = ts
                }
            }
        case let .notifyFailed(id, step, reason):
            change(id) { page in
                page.opened = min(page.opened, ts)
                page.notifyFailures[step] = reason
            }
        case let .assigneeNotified(key, reason, mark, _):
            assigneeNotices.insert(AssigneeNotice(key: key, reason: reason, mark: mark))
        case let .takenOver(id, _, from):
            change(id) { page in
                page.opened = min(page.opened, ts)
                // Only a takeover from the replica that tells the page counts: a second one, written offline from
                // the same replica, comes later in the one order and changes nothing.
                if let rid, page.sender == from { page.sender = rid }
            }
        }
    }

    private mutating func change(_ id: String, _ body: (inout Page) -> Void) {
        guard var page = pages[id] else { return }
        body(&page)
        pages[id] = page
    }
}
