// A synced board's snapshot: how far it read each replica's file, so a start reads only what came after.
import SetBoardCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a synced board's snapshot holds beside the board: for this journal its position (the snapshot's own), for
/// every other replica's file the whole lines replayed and a checksum of them, the greatest event in the one order
/// that the board holds, and what the replay derived outside the board (key renames, each replica's seen steps,
/// where each key was created, the ids applied). A start applies the events after it on top when they all sort after that greatest event, and
/// replays from the start otherwise; a file that no longer begins with the bytes read makes the snapshot unused.
public struct ReplicaFrontier: Sendable {
    /// One other replica's file as the snapshot read it.
    struct Mark: Sendable, Equatable {
        var rid: String
        /// Whole lines replayed, in bytes and in events.
        var bytes: Int
        var events: Int
        /// The last of those events' seq and clock: the checks of what follows go on from them.
        var lastSeq: Int64
        var lastLam: Int64
        /// `SnapshotChecksum` of those bytes: a file shortened, rewritten or damaged before them fails it.
        var checksum: UInt64
    }

    /// False when this journal had no event yet: the snapshot's position is then none, and it is read whole.
    var localRead: Bool
    var marks: [Mark]
    /// The greatest event applied, in the one order.
    var last: ReplayOrder?
    /// The store's counters at the snapshot (`BoardStore.applied` gives board events their seq in a replay).
    var applied: Int
    var believable: Int64
    var renames: [KeyRename]
    /// Each replica's `sync.imported` vectors as they grew (`KeyRenames.seenSteps`): which key an event after the
    /// frontier means depends on what its writer had seen when it wrote, not only on its newest vector.
    var seenSteps: [String: [SeenStep]]
    /// `idHash` of every event id applied, sorted: a later event with one of these may be a duplicate.
    var idHashes: [UInt64]
    /// Where each ticket key was created (`ReplicaReplay.origins`), encoded; decoded only when a creation collides.
    var origins: [UInt8]
    /// Incidents, pages and projects opened under an id another replica had taken (`KeyRenames.idRenames`): an
    /// event after the frontier naming such an id follows it as in a replay.
    var idRenames: [KeyRename]

    /// 2: with the seen steps; 3: with the id renames. A snapshot of another version is not used (the board
    /// replays, then writes one).
    static let version: UInt64 = 3

    /// The hash kept for an event id. A match only sends the board to a replay from the start, so a collision
    /// costs time, never correctness.
    static func idHash(_ id: String) -> UInt64 {
        var id = id
        return id.withUTF8 { SnapshotChecksum.of(UnsafeRawBufferPointer($0)) }
    }

