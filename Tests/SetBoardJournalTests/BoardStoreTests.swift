/// BoardStore over real files: a change made through one store shows in another after refresh, with its history.
import Foundation
import SetBoardCore
import Testing
@testable import SetBoardJournal

struct BoardStoreTests {
    let now = FixedClock().ms

    func openStore(_ board: String) throws -> BoardStore {
        BoardStore(journal: try FileJournal.open(directory: board, clock: FixedClock()))
    }

    @Test func aTicketAddedInOneStoreShowsInAnotherAfterRefresh() throws {
        let dir = try ScratchDir("store")
        let board = dir.sub("board")
        let writer = BoardStore(journal: try FileJournal.create(directory: board, clock: FixedClock()))
        try writer.perform(.initBoard(name: "SET board", prefix: "SET"), actor: "alice", now: now)
        let reader = try openStore(board)
        #expect(reader.state.isInitialized)
        #expect(reader.state.tickets.isEmpty)
        #expect(try reader.refresh() == false)

        let saved = try writer.perform(.add(NewTicket(title: "Login loop on community", tier: .community, level: .l1)),
                                       actor: "alice", now: now)
        #expect(saved.map(\.type) == ["ticket.created"])
        #expect(try reader.refresh())
        let ticket = reader.state.ticket("SET-1")
        #expect(ticket?.title == "Login loop on community")
        #expect(ticket?.tier == .community)
        #expect(ticket?.level == .l1)
        #expect(reader.state.keys(in: .todo) == ["SET-1"])
        #expect(reader.state == writer.state)
    }

    @Test func historyListsATicketsEventsOldestFirst() throws {
        let dir = try ScratchDir("store")
        let board = dir.sub("board")
        let store = BoardStore(journal: try FileJournal.create(directory: board, clock: FixedClock()))
        try store.perform(.initBoard(name: "SET board", prefix: "SET"), actor: "alice", now: now)
        try store.perform(.add(NewTicket(title: "First")), actor: "alice", now: now)
        try store.perform(.add(NewTicket(title: "Second")), actor: "alice", now: now)
        try store.perform(.move(key: "SET-1", to: .inProgress), actor: "bob", now: now)
        try store.perform(.assign(key: "SET-2", assignee: "carol"), actor: "alice", now: now)
        try store.perform(.assign(key: "SET-1", assignee: "bob"), actor: "bob", now: now)

        let reopened = try openStore(board)
        let history = try reopened.history(of: "SET-1")
        #expect(history.map(\.type) == ["ticket.created", "ticket.moved", "ticket.assigned"])
        #expect(history.map(\.actor) == ["alice", "bob", "bob"])
        #expect(history.map(\.seq) == [2, 4, 6])
        #expect(try reopened.history(of: "SET-2").map(\.seq) == [3, 5])
        #expect(try reopened.history(of: "SET-9").isEmpty)
        #expect(reopened.state.ticket("SET-1")?.column == .inProgress)
        #expect(reopened.state == store.state)
    }

    @Test func aStoreThatHasNotRefreshedStillGetsTheNextKey() throws {
        let dir = try ScratchDir("store")
        let board = dir.sub("board")
        let one = BoardStore(journal: try FileJournal.create(directory: board, clock: FixedClock()))
        try one.perform(.initBoard(name: "SET board", prefix: "SET"), actor: "alice", now: now)
        let two = try openStore(board)
        try one.perform(.add(NewTicket(title: "from one")), actor: "alice", now: now)
        let saved = try two.perform(.add(NewTicket(title: "from two")), actor: "bob", now: now)
        #expect(saved.first?.payload["key"]?.stringValue == "SET-2")
        #expect(two.state.ticket("SET-1")?.title == "from one")
        #expect(try one.refresh())
        #expect(one.state == two.state)
    }

    @Test func aDamagedJournalRefusesChangesButStillShowsTheBoard() throws {
        let dir = try ScratchDir("store")
        let board = dir.sub("board")
        let store = BoardStore(journal: try FileJournal.create(directory: board, clock: FixedClock()))
        try store.perform(.initBoard(name: "SET board", prefix: "SET"), actor: "alice", now: now)
        try store.perform(.add(NewTicket(title: "kept")), actor: "alice", now: now)
        try store.perform(.add(NewTicket(title: "damaged")), actor: "alice", now: now)
        try store.perform(.add(NewTicket(title: "after")), actor: "alice", now: now)
        var bytes = Bytes.read(board + "/journal.log")
        let lines = Bytes.lines(bytes).complete
        let third = lines[0].count + lines[1].count + 20
        bytes[third] ^= 0x04
        try Bytes.write(bytes, to: board + "/journal.log")

        let damaged = try openStore(board)
        #expect(damaged.journal.damage?.line == 3)
        #expect(damaged.state.ticket("SET-1")?.title == "kept")
        #expect(damaged.state.ticket("SET-2") == nil)
        #expect(throws: JournalError.self) { try damaged.perform(.add(NewTicket(title: "new")), actor: "alice", now: now) }
        #expect(Bytes.read(board + "/journal.log") == bytes)
    }
}
