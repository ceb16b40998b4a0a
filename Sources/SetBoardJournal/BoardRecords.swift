// Every event of a board, whatever replica wrote it, in the one order: what `log`, history and the summaries read.
import SetBoardCore

extension BoardStore {
    /// Every event of this board as it was applied, oldest first (up to the moment shown, for the board as it was).
    /// On a board that has never synced: this journal, as `allRecords()` reads it. On a synced board: this journal
    /// and every replica file not set aside, in the one order `(lam, rid, id)`, duplicates dropped by id, each event
    /// with the ticket keys its writer meant (key renames applied), and `seq` its place in that order, so a reader
    /// replaying them (history mode, the summaries) reaches the board the store shows.
    public func boardRecords() throws -> [JournalRecord] {
        guard isMerged, let file = journal as? FileJournal else {
            let all = try allRecords()
            return pastTime.map { time in all.filter { $0.ts <= time } } ?? all
        }
        if pastTime != nil, let cached = pastRecordsCache { return cached }
        let records = try mergedRecords(file)
        if pastTime != nil { pastRecordsCache = records }
        return records
    }

    private func mergedRecords(_ file: FileJournal) throws -> [JournalRecord] {
        var all = try journal.allRecords(containing: nil)
        for log in ReplicaFiles.readAll(board: file.directory, local: file.replica, fileSystem: file.fileSystem)
        where log.problem == nil {
            all += log.records
        }
        if let time = pastTime ?? file.until { all = all.filter { $0.ts <= time } }
        // A scratch store replays them: the renames depend on every board before each event, as in the store's own.
        let scratch = BoardStore(unreplayed: MemoryJournal(), clock: nil)
        let replay = ReplicaReplay()
        replay.kept = []
        scratch.replicas = replay
        var ids = Set<String>()
        for record in ReplayOrder.sorted(all) where ids.insert(record.id).inserted {
            scratch.apply(record)
        }
        var out = replay.kept ?? []
        for i in out.indices { out[i].seq = Int64(i + 1) }
        return out
    }

    /// The events about one ticket from `boardRecords()`: on a synced board, those naming it as applied, numbered
    /// as `boardRecords()` numbers them.
    public func boardHistory(of key: String) throws -> [JournalRecord] {
        try boardRecords().filter { $0.payload["key"]?.stringValue == key }
    }
}
