// Other replicas' journals on this host: `<board>/replicas/<rid>.log`, written only by sync's import, checked before replay.
import SetBoardCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One other replica's events as read from its imported file, or why the replica is set aside.
public struct ReplicaLog: Sendable {
    public var rid: String
    public var records: [JournalRecord]
    /// Bytes of whole lines read: a torn tail (an import cut short) is left for the next import to finish.
    public var consumed: Int
    /// Why this replica is not replayed (damaged, forged or rewritten); nil when it is.
    public var problem: String?
    /// The file as read, for the next refresh to read only what was appended; nil with a problem.
    var mark: ReplicaFileMark?
}

/// What an open store keeps of a replica file it read, so that a refresh reads only the bytes appended since: the
/// file's inode, size and modification time when read (all unchanged: nothing to read), where its whole lines read
/// end, the last event's seq and clock (the checks of what follows go on from them), and a checksum of the bytes
/// just before that end, read again with the new bytes (an import only appends, so a file that grew must still end
/// its old part with them). Anything else (shrunk, replaced, or written at the same size) sends the store to a full
/// read and replay, as a fresh open would do.
struct ReplicaFileMark: Sendable, Equatable {
    var inode: UInt64
    var size: Int
    var modified: Int64
    var consumed: Int
    var lastSeq: Int64
    var lastLam: Int64
    var tailStart: Int
    var tailChecksum: UInt64

    /// How much of the old part is read again beside the new bytes.
    static let tailBytes = 4096

    /// `bytes` holds the file from offset `base` on, through at least `consumed`.
    init(status: FileStatus, size: Int, consumed: Int, lastSeq: Int64, lastLam: Int64, bytes: UnsafeRawBufferPointer, base: Int) {
        inode = status.inode; self.size = size; modified = status.modified
        self.consumed = consumed; self.lastSeq = lastSeq; self.lastLam = lastLam
        tailStart = max(base, consumed - Self.tailBytes)
        tailChecksum = SnapshotChecksum.of(UnsafeRawBufferPointer(rebasing: bytes[(tailStart - base)..<(consumed - base)]))
    }

    /// What a look at the file found since this mark.
    enum Change {
        case unchanged
        /// Shrunk, replaced, written in place, unreadable or damaged before the mark: only a full read tells.
        case rewritten
        /// The events appended (`consumed` counts the new whole lines only) and the mark after them; `read`: bytes read.
        case appended(ReplicaLog, read: Int)
    }

    /// Looks at replica `rid`'s file at `path` and reads only what follows this mark (with the short tail before it).
    func change(_ path: String, rid: String, fileSystem fs: any FileSystem) -> Change {
        do throws(JournalError) {
            let file = try fs.open(path, flags: O_RDONLY)
            let status = try file.status()
            let size = try file.size()
            guard status.inode == inode, size <= ReplicaFiles.maxFileBytes else { return .rewritten }
            if size == self.size && status.modified == modified { return .unchanged }
            // A file that did not grow yet was written (or shrank) is no import's work.
            guard size > self.size else { return .rewritten }
            let bytes = try file.read(from: tailStart, count: size - tailStart)
            guard bytes.count == size - tailStart else { return .rewritten }
            return bytes.withUnsafeBytes { raw -> Change in
                let old = consumed - tailStart
                guard SnapshotChecksum.of(UnsafeRawBufferPointer(rebasing: raw[0..<old])) == tailChecksum else { return .rewritten }
                let new = UnsafeRawBufferPointer(rebasing: raw[old...]).assumingMemoryBound(to: UInt8.self)
                var log = ReplicaFiles.check(new, rid: rid, lamCap: nil, requireWholeLines: false, afterSeq: lastSeq, afterLam: lastLam)
                if log.problem == nil {
                    log.mark = ReplicaFileMark(status: status, size: size, consumed: consumed + log.consumed,
                                               lastSeq: log.records.last?.seq ?? lastSeq, lastLam: log.records.last?.lam ?? lastLam,
                                               bytes: raw, base: tailStart)
                }
                return .appended(log, read: bytes.count)
            }
        } catch {
            return .rewritten
        }
    }
}

/// The checks every byte from another host passes before it reaches a board, and the import that copies them in.
public enum ReplicaFiles {
    /// No event of ours comes near this; a longer line is an attack on memory, not an event.
    public static let maxLineBytes = 1 << 20
    /// Refused outright: a replica file this large is no board's.
    public static let maxFileBytes = 1 << 30

