// The board as it was: from the snapshot or a replay, the same board; read-only; and the journal read in chunks.
import Foundation
import SetBoardCore
import Testing
@testable import SetBoardJournal

@Suite struct PastBoardTests {
    let clock = FixedClock()

    @Test func thePastFromTheSnapshotIsThePastFromAReplay() throws {
        let dir = try ScratchDir("past")
        let (board, policy, _) = try HistoryIndexTests().snapshotted(dir, tickets: 300)
        // A later event, stamped after the snapshot's last: a time past it starts from the snapshot.
        let later = BoardStore(journal: try FileJournal.open(directory: board, clock: FixedClock(ms: clock.ms + 60_000)))
        try later.perform(.add(NewTicket(title: "After the snapshot", tier: .other)), actor: "bob", now: clock.ms + 60_000)
        let all = try later.allRecords()
        let times = [all[all.count / 3].ts, all[all.count / 2].ts, clock.ms, clock.ms + 60_000, all[0].ts - 1]
        for time in times {
            let fromSnapshot = try BoardStore.openPast(at: time, directory: board, snapshots: policy)
            let replayed = try BoardStore.openPast(at: time, directory: board, snapshots: nil)
            #expect(fromSnapshot.state == replayed.state, "at \(time)")
            #expect(fromSnapshot.incidents == replayed.incidents)
            #expect(fromSnapshot.journal.readOnlyReason?.contains("as it was at") == true)
            // Every event stamped up to the time, in journal order, and none after.
            var expected = BoardStore(journal: MemoryJournal(replaying: all.filter { $0.ts <= time })).state
            expected.decodeAll()
            var got = replayed.state
            got.decodeAll()
            #expect(got == expected, "at \(time)")
        }
        let usedSnapshot = try BoardStore.openPast(at: clock.ms + 60_000, directory: board, snapshots: policy)
        #expect((usedSnapshot.journal as? FileJournal)?.startPosition != nil)
        #expect(usedSnapshot.state.ticket("SET-301") != nil)
        #expect(throws: JournalError.self) {
            try usedSnapshot.perform(.add(NewTicket(title: "no", tier: .other)), actor: "bob", now: clock.ms)
        }
    }

    @Test func forEachRecordHandsOverEveryEventInOrder() throws {
        let dir = try ScratchDir("pastchunks")
        let (board, policy, _) = try HistoryIndexTests().snapshotted(dir, tickets: 300)
        let store = try BoardStore.open(directory: board, clock: clock, snapshots: policy)
        var seqs: [Int64] = []
        try store.forEachRecord { seqs.append($0.seq) }
        #expect(seqs == (try store.allRecords()).map(\.seq))
        #expect(seqs.count > 300)
    }
}
