// Which host tells a page's steps on a board synced between hosts, so each step is sent by one host only.

/// The rule every replica of a synced board applies, each from its own view: a page's steps are told by its
/// `sender`, the replica that opened it; another replica takes over only when a step it sees due has gone untold
/// for `grace` after it fell due (the sender is down, cut off, or runs no notifier), and records that in the same
/// append as its claim (`page.taken_over` + `page.notified`). The claim and the takeover reach the other replicas
/// with the next sync; of two takeovers from one sender the first in the replay order counts.
///
/// What it cannot rule out: two replicas that cannot sync with each other for longer than the grace both tell
/// the step (the sender on time, the other after the grace), and two replicas cut off from the sender and from each
/// other both take over. Once they sync, one sender remains.
public struct PageDuty: Equatable, Sendable {
    /// This host's replica id.
    public var replica: String
    /// How long a due step may go untold by the sender before this replica takes over, in milliseconds.
    public var grace: Int64

    /// Five minutes: several `watch --sync-every 30s` rounds, and short against an escalation step.
    public static let defaultGrace: Int64 = 5 * 60_000
    /// A grace shorter than a sync round hands pages over while their sender is fine.
    public static let graceRange: ClosedRange<Int64> = 30_000...86_400_000

    public init(replica: String, grace: Int64 = PageDuty.defaultGrace) {
        self.replica = replica
        self.grace = min(max(grace, PageDuty.graceRange.lowerBound), PageDuty.graceRange.upperBound)
    }

    /// What this replica may do about `step` of `page` at `now`.
    public enum Answer: Equatable, Sendable {
        /// Tell it: this replica is the sender (or the page predates replica ids).
        case mine
        /// Tell it, taking the page over from `from` first.
        case takeOver(from: String)
        /// Leave it to `sender`, until `until`.
        case others(sender: String, until: Int64)
    }

    public func answer(_ page: Page, step: Int, at now: Int64) -> Answer {
        guard let sender = page.sender, sender != replica else { return .mine }
        let due = page.dueTime(ofStep: step) ?? page.opened
        let until = due + grace
        return now >= until ? .takeOver(from: sender) : .others(sender: sender, until: until)
    }
}

extension PageState {
    /// The steps owed a notification at `now` that this replica is to tell (`PageDuty`); all of them without a duty
    /// (a board on one host).
    public func dueNotifications(at now: Int64, duty: PageDuty?) -> [(id: String, step: Int)] {
        let due = dueNotifications(at: now)
        guard let duty else { return due }
        return due.filter { item in
            guard let page = page(item.id) else { return false }
            if case .others = duty.answer(page, step: item.step, at: now) { return false }
            return true
        }
    }
}
