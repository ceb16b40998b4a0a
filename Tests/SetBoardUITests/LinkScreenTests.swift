/// The detail view's Jira origin, links and alert summary, drawn escaped; the board's filter finds a card by its Jira key.
import SetBoardApp
import SetBoardCore
import SetBoardJournal
@testable import SetBoardUI
import Testing

@Suite struct LinkScreenTests {
    static func board() throws -> BoardHarness {
        let h = BoardHarness()
        try h.perform(.initBoard(name: "SET board", prefix: "SET"))
        try h.perform(.add(NewTicket(title: "Checkout broken", tier: .customer, level: .l2)))
        try h.perform(.add(NewTicket(title: "Disk full on db-1", category: .cat2)))
        try h.store.append([
            NewEvent(.link(.imported(key: "SET-1", jira: "MM-12345", url: "https://jira.example.com/browse/MM-12345", reporter: "Bob R"))),
            NewEvent(.link(.linked(key: "SET-1", url: "https://grafana.example.com/d/\u{1B}[31mred", label: "dash\u{202E}board"))),
            NewEvent(.alert(.fired(key: "SET-2", group: "{}:{alertname=\"DiskFull\"}", fingerprint: "f1", name: "DiskFull", since: nil))),
            NewEvent(.alert(.fired(key: "SET-2", group: "{}:{alertname=\"DiskFull\"}", fingerprint: "f2", name: "DiskFull", since: nil))),
            NewEvent(.alert(.resolved(key: "SET-2", group: "{}:{alertname=\"DiskFull\"}", fingerprint: "f1", name: "DiskFull", at: nil))),
        ], actor: "alice")
        return h
    }

    @Test func theDetailViewListsTheJiraOriginAndLinksEscaped() throws {
        let h = try Self.board()
        h.model.open(view: .detail("SET-1"))
        let lines = h.grid(100, 30).lines()
        #expect(lines.contains(" jira MM-12345 https://jira.example.com/browse/MM-12345 · reported by Bob R"), "\(lines)")
        #expect(lines.contains(" link dash\\u{202e}board: https://grafana.example.com/d/\\x1b[31mred"), "\(lines)")
        #expect(!h.screen(100, 30).unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E })
    }

    @Test func theDetailViewOfACAT2TicketSummarizesItsAlerts() throws {
        let h = try Self.board()
        h.model.open(view: .detail("SET-2"))
        #expect(h.grid(100, 30).lines().contains(" alerts group {}:{alertname=\"DiskFull\"}: 1 firing, 1 resolved (DiskFull)"),
                "\(h.screen(100, 30))")
    }

    @Test func theFilterFindsACardByItsJiraKey() throws {
        let h = try Self.board()
        h.press(.char("/"))
        h.type("mm-12345")
        h.press(.enter)
        #expect(h.grid().lines()[23].hasPrefix(" filter mm-12345: 1 card"), "\(h.screen())")
        #expect(h.selected == "SET-1")
        // A link that arrives later, without any board event, is found too.
        try h.store.append([NewEvent(.link(.linked(key: "SET-2", url: "https://jira.example.com/browse/OPS-7", label: nil)))], actor: "alice")
        h.press(.char("/"))
        for _ in 0..<8 { h.press(.backspace) }
        h.type("ops-7")
        h.press(.enter)
        #expect(h.selected == "SET-2", "\(h.screen())")
    }
}
