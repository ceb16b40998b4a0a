// Replaying other replicas' events with this board's own in one total order: Lamport clock, replica id, event id.
import SetBoardCore

/// Where an event stands in the one order every replica replays: by Lamport clock, then replica id, then event id.
struct ReplayOrder: Comparable {
    var lam: Int64
    var rid: String
    var id: String

    init(_ record: JournalRecord) {
        lam = record.lam; rid = record.rid; id = record.id
    }

    init(lam: Int64, rid: String, id: String) {
        self.lam = lam; self.rid = rid; self.id = id
    }

    static func < (a: ReplayOrder, b: ReplayOrder) -> Bool {
        if a.lam != b.lam { return a.lam < b.lam }
        if a.rid != b.rid { return a.rid.utf8.lexicographicallyPrecedes(b.rid.utf8) }
        return a.id.utf8.lexicographicallyPrecedes(b.id.utf8)
    }

    static func sorted(_ records: [JournalRecord]) -> [JournalRecord] {
        records.sorted { ReplayOrder($0) < ReplayOrder($1) }
    }
}

/// What a store replaying several replicas keeps beyond the board: the order reached, the ids applied, the key
/// renames, and how far each replica's file has been read.
final class ReplicaReplay {
    var renames = KeyRenames()
    var last: ReplayOrder?
    var ids = Set<String>()
    /// Where each ticket key's creation came from, for a collision with a later creation.
    var origins: [String: EventOrigin] = [:]
    /// Replica → how many of its file's events have been replayed.
    var taken: [String: Int] = [:]
    /// Replica → why it is set aside (not replayed).
    var problems: [String: String] = [:]
    /// Every other replica's event replayed, for histories (this board's own are in its journal). A store opened
    /// from a snapshot reads the events before its frontier only when they are first asked for.
    var remoteRecords: [JournalRecord] {
        get { readRemotePrefix(); return remoteRead }
        set { readRemotePrefix(); remoteRead = newValue }
    }
    private var remoteRead: [JournalRecord] = []
    /// Reads the other replicas' events a snapshot covers (`ReplicaFrontier`); nil once read, or with no snapshot.
    var unreadRemotePrefix: (() -> [JournalRecord])?
    /// Replica → bytes of its file replayed (whole lines), beside `taken`: where a snapshot's frontier stands.
    var consumed: [String: Int] = [:]
    /// Replica → its file as last read: a refresh reads only what came after (`ReplicaFileMark`).
    var files: [String: ReplicaFileMark] = [:]
    /// Bytes of replica files read by refreshes and local changes since this replay began (tests check it).
    var bytesRead = 0
    /// The ids a snapshot's board had applied, as sorted 64-bit hashes (`ReplicaFrontier.idHash`): an event whose
    /// hash is here may be a duplicate, which only a replay from the start can tell.
    var snapshotIDs: [UInt64] = []
    /// Where each key was created, as the snapshot this replay began from had it.
    var snapshotOrigins: SnapshotOrigins?
    /// False when `ids` lacks this journal's events (a first import put on top of the board as it was).
    var idsComplete = true
    /// True when this replay began from a snapshot's frontier rather than from the start.
    var fromSnapshot = false
    /// `applied` when the snapshot on disk was read or written; nil when none matches this replay.
    var snapshotApplied: Int?
    /// Where a key was created when the replay did not see it (it began on a board already replayed).
    var lookUpOrigin: ((String) -> EventOrigin?)?

    func map(_ event: BoardEvent, _ record: JournalRecord, store: BoardStore) -> BoardEvent {
        // Looked up through self, not a copy: a copy alive while `origins` grows below would be copied whole.
        let mapped = renames.map(event, rid: record.rid, lam: record.lam, state: store.state) { [unowned self] in self.origins[$0] ?? self.lookUpOrigin?($0) }
        if case let .ticketCreated(key, _) = mapped, store.state.ticket(key) == nil {
            self.origins[key] = EventOrigin(rid: record.rid, lam: record.lam)
        }
        return mapped
    }

    private func readRemotePrefix() {
        guard let read = unreadRemotePrefix else { return }
        unreadRemotePrefix = nil
        remoteRead = read() + remoteRead
    }

