/// `journal verify` and `journal repair`: find damaged lines, and set them aside without ever dropping a valid event.
import SetBoardCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public struct VerifyReport: Sendable {
    public var lines: Int
    public var validEvents: Int
    /// The first damaged lines, at most `JournalMaintenance.maxListedDamage` of them.
    public var damaged: [(line: Int, problem: JournalRecord.LineProblem)]
    /// Every damaged line, listed or not: a journal of garbage has millions, which a list would hold in memory.
    public var damagedLines = 0
    /// Bytes after the last newline: a crash's torn line, or a write that is happening right now.
    public var tailBytes: Int
    public var isClean: Bool { damaged.isEmpty && tailBytes == 0 }
}

public struct RepairReport: Sendable {
    public var keptEvents: Int
    public var movedLines: Int
    public var movedTailBytes: Int
    public var backupPath: String?
}

public enum JournalMaintenance {
    static func journalPath(_ directory: String) -> String { directory + "/journal.log" }

    /// Damaged lines `verify` names one by one; past them it counts.
    public static let maxListedDamage = 1_000

    /// Bytes of damaged lines (with their headers) one repair copies into the quarantine, at most; past it, lines are
    /// only counted, with their first and last line numbers (every byte of them stays in the backup).
    static let maxCopiedDamage = 16 << 20

    /// Reads journal.log a chunk at a time, as the board does, handing each scan and the bytes it covers to `body`.
    /// Returns the unfinished tail (its bytes only when it is small enough to be a torn write), its length and the
    /// number of lines.
    static func scanInChunks(_ file: any OpenFile,
                             _ body: (JournalScan, UnsafeBufferPointer<UInt8>) throws(JournalError) -> Void)
        throws(JournalError) -> (tail: [UInt8], tailLength: Int, lines: Int) {
        let chunks = try JournalChunks(file: file, from: 0)
        var offset = 0, lines = 0
        var lastSeq: Int64 = 0
        while try chunks.fill() {
            let bytes = chunks.pending
            let scan = JournalScan.scan(bytes, firstLine: lines + 1, lastSeq: lastSeq)
            try body(scan, bytes)
            for r in scan.records { lastSeq = max(lastSeq, r.seq) }
            offset += scan.consumed
            lines += scan.lines
            chunks.consume(scan.consumed)
        }
        let tailLength = chunks.size - offset
        return (tailLength <= FileJournal.maxTornTail ? Array(chunks.pending) : [], tailLength, lines)
    }

    /// Reads the whole journal and reports every damaged line; changes nothing.
    public static func verify(directory: String,
                              fileSystem fs: any FileSystem = PosixFileSystem.shared) throws(JournalError) -> VerifyReport {
        try FileJournal.checkBoard(directory, fs)
        let file = try fs.open(journalPath(directory), flags: O_RDONLY)
        var valid = 0
        var damaged: [(line: Int, problem: JournalRecord.LineProblem)] = []
        var damagedLines = 0
        let result = try scanInChunks(file) { scan, _ in
            valid += scan.records.count
            damagedLines += scan.damaged.count
            damaged += scan.damaged.prefix(maxListedDamage - damaged.count).map { ($0.line, $0.problem) }
        }
        return VerifyReport(lines: result.lines, validEvents: valid, damaged: damaged, damagedLines: damagedLines,
                            tailBytes: result.tailLength)
    }

