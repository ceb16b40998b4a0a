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
}

public struct Page: Equatable, Sendable {
    /// Bounds applied to a policy read from the journal, so the arithmetic cannot overflow or loop on nonsense.
    static let maxWaitSeconds: Int64 = 7 * 86_400
    static let maxRepeats = 1_000

    public var id: String
    public var number: Int
    public var summary: String
    public var ticket: String?
    public var chain: [OnCallStep]
    public var policy: EscalationPolicy
    public var opened: Int64
    public var openedBy: String
    public var acknowledgedBy: String?
    public var acknowledgedAt: Int64?
    /// Step → the handle told, as recorded by `page.notified`.
    public var notified: [Int: String]
    /// Step → why telling failed.
    public var notifyFailures: [Int: String]

    public var isAcknowledged: Bool { acknowledgedBy != nil }

    var rounds: Int { min(max(policy.repeats, 0), Page.maxRepeats) + 1 }

    public var stepCount: Int { chain.count * rounds }

    /// The wait at a position in the chain, in milliseconds, at least one second.
    func waitMs(atPosition i: Int) -> Int64 {
        min(max(policy.wait(atStep: i), 1), Page.maxWaitSeconds) * 1000
    }

    var cycleMs: Int64 { (0..<chain.count).reduce(0) { $0 + waitMs(atPosition: $1) } }

    /// Who holds a step, repeats included; nil past the end.
    public func holder(ofStep step: Int) -> OnCallStep? {
        guard step >= 0, step < stepCount, !chain.isEmpty else { return nil }
        return chain[step % chain.count]
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
        return PageStatus(
            step: step, stepCount: stepCount, round: step / n, holder: chain[step % n], stepStartedAt: started,
            nextEscalationAt: live ? started + waitMs(atPosition: step % n) : nil,
            nextHolder: live ? holder(ofStep: step + 1) : nil,
            exhausted: t >= end,
            acknowledgedBy: acknowledgedBy, acknowledgedAt: acknowledgedAt)
    }
}

/// Every page replayed from the journal.
public struct PageState: Equatable, Sendable {
    public private(set) var pages: [String: Page] = [:]
    public private(set) var nextNumber = 1

    public init() {}

    public func page(_ id: String) -> Page? { pages[id] }

    public func nextID() -> String { "P-\(nextNumber)" }

    /// Oldest first; acknowledged pages only when asked for.
    public func list(includeAcknowledged: Bool = false) -> [Page] {
        pages.values.filter { includeAcknowledged || !$0.isAcknowledged }.sorted { $0.number < $1.number }
    }

    /// What `ack` with no id means: the page most recently opened that nobody has acknowledged.
    public var newestUnacknowledged: Page? { list().last }

    /// Steps that have begun, are not yet claimed by a `page.notified`, and have a notify command to run. Only a
    /// page's current step counts: a step that passed while no notifier was running is stale news.
    public func dueNotifications(at now: Int64) -> [(id: String, step: Int)] {
        list().compactMap { page in
            guard let command = page.policy.notifyCommand, !command.isEmpty,
                  let status = page.status(at: now), !status.exhausted, page.notified[status.step] == nil else { return nil }
            return (page.id, status.step)
        }
    }

    public mutating func apply(_ event: PageEvent, at ts: Int64, by actor: String) {
        switch event {
        case let .opened(id, summary, ticket, chain, policy):
            guard pages[id] == nil else { return }
            let number = Int(id.split(separator: "-").last ?? "") ?? nextNumber
            nextNumber = max(nextNumber, number.addingReportingOverflow(1).partialValue)  // a key of Int.max must not trap
            pages[id] = Page(id: id, number: number, summary: summary, ticket: ticket, chain: chain, policy: policy,
                             opened: ts, openedBy: actor, acknowledgedBy: nil, acknowledgedAt: nil, notified: [:],
                             notifyFailures: [:])
        case let .acknowledged(id, by):
            change(id) { page in
                guard !page.isAcknowledged else { return }
                page.acknowledgedBy = by
                page.acknowledgedAt = ts
            }
        case let .notified(id, step, handle):
            change(id) { page in
                if page.notified[step] == nil { page.notified[step] = handle }
            }
        case let .notifyFailed(id, step, reason):
            change(id) { page in page.notifyFailures[step] = reason }
        }
    }

    private mutating func change(_ id: String, _ body: (inout Page) -> Void) {
        guard var page = pages[id] else { return }
        body(&page)
        pages[id] = page
    }
}
