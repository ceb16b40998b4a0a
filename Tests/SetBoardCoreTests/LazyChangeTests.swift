/// A board read lazily from a snapshot takes changes card by card: it stays undecoded and reads as the replayed board.
import Testing
@testable import SetBoardCore
@testable import SetBoardJournal

@Suite struct LazyChangeTests {
    static let now: Int64 = 1_795_000_000_000

    /// A generated board with response-clock targets, so changes move kept deadlines too.
    static func generated(tickets: Int) -> BoardState {
        var state = BoardState()
        for step in BoardGenerator.script(tickets: tickets, seed: 7, now: now).enumerated() {
            state.apply(step.element.event, seq: Int64(step.offset + 1), at: step.element.at, by: step.element.actor)
            if step.offset == 0 {
                state.apply(.clockTargetSet(clock: .assign, tier: .hotfix, level: .l2, hours: 4), seq: 1, at: now, by: "lead")
            }
        }
        return state
    }

    static func snapshotBytes(_ state: BoardState) -> [UInt8] {
        var w = SnapshotWriter()
        state.encodeSnapshot(into: &w)
        return w.bytes
    }

    /// Applies the same event to both boards.
    static func apply(_ event: BoardEvent, to boards: inout [BoardState], at ts: Int64) {
        for i in boards.indices {
            boards[i].apply(event, seq: boards[i].lastSeq + 1, at: ts, by: "dana")
        }
    }

    @Test func aChangeDecodesOnlyTheCardsItChanges() throws {
        let original = Self.generated(tickets: 400)
        let lazy = try #require(PropertyTests.readLazily(Self.snapshotBytes(original)))
        #expect(lazy.isPartlyDecoded && lazy.storedTickets.count == 0)
        var boards = [original, lazy]
        let todo = original.keys(in: .todo)
        try #require(todo.count >= 3)
        Self.apply(.ticketMoved(key: todo[0], from: .todo, to: .inProgress), to: &boards, at: Self.now + 1_000)
        Self.apply(.ticketRanked(key: todo[2], position: .top), to: &boards, at: Self.now + 2_000)
        Self.apply(.ticketCreated(key: original.nextKey(), ticket: NewTicket(title: "Lazily added", tier: .hotfix, level: .l1)),
                   to: &boards, at: Self.now + 3_000)
        #expect(boards[1].isPartlyDecoded, "a change must not decode the board")
        #expect(boards[1].storedTickets.count == 3, "the moved, the ranked and the new card, and no other")
        PropertyTests.expectSameCards(boards[1], boards[0])
        #expect(boards[1].clockDeadlines.map(\.key) == boards[0].clockDeadlines.map(\.key))
        #expect(boards[1].clockDeadlines.map(\.deadline) == boards[0].clockDeadlines.map(\.deadline))
    }

    @Test func newClockTargetsReadEveryCardAndStillMatch() throws {
        let original = Self.generated(tickets: 300)
        var boards = [original, try #require(PropertyTests.readLazily(Self.snapshotBytes(original)))]
        Self.apply(.ticketMoved(key: original.keys(in: .todo)[0], from: .todo, to: .inReview), to: &boards, at: Self.now + 1_000)
        Self.apply(.clockTargetSet(clock: .resolve, tier: .other, level: .l4, hours: 1), to: &boards, at: Self.now + 2_000)
        #expect(boards[1].isPartlyDecoded)
        #expect(!boards[0].clockDeadlines.isEmpty)
        #expect(boards[1].clockDeadlines.map(\.key) == boards[0].clockDeadlines.map(\.key))
        #expect(boards[1].breachedKeys(now: Self.now + 86_400_000) == boards[0].breachedKeys(now: Self.now + 86_400_000))
    }

    /// Restoring rule order takes out only the cards whose hand mark it clears.
    @Test func restoringOrderDecodesOnlyHandMovedCards() throws {
        var original = Self.generated(tickets: 400)
        let todo = original.keys(in: .todo)
        try #require(todo.count >= 5)
        for (i, key) in [todo[4], todo[3]].enumerated() {
            original.apply(.ticketRanked(key: key, position: .top), seq: original.lastSeq + 1, at: Self.now + Int64(i), by: "dana")
        }
        let moved = original.keys(in: .todo).filter { original.ticket($0)?.movedByHand != nil }
        try #require(!moved.isEmpty)
        var boards = [original, try #require(PropertyTests.readLazily(Self.snapshotBytes(original)))]
        Self.apply(.orderRestored(column: .todo), to: &boards, at: Self.now + 5_000)
        #expect(boards[1].isPartlyDecoded && boards[1].storedTickets.count == moved.count)
        PropertyTests.expectSameCards(boards[1], boards[0])
        #expect(boards[1].outOfRuleCount(in: .todo) == 0)
        var decoded = boards[1]
        decoded.decodeAll()
        #expect(!decoded.isPartlyDecoded && decoded == boards[0] && decoded.storedTickets.count == boards[0].storedTickets.count)
    }
}

extension LazyChangeTests {
    /// Restoring rule order in a column with no hand-moved card changes no card, only the column's order: the
    /// out-of-rule count must follow the new order, not the snapshot's.
    @Test func restoringAColumnWithoutHandMarksCountsTheNewOrder() throws {
        let original = Self.generated(tickets: 400)
        let column = try #require(Column.allCases.first { c in
            c != .todo && original.outOfRuleCount(in: c) > 0
                && original.keys(in: c).allSatisfy { original.ticket($0)?.movedByHand == nil }
        }, "a column out of rule order with no hand marks")
        var boards = [original, try #require(PropertyTests.readLazily(Self.snapshotBytes(original)))]
        Self.apply(.orderRestored(column: column), to: &boards, at: Self.now + 5_000)
        #expect(boards[1].isPartlyDecoded && boards[1].storedTickets.count == 0)
        #expect(boards[0].outOfRuleCount(in: column) == 0)
        #expect(boards[1].outOfRuleCount(in: column) == boards[0].outOfRuleCount(in: column))
        PropertyTests.expectSameCards(boards[1], boards[0])
    }
}
