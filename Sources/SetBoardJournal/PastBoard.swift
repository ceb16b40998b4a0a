// The board as it was at a past moment (`--at`, `diff`), from a snapshot older than that moment or a replay up to it.
import SetBoardCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A clock stopped at one moment: the past board's now, so ages and overdue marks read as they did then.
public struct StoppedClock: JournalClock {
    public let milliseconds: Int64
    public init(_ milliseconds: Int64) { self.milliseconds = milliseconds }
    public func nowMilliseconds() -> Int64 { milliseconds }
}

extension BoardStore {
    /// The board as it was at `time`: every event stamped at or before it, in journal order (the order every reader
    /// replays). When this user's snapshot ends with an event at or before `time`, it is the start and only the
    /// events after it are read; otherwise the journal is replayed from its first line. Nothing is written: no
    /// snapshot, no lock, no quarantine; the store is read-only and does not follow later changes.
    ///
    /// Host clocks never stamp an event earlier than the journal's newest (`JournalStamp`), so a snapshot whose last
    /// event is at or before `time` holds nothing later. Imports and generated boards date events back: those are
    /// earlier than the line they are written after, so they never make a snapshot hold something later either.
    public static func openPast(at time: Int64, directory: String, snapshots: SnapshotPolicy?, lazily: Bool = false,
                                fileSystem fs: any FileSystem = PosixFileSystem.shared) throws -> BoardStore {
        let clock = StoppedClock(time)
        if let snapshots, let path = SnapshotFile.path(cacheHome: snapshots.cacheHome, boardDirectory: directory, fileSystem: fs),
           SnapshotFile.cacheProblem(path, fileSystem: fs) == nil,
           let bytes = try? SnapshotFile.read(path, fileSystem: fs),
           case let .success(snapshot) = SnapshotFile.decode(bytes, lazily: lazily) {
            let journal = try FileJournal.open(directory: directory, clock: clock, start: snapshot.position, until: time,
                                               fileSystem: fs)
            if journal.startRejected == nil, let start = journal.startTime, start <= time {
                let store = BoardStore(journal: journal, snapshot: snapshot, clock: clock)
                store.pastTime = time
                try store.attachReplicas()
                return store
            }
        }
        let journal = try FileJournal.open(directory: directory, clock: clock, until: time, fileSystem: fs)
        let store = BoardStore(journal: journal, clock: clock)
        store.pastTime = time
        // A synced board's past holds the other replicas' events of that time too, in the one replay order.
        try store.attachReplicas()
        return store
    }

    /// The events about one ticket up to the past this store shows (all of them for a store of the present).
    public func pastHistory(of key: String) throws -> [JournalRecord] {
        guard let time = pastTime else { return try history(of: key) }
        // A synced board's past holds every replica's events of that time (`boardRecords`), not this journal's alone.
        if isMerged { return try boardHistory(of: key) }
        return try scannedHistory(of: key).filter { $0.ts <= time }
    }

    /// Every event up to the past this store shows, oldest first (all of them for a store of the present).
    public func pastRecords() throws -> [JournalRecord] {
        try boardRecords()
    }
}

extension BoardStore {
    /// Every event of the journal, oldest first, handed to `body` a chunk at a time as the file is read: history
    /// mode keeps what it needs of each without holding the whole file and every decoded line at once.
    public func forEachRecord(_ body: (JournalRecord) -> Void) throws {
        guard let file = journal as? FileJournal else {
            for record in try allRecords() { body(record) }
            return
        }
        let opened = try file.fileSystem.open(file.journalPath, flags: O_RDONLY)
        let chunks = try JournalChunks(file: opened, from: 0)
        var line = 1
        var lastSeq: Int64 = 0
        while try chunks.fill() {
            let scan = JournalScan.scan(chunks.pending, firstLine: line, lastSeq: lastSeq)
            for record in scan.records {
                lastSeq = max(lastSeq, record.seq)
                body(record)
            }
            line += scan.lines
            chunks.consume(scan.consumed)
        }
    }
}