    /// True when `id` may be one a snapshot's board applied (a hash match; the id itself is not kept).
    func mayHaveApplied(_ id: String) -> Bool {
        guard !snapshotIDs.isEmpty else { return false }
        let hash = ReplicaFrontier.idHash(id)
        var low = 0, high = snapshotIDs.count
        while low < high {
            let mid = (low + high) / 2
            if snapshotIDs[mid] < hash { low = mid + 1 } else { high = mid }
        }
        return low < snapshotIDs.count && snapshotIDs[low] == hash
    }

    /// An event of any family other than the board's as its writer meant it: every ticket key it names resolved
    /// through the renames (`Event.withTicketKeys`), so an incident, page, alert, link, note or project task written
    /// for a key that was renamed follows its ticket. Board events go through `map`, which also hands out new keys.
    func mapOther(_ event: Event, _ record: JournalRecord) -> Event {
        if case .board = event { return event }
        guard !renames.renames.isEmpty else { return event }
        return event.withTicketKeys { renames.resolve($0, by: record.rid, at: record.lam) }
    }

    /// Any event as the store applies it: a board event through `map`, any other through `mapOther`.
    func mapAny(_ event: Event, _ record: JournalRecord, store: BoardStore) -> Event {
        if case let .board(board) = event { return .board(map(board, record, store: store)) }
        return mapIDs(mapOther(event, record), record, store: store)
    }

    /// Set while `boardRecords()` replays: every record as applied (keys as its writer meant them), in order.
    var kept: [JournalRecord]?

    func keep(_ record: JournalRecord, as event: Event?) {
        guard kept != nil else { return }
        guard let event, event != record.event else { kept?.append(record); return }
        kept?.append(JournalRecord(seq: record.seq, id: record.id, rid: record.rid, lam: record.lam, ts: record.ts,
                                   actor: record.actor, event: event, group: record.group))
    }

    func passed(_ record: JournalRecord) {
        let order = ReplayOrder(record)
        if last.map({ $0 < order }) ?? true { last = order }
        ids.insert(record.id)
    }
}

extension BoardStore {
    /// True when this store replays other replicas' events too.
    public var isMerged: Bool { replicas != nil }

    /// Renames derived so far: a ticket created offline on two hosts under one key.
    public var keyRenames: [KeyRename] { replicas?.renames.renames ?? [] }

    /// Replicas whose files are not replayed, and why.
    public var replicasSetAside: [String: String] { replicas?.problems ?? [:] }

    /// Events of other replicas replayed, by replica.
    public var replicaEventCounts: [String: Int] { replicas?.taken ?? [:] }

    /// Bytes of replica files that refreshes and local changes read since the last replay from the start.
    public var replicaBytesRead: Int { replicas?.bytesRead ?? 0 }

    /// The newest Lamport clock replayed, of each replica (this one's included).
    public var newestClocks: [String: Int64] { newestClocks(ignoringSyncEvents: false) }

    /// The same, counting only events other than `sync.imported`: what a new `sync.imported` is worth writing for.
    /// Counting those too would have replicas answer each other's record of a sync for ever.
    public func newestClocks(ignoringSyncEvents: Bool) -> [String: Int64] {
        var out: [String: Int64] = [:]
        for record in replicas?.remoteRecords ?? [] {
            if ignoringSyncEvents, case .sync? = record.event { continue }
            out[record.rid] = max(out[record.rid] ?? 0, record.lam)
        }
        return out
    }

    /// Called once a store is open: a board with imported replica files is replayed whole, in the one order.
    func attachReplicas() throws {
        guard let file = journal as? FileJournal,
              ReplicaFiles.hasReplicas(board: file.directory, fileSystem: file.fileSystem) else { return }
        try replayAllReplicas()
    }

    /// Replays this journal and every replica file from an empty board, in the one order, duplicates dropped by id.
    func replayAllReplicas() throws {
        guard let file = journal as? FileJournal else { return }
        let replay = ReplicaReplay()
        // A journal read from its start holds every record already; one that began at a snapshot, or whose opening
        // read streamed its records to the store without keeping them, reads them again.
        var all = file.startPosition == nil && file.streamedCount == 0 ? file.records : try journal.allRecords(containing: nil)
        // The board as it was (`--at`): every replica's events up to that time, as the local journal's are.
        let cutoff = file.until
        if let cutoff { all = all.filter { $0.ts <= cutoff } }
        for log in ReplicaFiles.readAll(board: file.directory, local: file.replica, fileSystem: file.fileSystem) {
            if let problem = log.problem {
                replay.problems[log.rid] = problem
                continue
            }
            let records = cutoff.map { time in log.records.filter { $0.ts <= time } } ?? log.records
            all += records
            replay.remoteRecords += records
            replay.taken[log.rid] = log.records.count
            replay.consumed[log.rid] = log.consumed
            replay.files[log.rid] = log.mark
        }
        resetForReplay()
        // Set before any event is applied: page times are then never floored at the read time (`clamped`).
        replicas = replay
        for record in ReplayOrder.sorted(all) where !replay.ids.contains(record.id) {
            apply(record)
            replay.passed(record)
        }
        file.lamFloor = replay.last?.lam ?? 0
    }

