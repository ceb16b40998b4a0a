/// A SET week read back from the journal: its hand-over summary regenerated, its reassignments, invitations and notes.
import SetBoardCore
import SetBoardJournal

enum CycleHistory {
    /// Where the week's hand-over sits in the journal: the records of its one append (assignments, invitations,
    /// notes, completion), or nil while the week has not been handed over.
    static func handoverBatch(_ records: [JournalRecord], rotation: String) -> Range<Int>? {
        guard let last = records.lastIndex(where: {
            if case .cycle(.handoverCompleted(rotation, _, _))? = $0.event { return true }
            return false
        }) else { return nil }
        return max(0, last - Int(records[last].group?.index ?? 0))..<(last + 1)
    }

    /// The Markdown `cycle handover` wrote for the week, rebuilt from the journal alone: the board replayed to the
    /// moment of the hand-over (stuck tickets judged just before it, as the hand-over does). A week not handed
    /// over yet is summarised as of now, or of its end when it is over.
    static func summary(window w: CycleWindow, store: BoardStore, now: Int64) throws -> String {
        let all = try store.boardRecords()
        if let batch = handoverBatch(all, rotation: w.id) {
            let before = BoardStore(journal: MemoryJournal(replaying: Array(all[..<batch.lowerBound])))
            let after = BoardStore(journal: MemoryJournal(replaying: Array(all[..<batch.upperBound])))
            let at = all[batch.upperBound - 1].ts
            return try CycleSummary.markdown(window: w, store: after, now: at,
                                             stuckSince: CycleSummary.stuck(before.state, now: at))
        }
        let until = min(now, w.end)
        let past = BoardStore(journal: MemoryJournal(replaying: all.filter { $0.ts <= until }))
        return try CycleSummary.markdown(window: w, store: past, now: until)
    }

    /// What `setboard cycle` adds below the checklist: the notes handed to this week by the one before, the notes
    /// this week recorded, and, once handed over, which tickets went to whom and who was invited to what.
    static func text(window w: CycleWindow, store: BoardStore) throws -> String {
        func e(_ s: String) -> String { TextSafety.escaped(s) }
        func notes(_ list: [CycleNote]) -> String {
            var out = ""
            for n in list {
                out += "  \(e(n.actor)), \(WorkingTime.isoMinute(n.at)) UTC:\n"
                for line in n.text.split(separator: "\n", omittingEmptySubsequences: false) { out += "    \(e(String(line)))\n" }
            }
            return out
        }
        var out = ""
        if let previous = CycleLookup.previousWindow(store: store, before: w) {
            let handed = store.cycle.rotation(previous.id).notes.filter { !$0.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
            out += "\nHand-off notes handed to this week (rotation \(e(previous.id)))\n"
            out += handed.isEmpty ? "  none\n" : notes(handed)
        }
        let own = store.cycle.rotation(w.id).notes.filter { !$0.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        if !own.isEmpty { out += "\nHand-off notes from this week\n" + notes(own) }
        guard store.cycle.rotation(w.id).handover != nil else { return out }
        let all = try store.boardRecords()
        guard let batch = handoverBatch(all, rotation: w.id) else { return out }
        var moved: [String] = [], invited: [String] = []
        for r in all[batch] {
            if case let .board(.ticketAssigned(key, assignee))? = r.event {
                moved.append("  \(key) → \(assignee.map(e) ?? "nobody")")
            }
            if case let .incident(.teamInvited(id, team))? = r.event {
                invited.append("  \(id): \(e(team))")
            }
        }
        out += "\nReassigned at the hand-over (\(moved.count))\n" + (moved.isEmpty ? "  none\n" : moved.joined(separator: "\n") + "\n")
        out += "Invited to incidents at the hand-over (\(invited.count))\n" + (invited.isEmpty ? "  none\n" : invited.joined(separator: "\n") + "\n")
        return out
    }
}
