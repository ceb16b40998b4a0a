/// The board as one process sees it: the journal plus the state replayed from it, and the one path for changes.
import SetBoardCore

public final class BoardStore {
    public let journal: any Journal
    public private(set) var state = BoardState()
    public private(set) var incidents = IncidentState()
    public private(set) var pages = PageState()
    public private(set) var roster = RosterState()
    public private(set) var cycle = CycleState()
    /// Which alerts each CAT2 ticket holds (`alert.*` events), for Alertmanager intake's deduplication.
    public private(set) var alerts = AlertState()
    /// Projects, milestones and their checklists (`project.*` events).
    public private(set) var projects = ProjectState()
    /// Each ticket's Jira origin, outside links and imported notes (`ticket.imported`/`linked`/`noted`).
    public private(set) var links = LinkState()
    /// Set when other replicas' events are replayed with this journal's (`BoardStore+Replicas.swift`); nil on a
    /// board that has never synced, which replays its journal alone as before.
    var replicas: ReplicaReplay?
    /// The incident, page, roster and cycle events read so far: a snapshot keeps them to replay, being few.
    private(set) var otherEvents: [JournalRecord] = []
    /// What the user should hear about opening: a snapshot that could not be used or written.
    public internal(set) var notes: [String] = []
    /// Where this user's snapshot of the board goes, when it was opened with snapshots on and the board has an id.
    public internal(set) var snapshotPath: String?
    /// The last seq the snapshot on disk holds, as far as this store knows (it read or wrote it).
    var snapshotSeq: Int64?
    /// Set for the board as it was (`openPast`): the moment it shows; nil for the board of now.
    public internal(set) var pastTime: Int64?
    /// The last history asked for, kept until the board changes: the detail view asks on every frame.
    private var historyCache: (key: String, applied: Int, records: [JournalRecord])?
    /// `boardRecords()` of a synced board's past (`openPast`), which never changes: its detail view asks every frame.
    var pastRecordsCache: [JournalRecord]?
    /// Where each key's events are in the journal, so a history costs the card's own events, not the journal.
    let historyIndex = HistoryIndex()
    /// How many events this store has applied: changes whenever the board may have, for caches keyed on it.
    public private(set) var applied = 0
    /// The reader's clock, against which stamps are clamped (see `clamped`); nil takes stamps as written.
    private let clock: (any JournalClock)?
    /// The newest reading of that clock. It is read again only when a record claims a later time, so replaying a
    /// journal of sane stamps reads the clock once.
    private var clockReading = Int64.min
    /// When this store last finished reading the journal: a page read after that was written after it.
    private var lastReadAt: Int64?
    /// The newest board-event stamp not in this reader's future, where a future one is put.
    private var believable = Int64.min

    public init(journal: any Journal, clock: (any JournalClock)? = nil) {
        self.journal = journal
        self.clock = clock
        for record in journal.records { apply(record) }
        lastReadAt = clock?.nowMilliseconds()
    }

    /// A store that has applied nothing yet: one that replays other replicas' events with the journal's.
    init(unreplayed journal: any Journal, clock: (any JournalClock)?) {
        self.journal = journal
        self.clock = clock
        lastReadAt = clock?.nowMilliseconds()
    }

    /// Starts from a snapshot, then replays what the journal read after it.
    init(journal: any Journal, snapshot: BoardSnapshot, clock: (any JournalClock)? = nil) {
        self.journal = journal
        self.clock = clock
        state = snapshot.board
        for record in snapshot.otherEvents { apply(record) }
        for record in journal.records { apply(record) }
        lastReadAt = clock?.nowMilliseconds()
    }

    /// Opens the store of a journal opened unread (`FileJournal.openUnread`), applying each event as its chunk is read,
    /// so a full replay never holds every record (see `FileJournal.readOpening`). It starts from `snapshot` when the
    /// journal accepts its position, as `init(journal:snapshot:clock:)` does.
    static func replaying(_ journal: FileJournal, snapshot: BoardSnapshot?, clock: (any JournalClock)?) throws(JournalError)
        -> BoardStore {
        let store = BoardStore(journal: journal, clock: clock) // nothing read yet, so nothing applied
        store.lastReadAt = nil
        try journal.readOpening(placed: {
            guard let snapshot, journal.startPosition != nil else { return }
            store.state = snapshot.board
            for record in snapshot.otherEvents { store.apply(record) }
        }, { store.apply($0) })
        store.lastReadAt = clock?.nowMilliseconds()
        return store
    }

    /// Starts a synced board from its snapshot (`ReplicaFrontier`): the board, its other events replayed, and the
    /// counters a replay from the start would have reached there, so what follows applies exactly as in that replay.
    /// The other events are kept as applied (keys already resolved) and the frontier holds the renames and seen
    /// steps they led to, so they are applied as stored: resolving them again with the final renames could move an
    /// event a second time.
    func place(_ snapshot: BoardSnapshot) {
        state = snapshot.board
        for record in snapshot.otherEvents { apply(record, asStored: true) }
        if let frontier = snapshot.frontier {
            applied = frontier.applied
            believable = frontier.believable
        }
    }

