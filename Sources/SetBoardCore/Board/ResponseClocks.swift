/// Response clocks: how long a ticket may wait for an assignee, per tier and level, and whether it waited too long.

/// The time-to-assign targets, in wall-clock hours (a critical ticket waits through nights and weekends too).
/// L1 community and escalation tickets (people waiting on the community servers or a customer) get an hour; other
/// L1 tickets 4 h; L2 community and escalation 4 h. Other L2, L3, L4 and tickets without a level have no clock:
/// the stuck limits watch them.
public enum ResponseTargets {
    public static func assignHours(tier: Tier, level: Level?) -> Int? {
        let peopleWaiting = tier == .community || tier == .escalation
        switch level {
        case .l1: return peopleWaiting ? 1 : 4
        case .l2: return peopleWaiting ? 4 : nil
        case .l3, .l4, nil: return nil
        }
    }
}

/// A running time-to-assign clock: the target, and how long the ticket has waited so far.
public struct ResponseClock: Equatable, Sendable {
    public let targetMs: Int64
    public let waitedMs: Int64

    public var isBreached: Bool { waitedMs > targetMs }
    /// Time left before the target when running, time past it when breached.
    public var remainingMs: Int64 { targetMs - waitedMs }
    public var overdueMs: Int64 { waitedMs - targetMs }
}

extension BoardState {
    /// The clock of a ticket still waiting for an assignee on the board's open columns; nil when no target applies
    /// or someone has it. Counted from the ticket's creation.
    public func assignClock(_ t: Ticket, now: Int64) -> ResponseClock? {
        guard t.isOnBoard, t.assignee == nil, t.column != .done, t.column != .handedOver,
              let hours = ResponseTargets.assignHours(tier: t.tier, level: t.level) else { return nil }
        return ResponseClock(targetMs: Int64(hours) * 3_600_000, waitedMs: max(0, now - t.created))
    }

    public func isBreached(_ t: Ticket, now: Int64) -> Bool { assignClock(t, now: now)?.isBreached ?? false }

    /// Tickets past their time-to-assign target, in board order.
    public func breachedTickets(now: Int64) -> [Ticket] {
        Column.allCases.flatMap { cards(in: $0) }.filter { isBreached($0, now: now) }
    }
}
