// The bench's sync figure: another replica's 10,000 new events imported and applied on a 50,000-ticket board.
import Foundation
import SetBoardCore
import SetBoardJournal

enum BenchSync {
    /// The other replica had seen the whole board, then moved, nudged, assigned and created tickets: its file is
    /// put in the sync area as a fetch would, and the time is from a board open (from its snapshot, as `sync` opens
    /// it) to the new events applied — the import's checks, the append to `replicas/` with fsync, and the replay.
    /// Then the synced board's next start, from the snapshot sync writes and by a full replay of every replica.
    static func measure(scratch: String, tickets: Int, events: Int, seed: UInt64) throws -> String {
        let dir = scratch + "/sync-\(tickets)"
        try? FileManager.default.removeItem(atPath: dir)
        try BenchBoards.generate(directory: dir, tickets: tickets, seed: seed, now: Bench.now)
        let clock = CommandClock(pinned: Bench.now)
        let policy = SnapshotPolicy(cacheHome: scratch + "/sync-cache")
        let first = try BoardStore.open(directory: dir, clock: clock, snapshots: policy)
        guard let journal = first.journal as? FileJournal, let position = journal.position else {
            throw CLIFailure("the generated board for the sync bench has no events")
        }
        _ = try first.writeSnapshot(to: first.snapshotPath ?? scratch + "/sync-cache/snapshot")
        let keys = first.state.allTicketsInBoardOrder.map(\.key)
        var rng = SeededRandom(seed: seed)
        let rid = "bench0other0rid"
        var next = first.state.nextNumber
        let columns = Column.allCases
        /// The other replica's events `from` ..< `from + count`, each above every clock the board had seen.
        func made(from: Int, count: Int) -> [UInt8] {
            var bytes: [UInt8] = []
            for i in from..<(from + count) {
                let key = keys[Int(rng.next() % UInt64(keys.count))]
                let event: BoardEvent
                switch rng.next() % 10 {
                case 0: event = .ticketCreated(key: "SET-\(next)", ticket: NewTicket(title: "from the other host \(i)")); next += 1
                case 1, 2, 3: event = .ticketNudged(key: key)
                case 4, 5: event = .ticketAssigned(key: key, assignee: "bob")
                default:
                    event = .ticketMoved(key: key, from: .todo, to: columns[Int(rng.next() % UInt64(columns.count))])
                }
                let at = Bench.now + Int64(i)
                let record = JournalRecord(seq: Int64(i + 1), id: UUIDv7.make(ms: at, using: &rng), rid: rid,
                                           lam: position.lastLam + Int64(i + 1), ts: at, actor: "bob", event: .board(event))
                bytes += record.line
            }
            return bytes
        }
        let bytes = made(from: 0, count: events)
        try FileManager.default.createDirectory(atPath: dir + "/sync/replicas", withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: dir + "/sync/replicas/\(rid).log"))