    /// The newest believable board-event stamp (see `clamped`), for a synced board's snapshot.
    var believableStamp: Int64 { believable }

    /// Clock skew, reader side: one host's bad clock must not stall the board for everyone. The stamps stay in the
    /// journal as written (`log` shows them); only the times the board computes waits from are clamped:
    /// - a board event stamped later than this reader's clock counts as happening at the newest believable stamp
    ///   before it (the journal had it no earlier than that): a nudge stamped 9999 does not make a card fresh for
    ///   ever, and a replay gives every reader the same answer;
    /// - a page event stamped in the future counts as now, and a page's own later events (a notifier claiming a
    ///   step, an acknowledgement) pull its opening back to when they were written, so a page from a host two days
    ///   ahead escalates from when it was first seen rather than 48 h late;
    /// - a page event read after this store was opened counts as no earlier than the store's previous read, when it
    ///   was not there yet: a page stamped 50 minutes back starts at the primary, not at step 4 (on a board that has
    ///   never synced; see below).
    /// What the snapshot keeps is the clamped record, so a time stays put across restarts.
    private func clampedTime(_ record: JournalRecord) -> Int64 {
        guard let clock else { return record.ts }
        var ts = record.ts
        if ts > clockReading { clockReading = clock.nowMilliseconds() }
        // The event type is only compared in the rare cases that need it: a replay stays one comparison a record.
        if ts > clockReading {
            let isPage = PageEvent.types.contains(record.type)
            ts = isPage || believable == Int64.min ? clockReading : believable
        } else {
            believable = max(believable, ts)
        }
        // Not on a synced board: there a page's times are those of its events alone, whenever and however they were
        // read (a replay from the start, a snapshot start, a sync on top), so every replica, and every start of
        // this one, shows the same page, and a replay does not restart each page at its primary.
        if replicas == nil, let floor = lastReadAt, ts < floor, PageEvent.types.contains(record.type) { ts = floor }
        return ts
    }

    /// Back to an empty board before a replay of every replica's events in their one order.
    func resetForReplay() {
        state = BoardState()
        incidents = IncidentState()
        pages = PageState()
        roster = RosterState()
        cycle = CycleState()
        alerts = AlertState()
        projects = ProjectState()
        links = LinkState()
        otherEvents = []
        historyCache = nil
        clockReading = Int64.min
        believable = Int64.min
    }

    /// Decodes every ticket of a board opened lazily (`open(…lazily: true)`), for a reader of every card.
    public func decodeAll() { state.decodeAll() }

    /// Reads what the first change to a board opened lazily needs (`BoardState.readyForChanges`): the full-screen
    /// board calls it right after its first frame, so the first key that moves a card does not pay for it. The
    /// cards stay undecoded; frames decode the ones they show.
    public func readyForChanges() { state.readyForChanges() }

    /// `asStored`: a synced board's snapshot event, applied as it was kept (see `place`).
    func apply(_ incoming: JournalRecord, asStored: Bool = false) {
        let ts = clampedTime(incoming)
        // Nearly every event of a replay is a board event on a board of one replica with no history on screen: it is
        // read where it lies. Copying each record (its strings and event retained, then released) was a tenth of a
        // full replay's instructions (50,000 tickets).
        if historyCache == nil, replicas == nil, case let .board(event)? = incoming.event {
            applied += 1
            state.apply(event, seq: incoming.seq, at: ts, by: incoming.actor)
            return
        }
        var record = incoming
        record.ts = ts
        applied += 1
        // The history on screen follows the board: a new event about its ticket is added, not re-read from disk.
        if var cache = historyCache {
            historyCache = nil // so the append below does not copy the array
            if record.payload["key"]?.stringValue == cache.key { cache.records.append(record) }
            cache.applied = applied
            historyCache = cache
        }
        // The registry decoded the payload when the line was read, or the store decided it: nothing is decoded here.
        // Other replicas' events, and this one's, are read as their writer meant the keys (`BoardStore+Replicas`).
        var event = record.event
        if let replicas, !asStored {
            if let known = event { event = replicas.mapAny(known, record, store: self) }
            replicas.keep(record, as: event)
        }
        switch event {
        case let .board(event)?:
            state.apply(event, seq: replicas == nil ? record.seq : Int64(applied), at: record.ts, by: record.actor)
            return
        case let .incident(event)?:
            incidents.apply(event, at: record.ts, by: record.actor)
        case let .page(event)?:
            pages.apply(event, at: record.ts, by: record.actor, rid: record.rid)
        case let .roster(event)?:
            roster.apply(event)
        case let .cycle(event)?:
            cycle.apply(event, at: record.ts, by: record.actor)
        case let .alert(event)?:
            alerts.apply(event)
        case let .project(event)?:
            projects.apply(event, at: record.ts, by: record.actor)
        case let .link(event)?:
            links.apply(event)
        case let .sync(.imported(seen))?:
            if !asStored { replicas?.renames.noteSeen(by: record.rid, at: record.lam, seen) }
        case nil:
            state.skipUnknown(seq: record.seq)
            return
        }
        // Kept as applied, so a replay of the kept events (a snapshot's) reaches the same tickets.
        if replicas != nil, event != record.event, let event {
            otherEvents.append(JournalRecord(seq: record.seq, id: record.id, rid: record.rid, lam: record.lam, ts: record.ts,
                                             actor: record.actor, event: event, group: record.group))
            return
        }
        otherEvents.append(record)
    }

