/// The journal on disk: one board directory, one append-only `journal.log`, appended under `flock` and fsynced.
import SetBoardCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a reader stands in the journal: after line `lines`, which holds seq `lastSeq`, starts at `lastLineStart`
/// and carries the checksum `lastLineCRC`. A snapshot stores it, and the journal checks it still holds on open.
public struct JournalPosition: Equatable, Sendable {
    public var offset: Int
    public var lines: Int
    public var lastSeq: Int64
    public var lastLam: Int64
    public var lastLineStart: Int
    public var lastLineCRC: UInt32
    public init(offset: Int, lines: Int, lastSeq: Int64, lastLam: Int64, lastLineStart: Int, lastLineCRC: UInt32) {
        self.offset = offset; self.lines = lines; self.lastSeq = lastSeq; self.lastLam = lastLam
        self.lastLineStart = lastLineStart; self.lastLineCRC = lastLineCRC
    }
}

public final class FileJournal: Journal {
    public let directory: String
    public var journalPath: String { directory + "/journal.log" }
    public var lockPath: String { directory + "/journal.lock" }
    public var quarantinePath: String { directory + "/journal.quarantine" }
    var replicaPath: String { directory + "/replica" }

    /// The events this journal has read since it opened: all of them, or only those after its starting position.
    public private(set) var records: [JournalRecord] = []
    public private(set) var warnings: [String] = []
    public private(set) var damage: JournalDamage?
    private var noWriteReason: String?
    public let replica: String
    let clock: any JournalClock
    /// Every file call goes through this: the real disk, or a simulated one a test can fail or crash.
    public let fileSystem: any FileSystem
    let fileMode: mode_t

    /// Bytes of journal.log read so far (always at a line boundary), the file's identity, and the clocks.
    private var offset = 0
    private var lineCount = 0
    private var inode: UInt64 = 0
    private var lastSeq: Int64 = 0
    private var lastLam: Int64 = 0
    /// The newest `ts` read or written, for the clock-skew check when stamping.
    private var lastTs: Int64 = 0
    private var lastLineStart = 0
    private var lastLineCRC: UInt32 = 0
    /// Bytes of journal.log read through `catchUp`: a test proves that opening after a snapshot reads only the tail.
    public private(set) var bytesRead = 0
    /// Why the starting position asked for was not used (the journal no longer matches it); nil when it was used.
    public private(set) var startRejected: String?

    /// Where this journal has read up to; nil until it has read a line.
    public var position: JournalPosition? {
        guard lineCount > 0, damage == nil else { return nil }
        return JournalPosition(offset: offset, lines: lineCount, lastSeq: lastSeq, lastLam: lastLam,
                               lastLineStart: lastLineStart, lastLineCRC: lastLineCRC)
    }

    public var readOnlyReason: String? {
        if let damage {
            return "journal line \(damage.line) is damaged (\(damage.problem)); run `setboard journal verify`, then `setboard journal repair`"
        }
        return noWriteReason
    }

    /// Creates a new board directory (or an empty one) and opens it; refuses a journal that already has events.
    public static func create(directory: String, clock: any JournalClock,
                              fileSystem fs: any FileSystem = PosixFileSystem.shared) throws(JournalError) -> FileJournal {
        let journalPath = directory + "/journal.log"
        if fs.fileExists(journalPath) {
            let existing = try fs.open(journalPath, flags: O_RDONLY)
            if try existing.size() > 0 { throw JournalError.alreadyExists(directory) }
        }
        try fs.makeDirectories(directory)
        let mode = fs.fileMode(forDirectory: directory)
        for path in [journalPath, directory + "/journal.lock"] {
            let f = try fs.open(path, flags: O_WRONLY | O_CREAT, mode: mode)
            try f.setMode(mode)
            try f.sync()
        }
        if !fs.fileExists(directory + "/replica") {
            try fs.writeDurably(Array((UUIDv7.replicaID() + "\n").utf8), to: directory + "/replica",
                                directory: directory, mode: mode)
        }
        try fs.syncDirectory(directory)
        return try open(directory: directory, clock: clock, fileSystem: fs)
    }

