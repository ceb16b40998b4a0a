/// Deterministic boards of any size for benchmarks and `setboard demo --tickets N`: same seed, same journal.

/// One generated event with the time and person it is attributed to.
public struct GeneratedEvent: Sendable {
    public var at: Int64
    public var actor: String
    public var event: BoardEvent
}

/// SplitMix64: tiny, fast and fully determined by its seed, so a generated board (or a fuzz or torture run) is
/// reproducible on any machine.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    var state: UInt64
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in 0..<bound (bound > 0).
    public mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(max(1, bound))) }

    public mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    public mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
}

public enum BoardGenerator {
    static let people = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory", "oscar"]
    static let teams = ["server", "web", "mobile", "platform", "desktop", "plugins"]
    static let subjects = ["Login loop", "Slow channel switch", "Export times out", "Push drops", "Search misses posts",
                           "Websocket reconnect storm", "Emoji picker freezes", "Upload fails", "LDAP sync stalls",
                           "Thread view blank", "Markdown table overflow", "Audit log gap", "SAML redirect loop",
                           "Bulk import skips users", "Reaction count wrong", "Status stuck on away"]
    static let places = ["on the community server", "for customer Acme", "after upgrade to 10.4", "on iOS",
                         "in Firefox", "with PostgreSQL 16", "on large teams", "behind a proxy", "in the desktop app"]

    /// Events for `tickets` tickets and about `events` events in all (at least one per ticket), ending before `now`.
    public static func script(tickets: Int, events: Int? = nil, seed: UInt64 = 42, now: Int64) -> [GeneratedEvent] {
        var rng = SeededRandom(seed: seed)
        let n = max(0, tickets)
        let total = max(n + 1, events ?? n * 5)
        let day: Int64 = 86_400_000
        // Spread creation over about two years so ages, stuck cards and DONE history look like a long-lived board.
        let span = min(730 * day, max(day, Int64(n) * 3_600_000))
        let start = now - span - day
        var out: [GeneratedEvent] = []
        out.reserveCapacity(total)
        out.append(GeneratedEvent(at: start, actor: "alice", event: .boardCreated(name: "SET board", prefix: "SET")))

        var columns: [Column] = []
        columns.reserveCapacity(n)
        var todo: [Int] = []
        let extraPerTicket = n == 0 ? 0 : (total - 1 - n) / n
        var remainder = n == 0 ? 0 : (total - 1 - n) % n
        for i in 0..<n {
            let created = start + span * Int64(i) / Int64(max(1, n))
            let key = "SET-\(i + 1)"
            let tier = Tier.allCases[weightedTier(&rng)]
            let level: Level? = rng.chance(15) ? nil : Level.allCases[rng.below(Level.allCases.count)]
            let title = "\(rng.pick(subjects)) \(rng.pick(places)) #\(i + 1)"
            let new = NewTicket(title: title, description: "Generated ticket \(i + 1).", tier: tier, level: level,
                                category: rng.chance(80) ? .cat1 : .cat2, type: rng.chance(90) ? .bug : .question)
            out.append(GeneratedEvent(at: created, actor: rng.pick(people), event: .ticketCreated(key: key, ticket: new)))
            columns.append(.todo)
            todo.append(i)

            var extra = extraPerTicket
            if remainder > 0 { extra += 1; remainder -= 1 }
            var t = created
            // Old tickets have mostly travelled to DONE; the newest are still waiting, as on a long-lived board.
            let recent = Double(i) / Double(max(1, n))
            let target: Column
            if recent < 0.9 && rng.chance(97) {
                target = .done
            } else {
                target = [Column.todo, .todo, .todo, .inProgress, .inProgress, .inReview, .handedOver][rng.below(7)]
            }
            let steps = Column.allCases.firstIndex(of: target) ?? 0
            var movesLeft = steps
            for e in 0..<max(extra, steps) {
                t += Int64(rng.below(6 * 3_600_000)) + 60_000
                let at = min(t, now - 60_000)
                let who = rng.pick(people)
                let remaining = max(extra, steps) - e
                let roll = rng.below(100)
                let event: BoardEvent
                if movesLeft > 0 && (remaining <= movesLeft || roll < 40) {
                    let from = columns[i]
                    let to = from.next ?? .done
                    columns[i] = to
                    movesLeft -= 1
                    event = .ticketMoved(key: key, from: from, to: to)
                } else if roll < 55 {
                    event = .ticketAssigned(key: key, assignee: who)
                } else if roll < 65, columns[i] == .todo, todo.count > 1 {
                    let other = todo[rng.below(todo.count)]
                    event = .ticketRanked(key: key, position: other == i ? .top : (columns[other] == .todo ? .after("SET-\(other + 1)") : .bottom))
                } else if roll < 75 {
                    event = .checklistMarked(key: key, item: rng.pick(ChecklistItem.allCases), state: rng.chance(70) ? .present : .notApplicable)
                } else if roll < 85 {
                    event = .ticketNudged(key: key)
                } else if roll < 95 {
                    event = .ticketEdited(key: key, changes: TicketChanges(level: .some(Level.allCases[rng.below(4)])))
                } else {
                    event = .ticketTakenOver(key: key, from: nil, to: who)
                }
                out.append(GeneratedEvent(at: at, actor: who, event: event))
            }
            if columns[i] != .todo, let last = todo.last, last == i { todo.removeLast() }
        }
        return out
    }

    /// Community and escalation work is rarer than ordinary bugs.
    static func weightedTier(_ rng: inout SeededRandom) -> Int {
        let r = rng.below(100)
        switch r {
        case ..<5: return 0
        case ..<15: return 1
        case ..<25: return 2
        case ..<45: return 3
        case ..<75: return 4
        default: return 5
        }
    }
}
