/// Response clocks: the default targets per tier and level, which clocks run when, the kept deadlines the header
/// counts, targets changed in the settings, and the breaches the on-call summary replays.
import Testing
@testable import SetBoardCore
@testable import SetBoardJournal

@Suite("Response clocks")
struct ResponseClockTests {
    let mon = Clock.monday
    let h = Clock.hour

    @Test func defaultTargetsPerTierAndLevel() {
        let d = ResponseTargets.defaults
        #expect(d.hours(.assign, tier: .community, level: .l1) == 1)
        #expect(d.hours(.assign, tier: .escalation, level: .l1) == 1)
        #expect(d.hours(.assign, tier: .hotfix, level: .l1) == 4)
        #expect(d.hours(.assign, tier: .community, level: .l2) == 4)
        #expect(d.hours(.assign, tier: .release, level: .l2) == nil)
        #expect(d.hours(.assign, tier: .community, level: .l3) == nil)
        #expect(d.hours(.assign, tier: .escalation, level: nil) == nil)
        #expect(d.hours(.update, tier: .community, level: .l1) == 4)
        #expect(d.hours(.resolve, tier: .escalation, level: .l1) == 72)
        #expect(d.hours(.resolve, tier: .hotfix, level: .l2) == nil)
    }

    @Test func anUnassignedL1CommunityTicketBreachesAfterOneHour() throws {
        var b = BoardFixture.initialized()
        try b.run(.add(NewTicket(title: "Login loop", tier: .community, level: .l1)), at: mon + 9 * h)
        let t = try #require(b.state.ticket("SET-1"))
        let running = try #require(b.state.responseClock(t, now: mon + 9 * h + 20 * Clock.minute))
        #expect(running.kind == .assign && !running.isBreached)
        #expect(running.remainingMs == 40 * Clock.minute)
        #expect(!b.state.isBreached(t, now: mon + 10 * h))
        #expect(b.state.isBreached(t, now: mon + 10 * h + 1))
        #expect(b.state.breachedCount(now: mon + 10 * h) == 0)
        #expect(b.state.breachedCount(now: mon + 10 * h + 1) == 1)
        // The demo's ticket: 30 h unassigned is 29 h past its target.
        #expect(b.state.responseClock(t, now: mon + 39 * h)?.overdueMs == 29 * h)
        #expect(b.state.breachedTickets(now: mon + 39 * h).map(\.key) == ["SET-1"])
    }

    @Test func assigningLeavesTheUpdateClockAndStartingLeavesTheResolveClock() throws {
        var b = BoardFixture.initialized()
        try b.run(.add(NewTicket(title: "Export fails", tier: .escalation, level: .l1)), at: mon)
        try b.run(.assign(key: "SET-1", assignee: "bob"), at: mon + 30 * Clock.minute)
        var t = try #require(b.state.ticket("SET-1"))
        #expect(b.state.responseClock(t, now: mon + h)?.kind == .update)
        #expect(b.state.breachedCount(now: mon + 4 * h + 1) == 1)
        try b.run(.move(key: "SET-1", to: .inProgress), at: mon + 5 * h)
        t = try #require(b.state.ticket("SET-1"))
        #expect(b.state.responseClock(t, now: mon + 5 * h)?.kind == .resolve)
        #expect(b.state.breachedCount(now: mon + 72 * h) == 0)
        #expect(b.state.breachedCount(now: mon + 72 * h + 1) == 1)
        try b.run(.handOver(key: "SET-1", team: "cloud"), at: mon + 80 * h)
        #expect(b.state.breachedCount(now: mon + 200 * h) == 0)
    }

    @Test func anAssigneeOrALevelWithoutTargetStopsTheClock() throws {
        var b = BoardFixture.initialized()
        try b.run(.add(NewTicket(title: "Export fails", tier: .escalation, level: .l1)), at: mon)
        try b.run(.add(NewTicket(title: "Typo", tier: .community, level: .l3)), at: mon)
        try b.run(.add(NewTicket(title: "Crash", tier: .hotfix, level: .l1)), at: mon)
        #expect(b.state.breachedTickets(now: mon + 2 * h).map(\.key) == ["SET-1"])
        try b.run(.assign(key: "SET-1", assignee: "bob"), at: mon + 2 * h)
        try b.run(.move(key: "SET-1", to: .inProgress), at: mon + 2 * h)
        try b.run(.move(key: "SET-3", to: .done), at: mon + 2 * h)
        #expect(b.state.breachedTickets(now: mon + 3 * h).isEmpty)
        let l3 = try #require(b.state.ticket("SET-2"))
        #expect(b.state.responseClock(l3, now: mon + 300 * h) == nil)
    }

    @Test func aTargetSetInTheSettingsStartsAndStopsClocks() throws {
        var b = BoardFixture.initialized()
        try b.run(.add(NewTicket(title: "Typo", tier: .release, level: .l3)), at: mon)
        #expect(b.state.breachedCount(now: mon + 100 * h) == 0)
        try b.run(.setClockTarget(clock: .assign, tier: .release, level: .l3, hours: 2), at: mon + h)
        #expect(b.state.breachedCount(now: mon + 2 * h + 1) == 1)
        #expect(throws: BoardError.self) { try b.run(.setClockTarget(clock: .assign, tier: .release, level: .l3, hours: 2), at: mon) }
        #expect(throws: BoardError.self) { try b.run(.setClockTarget(clock: .assign, tier: .release, level: .l3, hours: 0), at: mon) }
        try b.run(.setClockTarget(clock: .assign, tier: .release, level: .l3, hours: nil), at: mon + 3 * h)
        #expect(b.state.breachedCount(now: mon + 100 * h) == 0)
    }

