/// Response clocks: per tier and level, how long a ticket may wait to be assigned, to get its first update and to be
/// resolved or handed over; which clocks run, and the deadlines the board keeps so counting breaches costs no scan.

/// The three clocks. Each runs from the ticket's creation, in wall-clock hours (a critical ticket waits through
/// nights and weekends too): `assign` until someone has it, `update` until it leaves TO DO (someone started on
/// it), `resolve` until it is done or handed over to another team.
public enum ClockKind: String, CaseIterable, Sendable {
    case assign, update, resolve

    public init?(text: String) {
        switch text.lowercased() {
        case "assign": self = .assign
        case "update", "first-update": self = .update
        case "resolve", "handover", "hand-over": self = .resolve
        default: return nil
        }
    }

    public var title: String {
        switch self {
        case .assign: return "time to assign"
        case .update: return "time to first update"
        case .resolve: return "time to resolve or hand over"
        }
    }

    /// The word on a card: "assign 40m", "update 3h", "resolve 2d".
    public var cardWord: String { rawValue }
}

/// The board's targets, in hours, per clock, tier and level. A ticket without a level, or a tier and level with no
/// target, has no clock: the stuck limits watch it.
public struct ResponseTargets: Equatable, Sendable {
    public struct Key: Hashable, Sendable {
        public let clock: ClockKind
        public let tier: Tier
        public let level: Level
        public init(_ clock: ClockKind, _ tier: Tier, _ level: Level) {
            self.clock = clock
            self.tier = tier
            self.level = level
        }
    }

    public private(set) var hours: [Key: Int] {
        didSet { table = Self.table(of: hours) }
    }
    /// The same targets in an array by clock, tier and level (-1 for none): every event a replay applies asks for a
    /// card's deadline, and hashing a key (three String-valued enums, each hashed as its string) was 750
    /// instructions a look, 5% of a full replay of 50,000 tickets. Derived, so left out of `==`.
    private var table: [Int32]

    public init(hours: [Key: Int]) {
        self.hours = hours
        table = Self.table(of: hours)
    }

    public static func == (a: ResponseTargets, b: ResponseTargets) -> Bool { a.hours == b.hours }

    private static func table(of hours: [Key: Int]) -> [Int32] {
        var t = [Int32](repeating: -1, count: ClockKind.allCases.count * Tier.allCases.count * Level.allCases.count)
        // A target beyond Int32 (never one a lead sets: hours in years) stays in `hours` alone and is read from there.
        for (key, h) in hours { t[place(key.clock, key.tier, key.level)] = Int32(exactly: h) ?? -2 }
        return t
    }

    @inline(__always)
    private static func place(_ clock: ClockKind, _ tier: Tier, _ level: Level) -> Int {
        let c: Int
        switch clock {
        case .assign: c = 0
        case .update: c = 1
        case .resolve: c = 2
        }
        return (c * 6 + Int(BoardState.tierByte(tier))) * 4 + level.rank - 1
    }

    /// L1 community and escalation tickets (people waiting on the community servers or a customer): assigned within
    /// 1 h, first update within 4 h, resolved or handed over within 3 days. Other L1: 4 h, 8 h, 5 days. L2 community
    /// and escalation: 4 h, 24 h, 7 days. Everything else has no clock until a lead sets one.
    public static let defaults: ResponseTargets = {
        var h: [Key: Int] = [:]
        for tier in Tier.allCases {
            let peopleWaiting = tier == .community || tier == .escalation
            h[Key(.assign, tier, .l1)] = peopleWaiting ? 1 : 4
            h[Key(.update, tier, .l1)] = peopleWaiting ? 4 : 8
            h[Key(.resolve, tier, .l1)] = peopleWaiting ? 72 : 120
            if peopleWaiting {
                h[Key(.assign, tier, .l2)] = 4
                h[Key(.update, tier, .l2)] = 24
                h[Key(.resolve, tier, .l2)] = 168
            }
        }
        return ResponseTargets(hours: h)
    }()

    public func hours(_ clock: ClockKind, tier: Tier, level: Level?) -> Int? {
        guard let level else { return nil }
        let h = table[Self.place(clock, tier, level)]
        if h == -2 { return hours[Key(clock, tier, level)] }
        return h < 0 ? nil : Int(h)
    }

    public mutating func set(_ clock: ClockKind, tier: Tier, level: Level, hours value: Int?) {
        hours[Key(clock, tier, level)] = value
    }