    func encode(into w: inout SnapshotWriter) {
        w.uint(Self.version)
        w.bool(localRead)
        w.uint(UInt64(marks.count))
        for mark in marks {
            w.string(mark.rid)
            w.int(mark.bytes); w.int(mark.events); w.int(mark.lastSeq); w.int(mark.lastLam)
            w.uint(mark.checksum)
        }
        w.bool(last != nil)
        if let last {
            w.int(last.lam); w.string(last.rid); w.string(last.id)
        }
        w.int(applied)
        w.int(believable)
        w.uint(UInt64(renames.count))
        for rename in renames {
            w.string(rename.from); w.string(rename.to)
            w.string(rename.origin.rid); w.int(rename.origin.lam)
            w.uint(UInt64(rename.holder.count))
            for origin in rename.holder {
                w.string(origin.rid); w.int(origin.lam)
            }
        }
        w.uint(UInt64(seenSteps.count))
        for (rid, steps) in seenSteps.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            w.string(rid)
            w.uint(UInt64(steps.count))
            for step in steps {
                w.int(step.lam)
                w.uint(UInt64(step.vector.count))
                for (other, lam) in step.vector.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
                    w.string(other); w.int(lam)
                }
            }
        }
        // Fixed-width words: read back with one copy, not a varint each (a 50,000-ticket board has ~10^5 ids).
        var hashes: [UInt8] = []
        hashes.reserveCapacity(idHashes.count * 8)
        for hash in idHashes { withUnsafeBytes(of: hash.littleEndian) { hashes.append(contentsOf: $0) } }
        w.raw(hashes)
        w.raw(origins)
        w.uint(UInt64(idRenames.count))
        for rename in idRenames {
            w.uint(UInt64(rename.space.rawValue))
            w.string(rename.from); w.string(rename.to)
            w.string(rename.origin.rid); w.int(rename.origin.lam)
            w.uint(UInt64(rename.holder.count))
            for origin in rename.holder {
                w.string(origin.rid); w.int(origin.lam)
            }
        }
    }

    init(localRead: Bool, marks: [Mark], last: ReplayOrder?, applied: Int, believable: Int64, renames: [KeyRename],
         seenSteps: [String: [SeenStep]], idHashes: [UInt64], origins: [UInt8], idRenames: [KeyRename] = []) {
        self.localRead = localRead; self.marks = marks; self.last = last; self.applied = applied
        self.believable = believable; self.renames = renames; self.seenSteps = seenSteps; self.idHashes = idHashes
        self.origins = origins
        self.idRenames = idRenames
    }

    init(decoding r: inout SnapshotReader) throws(SnapshotDecodingError) {
        guard try r.uint() == Self.version else { throw SnapshotDecodingError("its replica frontier is of another version") }
        localRead = try r.bool()
        marks = []
        for _ in 0..<(try r.count()) {
            let rid = try r.string()
            let bytes = try r.intValue(), events = try r.intValue(), lastSeq = try r.int(), lastLam = try r.int()
            let checksum = try r.uint()
            guard SyncEvent.isReplicaID(rid), bytes > 0, bytes <= ReplicaFiles.maxFileBytes, events > 0, events <= bytes,
                  lastSeq > 0, lastLam > 0 else { throw SnapshotDecodingError("its replica frontier is damaged") }
            marks.append(Mark(rid: rid, bytes: bytes, events: events, lastSeq: lastSeq, lastLam: lastLam, checksum: checksum))
        }
        last = try r.bool() ? ReplayOrder(lam: try r.int(), rid: try r.string(), id: try r.string()) : nil
        applied = try r.intValue()
        believable = try r.int()
        // `believable` is a stamp, or Int64.min before any board event (`BoardStore.clamped`).
        guard applied >= 0, believable == Int64.min || ValidRange.instantMilliseconds.contains(believable),
              last.map({ ValidRange.counter.contains($0.lam) && SyncEvent.isReplicaID($0.rid) }) ?? true else {
            throw SnapshotDecodingError("its replica frontier is damaged")
        }
        func readOrigin() throws(SnapshotDecodingError) -> EventOrigin {
            let rid = try r.string(), lam = try r.int()
            guard SyncEvent.isReplicaID(rid), ValidRange.counter.contains(lam) else {
                throw SnapshotDecodingError("its replica frontier is damaged")
            }
            return EventOrigin(rid: rid, lam: lam)
        }
        renames = []
        for _ in 0..<(try r.count()) {
            let from = try r.string(), to = try r.string()
            let origin = try readOrigin()
            var holder: [EventOrigin] = []
            for _ in 0..<(try r.count()) { holder.append(try readOrigin()) }
            renames.append(KeyRename(from: from, to: to, origin: origin, holder: holder))
        }
        seenSteps = [:]
        for _ in 0..<(try r.count()) {
            let rid = try r.string()
            // Each replica once, its steps in its clock's order, as the replay noted them.
            guard SyncEvent.isReplicaID(rid), seenSteps[rid] == nil else { throw SnapshotDecodingError("its replica frontier is damaged") }
            var steps: [SeenStep] = []
            for _ in 0..<(try r.count()) {
                let lam = try r.int()
                guard ValidRange.counter.contains(lam), lam >= (steps.last?.lam ?? 0) else {
                    throw SnapshotDecodingError("its replica frontier is damaged")
                }
                var vector: [String: Int64] = [:]
                for _ in 0..<(try r.count()) {
                    let other = try r.string(), seen = try r.int()
                    guard SyncEvent.isReplicaID(other), ValidRange.counter.contains(seen), vector[other] == nil else {
                        throw SnapshotDecodingError("its replica frontier is damaged")
                    }
                    vector[other] = seen
                }
                steps.append(SeenStep(lam: lam, vector: vector))
            }
            seenSteps[rid] = steps
        }
        let hashes = try r.slice()
        guard hashes.count % 8 == 0 else { throw SnapshotDecodingError("its replica frontier is damaged") }
        idHashes = (0..<(hashes.count / 8)).map { UInt64(littleEndian: hashes.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self)) }
        origins = try r.raw()
        idRenames = []
        for _ in 0..<(try r.count()) {
            // A space this version does not know, or an id that is not one of its space's, is damage, never a guess.
            let raw = try r.uint()
            guard raw <= UInt64(UInt8.max), let space = IDSpace(rawValue: UInt8(raw)), space != .ticket else {
                throw SnapshotDecodingError("its replica frontier is damaged")
            }
            let from = try r.string(), to = try r.string()
            guard space.isID(from), space.isID(to) else { throw SnapshotDecodingError("its replica frontier is damaged") }
            let origin = try readOrigin()
            var holder: [EventOrigin] = []
            for _ in 0..<(try r.count()) { holder.append(try readOrigin()) }
            idRenames.append(KeyRename(from: from, to: to, origin: origin, holder: holder, space: space))
        }
    }

    static func encodeOrigins(_ origins: [String: EventOrigin]) -> [UInt8] {
        var w = SnapshotWriter(capacity: origins.count * 24)
        w.uint(UInt64(origins.count))
        for (key, origin) in origins.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            w.string(key); w.string(origin.rid); w.int(origin.lam)
        }
        return w.bytes
    }
}