    /// The one path for a change: under the journal's lock, catch up with what other writers appended, let `decide`
    /// turn the newest store into events (so two writers can never hand out the same key, two notifiers never claim
    /// one step, and two leads importing at once cannot both pass the permission check against a roster the other has
    /// just replaced), write them durably, then apply the typed events decided — what was just written is never decoded again.
    /// Caught-up records are applied as they arrive: if the write then fails, the journal has still read them and
    /// will not hand them out again.
    @discardableResult
    public func perform(actor: String, _ decide: (BoardStore) throws -> [NewEvent]) throws -> [JournalRecord] {
        let result = try journal.append(actor: actor) { newRecords in
            try self.takeIn(newRecords, underLock: true)
            return try decide(self)
        }
        for record in result.appended { apply(record) }
        if let last = result.appended.last { replicas?.passed(last) }
        return result.appended
    }

    @discardableResult
    public func perform(_ command: Command, actor: String, now: Int64) throws -> [JournalRecord] {
        try perform(actor: actor) { store in
            try Decide.decide(command, state: store.state, actor: actor, now: now).map { NewEvent(.board($0)) }
        }
    }

    /// Appends events that need no decision (generated boards, imports), then applies them.
    public func append(_ events: [NewEvent], actor: String) throws {
        try perform(actor: actor) { _ in events }
    }

    @discardableResult
    public func perform(_ command: IncidentCommand, actor: String) throws -> [JournalRecord] {
        try perform(actor: actor) { store in
            try IncidentDecide.decide(command, incidents: store.incidents, board: store.state).map { NewEvent(.incident($0)) }
        }
    }

    @discardableResult
    public func perform(_ command: PageCommand, actor: String, now: Int64) throws -> [JournalRecord] {
        try perform(actor: actor) { store in
            try PageDecide.decide(command, pages: store.pages, board: store.state, actor: actor, now: now).map { NewEvent(.page($0)) }
        }
    }

    @discardableResult
    public func perform(_ command: RosterCommand, actor: String, now: Int64) throws -> [JournalRecord] {
        try perform(actor: actor) { store in
            try RosterDecide.decide(command, roster: store.roster, actor: actor, now: now).map { NewEvent(.roster($0)) }
        }
    }

    @discardableResult
    public func perform(_ command: ProjectCommand, actor: String) throws -> [JournalRecord] {
        try perform(actor: actor) { store in
            try ProjectDecide.decide(command, projects: store.projects, board: store.state, roster: store.roster,
                                     actor: actor).map { NewEvent(.project($0)) }
        }
    }

    /// For a change that spans event families (a ticket and its incident): the same path as `perform`.
    @discardableResult
    public func performEvents(actor: String, _ decide: (BoardStore) throws -> [NewEvent]) throws -> [JournalRecord] {
        try perform(actor: actor, decide)
    }

    /// Reads what other processes appended; true when the board changed.
    @discardableResult
    public func refresh() throws -> Bool {
        let new = try journal.readNew()
        let changed = try takeIn(new, underLock: false)
        if let clock { lastReadAt = clock.nowMilliseconds() }
        return changed
    }

    /// The events about one ticket (every event whose payload names the key), oldest first. Through the history
    /// index: the lines it points at are read and checked, and the events read since the snapshot come from memory.
    /// When the index cannot answer (an in-memory or damaged journal, a line that no longer matches), the journal
    /// is scanned, as `scannedHistory(of:)` does: both give the same events.
    public func history(of key: String) throws -> [JournalRecord] {
        if let cached = historyCache, cached.key == key, cached.applied == applied { return cached.records }
        let records = isMerged ? try mergedHistory(of: key, local: localHistory) : try localHistory(of: key)
        historyCache = (key, applied, records)
        return records
    }

    /// This journal's events naming `key`: through the index, else by a scan.
    func localHistory(of key: String) throws -> [JournalRecord] {
        let indexed = try (journal as? FileJournal).flatMap { file throws(JournalError) in
            try historyIndex.history(of: key, in: file)
        }
        return try indexed ?? scannedHistory(of: key)
    }

    /// The events about one ticket read by scanning the whole journal file (only lines naming the key are decoded):
    /// what `history(of:)` falls back to, and what the tests hold it to.
    public func scannedHistory(of key: String) throws -> [JournalRecord] {
        var needle = Array("\"key\":".utf8)
        JSONValue.string(key).encode(into: &needle)
        return try journal.allRecords(containing: needle).filter { $0.payload["key"]?.stringValue == key }
    }

    /// Every event in the journal, oldest first, read afresh from the file.
    public func allRecords() throws -> [JournalRecord] {
        try journal.allRecords(containing: nil)
    }
}
