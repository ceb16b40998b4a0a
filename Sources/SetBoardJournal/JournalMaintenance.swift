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
    public var damaged: [(line: Int, problem: JournalRecord.LineProblem)]
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

    static func checkBoard(_ directory: String, _ fs: any FileSystem) throws(JournalError) {
        guard fs.fileExists(directory) else { throw JournalError.boardNotFound(directory) }
        guard fs.fileExists(journalPath(directory)) else { throw JournalError.notABoard(directory) }
    }

    /// Reads the whole journal and reports every damaged line; changes nothing.
    public static func verify(directory: String,
                              fileSystem fs: any FileSystem = PosixFileSystem.shared) throws(JournalError) -> VerifyReport {
        try checkBoard(directory, fs)
        let bytes = try fs.readAll(journalPath(directory))
        let scan = bytes.withUnsafeBufferPointer { JournalScan.scan($0, firstLine: 1, lastSeq: 0) }
        return VerifyReport(lines: scan.lines, validEvents: scan.records.count,
                            damaged: scan.damaged.map { ($0.line, $0.problem) }, tailBytes: scan.tailLength)
    }

    /// Under the journal lock: backs the file up, copies every damaged line and any torn tail into the quarantine
    /// file, and replaces the journal with exactly its valid lines, byte for byte (so their checksums still hold).
    public static func repair(directory: String, clock: any JournalClock,
                              fileSystem fs: any FileSystem = PosixFileSystem.shared) throws(JournalError) -> RepairReport {
        try checkBoard(directory, fs)
        let path = journalPath(directory)
        let mode = fs.fileMode(forDirectory: directory)
        let lock = try fs.open(directory + "/journal.lock", flags: O_RDWR | O_CREAT, mode: mode)
        try? lock.setMode(mode)
        defer { withExtendedLifetime(lock) {} }
        try lock.lockExclusive()

        let bytes = try fs.readAll(path)
        let scan = bytes.withUnsafeBufferPointer { JournalScan.scan($0, firstLine: 1, lastSeq: 0) }
        if scan.damaged.isEmpty && scan.tailLength == 0 {
            return RepairReport(keptEvents: scan.records.count, movedLines: 0, movedTailBytes: 0, backupPath: nil)
        }
        let stamp = WorkingTime.isoMinute(clock.nowMilliseconds()).filter { $0.isNumber }
        var backup = path + ".bak-" + stamp
        var n = 1
        while fs.fileExists(backup) { n += 1; backup = path + ".bak-\(stamp)-\(n)" }
        try fs.writeDurably(bytes, to: backup, directory: directory, mode: mode)

        var set: [UInt8] = []
        for d in scan.damaged {
            set += Array("# line \(d.line) of journal.log set aside by `setboard journal repair`: \(d.problem)\n".utf8)
            set += bytes[d.offset..<(d.offset + d.length)] + [0x0A]
        }
        if scan.tailLength > 0 {
            set += Array("# \(scan.tailLength) bytes of an unfinished last line or change set aside by `setboard journal repair`\n".utf8)
            set += bytes[scan.consumed...] + [0x0A]
        }
        let quarantine = try fs.open(directory + "/journal.quarantine", flags: O_WRONLY | O_CREAT | O_APPEND, mode: mode)
        try? quarantine.setMode(mode)  // past the umask, so the rest of a shared board's team can add to it
        try quarantine.writeAll(set)
        try quarantine.sync()

        let damagedOffsets = Set(scan.damaged.map(\.offset))
        var keptLines: [ArraySlice<UInt8>] = []
        var start = 0
        for i in 0..<scan.consumed where bytes[i] == 0x0A {
            if !damagedOffsets.contains(start) { keptLines.append(bytes[start...i]) }
            start = i + 1
        }
        var kept: [UInt8] = []
        kept.reserveCapacity(scan.consumed)
        for line in ungroupingBrokenChanges(keptLines) { kept += line }
        try fs.writeDurably(kept, to: path, directory: directory, mode: mode)
        return RepairReport(keptEvents: scan.records.count, movedLines: scan.damaged.count,
                            movedTailBytes: scan.tailLength, backupPath: backup)
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