/// A snapshot's table of where each key was created, decoded the first time a creation collides with a key.
final class SnapshotOrigins {
    private let bytes: [UInt8]
    private var decoded: [String: EventOrigin]?

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var table: [String: EventOrigin] {
        if let decoded { return decoded }
        var out: [String: EventOrigin] = [:]
        bytes.withUnsafeBytes { raw in
            var r = SnapshotReader(raw)
            do throws(SnapshotDecodingError) {
                for _ in 0..<(try r.count()) { out[try r.string()] = EventOrigin(rid: try r.string(), lam: try r.int()) }
            } catch {
                // The snapshot's checksum held, so this is not reached; a key without an origin counts as seen by all.
            }
        }
        decoded = out
        return out
    }
}

extension BoardStore {
    /// True when this synced board was opened from its snapshot plus the events after the frontier, and has not
    /// had to replay from the start since (the bench checks it measured that path).
    public var syncedFromSnapshot: Bool { replicas?.fromSnapshot ?? false }

    /// Opens a board that has other replicas' files: from this user's snapshot and the events after its frontier
    /// when they all sort after it, else by replaying every replica from the start (and then writing a snapshot).
    static func openSynced(directory: String, clock: any JournalClock, snapshots: SnapshotPolicy?, lazily: Bool,
                           fileSystem fs: any FileSystem) throws -> BoardStore {
        func replayed(_ journal: FileJournal) throws -> BoardStore {
            let store = BoardStore(unreplayed: journal, clock: clock)
            try store.replayAllReplicas()
            return store
        }
        guard let snapshots,
              let path = SnapshotFile.path(cacheHome: snapshots.cacheHome, boardDirectory: directory, fileSystem: fs) else {
            return try replayed(try FileJournal.open(directory: directory, clock: clock, fileSystem: fs))
        }
        if let problem = SnapshotFile.cacheProblem(path, fileSystem: fs) {
            let store = try replayed(try FileJournal.open(directory: directory, clock: clock, fileSystem: fs))
            store.notes = ["not using snapshots: \(problem); every start replays the whole journal until it is fixed"]
            return store
        }
        var notes: [String] = []
        func notUsed(_ reason: String) {
            notes.append("the snapshot \(TextSafety.escaped(path)) was not used: \(reason); rebuilt it from the journals")
        }
        var snapshot: BoardSnapshot?
        do {
            if let bytes = try SnapshotFile.read(path, fileSystem: fs) {
                switch SnapshotFile.decode(bytes, lazily: lazily) {
                // One from before the first sync holds this journal alone: rebuilt as a synced one, nothing to say.
                case let .success(s): snapshot = s.frontier == nil ? nil : s
                case let .failure(problem): notUsed(problem.description)
                }
            }
        } catch {
            notes.append("the snapshot \(TextSafety.escaped(path)) could not be read (\(error)); rebuilt it from the journals")
        }
        let start = snapshot?.frontier?.localRead == true ? snapshot?.position : nil
        let journal = try FileJournal.open(directory: directory, clock: clock, start: start, fileSystem: fs)
        let store = BoardStore(unreplayed: journal, clock: clock)
        var placed: Int?
        if let snapshot, let frontier = snapshot.frontier {
            if let reason = journal.startRejected {
                notUsed(reason)
            } else {
                let outcome = store.continueSynced(from: snapshot, frontier, journal: journal)
                placed = outcome.applied
                if let problem = outcome.problem { notUsed(problem) }
            }
        }
        if placed == nil { try store.replayAllReplicas() }
        store.historyIndex.path = HistoryIndexFile.path(besideSnapshot: path)
        store.historyIndex.fileSystem = fs
        store.snapshotPath = path
        if !notes.isEmpty || (placed ?? store.applied) >= snapshots.rewriteAfter {
            do {
                try store.writeSyncedSnapshot(to: path)
            } catch {
                notes.append("could not write the snapshot (\(error)); the board is fine, it only opens more slowly")
            }
        }
        store.notes += notes
        return store
    }

