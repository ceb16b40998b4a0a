/// A full replay read on a second thread (`ReplayPipeline`) opens the very board a replay on one thread opens: the
/// same tickets and order, the same damage, the same places for the history index, a torn tail set aside alike.
import SetBoardCore
import Testing
@testable import SetBoardJournal

struct ReplayPipelineTests {
    private static let rid = "6c3d7e1bd57e95a4"

    /// A journal of `tickets` cards moved along, written partly as changes of several events, with one damaged line in
    /// the middle and an unfinished line at the end.
    private func writeJournal(in dir: String, tickets: Int) throws {
        var seq: Int64 = 0
        var lines: [[UInt8]] = []
        func add(_ events: [BoardEvent]) {
            for (i, event) in events.enumerated() {
                seq += 1
                let group = events.count > 1 ? JournalGroup(index: Int64(i), size: Int64(events.count)) : nil
                let record = JournalRecord(seq: seq, id: "01a20000-0000-7000-8000-\(String(1_000_000_000_000 + seq).suffix(12))",
                                           rid: Self.rid, lam: seq, ts: 1_795_000_000_000 + seq * 1_000,
                                           actor: ["alice", "bob", "carol"][Int(seq % 3)], event: .board(event), group: group)
                lines.append(record.line)
            }
        }
        add([.boardCreated(name: "SET board", prefix: "SET")])
        let columns: [Column] = [.todo, .inProgress, .inReview, .handedOver, .done]
        for n in 1...tickets {
            let key = "SET-\(n)"
            let ticket = NewTicket(title: "Ticket \(n)", description: "", tier: n % 3 == 0 ? .escalation : .other,
                                   level: [.l1, .l2, .l3, .l4][n % 4], category: .cat1, type: .bug, column: .todo,
                                   assignee: nil, team: nil)
            var events: [BoardEvent] = [.ticketCreated(key: key, ticket: ticket)]
            for step in 0..<(n % 5) { events.append(.ticketMoved(key: key, from: columns[step], to: columns[step + 1])) }
            if n % 7 == 0 { events.append(.ticketNudged(key: key)) }
            // Every other card's events are one change; the rest are written one by one.
            if n % 2 == 0 { add(events) } else { for e in events { add([e]) } }
        }
        // A flipped byte in the middle: that line is damaged, the board opens read-only, its other events stay.
        lines[lines.count / 2][20] ^= 0x01
        try Bytes.write(lines.flatMap { $0 } + Array(lines[1].prefix(40)), to: dir + "/journal.log")
    }

    private func open(_ dir: String, threshold: Int) throws -> BoardStore {
        let journal = try FileJournal.openUnread(directory: dir, clock: FixedClock(), start: nil,
                                                 fileSystem: PosixFileSystem.shared)
        journal.pipelineThreshold = threshold
        return try BoardStore.replaying(journal, snapshot: nil, clock: FixedClock())
    }

    @Test func twoThreadsOpenTheBoardOneThreadOpens() throws {
        let scratch = try ScratchDir("pipeline")
        let dir = scratch.sub("board")
        _ = try FileJournal.create(directory: dir, clock: FixedClock())
        // More events than a few of the pipeline's batches, so the queue fills and the reader waits.
        try writeJournal(in: dir, tickets: 3_000)
        let original = Bytes.read(dir + "/journal.log")

        let threaded = try open(dir, threshold: 0)
        let afterThreaded = Bytes.read(dir + "/journal.log")
        try Bytes.write(original, to: dir + "/journal.log")
        let single = try open(dir, threshold: Int.max)

        #expect(threaded.applied > 4 * ReplayPipeline.batchSize)
        #expect(threaded.applied == single.applied)
        #expect(threaded.state == single.state)
        #expect(threaded.state.order == single.state.order)
        let a = try #require(threaded.journal as? FileJournal), b = try #require(single.journal as? FileJournal)
        #expect(a.damage != nil)
        #expect(a.damage == b.damage)
        #expect(a.position == b.position)
        #expect(a.streamedCount == b.streamedCount)
        #expect(a.streamedSpans == b.streamedSpans)
        // Both set the unfinished last line aside the same way.
        #expect(afterThreaded == Bytes.read(dir + "/journal.log"))
        #expect(afterThreaded.count < original.count)
        for key in ["SET-1", "SET-1500", "SET-3000"] {
            #expect(try threaded.history(of: key) == single.history(of: key))
        }
    }
}
