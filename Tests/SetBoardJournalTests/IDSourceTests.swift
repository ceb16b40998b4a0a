/// Event ids come from an injected source: a seeded one makes a journal's records repeat exactly.
import Testing
import SetBoardCore
@testable import SetBoardJournal

@Suite struct IDSourceTests {
    final class FixedClock: JournalClock {
        func nowMilliseconds() -> Int64 { 1_764_000_000_000 }
    }

    func ids(seed: UInt64) throws -> [String] {
        let store = BoardStore(journal: MemoryJournal(clock: FixedClock(), ids: SeededIDSource(seed: seed)))
        try store.perform(.initBoard(name: "SET", prefix: "SET"), actor: "alice", now: 1_764_000_000_000)
        try store.perform(.add(NewTicket(title: "One")), actor: "alice", now: 1_764_000_000_000)
        return store.journal.records.map(\.id)
    }

    @Test func aSeededSourceGivesTheSameIDsEveryRunAndAnotherSeedOthers() throws {
        let first = try ids(seed: 7)
        #expect(first.count == 2)
        #expect(try ids(seed: 7) == first)
        #expect(try ids(seed: 8) != first)
        for id in first {
            // Still UUIDv7: version 7, variant 10, the time in the first 48 bits.
            let hex = Array(id)
            #expect(hex.count == 36 && hex[14] == "7" && "89ab".contains(hex[19]))
            #expect(id.hasPrefix("019ab"), "\(id)")
        }
    }

    @Test func aFileJournalTakesTheSourceToo() throws {
        let fs = SimulatedFileSystem()
        let journal = try FileJournal.create(directory: "/b", clock: FixedClock(), fileSystem: fs)
        journal.ids = SeededIDSource(seed: 7)
        let store = BoardStore(journal: journal)
        try store.perform(.initBoard(name: "SET", prefix: "SET"), actor: "alice", now: 1_764_000_000_000)
        try store.perform(.add(NewTicket(title: "One")), actor: "alice", now: 1_764_000_000_000)
        #expect(journal.records.map(\.id) == (try ids(seed: 7)))
    }
}