    /// Places `snapshot` and applies what this journal read after it and the replica files gained after the
    /// frontier. `applied` is nil when the snapshot cannot be continued (the store is then untouched and must be
    /// replayed); `problem` says why, when it is something the user should hear (a file that no longer matches).
    /// An event that sorts before the frontier, or perhaps repeats an id, is no problem: it only needs the replay.
    func continueSynced(from snapshot: BoardSnapshot, _ frontier: ReplicaFrontier, journal file: FileJournal)
        -> (applied: Int?, problem: String?) {
        let dir = ReplicaFiles.directory(file.directory)
        let fs = file.fileSystem
        let present = Set(ReplicaFiles.replicaIDs(in: dir, fileSystem: fs).filter { $0 != file.replica })
        var marks: [String: ReplicaFrontier.Mark] = [:]
        for mark in frontier.marks {
            guard present.contains(mark.rid) else { return (nil, "the file of replica \(mark.rid) is gone") }
            marks[mark.rid] = mark
        }
        var fresh = file.records
        var tails: [JournalRecord] = []
        var taken: [String: Int] = [:], consumed: [String: Int] = [:]
        var files: [String: ReplicaFileMark] = [:]
        for rid in present.sorted() {
            let mark = marks[rid]
            let read = Self.readTail(dir + "/" + rid + ".log", rid: rid, after: mark, fileSystem: fs)
            if let problem = read.problem { return (nil, problem) }
            guard let log = read.log, log.problem == nil else { return (nil, nil) } // set aside by the replay, as always
            tails += log.records
            taken[rid] = (mark?.events ?? 0) + log.records.count
            consumed[rid] = (mark?.bytes ?? 0) + log.consumed
            files[rid] = log.mark
        }
        fresh += tails
        let replay = ReplicaReplay()
        replay.snapshotIDs = frontier.idHashes
        let ordered = ReplayOrder.sorted(fresh)
        if let first = ordered.first, let last = frontier.last, ReplayOrder(first) < last { return (nil, nil) }
        if ordered.contains(where: { replay.mayHaveApplied($0.id) }) { return (nil, nil) }
        replay.renames = KeyRenames(renames: frontier.renames, seenSteps: frontier.seenSteps, idRenames: frontier.idRenames)
        replay.last = frontier.last
        replay.taken = taken
        replay.consumed = consumed
        replay.files = files
        replay.remoteRecords = tails
        let origins = SnapshotOrigins(frontier.origins)
        replay.snapshotOrigins = origins
        // A key created before the first import and never collided with is in this journal's history.
        replay.lookUpOrigin = { [unowned self] key in origins.table[key] ?? (try? self.localOrigin(of: key)) }
        let covered = frontier.marks
        replay.unreadRemotePrefix = {
            covered.flatMap { mark in
                Self.readTail(dir + "/" + mark.rid + ".log", rid: mark.rid, after: nil, upTo: mark.bytes, fileSystem: fs).log?.records ?? []
            }
        }
        replay.fromSnapshot = true
        replicas = replay
        place(snapshot)
        replay.snapshotApplied = frontier.applied
        for record in ordered where !replay.ids.contains(record.id) {
            apply(record)
            replay.passed(record)
        }
        file.lamFloor = replay.last?.lam ?? 0
        return (ordered.count, nil)
    }

