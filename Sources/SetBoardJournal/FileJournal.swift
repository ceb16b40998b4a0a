/// The journal on disk: one board directory, one append-only `journal.log`, appended under `flock` and fsynced.
import SetBoardCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public final class FileJournal: Journal {
    public let directory: String
    public var journalPath: String { directory + "/journal.log" }
    public var lockPath: String { directory + "/journal.lock" }
    public var quarantinePath: String { directory + "/journal.quarantine" }
    var replicaPath: String { directory + "/replica" }

    public private(set) var records: [JournalRecord] = []
    public private(set) var warnings: [String] = []
    public private(set) var damage: JournalDamage?
    private var noWriteReason: String?
    public let replica: String
    let clock: any JournalClock
    let fileMode: mode_t

    /// Bytes of journal.log read so far (always at a line boundary), the file's identity, and the clocks.
    private var offset = 0
    private var lineCount = 0
    private var inode: UInt64 = 0
    private var lastSeq: Int64 = 0
    private var lastLam: Int64 = 0

    public var readOnlyReason: String? {
        if let damage {
            return "journal line \(damage.line) is damaged (\(damage.problem)); run `setboard journal verify`, then `setboard journal repair`"
        }
        return noWriteReason
    }

    /// Creates a new board directory (or an empty one) and opens it; refuses a journal that already has events.
    public static func create(directory: String, clock: any JournalClock) throws(JournalError) -> FileJournal {
        let journalPath = directory + "/journal.log"
        if Posix.fileExists(journalPath) {
            let existing = try FileHandleFD(path: journalPath, flags: O_RDONLY)
            if try existing.size() > 0 { throw JournalError.alreadyExists(directory) }
        }
        try Posix.makeDirectories(directory)
        let mode = Posix.fileMode(forDirectory: directory)
        for path in [journalPath, directory + "/journal.lock"] {
            let f = try FileHandleFD(path: path, flags: O_WRONLY | O_CREAT, mode: mode)
            try f.setMode(mode)
            try f.sync()
        }
        if !Posix.fileExists(directory + "/replica") {
            try Posix.writeDurably(Array((UUIDv7.replicaID() + "\n").utf8), to: directory + "/replica",
                                   directory: directory, mode: mode)
        }
        try Posix.syncDirectory(directory)
        return try open(directory: directory, clock: clock)
    }

    /// Opens an existing board; a torn last line is quarantined, a damaged middle opens it read-only.
    public static func open(directory: String, clock: any JournalClock) throws(JournalError) -> FileJournal {
        guard Posix.fileExists(directory) else { throw JournalError.boardNotFound(directory) }
        guard Posix.isDirectory(directory), Posix.fileExists(directory + "/journal.log") else {
            throw JournalError.notABoard(directory)
        }
        return try FileJournal(directory: directory, clock: clock)
    }

    private init(directory: String, clock: any JournalClock) throws(JournalError) {
        self.directory = directory
        self.clock = clock
        self.fileMode = Posix.fileMode(forDirectory: directory)
        let replicaText = (try? Posix.readAll(directory + "/replica")).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let trimmed = String(replicaText.filter { !$0.isWhitespace })
        replica = trimmed.isEmpty ? "r-" + String(geteuid()) : trimmed

        if !Posix.canWrite(journalPath) {
            noWriteReason = "no permission to write \(TextSafety.escaped(journalPath))"
        } else if !Posix.canWrite(directory) && !Posix.fileExists(lockPath) {
            noWriteReason = "no permission to write in \(TextSafety.escaped(directory))"
        }
        if noWriteReason == nil {
            let lock = try openLock()
            defer { withExtendedLifetime(lock) {} }
            try lock.lockExclusive()
            _ = try catchUp(underLock: true)
        } else {
            _ = try catchUp(underLock: false)
        }
    }

    private func openLock() throws(JournalError) -> FileHandleFD {
        do {
            let lock = try FileHandleFD(path: lockPath, flags: O_RDWR | O_CREAT, mode: fileMode)
            // O_CREAT's mode passes through the umask; on a shared board a 0640 lock would shut the team out.
            // Only the owner may chmod, and the owner already did, so a refusal here is harmless.
            try? lock.setMode(fileMode)
            return lock
        } catch let JournalError.io(_, path, code) {
            throw JournalError.io(operation: "open the lock file", path: path, errno: code)
        } catch {
            throw error
        }
    }

    /// Reads complete lines added since the last read. Under the lock an unfinished tail can only be a crash's leftover,
    /// so it is moved to the quarantine file; without the lock it may be a write in progress and is left alone.
    private func catchUp(underLock: Bool) throws(JournalError) -> [JournalRecord] {
        let file = try FileHandleFD(path: journalPath, flags: O_RDONLY)
        let ino = try file.inode()
        let size = try file.size()
        if inode == 0 { inode = ino }
        guard ino == inode, size >= offset else { throw JournalError.replaced(journalPath) }
        let bytes = try file.read(from: offset, count: size - offset)
        let scan = bytes.withUnsafeBufferPointer { JournalScan.scan($0, firstLine: lineCount + 1, lastSeq: lastSeq) }
        if let first = scan.damaged.first, damage == nil {
            damage = JournalDamage(line: first.line, problem: first.problem, damagedLines: scan.damaged.count)
        } else if var d = damage, !scan.damaged.isEmpty {
            d.damagedLines += scan.damaged.count
            damage = d
        }
        for r in scan.records {
            lastSeq = max(lastSeq, r.seq)
            lastLam = max(lastLam, r.lam)
        }
        records.append(contentsOf: scan.records)
        offset += scan.consumed
        lineCount += scan.lines
        if scan.tailLength > 0 && underLock {
            try quarantineTail(Array(bytes[scan.consumed...]))
        }
        return scan.records
    }

    /// Moves a torn last line out of the journal: copied durably to the quarantine file first, then cut off.
    private func quarantineTail(_ tail: [UInt8]) throws(JournalError) {
        let q = try FileHandleFD(path: quarantinePath, flags: O_WRONLY | O_CREAT | O_APPEND, mode: fileMode)
        try? q.setMode(fileMode)  // past the umask, as for the lock file
        let header = "# \(tail.count) bytes cut from the end of journal.log at byte \(offset), line \(lineCount + 1), at \(WorkingTime.isoMinute(clock.nowMilliseconds()))\n"
        try q.writeAll(Array(header.utf8) + tail + [0x0A])
        try q.sync()
        let journal = try FileHandleFD(path: journalPath, flags: O_WRONLY)
        try journal.truncate(to: offset)
        try journal.sync()
        warnings.append("the journal's last line was incomplete (\(tail.count) bytes, a write cut short by a crash); it was moved to \(TextSafety.escaped(quarantinePath)) and every complete event was kept")
    }

    public func readNew() throws -> [JournalRecord] {
        try catchUp(underLock: false)
    }

    public func append(actor: String, _ decide: ([JournalRecord]) throws -> [NewEvent]) throws -> AppendResult {
        if let reason = readOnlyReason { throw JournalError.readOnly(reason) }
        let lock = try openLock()
        // The lock is released when the descriptor closes; keep it alive until the write is on disk.
        defer { withExtendedLifetime(lock) {} }
        try lock.lockExclusive()
        let caughtUp = try catchUp(underLock: true)
        if let reason = readOnlyReason { throw JournalError.readOnly(reason) }
        let events = try decide(caughtUp)
        guard !events.isEmpty else { return AppendResult(caughtUp: caughtUp, appended: []) }

        let ts = clock.nowMilliseconds()
        var seq = lastSeq
        var lam = lastLam
        var bytes: [UInt8] = []
        var appended: [JournalRecord] = []
        for event in events {
            seq += 1
            lam += 1
            let record = JournalRecord(seq: seq, id: UUIDv7.make(ms: event.at ?? ts), rid: replica, lam: lam, ts: event.at ?? ts,
                                       actor: event.actor ?? actor, type: event.type, payload: event.payload)
            bytes.append(contentsOf: record.line)
            appended.append(record)
        }
        let file = try FileHandleFD(path: journalPath, flags: O_WRONLY | O_APPEND)
        guard try file.inode() == inode else { throw JournalError.replaced(journalPath) }
        do {
            try file.writeAll(bytes)
            try file.syncData()
        } catch {
            // Nothing half-written may stay behind to be mistaken for saved: cut the file back (we hold the lock).
            try? file.truncate(to: offset)
            try? file.syncData()
            throw error
        }
        offset += bytes.count
        lineCount += appended.count
        lastSeq = seq
        lastLam = lam
        records.append(contentsOf: appended)
        return AppendResult(caughtUp: caughtUp, appended: appended)
    }
}
