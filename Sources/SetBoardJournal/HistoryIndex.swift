/// A key's events without reading the whole journal: the index kept with the snapshot, plus the events read after it.
import SetBoardCore

/// Where a board's events about each key are. The part before the position the journal started reading at (a
/// snapshot's) comes from the index file beside that snapshot; the part after, from the records the journal read
/// since, which it keeps with their places. Every line read through the index is checked (its checksum, and that it
/// names the key) before it is shown; when one fails, the caller scans the journal instead.
final class HistoryIndex {
    /// The index file beside this user's snapshot, when the board was opened with snapshots.
    var path: String?
    var fileSystem: any FileSystem = PosixFileSystem.shared

    /// The events before the journal's starting position.
    enum Base {
        /// Not looked at yet.
        case unknown
        /// The journal read from its first line: there is nothing before.
        case none
        case file(HistoryIndexReader)
        /// Rebuilt from the journal in this process (the file was missing, stale or damaged), sorted.
        case memory([HistoryPosting])
        /// A line the index pointed at no longer matched the journal: this process scans instead.
        case unusable
    }
    private(set) var base = Base.unknown
    /// Why the file could not be used, for the note a test or a report may show.
    private(set) var baseProblem: String?
    /// True when the events before the journal's start come from the index file (not a rebuild, not a scan).
    var readsFile: Bool {
        if case .file = base { return true }
        return false
    }
    /// True when this process has stopped trusting the index and scans the journal for histories.
    var isUnusable: Bool {
        if case .unusable = base { return true }
        return false
    }
    /// The journal's records read since its start, by the key they name: indexes into `FileJournal.records`.
    private var tail: [String: [Int]] = [:]
    private var tailCount = 0

    /// The key's events, oldest first; nil when the index cannot answer and the journal must be scanned.
    func history(of key: String, in journal: FileJournal) throws(JournalError) -> [JournalRecord]? {
        guard journal.damage == nil else { return nil }
        var result: [JournalRecord] = []
        if journal.historyBase != nil {
            guard let spans = try baseSpans(of: key, in: journal) else { return nil }
            let lines = try journal.lines(at: spans.compactMap { JournalLineSpan(packed: $0) })
            guard lines.count == spans.count else { return mismatch() }
            let hash = HistoryIndexFile.hash(key)
            for line in lines {
                guard let line, case let .success(record) = JournalRecord.decode(line: line),
                      let named = record.payload["key"]?.stringValue, record.seq > (result.last?.seq ?? 0) else {
                    return mismatch()
                }
                if named == key {
                    result.append(record)
                } else if HistoryIndexFile.hash(named) != hash {
                    return mismatch()
                } // else two keys share a hash: the line is the other key's, rightly indexed under it
            }
        }
        catchUpTail(journal)
        for i in tail[key] ?? [] { result.append(journal.records[i]) }
        return result
    }

    /// Where the key's events are in journal.log, oldest first, as the index has them (the lines are not read);
    /// nil when the index cannot say.
    func positions(of key: String, in journal: FileJournal) throws(JournalError) -> [JournalLineSpan]? {
        guard journal.damage == nil else { return nil }
        var spans: [JournalLineSpan] = []
        if journal.historyBase != nil {
            guard let packed = try baseSpans(of: key, in: journal) else { return nil }
            for p in packed {
                guard let span = JournalLineSpan(packed: p) else { return nil }
                spans.append(span)
            }
        }
        catchUpTail(journal)
        for i in tail[key] ?? [] {
            guard let span = journal.span(ofRecordAt: i) else { return nil }
            spans.append(span)
        }
        return spans
    }

    private func mismatch() -> [JournalRecord]? {
        base = .unusable
        return nil
    }

    /// Files the records the journal read since the last call under the keys they name.
    private func catchUpTail(_ journal: FileJournal) {
        let records = journal.records
        guard tailCount < records.count else { return }
        for i in tailCount..<records.count {
            if let key = records[i].payload["key"]?.stringValue { tail[key, default: []].append(i) }
        }
        tailCount = records.count
    }

    /// The places of the key's events before the journal's start, packed; nil when the index cannot say.
    private func baseSpans(of key: String, in journal: FileJournal) throws(JournalError) -> [UInt64]? {
        try loadBase(journal)
        let hash = HistoryIndexFile.hash(key)
        switch base {
        case .unknown, .unusable: return nil
        case .none: return []
        case let .file(reader):
            guard let spans = try reader.spans(of: hash) else {
                baseProblem = "the history index is damaged"
                try rebuild(journal)
                return try baseSpans(of: key, in: journal)
            }
            return spans
        case let .memory(postings):
            var low = 0, high = postings.count
            while low < high {
                let mid = low + (high - low) / 2
                if postings[mid].hash < hash { low = mid + 1 } else { high = mid }
            }
            var spans: [UInt64] = []
            while low < postings.count && postings[low].hash == hash {
                spans.append(postings[low].span)
                low += 1
            }
            return spans
        }
    }

    /// Opens the index file that matches where the journal started, or rebuilds it from the journal.
    private func loadBase(_ journal: FileJournal) throws(JournalError) {
        guard case .unknown = base else { return }
        guard let start = journal.historyBase else {
            base = .none
            return
        }
        var why: String?
        if let path, let reader = HistoryIndexReader(path: path, fileSystem: fileSystem, why: &why) {
            if reader.position == start {
                base = .file(reader)
                return
            }
            why = "the history index is of another journal position"
        }
        baseProblem = why
        try rebuild(journal)
    }