    public static func directory(_ board: String) -> String { board + "/replicas" }

    /// The replica ids with an imported file, sorted; names that are not `<replica id>.log` are ignored.
    public static func replicaIDs(in dir: String, fileSystem fs: any FileSystem) -> [String] {
        (fs.listDirectory(dir) ?? []).compactMap { name -> String? in
            guard name.hasSuffix(".log") else { return nil }
            let rid = String(name.dropLast(4))
            return SyncEvent.isReplicaID(rid) ? rid : nil
        }.sorted()
    }

    public static func hasReplicas(board: String, fileSystem fs: any FileSystem) -> Bool {
        !replicaIDs(in: directory(board), fileSystem: fs).isEmpty
    }

    /// Checks the bytes of replica `rid`'s file: every complete line a valid event of that replica, seq and Lamport
    /// clock going up, no clock above `lamCap` (no honest replica counts past every event there is), no line over
    /// `maxLineBytes`. `requireWholeLines`: a pushed file must end with a newline; an imported copy may end in an
    /// import cut short. `afterSeq`/`afterLam`: the bytes are the rest of a file whose earlier events (checked before,
    /// a snapshot's) ended at that seq and clock, so the checks go on from there.
    public static func check(_ bytes: UnsafeBufferPointer<UInt8>, rid: String, lamCap: Int64?,
                             requireWholeLines: Bool, afterSeq: Int64 = 0, afterLam: Int64 = 0) -> ReplicaLog {
        var log = ReplicaLog(rid: rid, records: [], consumed: 0, problem: nil)
        func fail(_ text: String) -> ReplicaLog {
            var failed = log
            failed.records = []
            failed.problem = text
            return failed
        }
        var lineStart = 0, line = 1
        if let base = bytes.baseAddress {
            while lineStart < bytes.count {
                guard let nl = memchr(base + lineStart, 0x0A, bytes.count - lineStart) else { break }
                let end = base.distance(to: nl.assumingMemoryBound(to: UInt8.self))
                if end - lineStart > maxLineBytes { return fail("line \(line) is \(end - lineStart) bytes long, more than any event") }
                lineStart = end + 1
                line += 1
            }
            if bytes.count - lineStart > maxLineBytes { return fail("line \(line) is longer than any event") }
        }
        let scan = JournalScan.scan(bytes, firstLine: 1, lastSeq: afterSeq)
        if let first = scan.damaged.first {
            return fail("line \(first.line) is damaged (\(first.problem))")
        }
        if requireWholeLines && scan.tailLength > 0 { return fail("it ends inside a line (\(scan.tailLength) bytes after the last event)") }
        var lastLam = afterLam
        for (i, record) in scan.records.enumerated() {
            guard record.rid == rid else {
                return fail("event \(i + 1) claims replica \(TextSafety.escaped(record.rid)) in the file of replica \(rid)")
            }
            guard record.lam > lastLam else { return fail("event \(i + 1)'s Lamport clock \(record.lam) does not go up") }
            if let lamCap, record.lam > lamCap {
                return fail("event \(i + 1)'s Lamport clock \(record.lam) is above the \(lamCap) events that exist: forged")
            }
            lastLam = record.lam
        }
        log.records = scan.records
        log.consumed = scan.consumed
        return log
    }

    /// Reads and checks the imported file of each replica other than `local`.
    public static func readAll(board: String, local: String, fileSystem fs: any FileSystem) -> [ReplicaLog] {
        let dir = directory(board)
        return replicaIDs(in: dir, fileSystem: fs).filter { $0 != local }.map { rid in
            read(dir + "/" + rid + ".log", rid: rid, fileSystem: fs)
        }
    }