    /// Reads replica `rid`'s file after `mark` (all of it without one, or only its first `upTo` bytes) and checks
    /// it as the import did, going on from the mark's seq and clock. `problem`: the file no longer begins with the
    /// bytes the mark covers. A nil log with no problem: the file cannot be read (the replay says why).
    static func readTail(_ path: String, rid: String, after mark: ReplicaFrontier.Mark?, upTo limit: Int? = nil,
                         fileSystem fs: any FileSystem) -> (log: ReplicaLog?, problem: String?) {
        do throws(JournalError) {
            let file = try fs.open(path, flags: O_RDONLY)
            let status = try file.status()
            let size = min(try file.size(), limit ?? Int.max)
            guard size <= ReplicaFiles.maxFileBytes else { return (nil, nil) }
            let from = mark?.bytes ?? 0
            guard size >= from else { return (nil, "the file of replica \(rid) is shorter than the snapshot says") }
            let bytes = try file.mapReadOnly(count: size)
            return withExtendedLifetime(bytes) {
                let raw = bytes.buffer
                if let mark, SnapshotChecksum.of(UnsafeRawBufferPointer(rebasing: raw[0..<from])) != mark.checksum {
                    return (nil, "the file of replica \(rid) no longer begins with the events the snapshot read")
                }
                let tail = UnsafeRawBufferPointer(rebasing: raw[from...]).assumingMemoryBound(to: UInt8.self)
                var log = ReplicaFiles.check(tail, rid: rid, lamCap: nil, requireWholeLines: false,
                                             afterSeq: mark?.lastSeq ?? 0, afterLam: mark?.lastLam ?? 0)
                if log.problem == nil && limit == nil {
                    log.mark = ReplicaFileMark(status: status, size: size, consumed: from + log.consumed,
                                               lastSeq: log.records.last?.seq ?? mark?.lastSeq ?? 0,
                                               lastLam: log.records.last?.lam ?? mark?.lastLam ?? 0, bytes: raw, base: 0)
                }
                return (log, nil)
            }
        } catch {
            return (nil, nil)
        }
    }