    /// Opens an existing board; a torn last line is quarantined, a damaged middle opens it read-only.
    /// With `start`, reading begins after that position (a snapshot's) when the journal still holds the same line
    /// there; otherwise from the beginning, and `startRejected` says why.
    public static func open(directory: String, clock: any JournalClock, start: JournalPosition? = nil,
                            fileSystem fs: any FileSystem = PosixFileSystem.shared) throws(JournalError) -> FileJournal {
        guard fs.fileExists(directory) else { throw JournalError.boardNotFound(directory) }
        guard fs.isDirectory(directory), fs.fileExists(directory + "/journal.log") else {
            throw JournalError.notABoard(directory)
        }
        return try FileJournal(directory: directory, clock: clock, start: start, fileSystem: fs)
    }

    private init(directory: String, clock: any JournalClock, start: JournalPosition?,
                 fileSystem fs: any FileSystem) throws(JournalError) {
        self.directory = directory
        self.clock = clock
        self.fileSystem = fs
        self.fileMode = fs.fileMode(forDirectory: directory)
        let replicaText = (try? fs.readAll(directory + "/replica")).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let trimmed = String(replicaText.filter { !$0.isWhitespace })
        replica = trimmed.isEmpty ? "r-" + String(geteuid()) : trimmed

        let journalAccess = fs.access(journalPath, W_OK)
        if journalAccess != 0 {
            noWriteReason = FileJournal.cannotWrite(journalPath, journalAccess)
        } else if fs.access(directory, W_OK) != 0 && !fs.fileExists(lockPath) {
            noWriteReason = FileJournal.cannotWrite(directory, fs.access(directory, W_OK), inside: true)
        }
        if noWriteReason == nil {
            let lock = try openLock()
            defer { withExtendedLifetime(lock) {} }
            try lock.lockExclusive()
            if let start { try begin(at: start) }
            _ = try catchUp(underLock: true)
        } else {
            if let start { try begin(at: start) }
            _ = try catchUp(underLock: false)
        }
    }

    /// Starts reading after `start` if the journal still has, at the same place, the very line it names: same
    /// bytes' checksum, same seq. A repair, a restore from backup or another board's snapshot all fail that test.
    private func begin(at start: JournalPosition) throws(JournalError) {
        let file = try openJournal(flags: O_RDONLY)
        let size = try file.size()
        let length = start.offset - start.lastLineStart
        guard start.lines > 0, start.lastLineStart >= 0, length > 10, length <= 64 << 20, start.offset <= size else {
            startRejected = "the journal is shorter than the snapshot says"
            return
        }
        let line = try file.read(from: start.lastLineStart, count: length)
        guard line.count == length, line.last == 0x0A,
              case let .success(record) = JournalRecord.decode(line: Array(line.dropLast())),
              record.seq == start.lastSeq, JournalFile.storedCRC(line) == start.lastLineCRC else {
            startRejected = "the journal no longer has the snapshot's last event at the same place"
            return
        }
        inode = try file.inode()
        offset = start.offset
        lineCount = start.lines
        lastSeq = start.lastSeq
        lastLam = start.lastLam
        lastTs = record.ts
        lastLineStart = start.lastLineStart
        lastLineCRC = start.lastLineCRC
    }

    /// Every event in the journal up to where this journal has read, in file order, read afresh from the file:
    /// `log` and the history of one ticket need them, and the board no longer keeps them in memory after a snapshot.
    /// With `containing`, only lines holding those bytes are decoded (a ticket's `"key":"SET-12"`).
    public func allRecords(containing needle: [UInt8]? = nil) throws(JournalError) -> [JournalRecord] {
        let file = try openJournal(flags: O_RDONLY)
        guard try file.inode() == inode else { throw JournalError.replaced(journalPath) }
        let bytes = try file.read(from: 0, count: offset)
        return bytes.withUnsafeBufferPointer { JournalFile.records(in: $0, containing: needle) }
    }

    /// Why the board cannot be written, in the words for its cause: a read-only mount is not a permission problem.
    private static func cannotWrite(_ path: String, _ code: Int32, inside: Bool = false) -> String {
        if code == EROFS { return "\(TextSafety.escaped(path)) is on a file system mounted read-only" }
        return "no permission to write \(inside ? "in " : "")\(TextSafety.escaped(path))"
    }

