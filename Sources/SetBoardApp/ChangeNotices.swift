// Who changed what: other people's changes, arriving while the board is open, said in the footer in words.
import SetBoardCore
import SetBoardJournal

/// Words for changes others made, and which cards they touched.
public enum ChangeNotices {
    /// "bob moved SET-4 to IN REVIEW", "carol acknowledged the page"; an event without words of its own is its
    /// journal sentence after the actor.
    public static func sentence(_ record: JournalRecord) -> String {
        let who = TextSafety.escaped(record.actor)
        func e(_ s: String) -> String { TextSafety.escaped(s) }
        switch record.event {
        case let .board(event)?:
            switch event {
            case let .ticketMoved(key, _, to): return "\(who) moved \(e(key)) to \(to.title)"
            case let .ticketCreated(key, t): return "\(who) added \(e(key)) to \(t.column.title)"
            case let .ticketAssigned(key, assignee):
                return assignee.map { $0 == record.actor ? "\(who) took \(e(key))" : "\(who) assigned \(e(key)) to \(e($0))" }
                    ?? "\(who) unassigned \(e(key))"
            case let .ticketRanked(key, _): return "\(who) moved \(e(key)) by hand"
            case let .ticketEdited(key, _): return "\(who) edited \(e(key))"
            case let .ticketNudged(key): return "\(who) nudged \(e(key))"
            case let .ticketTakenOver(key, _, _): return "\(who) took over \(e(key))"
            case let .checklistMarked(key, item, state): return "\(who) marked \(e(key)): \(item.label) \(state.rawValue)"
            case let .orderRestored(column): return "\(who) restored rule order in \(column.title)"
            default: return "\(who): \(event.summary)"
            }
        case let .page(event)?:
            if case .acknowledged = event { return "\(who) acknowledged the page" }
            if case .opened = event { return "\(who) paged the on-call" }
            return "\(who): \(event.summary)"
        case let .incident(event)?: return "\(who): \(event.summary)"
        case let other?: return "\(who): \(other.summary)"
        case nil: return "\(who) wrote an event this version does not know"
        }
    }

    /// One line for what arrived: the sentence when there is one change, "3 changes by bob" when one person made
    /// several, "3 changes by bob, 1 by carol" when several people did.
    public static func summary(_ records: [JournalRecord]) -> String? {
        guard let first = records.first else { return nil }
        if records.count == 1 { return sentence(first) }
        var counts: [(String, Int)] = []
        for r in records {
            if let i = counts.firstIndex(where: { $0.0 == r.actor }) { counts[i].1 += 1 } else { counts.append((r.actor, 1)) }
        }
        let parts = counts.enumerated().map { i, c in
            i == 0 ? "\(c.1) change\(c.1 == 1 ? "" : "s") by \(TextSafety.escaped(c.0))" : "\(c.1) by \(TextSafety.escaped(c.0))"
        }
        return parts.joined(separator: ", ")
    }

    /// The ticket a record is about, if any: the card to mark.
    public static func ticket(_ record: JournalRecord) -> String? {
        record.payload["key"]?.stringValue ?? record.payload["ticket"]?.stringValue
    }
}