    /// Reads the events before the journal's start afresh (the one time this index costs a whole read), keeps
    /// their places, and writes them beside the snapshot so the next process need not.
    private func rebuild(_ journal: FileJournal) throws(JournalError) {
        guard let start = journal.historyBase else {
            base = .none
            return
        }
        let found: [HistoryPosting]?
        if journal.startPosition == nil {
            found = try journal.streamedPostings()
        } else {
            let (records, spans) = try journal.recordsBefore(start.offset)
            found = Self.postings(records, spans: spans)
        }
        guard let postings = found else {
            base = .unusable
            return
        }
        base = .memory(postings)
        if let path {
            try? writeFile(path, position: start, postings: postings)
        }
    }

    /// The postings of these records (sorted), nil when one of their lines could not be placed.
    static func postings(_ records: some Collection<JournalRecord>, spans: [UInt64]) -> [HistoryPosting]? {
        var out: [HistoryPosting] = []
        for (record, span) in zip(records, spans) {
            guard let key = record.payload["key"]?.stringValue else { continue }
            guard span != 0 else { return nil }
            out.append(HistoryPosting(hash: HistoryIndexFile.hash(key), span: span))
        }
        out.sort()
        return out
    }

    /// The index file of everything this index knows, up to where the journal has read, at `position`: for the index
    /// written with a new snapshot. Nil when some part cannot be had (as `allPostings`). An index read from a file is
    /// extended from that file's bytes (`HistoryIndexReader.encodeExtended`).
    func encodedAll(_ journal: FileJournal, position: JournalPosition) throws(JournalError) -> [UInt8]? {
        try loadBase(journal)
        guard case let .file(reader) = base else {
            return try allPostings(journal).map { HistoryIndexFile.encode(position: position, postings: $0) }
        }
        guard let after = postingsSinceBase(journal) else { return nil }
        if let bytes = try reader.encodeExtended(with: after, position: position) { return bytes }
        try rebuild(journal)
        return try encodedAll(journal, position: position)
    }

    /// The postings of the events read since the base, sorted; nil when a line could not be placed.
    private func postingsSinceBase(_ journal: FileJournal) -> [HistoryPosting]? {
        let records = journal.records
        var spans: [UInt64] = []
        spans.reserveCapacity(records.count)
        for i in records.indices { spans.append(journal.span(ofRecordAt: i)?.packed ?? 0) }
        return Self.postings(records, spans: spans)
    }

    /// Everything this index knows, up to where the journal has read: for the index written with a new snapshot.
    /// Nil when some part cannot be had (the file is damaged, a line too long to place).
    func allPostings(_ journal: FileJournal) throws(JournalError) -> [HistoryPosting]? {
        try loadBase(journal)
        var before: [HistoryPosting]
        switch base {
        case .unknown, .unusable: return nil
        case .none: before = []
        case let .memory(postings): before = postings
        case let .file(reader):
            guard let postings = try reader.allPostings() else {
                try rebuild(journal)
                return try allPostings(journal)
            }
            before = postings
        }
        guard let after = postingsSinceBase(journal) else { return nil }
        return Self.merge(before, after)
    }

    /// Two sorted lists as one sorted list; the later events of a key come after the earlier ones, by place.
    static func merge(_ a: [HistoryPosting], _ b: [HistoryPosting]) -> [HistoryPosting] {
        if a.isEmpty { return b }
        if b.isEmpty { return a }
        var out: [HistoryPosting] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count && j < b.count {
            if b[j] < a[i] {
                out.append(b[j]); j += 1
            } else {
                out.append(a[i]); i += 1
            }
        }
        out.append(contentsOf: a[i...])
        out.append(contentsOf: b[j...])
        return out
    }

    func writeFile(_ path: String, position: JournalPosition, postings: [HistoryPosting]) throws(JournalError) {
        try writeBytes(path, HistoryIndexFile.encode(position: position, postings: postings))
    }

    func writeBytes(_ path: String, _ bytes: [UInt8]) throws(JournalError) {
        let directory = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        try fileSystem.makeDirectories(directory)
        try fileSystem.writeDurably(bytes, to: path, directory: directory, mode: 0o600)
    }
}

extension BoardStore {
    /// Where the events about `key` (a ticket, or any event whose payload names that key) are in journal.log, oldest
    /// first, from the index: the lines are not read, so a caller that reads them must check them (as `history(of:)`
    /// does). Nil when the board has no such index (an in-memory journal, a damaged one).
    public func eventPositions(of key: String) throws -> [JournalLineSpan]? {
        guard let file = journal as? FileJournal else { return nil }
        return try historyIndex.positions(of: key, in: file)
    }

    /// Writes the history index for the journal as this store has read it, beside the snapshot at `snapshotPath`,
    /// at `position` (the snapshot's). False when it could not be had (see `HistoryIndex.allPostings`).
    @discardableResult
    func writeHistoryIndex(besideSnapshot snapshotPath: String, position: JournalPosition) throws(JournalError) -> Bool {
        guard let file = journal as? FileJournal, file.damage == nil,
              let bytes = try historyIndex.encodedAll(file, position: position) else { return false }
        try historyIndex.writeBytes(HistoryIndexFile.path(besideSnapshot: snapshotPath), bytes)
        return true
    }
}