        let started = BenchClock.now()
        let cpuStarted = cpuMs()
        let store = try BoardStore.open(directory: dir, clock: clock, snapshots: policy)
        let opened = BenchClock.ms(since: started)
        let report = try ReplicaFiles.importFrom(dir + "/sync/replicas", board: dir, local: journal.replica,
                                                 localLines: position.lines, fileSystem: PosixFileSystem.shared)
        try store.refresh()
        let total = BenchClock.ms(since: started)
        let cpu = cpuMs() - cpuStarted
        guard report.imported[rid] == events, store.replicaEventCounts[rid] == events else {
            throw CLIFailure("the sync bench imported \(report.imported[rid] ?? 0) of \(events) events")
        }
        // What `sync` does after importing: the snapshot the next start opens from.
        let snapshotStarted = BenchClock.now()
        store.catchUpSnapshot()
        let snapshotMs = BenchClock.ms(since: snapshotStarted)
        // A later sync's snapshot: the first one after a board's first import also reads this journal's event ids.
        let againStarted = BenchClock.now()
        _ = try store.writeSnapshot(to: store.snapshotPath ?? scratch + "/sync-cache/snapshot")
        let againMs = BenchClock.ms(since: againStarted)
        let reopenStarted = BenchClock.now()
        let reopenCPUStarted = cpuMs()
        _ = try BoardStore.open(directory: dir, clock: clock, snapshots: nil)
        let reopen = BenchClock.ms(since: reopenStarted)
        let reopenCPU = cpuMs() - reopenCPUStarted
        let fastStarted = BenchClock.now()
        let fast = try BoardStore.open(directory: dir, clock: clock, snapshots: policy, lazily: true)
        let fastMs = BenchClock.ms(since: fastStarted)
        guard fast.syncedFromSnapshot, fast.notes.isEmpty else {
            throw CLIFailure("the synced board did not open from its snapshot: \(fast.notes.joined(separator: "; "))")
        }
        // The first frame as a person gets it: `render` in a new process, from the snapshot and with snapshots off.
        let render = ["render", "--size", "100x30", "--board", dir]
        func firstFrame(snapshots: Bool) throws -> Double {
            var env = ProcessInfo.processInfo.environment
            env["SETBOARD_NOW"] = WorkingTime.isoMinute(Bench.now)
            env["NO_COLOR"] = "1"
            env["XDG_CACHE_HOME"] = scratch + "/sync-cache"
            env["SETBOARD_BOARD"] = nil
            env["SETBOARD_SNAPSHOT"] = snapshots ? nil : "off"
            var times: [Double] = []
            for _ in 0..<3 {
                let r = try BenchSpawn.run(BenchSpawn.selfPath, render, environment: env)
                guard r.status == 0 else { throw CLIFailure("render of the synced board failed: \(r.err)") }
                times.append(r.wallMs)
            }
            return BenchStats.median(times)
        }
        let frameReplay = try firstFrame(snapshots: false)
        let frameSnapshot = try firstFrame(snapshots: true)
        // A later sync of the synced board: as many events again, opened from the synced snapshot.
        let more = made(from: events, count: events)
        let wire = try FileHandle(forWritingTo: URL(fileURLWithPath: dir + "/sync/replicas/\(rid).log"))
        try wire.seekToEnd()
        try wire.write(contentsOf: Data(more))
        try wire.close()
        let againSyncStarted = BenchClock.now()
        let again = try BoardStore.open(directory: dir, clock: clock, snapshots: policy)
        let againOpened = BenchClock.ms(since: againSyncStarted)
        let onTop = again.syncedFromSnapshot
        _ = try ReplicaFiles.importFrom(dir + "/sync/replicas", board: dir, local: journal.replica,
                                       localLines: position.lines, fileSystem: PosixFileSystem.shared)
        try again.refresh()
        let againTotal = BenchClock.ms(since: againSyncStarted)
        guard onTop, again.syncedFromSnapshot, again.replicaEventCounts[rid] == 2 * events else {
            throw CLIFailure("the second sync of the bench did not go on from the synced snapshot")
        }
        // A key press on the open synced board: one move (lock, catch up with this journal and every replica file,
        // append, fsync, apply), then a refresh with nothing new, as the open board's timer does; medians of 20.
        var moveTimes: [Double] = [], idleTimes: [Double] = []
        for i in 0..<20 {
            let moveStarted = BenchClock.now()
            _ = try again.perform(.move(key: keys[0], to: i % 2 == 0 ? .inProgress : .todo), actor: "bench", now: Bench.now + 1_000_000)
            moveTimes.append(BenchClock.ms(since: moveStarted))
            let idleStarted = BenchClock.now()
            guard try !again.refresh() else { throw CLIFailure("a refresh of the synced board found events that were not there") }
            idleTimes.append(BenchClock.ms(since: idleStarted))
        }
        try? FileManager.default.removeItem(atPath: dir)
        let verdict = total <= 1_000 ? "ok" : "OVER"
        return "sync: \(BenchFormat.count(events)) events from another replica on a \(BenchFormat.count(tickets))-ticket board "
            + "applied in \(BenchFormat.ms(total)) ms, \(BenchFormat.ms(cpu)) ms of CPU (open \(BenchFormat.ms(opened)) ms, import "
            + "and replay \(BenchFormat.ms(total - opened)) ms; target ≤ 1,000 ms: \(verdict)); the snapshot sync then writes: "
            + "\(BenchFormat.ms(snapshotMs)) ms (the board's first import: it reads this journal's event ids once), "
            + "\(BenchFormat.ms(againMs)) ms at a later sync\n"
            + "synced board's next start: from its snapshot \(BenchFormat.ms(fastMs)) ms, full replay of every replica "
            + "\(BenchFormat.ms(reopen)) ms (\(BenchFormat.ms(reopenCPU)) ms of CPU) · first frame of a synced board "
            + "(render, median of 3 cold starts): from a snapshot \(BenchFormat.ms(frameSnapshot)) ms, full replay "
            + "\(BenchFormat.ms(frameReplay)) ms\n"
            + "a later sync of the synced board: \(BenchFormat.count(events)) more events applied in \(BenchFormat.ms(againTotal)) ms "
            + "(open from the synced snapshot \(BenchFormat.ms(againOpened)) ms; before, that open was the full replay above)\n"
            + "on the open synced board (\(BenchFormat.count(2 * events)) events of another replica), median of 20: a move "
            + "\(BenchFormat.ms(BenchStats.median(moveTimes))) ms, a refresh with nothing new \(BenchFormat.ms(BenchStats.median(idleTimes))) ms"
    }
}

/// This process's CPU time (user and system) so far: on a busy machine the wall time says more about the others.
private func cpuMs() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000
        + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000
}
