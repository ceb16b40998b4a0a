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

    /// A change of several events being read. Its valid events are held (`Held`) until its last line is read, then
    /// accepted; they are dropped if it fails.
    private struct OpenGroup {
        var offset: Int
        var firstLine: Int
        var size: Int64
        var seqBefore: Int64
        /// Where the last line before it starts: the last line read, if the bytes end inside this change.
        var lastLineStartBefore: Int?
        var count: Int64 = 0
        /// A line of it is damaged, or its seq did not go up.
        var isDamaged = false
    }

    /// Scans `bytes`, numbering lines from `firstLine`; `lastSeq` lets it reject a sequence that goes backwards.
    /// The lines of one append of several events (marked `grp`, `gi`) are accepted together or not at all: a change
    /// the bytes end inside is left unconsumed like an unfinished line, one cut short in the middle is damage. In a
    /// whole change only a line that is itself damaged is set aside. The accepted events are in `records`.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, firstLine: Int, lastSeq: Int64) -> JournalScan {
        var records: [JournalRecord] = []
        var result = scanning(bytes, firstLine: firstLine, lastSeq: lastSeq) { record, _, _ in records.append(record) }
        result.records = records
        return result
    }

    /// The scan of `scan(_:firstLine:lastSeq:)` handing each accepted event to `accept` as soon as it counts (a line
    /// alone at once, a change's lines when its last one is read), with where its line starts in `bytes` and its
    /// length without the newline; `records` stays empty. A replay applies each event as it is read: collecting a
    /// chunk's records first (about 14,000 of 256 bytes each, copied in, out and released) was a seventh of a full
    /// replay's time at 50,000 tickets.
    static func scanning(_ bytes: UnsafeBufferPointer<UInt8>, firstLine: Int, lastSeq: Int64,
                         accept: (JournalRecord, _ offset: Int, _ length: Int) -> Void) -> JournalScan {
        var result = JournalScan()
        var held = Held()
        var texts = RepeatedTexts()
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
                // One branch per case, the record moved along rather than matched out of a tuple: a `switch` over
                // (outcome, group) copied every record twice.
                switch JournalRecord.decode(line: UnsafeBufferPointer(rebasing: bytes[start..<i]), texts: &texts) {
                case let .success(record):
                    let place = record.group
                    if let open = group {
                        if let place, place.index == open.count, place.size == open.size {
                            var member = open
                            held.add(record, offset: start, length: i - start, to: &member, seq: &seq)
                            group = member
                        } else if let place, place.index == 0 {
                            // A new change while one is open: the open one was cut short.
                            result.reject(open, bytes, end: start, seq: &seq, &held)
                            var new = OpenGroup(offset: start, firstLine: lineNumber, size: place.size, seqBefore: seq,
                                                lastLineStartBefore: result.lastLineStart)
                            held.add(record, offset: start, length: i - start, to: &new, seq: &seq)
                            group = new
                        } else if let place {
                            result.reject(open, bytes, end: start, seq: &seq, &held)
                            group = nil
                            result.damaged.append((lineNumber, start, i - start,
                                                   .groupLineOutOfPlace(index: place.index, size: place.size)))
                        } else {
                            // A line of no change while one is open: the open one was cut short.
                            result.reject(open, bytes, end: start, seq: &seq, &held)
                            group = nil
                            result.take(record, line: lineNumber, offset: start, length: i - start, seq: &seq, accept)
                        }
                    } else if let place {
                        if place.index == 0 {
                            var new = OpenGroup(offset: start, firstLine: lineNumber, size: place.size, seqBefore: seq,
                                                lastLineStartBefore: result.lastLineStart)
                            held.add(record, offset: start, length: i - start, to: &new, seq: &seq)
                            group = new
                        } else {
                            result.damaged.append((lineNumber, start, i - start,
                                                   .groupLineOutOfPlace(index: place.index, size: place.size)))
                        }
                    } else {
                        result.take(record, line: lineNumber, offset: start, length: i - start, seq: &seq, accept)
                    }
                case let .failure(problem):
                    if var open = group {
                        // A damaged line while a change is open may be one of its lines: it takes that place.
                        open.count += 1
                        open.isDamaged = true
                        group = open
                    } else {
                        result.damaged.append((lineNumber, start, i - start, problem))
                    }
                }
                if let open = group, open.count == open.size {
                    // A whole change was written and acknowledged as one; a line of it damaged since (a flipped
                    // bit, a hand edit) is set aside alone, and its other events stay on the board.
                    if open.isDamaged { result.reportDamagedLines(of: open, bytes, end: i + 1) }
                    held.release(accept)
                    group = nil
                }
                lineNumber += 1
                result.lastLineStart = start
                start = i + 1
            }
            i += 1
        }
        if let open = group {
            held.drop()
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
    @inline(__always)
    private mutating func take(_ record: JournalRecord, line: Int, offset: Int, length: Int, seq: inout Int64,
                               _ accept: (JournalRecord, Int, Int) -> Void) {
        if record.seq > seq {
            seq = record.seq
            accept(record, offset, length)
        } else {
            damaged.append((line, offset, length, .seqNotIncreasing(record.seq)))
        }
    }

    /// The valid events of the change being read, held until its last line is read and then accepted in order, or
    /// dropped when it turns out cut short. A record is one reference (`JournalRecord`'s box), so holding it costs a
    /// retain.
    private struct Held {
        private struct Event {
            let record: JournalRecord
            let offset: Int
            let length: Int
        }
        private var events: [Event] = []

        /// A valid line of an open change: held for now if its seq goes up.
        mutating func add(_ record: JournalRecord, offset: Int, length: Int, to group: inout OpenGroup,
                          seq: inout Int64) {
            group.count += 1
            guard record.seq > seq else {
                group.isDamaged = true
                return
            }
            seq = record.seq
            events.append(Event(record: record, offset: offset, length: length))
        }

        /// The change is whole: its events count.
        mutating func release(_ accept: (JournalRecord, Int, Int) -> Void) {
            events.withUnsafeBufferPointer { held in
                for e in held { accept(e.record, e.offset, e.length) }
            }
            drop()
        }

        mutating func drop() { events.removeAll(keepingCapacity: true) }
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
    private mutating func reject(_ group: OpenGroup, _ bytes: UnsafeBufferPointer<UInt8>, end: Int, seq: inout Int64,
                                 _ held: inout Held) {
        held.drop()
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
