/// Several writers on one board (two FileJournals, two stores, MemoryJournals): unique seqs, nothing missed, no half-saves.
import Foundation
import SetBoardCore
import Testing
@testable import SetBoardJournal

struct SharedWriterTests {
    @Test func twoFileJournalsInterleaveWithoutClashing() throws {
        let dir = try ScratchDir("two")
        let board = dir.sub("board")
        let a = try FileJournal.create(directory: board, clock: FixedClock())
        let b = try FileJournal.open(directory: board, clock: FixedClock(ms: 1_795_000_005_000))
        var written: [JournalRecord] = []
        var writers = ""
        for round in 0..<20 {
            // An irregular pattern, so a writer sometimes has none, one or several events to catch up on.
            let writer = (round % 3 == 0 || round % 7 == 0) ? b : a
            let seen = writer.records.count
            let result = try writer.append(actor: writer === a ? "alice" : "bob") { _ in
                [NewEvent(type: "test.noted", payload: .object([("round", .int(Int64(round)))]))]
            }
            #expect(result.caughtUp == Array(written.dropFirst(seen)), "round \(round)")
            #expect(result.appended.map(\.seq) == [Int64(round + 1)])
            written += result.appended
            writers += writer === a ? "a" : "b"
        }
        #expect(writers.contains("aa") && writers.contains("ab") && writers.contains("ba"))
        let aHad = a.records.count
        #expect(try a.readNew() == Array(written.dropFirst(aHad)))
        let bHad = b.records.count
        #expect(try b.readNew() == Array(written.dropFirst(bHad)))
        #expect(a.records == written)
        #expect(a.records == b.records)
        #expect(a.records.map(\.seq) == Array(1...20))
        #expect(a.records.map(\.lam) == Array(1...20), "the Lamport clock follows the other writer's events")
        #expect(a.records.map { $0.payload["round"]?.intValue } == (0..<20).map { Int64($0) })
        #expect(Set(a.records.map(\.id)).count == 20)
        #expect(Set(a.records.map(\.rid)) == [a.replica], "both journals write as this directory's replica")
        #expect(a.records.filter { $0.actor == "bob" }.allSatisfy { $0.ts == 1_795_000_005_000 })
        #expect(try JournalMaintenance.verify(directory: board).isClean)
    }

    @Test func aFailedAppendLeavesStateAndRecordsAsTheyWere() throws {
        let journal = MemoryJournal(clock: FixedClock())
        let store = BoardStore(journal: journal)
        let now = FixedClock().ms
        try store.perform(.initBoard(name: "SET board", prefix: "SET"), actor: "alice", now: now)
        try store.perform(.add(NewTicket(title: "Login loop", tier: .community)), actor: "alice", now: now)
        let stateBefore = store.state
        let recordsBefore = journal.records

        journal.failNextAppend = .io(operation: "write", path: "journal.log", errno: 28)
        #expect(throws: JournalError.io(operation: "write", path: "journal.log", errno: 28)) {
            try store.perform(.add(NewTicket(title: "Disk is full")), actor: "alice", now: now)
        }
        #expect(store.state == stateBefore)
        #expect(journal.records == recordsBefore)
        #expect(journal.storage.records == recordsBefore)
        #expect(journal.failNextAppend == nil)

        let saved = try store.perform(.add(NewTicket(title: "Disk has room")), actor: "alice", now: now)
        #expect(saved.map { $0.payload["key"]?.stringValue } == ["SET-2"])
        #expect(saved.map(\.seq) == [3])
        #expect(store.state.ticket("SET-2")?.title == "Disk has room")
        #expect(store.state.tickets.values.allSatisfy { $0.title != "Disk is full" })
    }

    @Test func aRefusedCommandWritesNothing() throws {
        let journal = MemoryJournal(clock: FixedClock())
        let store = BoardStore(journal: journal)
        #expect(throws: BoardError.notInitialized) {
            try store.perform(.add(NewTicket(title: "too early")), actor: "alice", now: 0)
        }
        #expect(journal.storage.records.isEmpty)
        journal.readOnlyReason = "testing"
        #expect(throws: JournalError.readOnly("testing")) {
            try store.perform(.initBoard(name: "B", prefix: "SET"), actor: "alice", now: 0)
        }
        #expect(journal.storage.records.isEmpty)
    }

    @Test func twoMemoryJournalsOnOneStorageBehaveLikeTwoProcesses() throws {
        let storage = MemoryJournal.Storage()
        let one = BoardStore(journal: MemoryJournal(storage: storage, clock: FixedClock(), replica: "one"))
        let two = BoardStore(journal: MemoryJournal(storage: storage, clock: FixedClock(), replica: "two"))
        try one.perform(.initBoard(name: "B", prefix: "SET"), actor: "alice", now: 0)
        try one.perform(.add(NewTicket(title: "first")), actor: "alice", now: 0)
        // `two` has not refreshed: deciding under the append must still hand out the next key, not SET-1 again.
        let saved = try two.perform(.add(NewTicket(title: "second")), actor: "bob", now: 0)
        #expect(saved.first?.payload["key"]?.stringValue == "SET-2")
        #expect(two.state.ticket("SET-1")?.title == "first")
        #expect(try one.refresh())
        #expect(one.state == two.state)
        #expect(storage.records.map(\.seq) == [1, 2, 3])
        #expect(storage.records.map(\.rid) == ["one", "one", "two"])
    }
}
