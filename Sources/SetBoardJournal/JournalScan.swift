/// Splits journal bytes into lines and classifies each: valid event, damaged line, or an unfinished tail.
import SetBoardCore

/// The result of reading a stretch of journal bytes.
struct JournalScan {
    var records: [JournalRecord] = []
    /// (1-based line number, byte offset, length without newline, problem) for each damaged line.
    var damaged: [(line: Int, offset: Int, length: Int, problem: JournalRecord.LineProblem)] = []
    /// Bytes consumed: up to and including the last newline that ends a whole change.
    var consumed = 0
    /// Bytes after that: a write in progress, or what a crash left of one (a torn line, or part of a change of
    /// several events).
    var tailLength = 0
    /// Lines consumed.
    var lines = 0
    /// Where the last consumed line starts (relative to the bytes scanned), so a snapshot can name it.
    var lastLineStart: Int?

    /// A change of several events being read. Its valid records go into `records` as they come, so a generated
    /// board written as one change of 250,000 events costs no second copy; they are taken back if it fails.
    private struct OpenGroup {
        var offset: Int
        var firstLine: Int
        var size: Int64
        var seqBefore: Int64
        /// Where the last line before it starts: the last line read, if the bytes end inside this change.
        var lastLineStartBefore: Int?
        var count: Int64 = 0
        var taken = 0
        /// A line of it is damaged, or its seq did not go up.
        var isDamaged = false
    }

    /// Scans `bytes`, numbering lines from `firstLine`; `lastSeq` lets it reject a sequence that goes backwards.
    /// The lines of one append of several events (marked `grp`, `gi`) are accepted together or not at all: a change
    /// the bytes end inside is left unconsumed like an unfinished line, one cut short in the middle is damage. In a
    /// whole change only a line that is itself damaged is set aside.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, firstLine: Int, lastSeq: Int64) -> JournalScan {
        var result = JournalScan()
        var start = 0
        var lineNumber = firstLine
        var seq = lastSeq
        var group: OpenGroup?
        var i = 0
        let n = bytes.count
        // Line ends found with memchr: a byte-at-a-time loop here was 6% of a full replay's CPU (perf, 50,000 tickets).
        while i < n {
            guard let newline = JournalChunks.newline(in: bytes, from: i) else { break }
            i = newline
            do {
                let outcome = JournalRecord.decode(line: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                // Nearly every line is a single event outside any change: that path stays as short as it was.
                if group == nil, case let .success(record) = outcome, record.group == nil {
                    result.take(record, line: lineNumber, offset: start, length: i - start, seq: &seq)
                    lineNumber += 1
                    result.lastLineStart = start
                    start = i + 1
                    i += 1
                    continue
                }
                switch (outcome, group) {
                case let (.success(record), open) where record.group?.index == 0:
                    // A new change while one is open: the open one was cut short.
                    if let open { result.reject(open, bytes, end: start, seq: &seq) }
                    var new = OpenGroup(offset: start, firstLine: lineNumber, size: record.group?.size ?? 0, seqBefore: seq,
                                        lastLineStartBefore: result.lastLineStart)
                    result.add(record, to: &new, seq: &seq)
                    group = new
                case let (.success(record), .some(open))
                    where record.group == JournalGroup(index: open.count, size: open.size):
                    var member = open
                    result.add(record, to: &member, seq: &seq)
                    group = member
                case let (.success(record), open) where record.group != nil:
                    if let open { result.reject(open, bytes, end: start, seq: &seq) }
                    group = nil
                    let place = record.group ?? JournalGroup(index: 0, size: 0)
                    result.damaged.append((lineNumber, start, i - start, .groupLineOutOfPlace(index: place.index, size: place.size)))
                case let (.success(record), .some(open)):
                    // A line of no change while one is open: the open one was cut short.
                    result.reject(open, bytes, end: start, seq: &seq)
                    group = nil
                    result.take(record, line: lineNumber, offset: start, length: i - start, seq: &seq)
                case (.failure, .some(var open)):
                    // A damaged line while a change is open may be one of its lines: it takes that place.
                    open.count += 1
                    open.isDamaged = true
                    group = open
                case let (.success(record), .none):
                    result.take(record, line: lineNumber, offset: start, length: i - start, seq: &seq)
                case let (.failure(problem), .none):
                    result.damaged.append((lineNumber, start, i - start, problem))
                }
                if let open = group, open.count == open.size {
                    // A whole change was written and acknowledged as one; a line of it damaged since (a flipped
                    // bit, a hand edit) is set aside alone, and its other events stay on the board.
                    if open.isDamaged { result.reportDamagedLines(of: open, bytes, end: i + 1) }
                    group = nil
                }
                lineNumber += 1
                result.lastLineStart = start
                start = i + 1
            }
            i += 1
        }
        if let open = group {
            result.records.removeLast(open.taken)
            result.lastLineStart = open.lastLineStartBefore
            result.consumed = open.offset
            result.lines = open.firstLine - firstLine
        } else {
            result.consumed = start
            result.lines = lineNumber - firstLine
        }
        result.tailLength = n - result.consumed
        return result
    }