    private func openLock() throws(JournalError) -> any OpenFile {
        do {
            let lock = try fileSystem.open(lockPath, flags: O_RDWR | O_CREAT, mode: fileMode)
            // O_CREAT's mode passes through the umask; on a shared board a 0640 lock would shut the team out.
            // Only the owner may chmod, and the owner already did, so a refusal here is harmless.
            try? lock.setMode(fileMode)
            return lock
        } catch let JournalError.io(_, path, code) {
            // O_CREAT only fails this way when the board directory itself has gone.
            if code == ENOENT && inode != 0 { throw JournalError.replaced(journalPath) }
            throw JournalError.io(operation: "open the lock file", path: path, errno: code)
        } catch {
            throw error
        }
    }

    /// Reads complete lines added since the last read. Under the lock an unfinished tail can only be a crash's leftover,
    /// so it is moved to the quarantine file; without the lock it may be a write in progress and is left alone.
    private func catchUp(underLock: Bool) throws(JournalError) -> [JournalRecord] {
        let file = try openJournal(flags: O_RDONLY)
        let ino = try file.inode()
        let size = try file.size()
        if inode == 0 { inode = ino }
        guard ino == inode, size >= offset else { throw JournalError.replaced(journalPath) }
        let bytes = try file.read(from: offset, count: size - offset)
        bytesRead += bytes.count
        let scan = bytes.withUnsafeBufferPointer { JournalScan.scan($0, firstLine: lineCount + 1, lastSeq: lastSeq) }
        if let start = scan.lastLineStart {
            lastLineStart = offset + start
            lastLineCRC = JournalFile.storedCRC(bytes[start...])
        }
        if let first = scan.damaged.first, damage == nil {
            damage = JournalDamage(line: first.line, problem: first.problem, damagedLines: scan.damaged.count)
        } else if var d = damage, !scan.damaged.isEmpty {
            d.damagedLines += scan.damaged.count
            damage = d
        }
        for r in scan.records {
            lastSeq = max(lastSeq, r.seq)
            lastLam = max(lastLam, r.lam)
            lastTs = max(lastTs, r.ts)
        }
        records.append(contentsOf: scan.records)
        offset += scan.consumed
        lineCount += scan.lines
        if scan.tailLength > 0 && underLock {
            try quarantineTail(Array(bytes[scan.consumed...]))
        }
        return scan.records
    }

    /// Opens journal.log; once the board has read it, a missing file means someone deleted it under the board.
    private func openJournal(flags: Int32) throws(JournalError) -> any OpenFile {
        do {
            return try fileSystem.open(journalPath, flags: flags, mode: fileMode)
        } catch let JournalError.io(_, _, code) where code == ENOENT && inode != 0 {
            throw JournalError.replaced(journalPath)
        }
    }

    /// Moves a torn last line out of the journal: copied durably to the quarantine file first, then cut off.
    private func quarantineTail(_ tail: [UInt8]) throws(JournalError) {
        let isNew = !fileSystem.fileExists(quarantinePath)
        let q = try fileSystem.open(quarantinePath, flags: O_WRONLY | O_CREAT | O_APPEND, mode: fileMode)
        try? q.setMode(fileMode)  // past the umask, as for the lock file
        let header = "# \(tail.count) bytes cut from the end of journal.log at byte \(offset), line \(lineCount + 1), at \(WorkingTime.isoMinute(clock.nowMilliseconds()))\n"
        try q.writeAll(Array(header.utf8) + tail + [0x0A])
        try q.sync()
        // A new quarantine file's name must be on disk before the bytes it holds are cut from the journal.
        if isNew { try fileSystem.syncDirectory(directory) }
        let journal = try openJournal(flags: O_WRONLY)
        try journal.truncate(to: offset)
        try journal.sync()
        let what = tail.contains(0x0A) ? "change of several events was incomplete" : "line was incomplete"
        warnings.append("the journal's last \(what) (\(tail.count) bytes, a write cut short by a crash); it was moved to \(TextSafety.escaped(quarantinePath)) and every complete event was kept")
    }

    public func readNew() throws -> [JournalRecord] {
        try catchUp(underLock: false)
    }

    public func append(actor: String, _ decide: ([JournalRecord]) throws -> [NewEvent]) throws -> AppendResult {
        do {
            return try write(actor: actor, decide)
        } catch let JournalError.io(operation, path, code) {
            // Any call that fails while appending means the change is not in the journal, and the error says so.
            throw JournalError.notSaved(operation: operation, path: path, errno: code)
        }
    }

