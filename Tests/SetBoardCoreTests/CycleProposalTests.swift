/// Who takes each open ticket: seat to seat across rotations, strangers and unassigned to the first primary, overrides win.
import Testing
@testable import SetBoardCore

@Suite("Cycle proposal")
struct CycleProposalTests {
    let w = CycleFixture.window
    let t = CycleFixture.ticket

    @Test func eachSeatMapsToTheSameShiftAndRole() throws {
        let tickets = [t(1, "alice"), t(2, "bob"), t(3, "carol"), t(4, "dan"), t(5, "erin")]
        #expect(try CycleProposal.reassignments(tickets, window: w).map { "\($0.key) \($0.from ?? "-") \($0.to)" }
            == ["SET-1 alice fay", "SET-2 bob gus", "SET-3 carol hal", "SET-4 dan ivy", "SET-5 erin jon"])
    }

    @Test func ticketsOfNobodyStrangersAndNewcomersStayUnlessMapped() throws {
        let tickets = [t(1, nil), t(2, "zed"), t(3, "fay"), t(4, "hal")]
        #expect(try CycleProposal.reassignments(tickets, window: w) == [])
        let mapped = try CycleProposal.reassignments(tickets, window: w, overrides: ["-": "gus", "zed": "fay"])
        #expect(mapped == [CycleReassignment(key: "SET-1", from: nil, to: "gus"), CycleReassignment(key: "SET-2", from: "zed", to: "fay")])
    }

    /// Issue 16: someone who stays on SET keeps their tickets (until then they moved to whoever took their old seat);
    /// the tickets of the person who leaves still go to their seat's newcomer, here the one who stays.
    @Test func someoneOnBothRotationsKeepsTheirTickets() throws {
        var twice = w
        twice.incoming.seats[2].handle = "alice"
        #expect(try CycleProposal.reassignments([t(1, "alice"), t(2, "carol")], window: twice)
            == [CycleReassignment(key: "SET-2", from: "carol", to: "alice")])
    }

    /// Week 1 → week 2 of one rotation: the same four people in other seats. Nobody leaves SET, so nothing moves;
    /// when one of them does leave, only their tickets move.
    @Test func aHandOverInsideOneRotationKeepsEveryTicketOfWhoStays() throws {
        var week2 = w
        week2.incoming = CycleTeam(lead: "erin", seats: [
            CycleSeat(shift: "EMEA", role: .primary, handle: "bob"), CycleSeat(shift: "EMEA", role: .backup, handle: "alice"),
            CycleSeat(shift: "AMER", role: .primary, handle: "dan"), CycleSeat(shift: "AMER", role: .backup, handle: "carol"),
        ])
        let tickets = [t(1, "alice"), t(2, "bob"), t(3, "carol"), t(4, "dan"), t(5, "erin"), t(6, nil)]
        #expect(try CycleProposal.reassignments(tickets, window: week2) == [])
        var oneLeaves = week2
        oneLeaves.incoming.seats[3].handle = "kim"
        // carol leaves: her ticket goes by seat (AMER primary) to dan; kim, new, holds nothing yet.
        #expect(try CycleProposal.reassignments(tickets, window: oneLeaves) == [CycleReassignment(key: "SET-3", from: "carol", to: "dan")])
    }

    @Test func theIncomingPrimaryIsProposedAsCommanderOfEveryOpenIncident() {
        var incidents = IncidentState()
        incidents.apply(.opened(id: "INC-1", level: .l1, title: "a", ticket: nil, commander: "alice", updateInterval: 1), at: 0, by: "x")
        incidents.apply(.opened(id: "INC-2", level: .l2, title: "b", ticket: nil, commander: "fay", updateInterval: 1), at: 0, by: "x")
        incidents.apply(.opened(id: "INC-3", level: .l2, title: "c", ticket: nil, commander: nil, updateInterval: 1), at: 0, by: "x")
        incidents.apply(.opened(id: "INC-4", level: .l2, title: "d", ticket: nil, commander: "bob", updateInterval: 1), at: 0, by: "x")
        incidents.apply(.statusChanged(id: "INC-4", from: .investigating, to: .resolved), at: 0, by: "x")
        #expect(CycleProposal.commanders(incidents, window: w) == [
            CycleCommanderChange(incident: "INC-1", from: "alice", to: "fay"),
            CycleCommanderChange(incident: "INC-3", from: nil, to: "fay"),
        ])
        var empty = w
        empty.incoming = CycleTeam()
        #expect(CycleProposal.commanders(incidents, window: empty) == [])
    }

    @Test func aSeatTheIncomingTeamLacksFallsBackToTheFirstPrimary() throws {
        var short = w
        short.incoming.seats.removeAll { $0.handle == "ivy" }
        #expect(try CycleProposal.reassignments([t(4, "dan")], window: short) == [CycleReassignment(key: "SET-4", from: "dan", to: "fay")])
    }

    @Test func theLeadsTicketsGoToTheFirstPrimaryWhenNoLeadIsComing() throws {
        var noLead = w
        noLead.incoming.lead = nil
        #expect(try CycleProposal.reassignments([t(5, "erin")], window: noLead) == [CycleReassignment(key: "SET-5", from: "erin", to: "fay")])
    }

    @Test func overridesWinAndMustMatchATicket() throws {
        let map = try CycleProposal.mappings(["alice=hal", "-=ivy"])
        let p = try CycleProposal.reassignments([t(1, "alice"), t(2, nil), t(3, "bob")], window: w, overrides: map)
        #expect(p.map(\.to) == ["hal", "ivy", "gus"])
        #expect(throws: CycleError.unusedMapping("zed")) {
            try CycleProposal.reassignments([t(1, "alice")], window: w, overrides: ["zed": "hal"])
        }
        #expect(throws: CycleError.invalidMapping("alice")) { try CycleProposal.mappings(["alice"]) }
        #expect(throws: CycleError.invalidMapping("alice=a b")) { try CycleProposal.mappings(["alice=a b"]) }
    }

    @Test func anEmptyIncomingTeamIsRefused() {
        var empty = w
        empty.incoming = CycleTeam()
        #expect(throws: CycleError.noIncomingTeam("2026-11-23")) { try CycleProposal.reassignments([t(1, "alice")], window: empty) }
    }

    @Test func startReviewListsTicketsOutsideTheCurrentTeam() {
        let list = CycleProposal.unowned([t(1, "alice"), t(2, nil), t(3, "zed"), t(4, "erin")], members: w.members)
        #expect(list.map(\.key) == ["SET-2", "SET-3"])
    }

    @Test func invitationsListOpenIncidentsAndWhoIsMissing() {
        var incidents = IncidentState()
        incidents.apply(.opened(id: "INC-1", level: .l1, title: "a", ticket: nil, commander: nil, updateInterval: 1), at: 0, by: "x")
        incidents.apply(.opened(id: "INC-2", level: .l2, title: "b", ticket: nil, commander: nil, updateInterval: 1), at: 0, by: "x")
        incidents.apply(.opened(id: "INC-3", level: .l2, title: "c", ticket: nil, commander: nil, updateInterval: 1), at: 0, by: "x")
        incidents.apply(.teamInvited(id: "INC-2", team: "fay"), at: 0, by: "x")
        incidents.apply(.statusChanged(id: "INC-3", from: .investigating, to: .resolved), at: 0, by: "x")
        let inv = CycleProposal.invitations(incidents, window: w)
        #expect(inv.map(\.incident) == ["INC-1", "INC-2"])
        #expect(inv[0].handles == ["fay", "gus", "hal", "ivy", "jon"])
        #expect(inv[1].handles == ["gus", "hal", "ivy", "jon"])
    }

    @Test func windowJSONRoundTrips() {
        #expect(CycleWindow(json: w.json) == w)
        var odd = w
        odd.handoverDue += 59_000
        #expect(CycleWindow(json: odd.json) == odd)
        #expect(CycleWindow(json: .object([("id", .string("x"))])) == nil)
    }
}
