// TicketTable filled with a whole board at once: every PREFIX-N key in its slot whatever the order, the rest beside.
import Testing
@testable import SetBoardCore

@Suite struct TicketTableTests {
    func ticket(_ key: String, _ title: String = "") -> Ticket {
        Ticket(key: key, number: Int(key.split(separator: "-").last ?? "") ?? 0, title: title, tier: .other, created: 0)
    }

    /// A snapshot lists its tickets in board order, not by number: filled one by one, SET-3000 coming first was
    /// past the bound on growing the slots and went to the dictionary beside them.
    @Test func aBoardInAnyOrderLandsInItsSlots() {
        let keys = (1...3_000).map { "SET-\($0)" }
        var shuffled = keys
        var seed: UInt64 = 7
        for i in stride(from: shuffled.count - 1, to: 0, by: -1) {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            shuffled.swapAt(i, Int(seed >> 33) % (i + 1))
        }
        for order in [keys.reversed(), shuffled, keys] {
            let table = TicketTable(tickets: order.map { ticket($0) })
            #expect(table.count == 3_000)
            #expect(table.spilled == 0)
            #expect(keys.allSatisfy { table[$0]?.key == $0 })
            #expect(table["SET-3001"] == nil && table["SET-0"] == nil)
        }
    }

    /// A key far past the board's numbers, a key of another shape and one of another prefix with a number already
    /// held all go beside the slots and are found; a later ticket with the same key replaces the earlier one.
    @Test func oddKeysGoBesideTheSlotsAndTheLastOfAKeyWins() {
        let tickets = [ticket("SET-999999999"), ticket("SET-2", "first"), ticket("OPS-2"), ticket("SET-1"),
                       ticket("no-number-here"), ticket("SET-2", "second")]
        let table = TicketTable(tickets: tickets)
        #expect(table.count == 5)
        #expect(table.spilled == 3)
        #expect(table["SET-2"]?.title == "second")
        for key in ["SET-999999999", "OPS-2", "SET-1", "no-number-here"] { #expect(table[key]?.key == key) }
        #expect(TicketTable(Dictionary(tickets.map { ($0.key, $0) }, uniquingKeysWith: { _, last in last })) == table)
    }
}