    /// Every target in a stable order (clock, tier, level), for the snapshot and `settings show`.
    public var sorted: [(key: Key, hours: Int)] {
        ClockKind.allCases.flatMap { c in Tier.allCases.flatMap { t in Level.allCases.compactMap { l in
            hours[Key(c, t, l)].map { (key: Key(c, t, l), hours: $0) }
        } } }
    }
}

/// A running clock: which one, its target, and how long the ticket has waited so far.
public struct ResponseClock: Equatable, Sendable {
    public let kind: ClockKind
    public let targetMs: Int64
    public let waitedMs: Int64

    public var isBreached: Bool { waitedMs > targetMs }
    /// Time left before the target when running, time past it when breached.
    public var remainingMs: Int64 { targetMs - waitedMs }
    public var overdueMs: Int64 { waitedMs - targetMs }
}

/// Each card with a running clock and its nearest deadline (created + the smallest target of its running clocks),
/// kept up to date as events are applied and stored in the snapshot: the header counts breaches with one binary
/// search over the sorted deadlines instead of reading (and, on a board opened lazily, decoding) every card.
/// Derived, so never part of the board's value.
package struct ClockIndex: Equatable, Sendable {
    package private(set) var deadlines: [String: Int64] = [:]
    /// The same deadlines, ascending.
    package private(set) var sorted: [Int64] = []

    package init() {}

    package init(entries: [(key: String, deadline: Int64)]) {
        deadlines.reserveCapacity(entries.count)
        for e in entries { deadlines[e.key] = e.deadline }
        // A snapshot stores them ascending, one per key: then they need no sort (200k, 5,631 deadlines: 1.4 M
        // instructions of a first frame). Anything else (a key twice, out of order) is sorted from the dictionary.
        if deadlines.count == entries.count, zip(entries, entries.dropFirst()).allSatisfy({ $0.deadline <= $1.deadline }) {
            sorted = entries.map(\.deadline)
        } else {
            sorted = deadlines.values.sorted()
        }
    }

    package static func == (lhs: ClockIndex, rhs: ClockIndex) -> Bool { true }

    package mutating func set(_ key: String, _ deadline: Int64?) {
        // A board without response targets has no deadlines: no lookup for every event of its replay.
        if deadline == nil && deadlines.isEmpty { return }
        let old = deadlines[key]
        guard old != deadline else { return }
        if let old, let i = Self.firstIndex(in: sorted, notBelow: old), sorted[i] == old { sorted.remove(at: i) }
        deadlines[key] = deadline
        if let deadline { sorted.insert(deadline, at: Self.firstIndex(in: sorted, notBelow: deadline) ?? sorted.count) }
    }

    /// How many deadlines are before `now`: a ticket is breached once now is past its deadline (waiting exactly the
    /// target is on time).
    package func passed(at now: Int64) -> Int { Self.firstIndex(in: sorted, notBelow: now) ?? sorted.count }

    /// The first position whose value is at least `value`, or nil past the end.
    private static func firstIndex(in list: [Int64], notBelow value: Int64) -> Int? {
        var lo = 0, hi = list.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if list[mid] < value { lo = mid + 1 } else { hi = mid }
        }
        return lo < list.count ? lo : nil
    }
}

extension BoardState {
    /// The clocks running on a ticket at `now`, nearest deadline first; none once it is off the open columns.
    public func runningClocks(_ t: Ticket, now: Int64) -> [ResponseClock] {
        Self.running(t, targets: settings.responseTargets).map {
            ResponseClock(kind: $0.kind, targetMs: $0.targetMs, waitedMs: max(0, now - t.created))
        }
    }

    /// The clock a card shows: the running one with the nearest deadline (the most overdue when breached). Every
    /// card of every frame asks, so a card without a kept deadline costs one lookup and nothing is allocated.
    public func responseClock(_ t: Ticket, now: Int64) -> ResponseClock? {
        guard clocks.deadlines[t.key] != nil, let level = t.level else { return nil }
        let targets = settings.responseTargets
        var best: (kind: ClockKind, hours: Int)?
        func consider(_ kind: ClockKind) {
            if let h = targets.hours(kind, tier: t.tier, level: level), h < best?.hours ?? Int.max { best = (kind, h) }
        }
        if t.assignee == nil { consider(.assign) }
        if t.column == .todo { consider(.update) }
        consider(.resolve)
        return best.map { ResponseClock(kind: $0.kind, targetMs: Int64($0.hours) * 3_600_000, waitedMs: max(0, now - t.created)) }
    }

    public func isBreached(_ t: Ticket, now: Int64) -> Bool { responseClock(t, now: now)?.isBreached ?? false }