    /// Writes the snapshot of a synced board: the board, with the frontier it was replayed to. Nothing is written
    /// while a replica is set aside (the snapshot would have to say why, and a start must read that file whole to
    /// know whether it still fails) or for a damaged journal, whose state is partial.
    @discardableResult
    func writeSyncedSnapshot(to path: String) throws(JournalError) -> Int64? {
        guard let replay = replicas, replay.problems.isEmpty, pastTime == nil,
              let file = journal as? FileJournal, file.damage == nil, file.until == nil else { return nil }
        let position = file.position
        var marks: [ReplicaFrontier.Mark] = []
        let dir = ReplicaFiles.directory(file.directory)
        for (rid, bytes) in replay.consumed.sorted(by: { $0.key < $1.key }) where bytes > 0 {
            guard let mark = Self.mark(dir + "/" + rid + ".log", rid: rid, bytes: bytes, events: replay.taken[rid] ?? 0,
                                       fileSystem: file.fileSystem) else { return nil }
            marks.append(mark)
        }
        if let position {
            do {
                try writeHistoryIndex(besideSnapshot: path, position: position)
            } catch {
                notes.append("could not write the history index (\(error)); a card's history is read from the whole journal")
            }
        }
        var origins = replay.snapshotOrigins?.table ?? [:]
        origins.merge(replay.origins) { $1 }
        var ids = replay.ids
        // After a first import put on top of the board, this journal's ids are read once, so that a later event
        // repeating one of them is still caught.
        if !replay.idsComplete { for record in try file.allRecords() { ids.insert(record.id) } }
        let hashes = (replay.snapshotIDs + ids.map(ReplicaFrontier.idHash)).sorted()
        var snapshot = BoardSnapshot(position: position ?? JournalPosition(offset: 0, lines: 0, lastSeq: 0, lastLam: 0,
                                                                           lastLineStart: 0, lastLineCRC: 0),
                                     board: state, otherEvents: otherEvents)
        snapshot.frontier = ReplicaFrontier(localRead: position != nil, marks: marks, last: replay.last, applied: applied,
                                            believable: believableStamp, renames: replay.renames.renames,
                                            seenSteps: replay.renames.seenSteps,
                                            idHashes: hashes, origins: ReplicaFrontier.encodeOrigins(origins),
                                            idRenames: replay.renames.idRenames)
        try SnapshotFile.write(snapshot, to: path, board: file.directory, fileSystem: file.fileSystem)
        // From here the ids are known by their hashes, as a start from this snapshot knows them: the next write
        // neither reads this journal again nor keeps every id as text.
        replay.snapshotIDs = hashes
        replay.ids = []
        replay.idsComplete = true
        replay.snapshotApplied = applied
        snapshotSeq = position?.lastSeq
        return position?.lastSeq ?? 0
    }

    /// The mark of replica `rid`'s file at its first `bytes` bytes (whole lines, `events` of them); nil when the
    /// file no longer has them.
    private static func mark(_ path: String, rid: String, bytes: Int, events: Int, fileSystem fs: any FileSystem)
        -> ReplicaFrontier.Mark? {
        guard events > 0, let file = try? fs.open(path, flags: O_RDONLY), let size = try? file.size(), size >= bytes,
              let mapped = try? file.mapReadOnly(count: bytes) else { return nil }
        return withExtendedLifetime(mapped) {
            let raw = mapped.buffer
            guard raw.count == bytes, raw.last == 0x0A else { return nil }
            // The last line: the checks of the bytes after the mark go on from its seq and clock.
            var start = bytes - 1
            while start > 0 && raw[start - 1] != 0x0A { start -= 1 }
            let line = UnsafeRawBufferPointer(rebasing: raw[start..<(bytes - 1)]).assumingMemoryBound(to: UInt8.self)
            guard case let .success(record) = JournalRecord.decode(line: line) else { return nil }
            return ReplicaFrontier.Mark(rid: rid, bytes: bytes, events: events, lastSeq: record.seq, lastLam: record.lam,
                                        checksum: SnapshotChecksum.of(UnsafeRawBufferPointer(rebasing: raw[0..<bytes])))
        }
    }

    /// After a sync or a first frame: writes the synced board's snapshot when the board moved since the one on disk.
    func catchUpSyncedSnapshot() -> Bool {
        guard let path = snapshotPath, let replay = replicas, replay.snapshotApplied != applied else { return false }
        return (try? writeSyncedSnapshot(to: path)) != nil
    }
}
