/// The journal on disk: one board directory, one append-only `journal.log`, appended under `flock` and fsynced.
import CSearch
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
    /// Where each of `records` sits in journal.log, packed by `JournalLineSpan.packed`: the history index is built
    /// from them without reading the file again. 8 bytes an event, beside the record itself.
    private(set) var recordSpans: [UInt64] = []
    /// The position reading began after (a snapshot's), when it was accepted; nil when reading began at the start.
    public private(set) var startPosition: JournalPosition?
    /// The snapshot's position asked for at opening, checked by `readOpening` under the lock.
    private var requestedStart: JournalPosition?
    /// True while the opening read hands its events to a store instead of keeping them.
    private var streams = false
    /// Events the opening read handed to a store and did not keep (see `readOpening`), and where each sits, packed.
    public private(set) var streamedCount = 0
    private(set) var streamedSpans: [UInt64] = []
    /// Where that read ended: the history index treats the streamed events as it treats a snapshot's (`historyBase`).
    private(set) var streamedEnd: JournalPosition?
    /// The position before which the events are not in `records`: a snapshot's, or the end of a streamed read.
    var historyBase: JournalPosition? { startPosition ?? streamedEnd }
    /// Every event read since opening, kept or streamed.
    public var eventsRead: Int { streamedCount + records.count }
    public private(set) var warnings: [String] = []
    public private(set) var damage: JournalDamage?
    private var noWriteReason: String?
    /// A crash's torn tail that could not be moved to the quarantine when the board was opened (a full disk, say):
    /// reading goes on without it, and the next change tries again under the lock.
    private var tailNotSetAside: String?
    /// The journal ends with more bytes than any torn write leaves: reported, never copied, until `journal repair`.
    private var oversizedTail: String?
    public let replica: String
    /// The newest Lamport clock of the events other replicas sent that this board has read: a new event is
    /// stamped above it, so it sorts after everything its writer saw (`BoardStore` sets it under the lock).
    public var lamFloor: Int64 = 0
    let clock: any JournalClock
    /// Each event's id; set before the first append to make the ids repeat (tests).
    public var ids: any IDSource = SystemIDSource.shared
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
    /// Bytes of journal.log read again for histories and `log` (`allRecords`, `lines(at:)`): a test proves that a
    /// card's history through the index reads only the card's lines.
    public private(set) var bytesReread = 0
    /// Why the starting position asked for was not used (the journal no longer matches it); nil when it was used.
    public private(set) var startRejected: String?
    /// For the board as it was (`--at`): only events stamped at or before this time are taken, and the journal is
    /// never written, locked or tidied.
    public private(set) var until: Int64?
    /// The time of the event the starting position names (a snapshot's last), once it was accepted.
    public private(set) var startTime: Int64?

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
        return oversizedTail ?? noWriteReason ?? tailNotSetAside
    }

    /// Bytes of journal.log read at once: memory stays bounded whatever the file's size.
    static let readChunk = JournalChunks.chunk
    /// The most a crash can leave of an unfinished write worth keeping in the quarantine. A longer tail is not a
    /// torn line but something else (garbage appended, a sparse file): it is reported, not copied.
    public static let maxTornTail = 4 << 20

    /// Creates a new board directory (or an empty one) and opens it; refuses a journal that already has events.
    public static func create(directory: String, clock: any JournalClock,
                              fileSystem fs: any FileSystem = PosixFileSystem.shared) throws(JournalError) -> FileJournal {
        let journalPath = directory + "/journal.log"
        if fs.linkStatus(journalPath) != nil {
            let existing = try fs.open(journalPath, flags: O_RDONLY)
            if try existing.size() > 0 { throw JournalError.alreadyExists(directory) }
        }
        try fs.makeDirectories(directory)
        let mode = fs.fileMode(forDirectory: directory)
        for path in [journalPath, directory + "/journal.lock"] {
            // An empty journal left by an interrupted init is taken as it is; a new file is made exclusively.
            let (f, _) = try fs.openOrCreate(path, flags: O_RDONLY, mode: mode)
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
    /// With `until`, the journal as it was then: see `until`.
    public static func open(directory: String, clock: any JournalClock, start: JournalPosition? = nil,
                            until: Int64? = nil,
                            fileSystem fs: any FileSystem = PosixFileSystem.shared) throws(JournalError) -> FileJournal {
        try checkBoard(directory, fs)
        let journal = try FileJournal(directory: directory, clock: clock, start: start, until: until, fileSystem: fs)
        try journal.readOpening(nil)
        return journal
    }

    /// Opens a board without reading its events yet: `readOpening(_:)` then hands them to a store as they are read
    /// (`BoardStore.open`), so a full replay never holds every record at once.
    static func openUnread(directory: String, clock: any JournalClock, start: JournalPosition?,
                           fileSystem fs: any FileSystem) throws(JournalError) -> FileJournal {
        try checkBoard(directory, fs)
        return try FileJournal(directory: directory, clock: clock, start: start, fileSystem: fs)
    }

    /// A missing board, a directory without a journal, and a board this account may not look into are three
    /// different answers: an outsider is told "permission denied" with the path, not that there is no board.
    static func checkBoard(_ directory: String, _ fs: any FileSystem) throws(JournalError) {
        let here = fs.access(directory, F_OK)
        if here == EACCES { throw JournalError.io(operation: "open", path: directory, errno: EACCES) }
        guard here == 0 else { throw JournalError.boardNotFound(directory) }
        guard fs.isDirectory(directory) else { throw JournalError.notABoard(directory) }
        let journal = fs.access(directory + "/journal.log", F_OK)
        if journal == EACCES { throw JournalError.io(operation: "read", path: directory + "/journal.log", errno: EACCES) }
        // A dangling link is still an entry: it is refused when opened, not mistaken for a missing journal.
        guard journal == 0 || fs.linkStatus(directory + "/journal.log") != nil else { throw JournalError.notABoard(directory) }
    }

    private init(directory: String, clock: any JournalClock, start: JournalPosition?, until: Int64? = nil,
                 fileSystem fs: any FileSystem) throws(JournalError) {
        self.directory = directory
        self.until = until
        self.clock = clock
        self.fileSystem = fs
        self.fileMode = fs.fileMode(forDirectory: directory)
        let replicaText = (try? fs.readAll(directory + "/replica", limit: 4096)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let trimmed = String(replicaText.filter { !$0.isWhitespace })
        replica = trimmed.isEmpty ? "r-" + String(geteuid()) : trimmed

        let journalAccess = fs.access(journalPath, W_OK)
        if let until {
            noWriteReason = "this is the board as it was at \(WorkingTime.isoMinute(until)) UTC"
        } else if journalAccess != 0 {
            noWriteReason = FileJournal.cannotWrite(journalPath, journalAccess)
        } else if fs.access(directory, W_OK) != 0 && !fs.fileExists(lockPath) {
            noWriteReason = FileJournal.cannotWrite(directory, fs.access(directory, W_OK), inside: true)
        }
        requestedStart = start
    }

    /// The first read, once, right after opening. With `sink`, each event goes to it as its chunk is read; from the
    /// first line (no snapshot position) none is kept in `records`, only counted in `streamedCount` and placed in
    /// `streamedSpans`: a replay of 250,000 events then holds a chunk of them, not all (issue 14; the records and a
    /// second copy of them were most of a 262 MB peak). After a snapshot's position the few events read are kept too.
    /// `placed` runs once the starting position is settled (accepted or `startRejected`), before any event is read.
    func readOpening(placed: () -> Void = {}, _ sink: ((JournalRecord) -> Void)?) throws(JournalError) {
        // Reading never depends on writing: without the lock (a lock file this account may not open, a full disk)
        // the board is read as it is and shown read-only.
        var lock: (any OpenFile)?
        if noWriteReason == nil {
            do {
                lock = try openLock()
                try lock?.lockExclusive()
            } catch {
                lock = nil
                noWriteReason = "the lock file cannot be used (\(error))"
            }
        }
        defer { withExtendedLifetime(lock) {} }
        if let start = requestedStart { try begin(at: start) }
        placed()
        streams = sink != nil && startPosition == nil
        defer { streams = false }
        let underLock = lock != nil
        // A long replay: read and decode on a second thread while this one applies (`ReplayPipeline`).
        let piped = try sink.map { sink throws(JournalError) in
            guard streams, until == nil,
                  try openJournal(flags: O_RDONLY).size() - offset >= pipelineThreshold else { return false }
            return try ReplayPipeline.run(read: { pipe in
                var batch: [JournalRecord] = []
                batch.reserveCapacity(ReplayPipeline.batchSize)
                do throws(JournalError) {
                    _ = try self.catchUp(underLock: underLock, settingAsideMayWait: true) { record in
                        batch.append(record)
                        if batch.count == ReplayPipeline.batchSize {
                            pipe.put(batch)
                            batch = []
                            batch.reserveCapacity(ReplayPipeline.batchSize)
                        }
                    }
                } catch {
                    return error
                }
                if !batch.isEmpty { pipe.put(batch) }
                return nil
            }, apply: { batch in
                batch.withUnsafeBufferPointer { records in
                    for i in records.indices { sink(records[i]) }
                }
            })
        } ?? false
        if !piped { _ = try catchUp(underLock: underLock, settingAsideMayWait: true, sink: sink) }
        if streamedCount > 0 { streamedEnd = position }
    }

    /// The size of journal left to read from which the opening replay reads on a second thread (`ReplayPipeline`):
    /// below it a thread costs more than it saves. Tests set 0 to hold the two ways to the same board.
    var pipelineThreshold = 4 << 20

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
        startPosition = start
        offset = start.offset
        lineCount = start.lines
        lastSeq = start.lastSeq
        lastLam = start.lastLam
        lastTs = record.ts
        startTime = record.ts
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
        bytesReread += bytes.count
        return bytes.withUnsafeBufferPointer { JournalFile.records(in: $0, containing: needle) }
    }

    /// Where the record `records[i]` sits in journal.log; nil for a line too long to pack (over 16 MB).
    func span(ofRecordAt i: Int) -> JournalLineSpan? {
        guard i >= 0, i < recordSpans.count else { return nil }
        return JournalLineSpan(packed: recordSpans[i])
    }

    /// The lines at `spans` (without their newlines), read from the journal this journal has read, each checked to
    /// lie before where it has read and to end in a newline; nil for one that does not. The caller checks the
    /// content: this only says what the file holds there now.
    func lines(at spans: [JournalLineSpan]) throws(JournalError) -> [[UInt8]?] {
        guard !spans.isEmpty else { return [] }
        let file = try openJournal(flags: O_RDONLY)
        guard try file.inode() == inode else { throw JournalError.replaced(journalPath) }
        var out: [[UInt8]?] = []
        out.reserveCapacity(spans.count)
        for span in spans {
            guard span.offset >= 0, span.length > 0, span.offset <= offset - span.length - 1 else {
                out.append(nil)
                continue
            }
            // One byte before too: a line starts after a newline, so a place inside another line is caught here.
            let before = span.offset > 0 ? 1 : 0
            var line = try file.read(from: span.offset - before, count: span.length + 1 + before)
            bytesReread += line.count
            guard line.count == span.length + 1 + before, line.last == 0x0A, before == 0 || line.first == 0x0A else {
                out.append(nil)
                continue
            }
            line.removeLast()
            if before == 1 { line.removeFirst() }
            out.append(line)
        }
        return out
    }

    /// The events before `end` (a position this journal started after) and where each sits, read afresh: what the
    /// history index is rebuilt from when the snapshot it started from has none.
    func recordsBefore(_ end: Int) throws(JournalError) -> (records: [JournalRecord], spans: [UInt64]) {
        let file = try openJournal(flags: O_RDONLY)
        guard try file.inode() == inode, end <= offset else { throw JournalError.replaced(journalPath) }
        let bytes = try file.read(from: 0, count: end)
        bytesReread += bytes.count
        var records: [JournalRecord] = [], spans: [UInt64] = []
        bytes.withUnsafeBufferPointer { buffer in
            _ = JournalScan.scanning(buffer, firstLine: 1, lastSeq: 0) { record, start, length in
                records.append(record)
                spans.append(JournalLineSpan(offset: start, length: length).packed)
            }
        }
        return (records, spans)
    }

    /// The history postings of the events the opening read streamed (sorted), read again a window of lines at a
    /// time so memory stays bounded: what the history index is built from after a full replay. Nil when a line
    /// could not be placed or no longer reads as the event it was.
    func streamedPostings() throws(JournalError) -> [HistoryPosting]? {
        let file = try openJournal(flags: O_RDONLY)
        guard try file.inode() == inode else { throw JournalError.replaced(journalPath) }
        var out: [HistoryPosting] = []
        var i = 0
        while i < streamedSpans.count {
            guard let first = JournalLineSpan(packed: streamedSpans[i]) else { return nil }
            var last = i
            var end = first.offset + first.length
            while last + 1 < streamedSpans.count, let next = JournalLineSpan(packed: streamedSpans[last + 1]),
                  next.offset + next.length - first.offset <= JournalChunks.chunk {
                last += 1
                end = next.offset + next.length
            }
            let bytes = try file.read(from: first.offset, count: end - first.offset)
            bytesReread += bytes.count
            guard bytes.count == end - first.offset else { return nil }
            let placed = bytes.withUnsafeBufferPointer { buffer -> Bool in
                for k in i...last {
                    guard let span = JournalLineSpan(packed: streamedSpans[k]) else { return false }
                    let line = UnsafeBufferPointer(rebasing: buffer[(span.offset - first.offset)..<(span.offset - first.offset + span.length)])
                    guard case let .success(record) = JournalRecord.decode(line: line) else { return false }
                    if let key = record.payload["key"]?.stringValue {
                        out.append(HistoryPosting(hash: HistoryIndexFile.hash(key), span: streamedSpans[k]))
                    }
                }
                return true
            }
            guard placed else { return nil }
            i = last + 1
        }
        out.sort()
        return out
    }

    /// Why the board cannot be written, in the words for its cause: a read-only mount is not a permission problem.
    private static func cannotWrite(_ path: String, _ code: Int32, inside: Bool = false) -> String {
        if code == EROFS { return "\(TextSafety.escaped(path)) is on a file system mounted read-only" }
        return "no permission to write \(inside ? "in " : "")\(TextSafety.escaped(path))"
    }

    /// The lock file, opened read-only: `flock` needs no write access, so a lock file the team can only read (0640)
    /// still lets every member read and write the board. It is created exclusively when missing and chmod'ed only
    /// then, never an existing file, which may be anything someone put there.
    private func openLock() throws(JournalError) -> any OpenFile {
        do {
            return try fileSystem.openOrCreate(lockPath, flags: O_RDONLY, mode: fileMode).file
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
    /// The file is read in chunks, so memory follows the events, not the file's size: garbage appended to it or a
    /// huge sparse file costs a chunk at a time. With `settingAsideMayWait` (opening, to read) a tail that cannot be
    /// moved aside now, a full disk, say, is left for the next change: reading must not depend on writing.
    private func catchUp(underLock: Bool, settingAsideMayWait: Bool = false,
                         sink: ((JournalRecord) -> Void)? = nil) throws(JournalError) -> [JournalRecord] {
        if oversizedTail != nil { return [] }
        let file = try openJournal(flags: O_RDONLY)
        let ino = try file.inode()
        let size = try file.size()
        if inode == 0 { inode = ino }
        guard ino == inode, size >= offset else { throw JournalError.replaced(journalPath) }
        var fresh: [JournalRecord] = []
        let chunks = try JournalChunks(file: file, from: offset)
        while try chunks.fill() {
            let bytes = chunks.pending
            let base = offset
            let scan = JournalScan.scanning(bytes, firstLine: lineCount + 1, lastSeq: lastSeq) { record, start, length in
                lastSeq = max(lastSeq, record.seq)
                lastLam = max(lastLam, record.lam)
                lastTs = max(lastTs, record.ts)
                // The journal as it was: events stamped later are left out, the others keep their order. (Imports
                // and generated boards date events back, so a later line can still belong to the past.)
                if let until, record.ts > until { return }
                let span = JournalLineSpan(offset: base + start, length: length).packed
                if streams {
                    streamedCount += 1
                    streamedSpans.append(span)
                } else {
                    records.append(record)
                    recordSpans.append(span)
                }
                if let sink, until == nil { sink(record) } else { fresh.append(record) }
            }
            take(scan, of: bytes)
            chunks.consume(scan.consumed)
        }
        bytesRead += chunks.bytesRead
        if chunks.pending.isEmpty || !underLock { return fresh }
        let tailLength = size - offset
        if tailLength > FileJournal.maxTornTail {
            oversizedTail = "journal.log ends with \(tailLength) bytes from byte \(offset) that are not whole events and too many to be a write cut short by a crash; run `setboard journal verify`, then `setboard journal repair` (it keeps them in its backup)"
            return fresh
        }
        let pending = Array(chunks.pending)
        do throws(JournalError) {
            try quarantineTail(pending)
            tailNotSetAside = nil
        } catch {
            guard settingAsideMayWait else { throw error }
            tailNotSetAside = "the journal's last \(pending.count) bytes are an unfinished write that could not be moved to \(TextSafety.escaped(quarantinePath)) (\(error)); every complete event is shown, and the next change tries again"
        }
        return fresh
    }

    /// Takes in one scan of bytes that start at `offset` whose events were already taken as it read them: its
    /// damage, where its last line is and how far it read.
    private func take(_ scan: JournalScan, of bytes: UnsafeBufferPointer<UInt8>) {
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
        offset += scan.consumed
        lineCount += scan.lines
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
    /// The quarantine is appended to only if it is a plain file with one name; a new one is created exclusively.
    private func quarantineTail(_ tail: [UInt8]) throws(JournalError) {
        let (q, isNew) = try fileSystem.openOrCreate(quarantinePath, flags: O_WRONLY | O_APPEND, mode: fileMode)
        let header = "# \(tail.count) bytes cut from the end of journal.log at byte \(offset), line \(lineCount + 1), at \(WorkingTime.isoMinute(clock.nowMilliseconds()))\n"
        try q.writeAll(Array(header.utf8) + tail + [0x0A])
        try q.sync()
        // A new quarantine file's name must be on disk before the bytes it holds are cut from the journal.
        if isNew { try fileSystem.syncDirectory(directory) }
        let journal = try openJournal(flags: O_WRONLY)
        guard try journal.status().links == 1 else {
            throw JournalError.unsafeFile(path: journalPath, reason: "it has more than one hard link, so it is also another file")
        }
        try journal.truncate(to: offset)
        try journal.sync()
        let what = tail.contains(0x0A) ? "change of several events was incomplete" : "line was incomplete"
        warnings.append("the journal's last \(what) (\(tail.count) bytes, a write cut short by a crash); it was moved to \(TextSafety.escaped(quarantinePath)) and every complete event was kept")
    }

    public func readNew() throws -> [JournalRecord] {
        // The past does not change: what was written since is not part of it.
        if until != nil { return [] }
        return try catchUp(underLock: false)
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
        // A tail left in place at open is no reason to refuse: under the lock it is tried again, and the change fails
        // with the reason if it still cannot be moved aside.
        if let reason = readOnlyReason, reason != tailNotSetAside { throw JournalError.readOnly(reason) }
        let lock = try openLock()
        // The lock is released when the descriptor closes; keep it alive until the write is on disk.
        defer { withExtendedLifetime(lock) {} }
        try lock.lockExclusive()
        let caughtUp = try catchUp(underLock: true)
        if let reason = readOnlyReason { throw JournalError.readOnly(reason) }
        let events = try decide(caughtUp)
        guard !events.isEmpty else { return AppendResult(caughtUp: caughtUp, appended: []) }

        let appended = try JournalStamp.stamp(events, after: JournalHead(seq: lastSeq, lam: max(lastLam, lamFloor), ts: lastTs), clock: clock,
                                              ids: ids, replica: replica, actor: actor)
        var bytes: [UInt8] = []
        var lineLengths: [Int] = []
        lineLengths.reserveCapacity(appended.count)
        for record in appended {
            let line = record.line
            lineLengths.append(line.count)
            bytes.append(contentsOf: line)
        }
        let file = try openJournal(flags: O_WRONLY | O_APPEND)
        let st = try file.status()
        guard st.inode == inode else { throw JournalError.replaced(journalPath) }
        guard st.links == 1 else {
            throw JournalError.unsafeFile(path: journalPath, reason: "it has \(st.links) hard links, so it is also another file")
        }
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
        var lineStart = offset
        for length in lineLengths {
            recordSpans.append(JournalLineSpan(offset: lineStart, length: length - 1).packed)
            lineStart += length
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

/// Where one line sits in journal.log: its first byte and its length without the newline.
public struct JournalLineSpan: Equatable, Hashable, Sendable {
    public var offset: Int
    public var length: Int

    public init(offset: Int, length: Int) {
        self.offset = offset
        self.length = length
    }

    /// Offset in the high 40 bits, length in the low 24; 0 (no line is empty) for one that does not fit.
    var packed: UInt64 {
        guard offset >= 0, offset < 1 << 40, length > 0, length < 1 << 24 else { return 0 }
        return UInt64(offset) << 24 | UInt64(length)
    }

    init?(packed: UInt64) {
        guard packed != 0 else { return nil }
        self.init(offset: Int(packed >> 24), length: Int(packed & 0xFF_FFFF))
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
            while from < n, let at = find(nd, in: base, from: from, count: n) {
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

    /// The first place at or after `from` where `needle` occurs: the C library's memmem (CSearch says why).
    private static func find(_ needle: UnsafeRawBufferPointer, in base: UnsafePointer<UInt8>, from: Int, count n: Int) -> Int? {
        guard let nb = needle.baseAddress, from < n, let hit = setboard_memmem(base + from, n - from, nb, needle.count) else {
            return nil
        }
        return UnsafeRawPointer(base).distance(to: hit)
    }
}
