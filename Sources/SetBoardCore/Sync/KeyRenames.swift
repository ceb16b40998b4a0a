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

/// What a renamed key names: a ticket, or an incident (`INC-N`), a page (`P-N`) or a project (`PRJ-N`), whose ids
/// replicas hand out offline just as they hand out ticket keys.
public enum IDSpace: UInt8, Equatable, Hashable, Sendable, CustomStringConvertible {
    case ticket = 0, incident = 1, page = 2, project = 3

    public var description: String {
        switch self {
        case .ticket: return "ticket"
        case .incident: return "incident"
        case .page: return "page"
        case .project: return "project"
        }
    }

    /// The id's prefix in this space (a ticket's is the board's, so none here).
    var prefix: String? {
        switch self {
        case .ticket: return nil
        case .incident: return "INC-"
        case .page: return "P-"
        case .project: return "PRJ-"
        }
    }

    /// True when `id` is an id of this space with a number the state can count from (`PRJ-3`, not `PRJ-03`).
    public func isID(_ id: String) -> Bool {
        guard let prefix, id.hasPrefix(prefix) else { return false }
        let digits = id.dropFirst(prefix.count)
        return !digits.isEmpty && digits.count <= 9 && digits.first != "0" && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }
}

/// A `ticket.created` whose key was already taken when the total order reached it: the ticket got the next free
/// number instead. `holder` lists the events a replica must have seen to know the key as the other ticket's.
/// The same for an incident, page or project opened under an id another replica had taken (`space`).
public struct KeyRename: Equatable, Sendable {
    public var from: String
    public var to: String
    public var origin: EventOrigin
    public var holder: [EventOrigin]
    public var space: IDSpace

    public init(from: String, to: String, origin: EventOrigin, holder: [EventOrigin], space: IDSpace = .ticket) {
        self.from = from; self.to = to; self.origin = origin; self.holder = holder; self.space = space
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
    /// Incidents, pages and projects opened under an id already taken, in the order the replay met them: kept apart
    /// from `renames`, whose keys a board prefix such as `INC` could spell the same.
    public private(set) var idRenames: [KeyRename] = []
    private var idByFrom: [SpacedID: [Int]] = [:]
    private var idByTo: [SpacedID: Int] = [:]

    private struct SpacedID: Hashable {
        var space: IDSpace
        var id: String
    }

    public init() {}

    public init(renames: [KeyRename]) {
        for rename in renames { record(rename) }
    }

    /// The renames and seen steps a replay had reached (a synced board's snapshot keeps both): resolving goes on
    /// from there exactly as in that replay. Each replica's `seen` is its last step's vector, which `noteSeen` keeps
    /// cumulative.
    public init(renames: [KeyRename], seenSteps: [String: [SeenStep]], idRenames: [KeyRename] = []) {
        self.init(renames: renames)
        for rename in idRenames { recordID(rename) }
        self.seenSteps = seenSteps
        for (rid, steps) in seenSteps { if let last = steps.last { seen[rid] = last.vector } }
    }

    private mutating func record(_ rename: KeyRename) {
        byFrom[rename.from, default: []].append(renames.count)
        byTo[rename.to] = renames.count
        renames.append(rename)
    }

    private mutating func recordID(_ rename: KeyRename) {
        idByFrom[SpacedID(space: rename.space, id: rename.from), default: []].append(idRenames.count)
        idByTo[SpacedID(space: rename.space, id: rename.to)] = idRenames.count
        idRenames.append(rename)
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
        return resolved(key, list.map { renames[$0] }, by: rid, at: lam)
    }

    /// The incident, page or project id that `rid` meant by `id` when it wrote at clock `lam`: the same rule.
    public func resolve(_ id: String, in space: IDSpace, by rid: String, at lam: Int64) -> String {
        if space == .ticket { return resolve(id, by: rid, at: lam) }
        guard let list = idByFrom[SpacedID(space: space, id: id)] else { return id }
        return resolved(id, list.map { idRenames[$0] }, by: rid, at: lam)
    }

    /// A key names the moved creation exactly when its writer had seen that creation but not what made the key
    /// someone else's.
    private func resolved(_ key: String, _ candidates: [KeyRename], by rid: String, at lam: Int64) -> String {
        for r in candidates {
            if saw(r.origin, by: rid, at: lam) && !r.holder.allSatisfy({ saw($0, by: rid, at: lam) }) { return r.to }
        }
        return key
    }

    /// An incident, page or project created as `id` when the board already holds `id`: it takes `next` (the next
    /// free id of its space), as a ticket takes the next free key. `holderOrigin` is where the holder was created
    /// (nil when unknown: then it counts as seen by everyone). Nil when the same replica created `id` twice, which
    /// applying ignores, as on one host.
    public mutating func moveCreation(of id: String, in space: IDSpace, rid: String, lam: Int64, next: String,
                                      holderOrigin: () -> EventOrigin?) -> String? {
        let holder: [EventOrigin]
        if let i = idByTo[SpacedID(space: space, id: id)] {
            holder = idRenames[i].holder + [idRenames[i].origin]
        } else if let origin = holderOrigin() {
            if origin.rid == rid { return nil }
            holder = [origin]
        } else {
            holder = []
        }
        recordID(KeyRename(from: id, to: next, origin: EventOrigin(rid: rid, lam: lam), holder: holder, space: space))
        return next
    }

    /// True when no incident, page or project id was moved: events of those families are then applied as written.
    public var noIDRenames: Bool { idRenames.isEmpty }

    /// The renames of incidents, pages or projects first created as `id`.
    public func idRenames(from id: String, in space: IDSpace) -> [KeyRename] {
        (idByFrom[SpacedID(space: space, id: id)] ?? []).map { idRenames[$0] }
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
