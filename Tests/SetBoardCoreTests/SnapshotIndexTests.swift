/// The snapshot's index is written only for keys it can find by number; other boards are read whole, and read right.
import Testing
@testable import SetBoardCore
@testable import SetBoardJournal

@Suite struct SnapshotIndexTests {
    func board(keys: [String]) -> BoardState {
        var state = BoardState()
        state.apply(.boardCreated(name: "Odd keys", prefix: "SET"), seq: 1, at: 0, by: "dana")
        for (i, key) in keys.enumerated() {
            state.apply(.ticketCreated(key: key, ticket: NewTicket(title: "Card \(key)", tier: i % 2 == 0 ? .hotfix : .other)),
                        seq: Int64(i + 2), at: Int64(i) * 1_000, by: "dana")
        }
        return state
    }

    func encoded(_ state: BoardState) -> [UInt8] {
        var w = SnapshotWriter()
        state.encodeSnapshot(into: &w)
        return w.bytes
    }

    @Test func keysSetboardMakesAreFoundThroughTheIndex() throws {
        let state = board(keys: ["SET-1", "SET-2", "SET-7"])
        let lazy = try #require(PropertyTests.readLazily(encoded(state)))
        #expect(lazy.isPartlyDecoded)
        PropertyTests.expectSameCards(lazy, state)
    }

    /// A key with no number, two keys with one number, and a number far beyond the board's size: no index, so the
    /// lazy reader decodes the whole board at once, and it is the same board.
    @Test func keysTheIndexCannotNumberAreReadWhole() throws {
        for keys in [["SET-1", "WEIRD", "SET-3"], ["SET-5", "OPS-5"], ["SET-1", "SET-99999999"]] {
            let state = board(keys: keys)
            #expect(state.tickets.count == keys.count)
            let lazy = try #require(PropertyTests.readLazily(encoded(state)))
            #expect(!lazy.isPartlyDecoded, "\(keys)")
            #expect(lazy == state, "\(keys)")
            for key in keys { #expect(lazy.ticket(key) == state.ticket(key), "\(key)") }
        }
    }
}