    static func read(_ path: String, rid: String, fileSystem fs: any FileSystem) -> ReplicaLog {
        do throws(JournalError) {
            let file = try fs.open(path, flags: O_RDONLY)
            let status = try file.status()
            let size = try file.size()
            guard size <= maxFileBytes else {
                return ReplicaLog(rid: rid, records: [], consumed: 0, problem: "its file is \(size) bytes, more than \(maxFileBytes)")
            }
            let bytes = try file.mapReadOnly(count: size)
            return withExtendedLifetime(bytes) {
                var log = bytes.buffer.withMemoryRebound(to: UInt8.self) { check($0, rid: rid, lamCap: nil, requireWholeLines: false) }
                if log.problem == nil {
                    log.mark = ReplicaFileMark(status: status, size: size, consumed: log.consumed, lastSeq: log.records.last?.seq ?? 0,
                                               lastLam: log.records.last?.lam ?? 0, bytes: bytes.buffer, base: 0)
                }
                return log
            }
        } catch {
            return ReplicaLog(rid: rid, records: [], consumed: 0, problem: "its file cannot be read (\(error))")
        }
    }

    /// What an import did, per replica.
    public struct ImportReport: Sendable {
        /// Replica → events newly imported.
        public var imported: [String: Int] = [:]
        /// Replica → why what it sent was refused (its earlier, checked events stay).
        public var setAside: [String: String] = [:]
        /// Replica → the newest Lamport clock now imported of it.
        public var seen: [String: Int64] = [:]
    }

    /// Copies what other replicas pushed (`source`, the sync work tree's `replicas/`) into `<board>/replicas/`. A file
    /// is taken only if it checks whole and still begins with every byte imported before (history is never
    /// rewritten); only the new bytes are appended, then fsynced, so an import killed at any point leaves a prefix
    /// the next one completes. `localLines`: the events of this board's own journal, for the forged-clock bound.
    /// The caller holds the journal's lock, so a writer stamping its next event sees every import whole.
    /// With `checkOnly`, nothing is written: the report says what an import would take and refuse (`journal verify`).
    public static func importFrom(_ source: String, board: String, local: String, localLines: Int,
                                  fileSystem fs: any FileSystem, checkOnly: Bool = false) throws(JournalError) -> ImportReport {
        var report = ImportReport()
        let dir = directory(board)
        let mode = fs.fileMode(forDirectory: board)
        if !checkOnly && !fs.isDirectory(dir) {
            try fs.makeDirectory(dir, mode: mode | 0o111)
            try fs.syncDirectory(board)
        }
        var incoming: [(rid: String, bytes: FileBytes)] = []
        var totalLines = localLines
        for rid in replicaIDs(in: source, fileSystem: fs) where rid != local {
            do throws(JournalError) {
                let file = try fs.open(source + "/" + rid + ".log", flags: O_RDONLY)
                let size = try file.size()
                guard size <= maxFileBytes else {
                    report.setAside[rid] = "its file is \(size) bytes, more than \(maxFileBytes)"
                    continue
                }
                let bytes = try file.mapReadOnly(count: size)
                totalLines += bytes.buffer.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
                incoming.append((rid, bytes))
            } catch {
                report.setAside[rid] = "its file cannot be read (\(error))"
            }
        }
        for (rid, bytes) in incoming {
            let target = dir + "/" + rid + ".log"
            let checked = bytes.buffer.withMemoryRebound(to: UInt8.self) {
                check($0, rid: rid, lamCap: Int64(totalLines), requireWholeLines: true)
            }
            if let problem = checked.problem {
                report.setAside[rid] = problem
                continue
            }
            let old: [UInt8] = fs.linkStatus(target) == nil ? [] : try fs.readAll(target, limit: maxFileBytes)
            let new = bytes.buffer
            guard old.count <= new.count, old.withUnsafeBytes({ o in o.elementsEqual(UnsafeRawBufferPointer(rebasing: new[0..<old.count])) }) else {
                report.setAside[rid] = "its history was rewritten: the file no longer begins with the events imported before"
                continue
            }
            report.seen[rid] = checked.records.last?.lam ?? 0
            guard new.count > old.count, !checkOnly else { continue }
            // Events the old copy already held whole are not new; a torn tail an earlier import left is completed.
            let before = old.withUnsafeBufferPointer { JournalScan.scan($0, firstLine: 1, lastSeq: 0).records.count }
            let (file, created) = try fs.openOrCreate(target, flags: O_WRONLY | O_APPEND, mode: mode)
            guard try file.size() == old.count else { throw JournalError.replaced(target) }
            try file.writeAll(Array(UnsafeRawBufferPointer(rebasing: new[old.count...])))
            try file.syncData()
            if created { try fs.syncDirectory(dir) }
            report.imported[rid] = checked.records.count - before
        }
        return report
    }
}