    /// Under the journal lock: writes exactly the valid lines, byte for byte (so their checksums still hold), to a
    /// new file, copies every damaged line and any torn tail into the quarantine file, keeps the old journal as a
    /// backup (a second name for the very same file: nothing copied, nothing lost) and puts the new file in its place.
    /// Every file is opened without following links and every new name is created exclusively, so nothing planted in
    /// the board directory is written through.
    public static func repair(directory: String, clock: any JournalClock,
                              fileSystem fs: any FileSystem = PosixFileSystem.shared) throws(JournalError) -> RepairReport {
        try FileJournal.checkBoard(directory, fs)
        let path = journalPath(directory)
        let mode = fs.fileMode(forDirectory: directory)
        let lock = try fs.openOrCreate(directory + "/journal.lock", flags: O_RDONLY, mode: mode).file
        defer { withExtendedLifetime(lock) {} }
        try lock.lockExclusive()

        let old = try fs.open(path, flags: O_RDONLY)
        let oldStatus = try old.status()
        guard oldStatus.links == 1 else {
            throw JournalError.unsafeFile(path: path, reason: "it has \(oldStatus.links) hard links, so it is also another file")
        }
        // In a sticky directory (as a team board should be) only journal.log's owner, the directory's or root may put
        // a new file in its place: anyone else would fail at the last step, after giving the journal a second name.
        let me = geteuid()
        if let dir = fs.status(directory), dir.permissions & S_ISVTX != 0, me != 0, oldStatus.owner != me, dir.owner != me {
            throw JournalError.readOnly("the board directory is sticky, so only the owner of journal.log (uid \(oldStatus.owner)) or of the directory can replace it: ask them to run `setboard journal repair`")
        }
        let (kept, keptPath) = try fs.createUnique(prefix: path + ".tmp-", mode: mode)
        // Until the new file is in place, a backup name left behind would be a second link to the live journal.
        var linkedBackup: String?
        do throws(JournalError) {
            var set: [UInt8] = []
            // Damaged lines past the budget are only counted (first and last line number), so a journal of garbage
            // does not become a quarantine, or a buffer, of its own size.
            var uncopied = (count: 0, first: 0, last: 0)
            var keptEvents = 0, movedLines = 0
            let result = try scanInChunks(old) { scan, bytes throws(JournalError) in
                keptEvents += scan.records.count
                movedLines += scan.damaged.count
                for d in scan.damaged {
                    let header = Array("# line \(d.line) of journal.log set aside by `setboard journal repair`: \(d.problem)\n".utf8)
                    if uncopied.count == 0 && set.count + header.count + d.length + 1 <= maxCopiedDamage {
                        set += header + Array(bytes[d.offset..<(d.offset + d.length)]) + [0x0A]
                    } else {
                        if uncopied.count == 0 { uncopied.first = d.line }
                        uncopied.count += 1
                        uncopied.last = d.line
                    }
                }
                let damagedOffsets = Set(scan.damaged.map(\.offset))
                let region = Array(bytes[..<scan.consumed])
                var keptLines: [ArraySlice<UInt8>] = []
                var start = 0
                for i in 0..<scan.consumed where region[i] == 0x0A {
                    if !damagedOffsets.contains(start) { keptLines.append(region[start...i]) }
                    start = i + 1
                }
                var out: [UInt8] = []
                out.reserveCapacity(scan.consumed)
                for line in ungroupingBrokenChanges(keptLines) { out += line }
                try kept.writeAll(out)
            }
            if movedLines == 0 && result.tailLength == 0 {
                try? fs.removeEntry(keptPath)
                return RepairReport(keptEvents: keptEvents, movedLines: 0, movedTailBytes: 0, backupPath: nil)
            }
            try kept.sync()
            let backup = try keepAsBackup(path, clock: clock, fileSystem: fs)
            linkedBackup = backup
            if uncopied.count > 0 {
                set += Array("# \(uncopied.count) more damaged lines (lines \(uncopied.first) to \(uncopied.last)) set aside by `setboard journal repair`, not copied here (too many): they are in \(backup)\n".utf8)
            }
            if result.tailLength > 0 {
                if result.tail.count == result.tailLength {
                    set += Array("# \(result.tailLength) bytes of an unfinished last line or change set aside by `setboard journal repair`\n".utf8)
                    set += result.tail + [0x0A]
                } else {
                    set += Array("# \(result.tailLength) bytes at the end of journal.log set aside by `setboard journal repair`, not copied here (too many to be a write cut short by a crash): they are in \(backup)\n".utf8)
                }
            }
            let (quarantine, _) = try fs.openOrCreate(directory + "/journal.quarantine", flags: O_WRONLY | O_APPEND, mode: mode)
            try quarantine.writeAll(set)
            try quarantine.sync()
            try fs.rename(keptPath, to: path)
            linkedBackup = nil
            try fs.syncDirectory(directory)
            return RepairReport(keptEvents: keptEvents, movedLines: movedLines, movedTailBytes: result.tailLength,
                                backupPath: backup)
        } catch {
            try? fs.removeEntry(keptPath)
            if let linkedBackup { try? fs.removeEntry(linkedBackup) }
            throw error
        }
    }

    /// Gives the journal a second name, `journal.log.bak-<minute>` (with `-2`, `-3`, … when taken): `link` never
    /// replaces an existing name nor follows one, and copies nothing, however large the file.
    static func keepAsBackup(_ path: String, clock: any JournalClock, fileSystem fs: any FileSystem) throws(JournalError) -> String {
        let stamp = WorkingTime.isoMinute(clock.nowMilliseconds()).filter { $0.isNumber }
        var n = 1
        while true {
            let backup = path + ".bak-" + stamp + (n == 1 ? "" : "-\(n)")
            do throws(JournalError) {
                try fs.link(path, to: backup)
                return backup
            } catch let JournalError.io(_, _, code) where code == EEXIST && n < 1000 {
                n += 1
            }
        }
    }

    /// The kept lines, where a change that lost a line to the quarantine is written again as separate events (its
    /// `grp`/`gi` marks dropped, its checksums recomputed). Left marked, it would read as a change cut short: damage
    /// in the middle, or at the end a "torn" change the next writer would set aside whole. Every other line is kept
    /// byte for byte.
    static func ungroupingBrokenChanges(_ lines: [ArraySlice<UInt8>]) -> [ArraySlice<UInt8>] {
        var out: [ArraySlice<UInt8>] = []
        out.reserveCapacity(lines.count)
        var run: [(line: ArraySlice<UInt8>, record: JournalRecord)] = []
        func flush(whole: Bool) {
            for member in run {
                if whole {
                    out.append(member.line)
                } else {
                    var single = member.record
                    single.group = nil
                    out.append(single.line[...])
                }
            }
            run = []
        }
        for line in lines {
            let record = try? JournalRecord.decode(line: Array(line.dropLast())).get()
            guard let record, let mark = record.group else {
                if !run.isEmpty { flush(whole: false) }
                out.append(line)
                continue
            }
            if mark.index == 0 && !run.isEmpty { flush(whole: false) }
            if let first = run.first?.record.group, mark.size != first.size || mark.index != Int64(run.count) {
                flush(whole: false)
            }
            run.append((line, record))
            if let first = run.first?.record.group, first.index == 0, Int64(run.count) == first.size { flush(whole: true) }
        }
        if !run.isEmpty { flush(whole: false) }
        return out
    }
}
