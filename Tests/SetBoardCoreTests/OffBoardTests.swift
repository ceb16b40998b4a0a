/// Feature requests and reroutes leave the SET board but stay findable (`list --all`).
import Testing
@testable import SetBoardCore

@Suite("Leaving the board")
struct OffBoardTests {
    let t0 = Clock.monday

    /// Three bugs in TO DO in rule order: SET-1 community, SET-2 hotfix, SET-3 other.
    func board() throws -> BoardFixture {
        var b = BoardFixture.initialized()
        try b.run(.add(NewTicket(title: "Login loop", tier: .community)), at: t0)
        try b.run(.add(NewTicket(title: "Dark mode please", tier: .hotfix)), at: t0 + 1)
        try b.run(.add(NewTicket(title: "Typo", tier: .other)), at: t0 + 2)
        return b
    }

    @Test func aFeatureStaysUntilATeamOwnsIt() throws {
        var b = try board()
        try b.run(.edit(key: "SET-2", changes: TicketChanges(type: .feature)), at: t0 + 10)
        #expect(b.state.ticket("SET-2")?.isOnBoard == true)
        #expect(b.todo() == setKeys(1, 2, 3))

        try b.run(.edit(key: "SET-2", changes: TicketChanges(team: .some("web"))), at: t0 + 20)
        let card = try #require(b.state.ticket("SET-2"))
        #expect(!card.isOnBoard)
        #expect(b.todo() == setKeys(1, 3))
        #expect(b.state.onBoardCount == 2)
        #expect(b.state.openCount == 2)
        // Still findable: listed after the on-board cards, the way `list --all` shows it.
        #expect(b.state.allTicketsInBoardOrder.map(\.key) == setKeys(1, 3, 2))
    }

    @Test func aBugWithATeamStaysOnTheBoard() throws {
        var b = try board()
        try b.run(.edit(key: "SET-2", changes: TicketChanges(team: .some("web"))), at: t0 + 10)
        #expect(b.state.ticket("SET-2")?.isOnBoard == true)
        #expect(b.todo() == setKeys(1, 2, 3))
    }

    @Test func offBoardCardsRefuseBoardCommands() throws {
        var b = try board()
        try b.run(.edit(key: "SET-2", changes: TicketChanges(type: .feature, team: .some("web"))), at: t0 + 10)
        #expect(b.refusal(.move(key: "SET-2", to: .inProgress)) == .offBoard("SET-2"))
        #expect(b.refusal(.rank(key: "SET-2", position: .top)) == .offBoard("SET-2"))
        #expect(b.refusal(.nudge(key: "SET-2")) == .offBoard("SET-2"))
        #expect(b.refusal(.takeOver(key: "SET-2"), by: "dave") == .offBoard("SET-2"))
        #expect(b.refusal(.rank(key: "SET-1", position: .after("SET-2"))) == .unknownTicket("SET-2"))
        // An off-board card is never stuck, however old.
        let card = try #require(b.state.ticket("SET-2"))
        #expect(!b.state.isStuck(card, now: t0 + 100 * Clock.day))
        // Its record can still be edited; clearing the team brings it back, filed by the rules.
        try b.run(.edit(key: "SET-2", changes: TicketChanges(team: .some(nil))), at: t0 + 30)
        #expect(b.todo() == setKeys(1, 2, 3))
    }

    @Test func offBoardCardsAreListedByKeyNumber() throws {
        var b = try board()
        try b.run(.add(NewTicket(title: "Export to PDF", tier: .customer, type: .feature, team: "web")), at: t0 + 3)
        #expect(b.state.ticket("SET-4")?.isOnBoard == false)
        #expect(b.todo() == setKeys(1, 2, 3))
        try b.run(.edit(key: "SET-1", changes: TicketChanges(type: .feature, team: .some("server"))), at: t0 + 4)
        #expect(b.state.allTicketsInBoardOrder.map(\.key) == setKeys(2, 3, 1, 4))
    }

    @Test func rerouteRecordsWhoWhereAndWhy() throws {
        var b = try board()
        let at = t0 + Clock.hour
        let events = try b.run(.reroute(key: "SET-3", type: .bug, team: "web", reason: " low urgency "), at: at, by: "erin")
        #expect(events == [.ticketRerouted(key: "SET-3", type: .bug, team: "web", reason: "low urgency")])
        let card = try #require(b.state.ticket("SET-3"))
        #expect(!card.isOnBoard)
        #expect(card.team == "web")
        #expect(card.rerouted == Reroute(actor: "erin", at: at, team: "web", reason: "low urgency"))
        #expect(b.todo() == setKeys(1, 2))
        #expect(b.state.allTicketsInBoardOrder.map(\.key) == setKeys(1, 2, 3))
    }

    @Test func handOverKeepsTheCardOnTheBoard() throws {
        var b = try board()
        try b.run(.handOver(key: "SET-1", team: "server"), at: t0 + 5)
        let card = try #require(b.state.ticket("SET-1"))
        #expect(card.isOnBoard)
        #expect(card.column == .handedOver)
        #expect(card.team == "server")
        #expect(b.state.keys(in: .handedOver) == ["SET-1"])
        #expect(b.todo() == setKeys(2, 3))
    }
}