    /// The kept deadlines are what a full recount gives, after any mix of events (and through a snapshot).
    @Test func theKeptDeadlinesMatchARecount() throws {
        var b = BoardFixture.initialized()
        let tiers: [Tier] = [.community, .escalation, .hotfix, .release]
        for i in 0..<40 {
            try b.run(.add(NewTicket(title: "T\(i)", tier: tiers[i % 4], level: Level.allCases[i % 4])), at: mon + Int64(i) * h)
        }
        for i in stride(from: 1, through: 40, by: 3) { try b.run(.assign(key: "SET-\(i)", assignee: "bob"), at: mon + 50 * h) }
        for i in stride(from: 2, through: 40, by: 5) { try b.run(.move(key: "SET-\(i)", to: .inProgress), at: mon + 51 * h) }
        for i in stride(from: 3, through: 40, by: 7) { try b.run(.move(key: "SET-\(i)", to: .done), at: mon + 52 * h) }
        try b.run(.edit(key: "SET-4", changes: TicketChanges(level: .some(.l1))), at: mon + 53 * h)
        for step in 0...57 {
            let now = mon + Int64(step) * 7 * h
            let recount = b.state.allTicketsInBoardOrder.filter { b.state.isBreached($0, now: now) }.count
            #expect(b.state.breachedCount(now: now) == recount)
        }
        var w = SnapshotWriter()
        b.state.encodeSnapshot(into: &w)
        let bytes = w.bytes
        let read = try bytes.withUnsafeBytes { raw throws(SnapshotDecodingError) in
            var r = SnapshotReader(raw)
            return try BoardState(snapshot: &r)
        }
        #expect(read.clockDeadlines.map(\.key) == b.state.clockDeadlines.map(\.key))
        #expect(read.clockDeadlines.map(\.deadline) == b.state.clockDeadlines.map(\.deadline))
        #expect(read.settings.responseTargets == b.state.settings.responseTargets)
    }

    /// Deadlines given ascending (as a snapshot stores them) are kept as given; out of order or with a key twice
    /// (no snapshot this code writes) they count the same as one deadline per key, sorted.
    @Test func theClockIndexCountsTheSameWhateverOrderItIsGiven() {
        let ascending: [(key: String, deadline: Int64)] = [("SET-3", 10), ("SET-1", 20), ("SET-2", 20), ("SET-4", 35)]
        let shuffled: [(key: String, deadline: Int64)] = [("SET-4", 35), ("SET-1", 20), ("SET-3", 10), ("SET-2", 20)]
        let twice: [(key: String, deadline: Int64)] = [("SET-3", 10), ("SET-1", 20), ("SET-1", 50), ("SET-2", 20), ("SET-4", 35)]
        for entries in [ascending, shuffled, twice] {
            let index = ClockIndex(entries: entries)
            let expected = Dictionary(entries.map { ($0.key, $0.deadline) }, uniquingKeysWith: { $1 })
            #expect(index.deadlines == expected)
            #expect(index.sorted == expected.values.sorted())
            for now: Int64 in [0, 10, 11, 20, 21, 35, 36, 60] {
                #expect(index.passed(at: now) == expected.values.filter { $0 < now }.count, "\(entries) at \(now)")
            }
        }
    }

    @Test func theReplayFindsBreachesMetLateAndStillRunningInsideTheWindow() throws {
        var b = BoardFixture.initialized()
        try b.run(.add(NewTicket(title: "Login", tier: .community, level: .l1)), at: mon)
        try b.run(.add(NewTicket(title: "Crash", tier: .hotfix, level: .l1)), at: mon)
        try b.run(.assign(key: "SET-1", assignee: "bob"), at: mon + 3 * h)        // 2 h late
        try b.run(.assign(key: "SET-2", assignee: "bob"), at: mon + 3 * h)        // on time (4 h)
        try b.run(.move(key: "SET-2", to: .inProgress), at: mon + 3 * h)
        var replay = ClockBreachReplay(from: mon, until: mon + 6 * h)
        for e in b.log { replay.apply(e.event, seq: e.seq, at: e.at, by: e.actor) }
        let found = replay.breaches
        #expect(found.map { "\($0.key) \($0.kind.rawValue)" } == ["SET-1 assign", "SET-1 update"])
        #expect(found[0].stopped == mon + 3 * h && found[1].stopped == nil)
        // A week starting after SET-1's update target passed still counts the clock that runs late into it, and not
        // the assignment that was late before it began.
        var later = ClockBreachReplay(from: mon + 5 * h, until: mon + 6 * h)
        for e in b.log { later.apply(e.event, seq: e.seq, at: e.at, by: e.actor) }
        #expect(later.breaches.map { "\($0.key) \($0.kind.rawValue)" } == ["SET-1 update"])
    }
}