    /// Takes in this journal's new records and whatever the replica files gained: applied in order when all of it
    /// sorts after what is on the board, else the board is replayed again. True when anything arrived.
    @discardableResult
    func takeIn(_ local: [JournalRecord], underLock: Bool) throws -> Bool {
        guard let file = journal as? FileJournal else {
            for record in local { apply(record) }
            return !local.isEmpty
        }
        guard let replay = replicas else {
            for record in local { apply(record) }
            guard ReplicaFiles.hasReplicas(board: file.directory, fileSystem: file.fileSystem) else { return !local.isEmpty }
            // The first import: when all of it sorts after this journal's newest event (the other replica had seen
            // everything here, the usual case), it goes on top of the board as it is; otherwise a replay.
            let logs = ReplicaFiles.readAll(board: file.directory, local: file.replica, fileSystem: file.fileSystem)
            let remote = ReplayOrder.sorted(logs.flatMap { $0.problem == nil ? $0.records : [] })
            // "~" sorts after every id: a bound above each event of this journal at its newest clock.
            let newest = ReplayOrder(lam: file.position?.lastLam ?? 0, rid: file.replica, id: "~")
            guard let first = remote.first, newest < ReplayOrder(first) else {
                try replayAllReplicas()
                return true
            }
            let fresh = ReplicaReplay()
            fresh.idsComplete = false
            fresh.last = newest
            fresh.lookUpOrigin = { [unowned self] key in try? self.localOrigin(of: key) }
            for log in logs {
                if let problem = log.problem { fresh.problems[log.rid] = problem; continue }
                fresh.taken[log.rid] = log.records.count
                fresh.consumed[log.rid] = log.consumed
                fresh.files[log.rid] = log.mark
                fresh.remoteRecords += log.records
            }
            replicas = fresh
            for record in remote where !fresh.ids.contains(record.id) {
                apply(record)
                fresh.passed(record)
            }
            file.lamFloor = fresh.last?.lam ?? 0
            return true
        }
        var fresh = local
        var newRemote: [JournalRecord] = []
        var grown: [String: (count: Int, bytes: Int)] = [:]
        let dir = ReplicaFiles.directory(file.directory)
        let present = ReplicaFiles.replicaIDs(in: dir, fileSystem: file.fileSystem).filter { $0 != file.replica }
        if replay.files.keys.contains(where: { !present.contains($0) }) {
            // A replica file read before is gone: the board is what a fresh open would replay.
            try replayAllReplicas()
            return true
        }
        var marks: [String: ReplicaFileMark] = [:]
        for rid in present {
            let taken = replay.taken[rid] ?? 0
            if replay.problems[rid] == nil, let mark = replay.files[rid] {
                // Read before and fine: only what was appended since is read and checked.
                switch mark.change(dir + "/" + rid + ".log", rid: rid, fileSystem: file.fileSystem) {
                case .unchanged:
                    continue
                case .rewritten:
                    try replayAllReplicas()
                    return true
                case let .appended(log, read):
                    replay.bytesRead += read
                    guard let next = log.mark else {
                        try replayAllReplicas() // sets the replica aside, saying why, as a fresh open does
                        return true
                    }
                    marks[rid] = next
                    guard !log.records.isEmpty else { continue }
                    newRemote += log.records
                    grown[rid] = (taken + log.records.count, next.consumed)
                }
                continue
            }
            // Set aside, or new since the replay: read whole, as a fresh open reads it.
            let log = ReplicaFiles.read(dir + "/" + rid + ".log", rid: rid, fileSystem: file.fileSystem)
            replay.bytesRead += log.mark?.size ?? 0
            if log.problem != nil || log.records.count < taken {
                if log.problem != replay.problems[rid] || log.records.count < taken {
                    try replayAllReplicas()
                    return true
                }
                continue
            }
            guard log.records.count > taken else { continue }
            newRemote += log.records[taken...]
            grown[rid] = (log.records.count, log.consumed)
            marks[rid] = log.mark
        }
        // Anything that sends the board to a replay below reads every file again; otherwise these are where it stands.
        for (rid, mark) in marks { replay.files[rid] = mark }
        fresh += newRemote
        guard !fresh.isEmpty else { return false }
        let ordered = ReplayOrder.sorted(fresh).filter { !replay.ids.contains($0.id) }
        if ordered.contains(where: { replay.mayHaveApplied($0.id) }) {
            // Perhaps a duplicate of an event the snapshot's board holds: the replay drops it by its id.
            try replayAllReplicas()
            return true
        }
        if let first = ordered.first, let last = replay.last, first.id != last.id, ReplayOrder(first) < last {
            // Something sorts before what the board shows already: only a replay from the start gives the one order.
            try replayAllReplicas()
            return true
        }
        for record in ordered {
            apply(record)
            replay.passed(record)
        }
        if !newRemote.isEmpty { replay.remoteRecords += newRemote }
        for (rid, size) in grown {
            replay.taken[rid] = size.count
            replay.consumed[rid] = size.bytes
        }
        file.lamFloor = replay.last?.lam ?? 0
        return true
    }

