/// Which nudged or stuck cards owe their assignee a notice, and the claim that tells them once (`ticket.assignee_notified`).

/// Why an assignee is told about a card.
public enum AssigneeNoticeReason: String, CaseIterable, Equatable, Hashable, Sendable {
    case nudge
    case stuck
}

/// One notice owed: `mark` is the nudge's number (the ticket's nudge count after it) for a nudge, and for a stuck
/// card the start of the idle time that made it stuck (its last event, Unix ms): a new event starts a new period.
public struct AssigneeNotice: Equatable, Hashable, Sendable {
    public var key: String
    public var reason: AssigneeNoticeReason
    public var mark: Int64

    public init(key: String, reason: AssigneeNoticeReason, mark: Int64) {
        self.key = key
        self.reason = reason
        self.mark = mark
    }
}

/// A claim that is no longer owed: another process claimed it first, or the card changed meanwhile.
public struct AssigneeNoticeNotDue: Error, Equatable {
    public var notice: AssigneeNotice
}

public enum AssigneeNotices {
    /// A nudge is told only while the card's last event is this recent: a notifier first run on an old board does
    /// not tell everyone about nudges from months ago.
    public static let nudgeWindowMs: Int64 = 86_400_000

    /// The notices owed at `now`, in board order: the newest nudge of each assigned open card, and each assigned
    /// stuck card's current stuck period, when not yet claimed. A card without an assignee owes nobody a notice.
    public static func due(board: BoardState, pages: PageState, now: Int64) -> [AssigneeNotice] {
        var owed: [AssigneeNotice] = []
        for column in Column.allCases where column != .done {
            for ticket in board.cards(in: column) {
                owed += notices(ticket, board: board, now: now).filter { !pages.hasClaimed($0) }
            }
        }
        return owed
    }

    /// What `ticket` owes its assignee at `now`, claimed or not.
    static func notices(_ ticket: Ticket, board: BoardState, now: Int64) -> [AssigneeNotice] {
        guard ticket.isOnBoard, ticket.column != .done, let assignee = ticket.assignee, !assignee.isEmpty else { return [] }
        var owed: [AssigneeNotice] = []
        if ticket.nudges > 0, now - ticket.updated <= nudgeWindowMs {
            owed.append(AssigneeNotice(key: ticket.key, reason: .nudge, mark: Int64(ticket.nudges)))
        }
        if board.isStuck(ticket, now: now) {
            owed.append(AssigneeNotice(key: ticket.key, reason: .stuck, mark: ticket.updated))
        }
        return owed
    }

    /// The claim to tell the assignee, decided under the journal's lock: refused when the notice was claimed by
    /// another process or is no longer owed (the card was closed, unassigned, nudged again or touched meanwhile).
    public static func decide(_ notice: AssigneeNotice, board: BoardState, pages: PageState,
                              now: Int64) throws(AssigneeNoticeNotDue) -> [PageEvent] {
        guard !pages.hasClaimed(notice), let ticket = board.ticket(notice.key),
              notices(ticket, board: board, now: now).contains(notice), let assignee = ticket.assignee
        else { throw AssigneeNoticeNotDue(notice: notice) }
        return [.assigneeNotified(key: notice.key, reason: notice.reason, mark: notice.mark, handle: assignee)]
    }
}
