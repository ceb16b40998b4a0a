// Ticket keys that two replicas handed out offline: which creation keeps the key, which moves, and what later events mean.

/// An event by where it stands in the total order's terms: its replica and its Lamport clock.
public struct EventOrigin: Hashable, Sendable {
    public var rid: String
    public var lam: Int64
    public init(rid: String, lam: Int64) {
        self.rid = rid
        self.lam = lam
    }
}

/// What one replica had imported of the others, as of its `sync.imported` at clock `lam`.
public struct SeenStep: Equatable, Sendable {
    public var lam: Int64
    public var vector: [String: Int64]
    public init(lam: Int64, vector: [String: Int64]) {
        self.lam = lam
        self.vector = vector
    }
}

/// A `ticket.created` whose key was already taken when the total order reached it: the ticket got the next free
/// number instead. `holder` lists the events a replica must have seen to know the key as the other ticket's.
public struct KeyRename: Equatable, Sendable {
    public var from: String
    public var to: String
    public var origin: EventOrigin
    public var holder: [EventOrigin]

    public init(from: String, to: String, origin: EventOrigin, holder: [EventOrigin]) {
        self.from = from; self.to = to; self.origin = origin; self.holder = holder
    }
}

/// Derived during replay, identically on every replica, from the events alone: nothing about a rename is written,
/// so two replicas that resolve the same collision cannot disagree or write it twice.
///
/// A replica names a key as its own view showed it. That view is its own earlier events plus what its last
/// `sync.imported` says it had imported. So an event naming a renamed key means the renamed ticket exactly when its
/// writer had seen that ticket's creation but not what made the key someone else's.
public struct KeyRenames: Equatable, Sendable {
    public private(set) var renames: [KeyRename] = []
    /// For each replica, the newest Lamport clock it had imported of each other replica.
    public private(set) var seen: [String: [String: Int64]] = [:]
    /// The same vectors as they grew, each with the Lamport clock of the `sync.imported` that said it: what a
    /// replica had seen when it wrote an event is the vector of its last such record before that event, not its
    /// newest (a history read after a later sync must give the answer the replay gave).
    public private(set) var seenSteps: [String: [SeenStep]] = [:]
    private var byFrom: [String: [Int]] = [:]
    private var byTo: [String: Int] = [:]

    public init() {}

    public init(renames: [KeyRename]) {
        for rename in renames { record(rename) }
    }

    /// The renames and seen steps a replay had reached (a synced board's snapshot keeps both): resolving goes on
    /// from there exactly as in that replay. Each replica's `seen` is its last step's vector, which `noteSeen` keeps
    /// cumulative.
    public init(renames: [KeyRename], seenSteps: [String: [SeenStep]]) {
        self.init(renames: renames)
        self.seenSteps = seenSteps
        for (rid, steps) in seenSteps { if let last = steps.last { seen[rid] = last.vector } }
    }

    private mutating func record(_ rename: KeyRename) {
        byFrom[rename.from, default: []].append(renames.count)
        byTo[rename.to] = renames.count
        renames.append(rename)
    }

    /// Replica `rid` said, in its event at clock `lam`, that it had imported `vector`.
    public mutating func noteSeen(by rid: String, at lam: Int64, _ vector: [String: Int64]) {
        var current = seen[rid] ?? [:]
        for (other, lam) in vector { current[other] = max(current[other] ?? 0, lam) }
        seen[rid] = current
        seenSteps[rid, default: []].append(SeenStep(lam: lam, vector: current))
    }

    /// Whether replica `rid`, writing at clock `lam`, had seen the event `origin`.
    func saw(_ origin: EventOrigin, by rid: String, at lam: Int64) -> Bool {
        if origin.rid == rid { return origin.lam <= lam }
        // A replica's own events replay in its clock's order, so its steps are sorted: the last one before `lam`.
        guard let steps = seenSteps[rid], let step = steps.last(where: { $0.lam < lam }) else { return false }
        return (step.vector[origin.rid] ?? 0) >= origin.lam
    }

    /// The key that `rid` meant by `key` when it wrote at clock `lam`.
    public func resolve(_ key: String, by rid: String, at lam: Int64) -> String {
        guard let list = byFrom[key] else { return key }
        for i in list {
            let r = renames[i]
            if saw(r.origin, by: rid, at: lam) && !r.holder.allSatisfy({ saw($0, by: rid, at: lam) }) { return r.to }
        }
        return key
    }

    /// The renames of tickets first created as `key`.
    public func renames(from key: String) -> [KeyRename] { (byFrom[key] ?? []).map { renames[$0] } }

    /// The board event as `state` must apply it: keys resolved as its writer meant them, and a creation whose key is
    /// taken moved to the next free number. `holderOrigin` finds where a key's current ticket was created (nil when
    /// unknown: then it counts as seen by everyone).
    public mutating func map(_ event: BoardEvent, rid: String, lam: Int64, state: BoardState,
                             holderOrigin: (String) -> EventOrigin?) -> BoardEvent {
        if case let .ticketCreated(key, ticket) = event {
            guard state.ticket(key) != nil else { return event }
            let holder: [EventOrigin]
            if let i = byTo[key] {
                holder = renames[i].holder + [renames[i].origin]
            } else if let origin = holderOrigin(key) {
                // The same replica creating a key twice is no collision: applying ignores it, as on one host.
                if origin.rid == rid { return event }
                holder = [origin]
            } else {
                holder = []
            }
            let to = state.nextKey()
            record(KeyRename(from: key, to: to, origin: EventOrigin(rid: rid, lam: lam), holder: holder))
            return .ticketCreated(key: to, ticket: ticket)
        }
        guard !byFrom.isEmpty else { return event }
        return event.withKeys { resolve($0, by: rid, at: lam) }
    }
}

extension BoardEvent {
    /// The same event with every ticket key it names passed through `f`.
    public func withKeys(_ f: (String) -> String) -> BoardEvent {
        switch self {
        case .boardCreated, .settingsChanged, .orderRestored, .routingDefined, .clockTargetSet: return self
        case let .ticketCreated(key, t): return .ticketCreated(key: f(key), ticket: t)
        case let .ticketMoved(key, from, to): return .ticketMoved(key: f(key), from: from, to: to)
        case let .ticketRanked(key, position):
            if case let .after(other) = position { return .ticketRanked(key: f(key), position: .after(f(other))) }
            return .ticketRanked(key: f(key), position: position)
        case let .ticketAssigned(key, a): return .ticketAssigned(key: f(key), assignee: a)
        case let .ticketEdited(key, c): return .ticketEdited(key: f(key), changes: c)
        case let .checklistMarked(key, item, s): return .checklistMarked(key: f(key), item: item, state: s)
        case let .ticketNudged(key): return .ticketNudged(key: f(key))
        case let .ticketTakenOver(key, from, to): return .ticketTakenOver(key: f(key), from: from, to: to)
        case let .ticketHandedOver(key, team): return .ticketHandedOver(key: f(key), team: team)
        case let .ticketRerouted(key, type, team, reason):
            return .ticketRerouted(key: f(key), type: type, team: team, reason: reason)
        }
    }
}