    /// Whether the card with this key is past a target, from the kept deadlines alone (nothing is decoded).
    public func isBreached(key: String, now: Int64) -> Bool { clocks.deadlines[key].map { now > $0 } ?? false }

    /// How many cards are past a target: a binary search, whatever the size of the board.
    public func breachedCount(now: Int64) -> Int { clocks.passed(at: now) }

    /// The keys of the cards past a target, in no order; only cards with a running clock are looked at.
    public func breachedKeys(now: Int64) -> Set<String> { Set(clocks.deadlines.lazy.filter { now > $0.value }.map(\.key)) }

    /// Tickets past a target, in board order.
    public func breachedTickets(now: Int64) -> [Ticket] {
        Column.allCases.flatMap { keys(in: $0) }.filter { isBreached(key: $0, now: now) }.compactMap { ticket($0) }
    }

    /// The clocks that run on a ticket as it stands, nearest deadline first.
    public static func running(_ t: Ticket, targets: ResponseTargets) -> [(kind: ClockKind, targetMs: Int64)] {
        guard t.isOnBoard, t.column != .done, t.column != .handedOver, t.level != nil else { return [] }
        var out: [(kind: ClockKind, targetMs: Int64)] = []
        for kind in ClockKind.allCases {
            switch kind {
            case .assign where t.assignee != nil: continue
            case .update where t.column != .todo: continue
            default: break
            }
            if let h = targets.hours(kind, tier: t.tier, level: t.level) { out.append((kind, Int64(h) * 3_600_000)) }
        }
        return out.sorted { $0.targetMs < $1.targetMs }
    }

    /// The nearest deadline of a ticket's running clocks, or nil when none runs.
    /// Called for every event a replay applies, so it allocates nothing.
    package static func deadline(of t: Ticket, targets: ResponseTargets) -> Int64? {
        guard t.isOnBoard, t.column != .done, t.column != .handedOver, let level = t.level else { return nil }
        var hours = targets.hours(.resolve, tier: t.tier, level: level)
        if t.assignee == nil, let h = targets.hours(.assign, tier: t.tier, level: level) { hours = min(hours ?? h, h) }
        if t.column == .todo, let h = targets.hours(.update, tier: t.tier, level: level) { hours = min(hours ?? h, h) }
        return hours.map { t.created &+ Int64($0) * 3_600_000 }
    }
}

/// A clock that ran past its target: on which ticket, which clock, when the target passed, and when the clock
/// stopped (nil while it still runs).
public struct ClockBreach: Equatable, Sendable {
    public let key: String
    public let kind: ClockKind
    public let deadline: Int64
    public let stopped: Int64?
}

/// Replays board events to find every clock that was past its target at some moment of `from...until` (its target
/// passed in the window, or before it while the clock still ran), for the on-call summary. Each clock's deadline and
/// stop are seen as the events arrive.
public struct ClockBreachReplay {
    private var state = BoardState()
    private var running: [String: [ClockKind: Int64]] = [:]
    private var found: [ClockBreach] = []
    private let from: Int64, until: Int64

    public init(from: Int64, until: Int64) {
        self.from = from
        self.until = until
    }

    public mutating func apply(_ event: BoardEvent, seq: Int64, at ts: Int64, by actor: String) {
        guard ts <= until else { return }
        state.apply(event, seq: seq, at: ts, by: actor)
        if let key = event.ticketKey {
            settle(key, at: ts)
        } else if case .clockTargetSet = event {
            for key in Set(running.keys).union(state.tickets.keys) { settle(key, at: ts) }
        }
    }

    /// Breaches in deadline order: the ones whose clock stopped late, then those still running at `until`.
    public var breaches: [ClockBreach] {
        var all = found
        for (key, clocks) in running {
            for (kind, deadline) in clocks where deadline < until {
                all.append(ClockBreach(key: key, kind: kind, deadline: deadline, stopped: nil))
            }
        }
        return all.sorted { ($0.deadline, $0.key, $0.kind.rawValue) < ($1.deadline, $1.key, $1.kind.rawValue) }
    }

    private mutating func settle(_ key: String, at ts: Int64) {
        let before = running[key] ?? [:]
        var now: [ClockKind: Int64] = [:]
        if let t = state.ticket(key) {
            for c in BoardState.running(t, targets: state.settings.responseTargets) { now[c.kind] = t.created &+ c.targetMs }
        }
        for (kind, deadline) in before where now[kind] == nil && deadline < ts && ts > from {
            found.append(ClockBreach(key: key, kind: kind, deadline: deadline, stopped: ts))
        }
        running[key] = now.isEmpty ? nil : now
    }
}
