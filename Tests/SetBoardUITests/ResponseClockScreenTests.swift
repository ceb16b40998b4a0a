/// The response clocks on the board: a running clock or a breach in the card's last line (where "unassigned" was), the breach count in the
/// header, and the `breached` filter word.
import Testing
import SetBoardCore
@testable import SetBoardUI

@Suite struct ResponseClockScreenTests {
    /// SET-1: L1 community, unassigned for 30 h (the demo's ticket, 29 h past its hour). SET-2: L2 escalation, an hour
    /// old (3 h left of 4). SET-3: L1 hotfix, taken by bob (its first-update clock runs).
    func board() throws -> BoardHarness {
        let h = BoardHarness()
        let now = TestTime.now, hr = TestTime.hour
        try h.perform(.initBoard(name: "SET board", prefix: "SET"), at: now - 40 * hr)
        try h.perform(.add(NewTicket(title: "Login loop on community", tier: .community, level: .l1)), at: now - 30 * hr)
        try h.perform(.add(NewTicket(title: "Acme cannot export", tier: .escalation, level: .l2)), at: now - hr)
        try h.perform(.add(NewTicket(title: "Crash on deploy", tier: .hotfix, level: .l1, assignee: "bob")), at: now - 2 * hr)
        return h
    }

    @Test func theCardShowsItsClockAndTheHeaderCountsBreaches() throws {
        let h = try board()
        let lines = h.grid(100, 24).lines()
        #expect(lines[0].hasPrefix(" SET board · 3 open · 1 breached"))
        #expect(lines[2].hasPrefix(">SET-1 COM L1 "))
        #expect(lines[4].hasPrefix(" LATE 29h      30h"))
        #expect(lines[5] == " SET-2 ESC L2")
        #expect(lines[7].hasPrefix(" assign 3h      1h"))
        // Assigned, the hotfix L1 still waits for its first update (8 h): the clock follows the handle.
        #expect(lines[10].hasPrefix(" @bob upd 6h    2h"))
    }

    @Test func theBreachedFilterWordKeepsOnlyBreachedCards() throws {
        let h = try board()
        h.press(.char("/"))
        h.type("breached")
        h.press(.enter)
        let lines = h.grid(100, 24).lines()
        #expect(lines[1].hasPrefix(" TO DO 1 "))
        #expect(lines[2].hasPrefix(">SET-1 COM L1 "))
        #expect(lines[4].hasPrefix(" LATE 29h      30h"))
        #expect(!h.screen(100, 24).contains("SET-2"))
    }
}