    private func write(actor: String, _ decide: ([JournalRecord]) throws -> [NewEvent]) throws -> AppendResult {
        if let reason = readOnlyReason { throw JournalError.readOnly(reason) }
        let lock = try openLock()
        // The lock is released when the descriptor closes; keep it alive until the write is on disk.
        defer { withExtendedLifetime(lock) {} }
        try lock.lockExclusive()
        let caughtUp = try catchUp(underLock: true)
        if let reason = readOnlyReason { throw JournalError.readOnly(reason) }
        let events = try decide(caughtUp)
        guard !events.isEmpty else { return AppendResult(caughtUp: caughtUp, appended: []) }

        let appended = try JournalStamp.stamp(events, after: JournalHead(seq: lastSeq, lam: lastLam, ts: lastTs), clock: clock,
                                              replica: replica, actor: actor)
        var bytes: [UInt8] = []
        for record in appended { bytes.append(contentsOf: record.line) }
        let file = try openJournal(flags: O_WRONLY | O_APPEND)
        guard try file.inode() == inode else { throw JournalError.replaced(journalPath) }
        do {
            try file.writeAll(bytes)
            try file.syncData()
        } catch {
            // Nothing half-written may stay behind to be mistaken for saved: cut the file back (we hold the lock).
            // If even that fails, the bytes might be read back as events later, so this board takes no more changes.
            let undone = (try? file.truncate(to: offset)) != nil && (try? file.syncData()) != nil
            if !undone {
                noWriteReason = "a failed write to \(TextSafety.escaped(journalPath)) could not be undone; reopen the board and check whether the last change is there"
            }
            throw error
        }
        if let lastLine = appended.last?.line {
            lastLineStart = offset + bytes.count - lastLine.count
            lastLineCRC = JournalFile.storedCRC(lastLine[...])
        }
        offset += bytes.count
        lineCount += appended.count
        for record in appended {
            lastSeq = record.seq
            lastLam = record.lam
            lastTs = max(lastTs, record.ts)
        }
        records.append(contentsOf: appended)
        return AppendResult(caughtUp: caughtUp, appended: appended)
    }
}

/// Reading helpers over whole journal text that need no open journal.
enum JournalFile {
    /// The checksum a line starts with; 0 when it has none (never a line this journal has read as valid).
    static func storedCRC<C: Collection>(_ line: C) -> UInt32 where C.Element == UInt8 {
        JournalRecord.storedChecksum(line) ?? 0
    }

    /// The valid events among complete lines, skipping (without decoding) lines that do not contain `needle`.
    static func records(in bytes: UnsafeBufferPointer<UInt8>, containing needle: [UInt8]?) -> [JournalRecord] {
        guard let needle, !needle.isEmpty else {
            return JournalScan.scan(bytes, firstLine: 1, lastSeq: 0).records
        }
        var result: [JournalRecord] = []
        guard let base = bytes.baseAddress else { return result }
        var from = 0
        let n = bytes.count
        needle.withUnsafeBytes { nd in
            let skip = skipTable(nd)
            while from < n, let at = find(nd, skip: skip, in: base, from: from, count: n) {
                var start = at
                while start > 0 && bytes[start - 1] != 0x0A { start -= 1 }
                var end = at
                while end < n && bytes[end] != 0x0A { end += 1 }
                if end == n { break } // an unfinished last line is nobody's event yet
                if case let .success(record) = JournalRecord.decode(line: UnsafeBufferPointer(rebasing: bytes[start..<end])) {
                    result.append(record)
                }
                from = end + 1
            }
        }
        return result
    }

    /// How far the search may jump when the byte under the needle's end is each byte value; built once per search.
    private static func skipTable(_ needle: UnsafeRawBufferPointer) -> [Int] {
        let m = needle.count
        var skip = [Int](repeating: m, count: 256)
        for i in 0..<(m - 1) { skip[Int(needle[i])] = m - 1 - i }
        return skip
    }

    /// The first place at or after `from` where `needle` occurs. Horspool's skip table: the journal is mostly
    /// quotes, colons and digits, so a first-byte memchr would stop at nearly every byte.
    private static func find(_ needle: UnsafeRawBufferPointer, skip: [Int], in base: UnsafePointer<UInt8>, from: Int,
                             count n: Int) -> Int? {
        let m = needle.count
        let lastByte = needle[m - 1]
        var i = from
        while i + m <= n {
            let last = base[i + m - 1]
            if last == lastByte && memcmp(base + i, needle.baseAddress!, m) == 0 { return i }
            i += skip[Int(last)]
        }
        return nil
    }
}
