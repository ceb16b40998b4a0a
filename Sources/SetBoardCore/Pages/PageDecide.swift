/// Page commands and `decide` for them: open, acknowledge, and claim a step's notification, refusing readably.

public enum PageCommand: Equatable, Sendable {
    /// `onCall` is the roster's answer at `now` (nil with no roster); its chain and the policy for the priority
    /// are snapshotted. P5 tells the primary alone.
    case open(summary: String, ticket: String?, onCall: OnCall?, policy: EscalationPolicy, priority: PagePriority = .standard)
    /// A nil id acknowledges the newest unacknowledged page.
    case acknowledge(id: String?)
    /// Claims the right to notify one step; refused when another process already claimed it. With a `duty` (a
    /// synced board), also refused when another replica tells the page and its grace has not run out; after it, the
    /// claim takes the page over (`page.taken_over` first).
    case recordNotified(id: String, step: Int, duty: PageDuty? = nil)
    case recordNotifyFailure(id: String, step: Int, reason: String)
}

public enum PageError: Error, Equatable, Sendable, CustomStringConvertible {
    case noOneOnCall
    case unknownPage(String)
    case unknownTicket(String)
    case alreadyAcknowledged(id: String, by: String)
    case nothingToAcknowledge
    case invalidText(field: String, reason: String)
    case alreadyNotified(id: String, step: Int)
    case stepNotCurrent(id: String, step: Int)
    case otherReplicaTells(id: String, step: Int, replica: String)

    public var description: String {
        switch self {
        case .noOneOnCall:
            return "nobody is on call to page: the board has no roster covering now (set one up with `setboard roster import FILE`)"
        case let .unknownPage(id): return "no page \(TextSafety.escaped(id)) (see `setboard pages --all`)"
        case let .unknownTicket(k): return "no ticket \(TextSafety.escaped(k)) on this board"
        case let .alreadyAcknowledged(id, by): return "\(id) was already acknowledged by \(TextSafety.escaped(by))"
        case .nothingToAcknowledge: return "no unacknowledged page (see `setboard pages --all`)"
        case let .invalidText(field, reason): return "the \(field) \(reason)"
        case let .alreadyNotified(id, step): return "step \(step + 1) of \(id) was already notified"
        case let .stepNotCurrent(id, step): return "step \(step + 1) of \(id) is not due"
        case let .otherReplicaTells(id, step, replica):
            return "step \(step + 1) of \(id) is told by replica \(TextSafety.escaped(replica)), which opened the page or took it over"
        }
    }
}

public enum PageDecide {
    public static let maxSummaryLength = 300
    public static let maxReasonLength = 500

    public static func decide(_ command: PageCommand, pages: PageState, board: BoardState, actor: String,
                              now: Int64) throws(PageError) -> [PageEvent] {
        switch command {
        case let .open(summary, ticket, onCall, policy, priority):
            let text = try checkedSummary(summary)
            if let ticket, board.ticket(ticket) == nil { throw .unknownTicket(ticket) }
            let full = onCall?.chain ?? []
            let chain = priority.primaryOnly ? Array(full.prefix(1)) : full
            guard !chain.isEmpty else { throw .noOneOnCall }
            return [.opened(id: pages.nextID(), summary: text, ticket: ticket, chain: chain, policy: policy.scaled(for: priority),
                            priority: priority)]
        case let .acknowledge(id):
            let page: Page
            if let id {
                page = try existing(id, pages)
            } else {
                guard let newest = pages.newestUnacknowledged else { throw .nothingToAcknowledge }
                page = newest
            }
            if let by = page.acknowledgedBy { throw .alreadyAcknowledged(id: page.id, by: by) }
            return [.acknowledged(id: page.id, by: actor)]
        case let .recordNotified(id, step, duty):
            let page = try existing(id, pages)
            guard page.notified[step] == nil else { throw .alreadyNotified(id: id, step: step) }
            if let by = page.acknowledgedBy { throw .alreadyAcknowledged(id: id, by: by) }
            // Decided again under the lock: a notifier that read a stale state must not tell anyone early or twice.
            guard page.dueSteps(at: now).contains(step), let holder = page.recipient(ofStep: step) else {
                throw .stepNotCurrent(id: id, step: step)
            }
            let reminder = step >= page.stepCount ? step - page.stepCount + 1 : nil
            let claim = PageEvent.notified(id: id, step: step, handle: holder.handle, reminder: reminder)
            switch duty?.answer(page, step: step, at: now) ?? .mine {
            case .mine: return [claim]
            case let .takeOver(from): return [.takenOver(id: id, step: step, from: from), claim]
            case let .others(sender, _): throw .otherReplicaTells(id: id, step: step, replica: sender)
            }
        case let .recordNotifyFailure(id, step, reason):
            _ = try existing(id, pages)
            let line = String(String.UnicodeScalarView(reason.unicodeScalars.map { $0 == "\n" || $0 == "\r" ? " " : $0 }
                .prefix(maxReasonLength)))
            return [.notifyFailed(id: id, step: step, reason: line.trimmingWhitespace())]
        }
    }

    static func existing(_ id: String, _ pages: PageState) throws(PageError) -> Page {
        guard let page = pages.page(id) else { throw .unknownPage(id) }
        return page
    }

    static func checkedSummary(_ text: String) throws(PageError) -> String {
        let t = text.trimmingWhitespace()
        guard !t.isEmpty else { throw .invalidText(field: "summary", reason: "is empty") }
        guard !t.contains(where: \.isNewline) else { throw .invalidText(field: "summary", reason: "must be one line") }
        guard t.unicodeScalars.count <= maxSummaryLength else {
            throw .invalidText(field: "summary", reason: "is longer than \(maxSummaryLength) characters")
        }
        return t
    }
}
