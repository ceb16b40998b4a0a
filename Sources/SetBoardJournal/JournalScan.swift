/// Splits journal bytes into lines and classifies each: valid event, damaged line, or an unfinished tail.
import SetBoardCore

/// The result of reading a stretch of journal bytes.
struct JournalScan {
    var records: [JournalRecord] = []
    /// (1-based line number, byte offset, length without newline, problem) for each damaged line.
    var damaged: [(line: Int, offset: Int, length: Int, problem: JournalRecord.LineProblem)] = []
    /// Bytes consumed: up to and including the last newline.
    var consumed = 0
    /// Bytes after the last newline: a write in progress, or a torn line left by a crash.
    var tailLength = 0
    var lines = 0
    /// Where the last complete line starts (relative to the bytes scanned), so a snapshot can name it.
    var lastLineStart: Int?

    /// Scans `bytes`, numbering lines from `firstLine`; `lastSeq` lets it reject a sequence that goes backwards.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, firstLine: Int, lastSeq: Int64) -> JournalScan {
        var result = JournalScan()
        var start = 0
        var lineNumber = firstLine
        var seq = lastSeq
        var i = 0
        let n = bytes.count
        while i < n {
            if bytes[i] == 0x0A {
                let line = UnsafeBufferPointer(rebasing: bytes[start..<i])
                switch JournalRecord.decode(line: line) {
                case let .success(record):
                    if record.seq <= seq {
                        result.damaged.append((lineNumber, start, i - start, .seqNotIncreasing(record.seq)))
                    } else {
                        seq = record.seq
                        result.records.append(record)
                    }
                case let .failure(problem):
                    result.damaged.append((lineNumber, start, i - start, problem))
                }
                lineNumber += 1
                result.lastLineStart = start
                start = i + 1
            }
            i += 1
        }
        result.consumed = start
        result.tailLength = n - start
        result.lines = lineNumber - firstLine
        return result
    }
}
