/// The detail view's history source over the journal: a ticket's events, worded, read when the view asks.
import SetBoardCore
import SetBoardJournal
import SetBoardUI

/// Gives the detail view a ticket's history, read from the journal file when asked (the board keeps no events in
/// memory once it opens from a snapshot). The view's source must be `Sendable`, but the board runs on one thread
/// and only that thread draws, so the store is never touched from two threads.
public final class HistorySource: TicketHistorySource, @unchecked Sendable {
    private let store: BoardStore
    private let now: Int64
    /// In history mode: the last event the board shows; later ones are not part of that past.
    private let upToSeq: Int64?
    /// The same on a synced board, by time: its events' seqs are each replica's own, not history mode's order.
    private let upToTime: Int64?

    public init(store: BoardStore, now: Int64, upToSeq: Int64? = nil, upToTime: Int64? = nil) {
        self.store = store
        self.now = now
        self.upToSeq = upToSeq
        self.upToTime = upToTime
    }

    public func lines(of key: String) -> [HistoryLine] {
        do {
            var records = try store.pastHistory(of: key)
            if let upToSeq { records = records.filter { $0.seq <= upToSeq } }
            if let upToTime { records = records.filter { $0.ts <= upToTime } }
            return HistorySource.history(of: key, in: records)
        } catch {
            return [HistoryLine(at: now, actor: "setboard", text: "the history could not be read: \(error)")]
        }
    }

    static func history(of key: String, in records: [JournalRecord]) -> [HistoryLine] {
        records.compactMap { record in
            guard record.payload["key"]?.stringValue == key else { return nil }
            let text = record.event?.summary ?? "\(TextSafety.escaped(record.type)) (not known to this version)"
            return HistoryLine(at: record.ts, actor: TextSafety.escaped(record.actor), text: text)
        }
    }
}