    /// The history of a ticket on a board of several replicas: every event, of this journal or another replica's,
    /// that names the key its writer meant for this ticket (a renamed ticket's events name the key it was created
    /// under), in the one order.
    func mergedHistory(of key: String, local: (String) throws -> [JournalRecord]) throws -> [JournalRecord] {
        guard let replay = replicas else { return try local(key) }
        let froms = Set(replay.renames.renames.filter { $0.to == key }.map(\.from))
        var candidates = try local(key)
        for from in froms.sorted() { candidates += try local(from) }
        for record in replay.remoteRecords {
            guard let named = record.payload["key"]?.stringValue, named == key || froms.contains(named) else { continue }
            candidates.append(record)
        }
        var seenIDs = Set<String>()
        return ReplayOrder.sorted(candidates).compactMap { record in
            guard seenIDs.insert(record.id).inserted, let named = record.payload["key"]?.stringValue,
                  meant(named, by: record, in: replay) == key else { return nil }
            return named == key ? record : renamed(record, to: key, from: named, in: replay)
        }
    }

    /// An event that named its ticket by the key it had before a rename, told with the key it was applied to, so
    /// the ticket's history (which reads each event's key) keeps it.
    private func renamed(_ record: JournalRecord, to key: String, from named: String, in replay: ReplicaReplay) -> JournalRecord {
        guard let event = record.event else { return record }
        let mapped = event.withTicketKeys { $0 == named ? key : replay.renames.resolve($0, by: record.rid, at: record.lam) }
        return JournalRecord(seq: record.seq, id: record.id, rid: record.rid, lam: record.lam, ts: record.ts,
                             actor: record.actor, event: mapped, group: record.group)
    }

    /// The key `record` was applied to.
    private func meant(_ named: String, by record: JournalRecord, in replay: ReplicaReplay) -> String {
        if case .board(.ticketCreated)? = record.event {
            return replay.renames.renames.first { $0.from == named && $0.origin == EventOrigin(rid: record.rid, lam: record.lam) }?.to ?? named
        }
        return replay.renames.resolve(named, by: record.rid, at: record.lam)
    }
}

extension BoardStore {
    /// Where this journal created `key`, from the key's history.
    func localOrigin(of key: String) throws -> EventOrigin? {
        for record in try localHistory(of: key) {
            if case let .board(.ticketCreated(created, _))? = record.event, created == key {
                return EventOrigin(rid: record.rid, lam: record.lam)
            }
        }
        return nil
    }

    /// For each replica, the newest Lamport clock of each other replica it said (`sync.imported`) it had imported.
    public var seenByReplica: [String: [String: Int64]] { replicas?.renames.seen ?? [:] }
}

extension BoardStore {
    /// Which pages this replica tells (`PageDuty`): on a synced board, those it opened or took over; nil on a board
    /// of one host, where every notifier may claim every step as before.
    public func pageDuty(grace: Int64 = PageDuty.defaultGrace) -> PageDuty? {
        guard isMerged, let file = journal as? FileJournal else { return nil }
        return PageDuty(replica: file.replica, grace: grace)
    }
}