    /// A line on its own: accepted when its seq goes up.
    private mutating func take(_ record: JournalRecord, line: Int, offset: Int, length: Int, seq: inout Int64) {
        if record.seq > seq {
            seq = record.seq
            records.append(record)
        } else {
            damaged.append((line, offset, length, .seqNotIncreasing(record.seq)))
        }
    }

    /// A valid line of an open change: kept for now if its seq goes up.
    private mutating func add(_ record: JournalRecord, to group: inout OpenGroup, seq: inout Int64) {
        group.count += 1
        guard record.seq > seq else {
            group.isDamaged = true
            return
        }
        seq = record.seq
        records.append(record)
        group.taken += 1
    }

    /// Marks the lines of a whole change that could not be read, as `add` left them out.
    private mutating func reportDamagedLines(of group: OpenGroup, _ bytes: UnsafeBufferPointer<UInt8>, end: Int) {
        var found: [(line: Int, offset: Int, length: Int, problem: JournalRecord.LineProblem)] = []
        Self.walk(group, bytes, end: end) { line, offset, length, own in
            if let own { found.append((line, offset, length, own)) }
        }
        damaged += found
    }

    /// Takes back the records of a change cut short in the middle (never acknowledged: what an older setboard left
    /// after a crash) and marks each of its lines (the bytes up to `end`) damaged: with the line's own problem when
    /// it has one, else as part of an incomplete change.
    private mutating func reject(_ group: OpenGroup, _ bytes: UnsafeBufferPointer<UInt8>, end: Int, seq: inout Int64) {
        records.removeLast(group.taken)
        seq = group.seqBefore
        let problem = JournalRecord.LineProblem.incompleteGroup(firstLine: group.firstLine, expected: group.size,
                                                               found: Int(group.count))
        var found: [(line: Int, offset: Int, length: Int, problem: JournalRecord.LineProblem)] = []
        Self.walk(group, bytes, end: end) { line, offset, length, own in found.append((line, offset, length, own ?? problem)) }
        damaged += found
    }

    /// Reads a change's lines (the bytes up to `end`) again, the rare path, and hands each line's number, place and
    /// own problem (nil for a good event whose seq goes up) to `visit`.
    private static func walk(_ group: OpenGroup, _ bytes: UnsafeBufferPointer<UInt8>, end: Int,
                             _ visit: (Int, Int, Int, JournalRecord.LineProblem?) -> Void) {
        var last = group.seqBefore
        var start = group.offset
        var line = group.firstLine
        for i in group.offset..<end where bytes[i] == 0x0A {
            switch JournalRecord.decode(line: UnsafeBufferPointer(rebasing: bytes[start..<i])) {
            case let .failure(own):
                visit(line, start, i - start, own)
            case let .success(record) where record.seq <= last:
                visit(line, start, i - start, .seqNotIncreasing(record.seq))
            case let .success(record):
                last = record.seq
                visit(line, start, i - start, nil)
            }
            line += 1
            start = i + 1
        }
    }
}
