/// An in-memory journal with the same protocol as the file journal, for tests; several instances can share one log.
import SetBoardCore

public final class MemoryJournal: Journal, @unchecked Sendable {
    /// The shared log: two `MemoryJournal`s over one storage behave like two processes on one file.
    public final class Storage: @unchecked Sendable {
        public fileprivate(set) var records: [JournalRecord] = []
        /// The newest seq, Lamport clock and time in `records`, for stamping.
        fileprivate var head = JournalHead()
        public init() {}

        fileprivate func append(_ record: JournalRecord) {
            records.append(record)
            head.advance(past: record)
        }
    }

    public let storage: Storage
    public private(set) var records: [JournalRecord] = []
    public private(set) var warnings: [String] = []
    public var damage: JournalDamage? { nil }
    public var readOnlyReason: String?
    let clock: any JournalClock
    let replica: String
    /// When set, the next append fails with this error, as a full disk would.
    public var failNextAppend: JournalError?

    /// Each event's id; tests that compare records pass a `SeededIDSource`.
    let ids: any IDSource

    public init(storage: Storage = Storage(), clock: any JournalClock = SystemClock(), replica: String = "mem",
                ids: any IDSource = SystemIDSource.shared) {
        self.storage = storage
        self.clock = clock
        self.replica = replica
        self.ids = ids
        records = storage.records
    }

    /// A journal holding exactly these records: a board replayed to a past moment (the hand-over of a past week).
    public convenience init(replaying past: [JournalRecord]) {
        let storage = Storage()
        for record in past { storage.append(record) }
        self.init(storage: storage)
    }

    public func allRecords(containing: [UInt8]?) throws -> [JournalRecord] { records }

    public func readNew() throws -> [JournalRecord] {
        let new = Array(storage.records[records.count...])
        records.append(contentsOf: new)
        return new
    }

    public func append(actor: String, _ decide: ([JournalRecord]) throws -> [NewEvent]) throws -> AppendResult {
        if let reason = readOnlyReason { throw JournalError.readOnly(reason) }
        let caughtUp = try readNew()
        let events = try decide(caughtUp)
        if let failure = failNextAppend {
            failNextAppend = nil
            throw failure
        }
        let appended = try JournalStamp.stamp(events, after: storage.head, clock: clock, ids: ids, replica: replica, actor: actor)
        for record in appended { storage.append(record) }
        records.append(contentsOf: appended)
        return AppendResult(caughtUp: caughtUp, appended: appended)
    }
}
