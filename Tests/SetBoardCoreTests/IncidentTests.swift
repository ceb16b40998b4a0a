/// Incidents: what may be opened, status that only moves forward, and when the next update is due or overdue.
import Testing
@testable import SetBoardCore

/// An incident log driven like the board: decide against the state, then apply at a given time.
struct IncidentFixture {
    var incidents = IncidentState()
    var board: BoardState

    init(board: BoardState = BoardFixture.initialized().state) { self.board = board }

    @discardableResult
    mutating func run(_ command: IncidentCommand, at ts: Int64, by actor: String = "alice") throws(IncidentError) -> [IncidentEvent] {
        let events = try IncidentDecide.decide(command, incidents: incidents, board: board)
        for event in events { incidents.apply(event, at: ts, by: actor) }
        return events
    }

    func refusal(_ command: IncidentCommand) -> IncidentError? {
        do {
            _ = try IncidentDecide.decide(command, incidents: incidents, board: board)
            return nil
        } catch {
            return error
        }
    }
}

@Suite("Incidents")
struct IncidentTests {
    let t0 = Clock.monday
    let h = Clock.hour

    func opened() throws -> IncidentFixture {
        var f = IncidentFixture()
        try f.run(.open(level: .l1, title: "  Login down ", ticket: nil, commander: nil, updateInterval: nil), at: t0)
        return f
    }

    @Test func openingChecksLevelTitleTicketCommanderAndInterval() throws {
        var b = BoardFixture.initialized()
        b.create(1, .community, .l1, at: t0)
        var f = IncidentFixture(board: b.state)
        let open = { (level: Level, ticket: String?, commander: String?, interval: Int64?) in
            IncidentCommand.open(level: level, title: "Login down", ticket: ticket, commander: commander, updateInterval: interval)
        }
        #expect(f.refusal(open(.l3, nil, nil, nil)) == .notAnIncidentLevel(.l3))
        #expect(f.refusal(open(.l1, "SET-9", nil, nil)) == .unknownTicket("SET-9"))
        #expect(f.refusal(open(.l1, nil, "bob smith", nil)) == .invalidName("bob smith"))
        #expect(f.refusal(open(.l1, nil, nil, 59_999)) == .badInterval)
        #expect(f.refusal(open(.l1, nil, nil, 60_000)) == nil)
        // L1 and L2 need an update at least daily (issue 16: 72 hours used to be accepted).
        #expect(f.refusal(open(.l1, nil, nil, Clock.day)) == nil)
        #expect(f.refusal(open(.l2, nil, nil, Clock.day + 1)) == .intervalOverADay(.l2))
        #expect(f.refusal(open(.l1, nil, nil, 72 * Clock.hour)) == .intervalOverADay(.l1))
        #expect(f.refusal(open(.l1, nil, nil, 14 * Clock.day)) == .intervalOverADay(.l1))
        #expect(f.refusal(open(.l1, nil, nil, 14 * Clock.day + 1)) == .badInterval)
        #expect(f.refusal(.open(level: .l2, title: " ", ticket: nil, commander: nil, updateInterval: nil))
            == .invalidText(field: "title", reason: "is empty"))
        #expect(f.refusal(.open(level: .l2, title: "a\nb", ticket: nil, commander: nil, updateInterval: nil))
            == .invalidText(field: "title", reason: "must be one line"))

        let events = try f.run(open(.l2, "SET-1", "bob", nil), at: t0)
        #expect(events == [.opened(id: "INC-1", level: .l2, title: "Login down", ticket: "SET-1", commander: "bob",
                                   updateInterval: 86_400_000)])
        #expect(f.incidents.nextID() == "INC-2")
        #expect(f.incidents.openIncident(forTicket: "SET-1")?.id == "INC-1")
    }

    @Test func statusOnlyMovesForward() throws {
        var f = try opened()
        #expect(f.incidents.incident("INC-1")?.title == "Login down")
        // Skipping ahead is allowed; going back or standing still is not.
        let events = try f.run(.setStatus(id: "INC-1", status: .monitoring), at: t0 + h)
        #expect(events == [.statusChanged(id: "INC-1", from: .investigating, to: .monitoring)])
        #expect(f.refusal(.setStatus(id: "INC-1", status: .identified))
            == .statusNotForward(id: "INC-1", from: .monitoring, to: .identified))
        #expect(f.refusal(.setStatus(id: "INC-1", status: .monitoring))
            == .statusNotForward(id: "INC-1", from: .monitoring, to: .monitoring))
        #expect(IncidentError.statusNotForward(id: "INC-1", from: .monitoring, to: .identified).description
            == "INC-1 is monitoring; its status only moves forward (investigating → identified → monitoring → resolved → closed), not to identified")
        #expect(f.incidents.incident("INC-1")?.timeline.last?.text == "status: investigating → monitoring")

        try f.run(.setStatus(id: "INC-1", status: .resolved), at: t0 + 2 * h)
        #expect(f.refusal(.postUpdate(id: "INC-1", text: "postmortem scheduled")) == nil)
        try f.run(.setStatus(id: "INC-1", status: .closed), at: t0 + 3 * h)
        #expect(f.refusal(.postUpdate(id: "INC-1", text: "late")) == .finished("INC-1"))
        #expect(f.refusal(.setStatus(id: "INC-1", status: .closed)) == .finished("INC-1"))
        #expect(f.refusal(.invite(id: "INC-1", team: "web")) == .finished("INC-1"))
        #expect(f.refusal(.setCommander(id: "INC-1", commander: "bob")) == .finished("INC-1"))
    }

    @Test func updateDueAndOverdue() throws {
        var f = try opened()
        let day = Clock.day
        var incident = try #require(f.incidents.incident("INC-1"))
        #expect(incident.lastUpdateAt == t0)
        #expect(incident.updateDue == t0 + day)
        #expect(!incident.isOverdue(at: t0 + day - 1))
        #expect(incident.isOverdue(at: t0 + day))

        try f.run(.postUpdate(id: "INC-1", text: "  rolled back  "), at: t0 + 10 * h, by: "bob")
        incident = try #require(f.incidents.incident("INC-1"))
        #expect(incident.updates == [IncidentUpdate(at: t0 + 10 * h, actor: "bob", text: "rolled back")])
        #expect(incident.updateDue == t0 + 34 * h)
        #expect(!incident.isOverdue(at: t0 + day))
        #expect(incident.isOverdue(at: t0 + 34 * h))

        try f.run(.setStatus(id: "INC-1", status: .resolved), at: t0 + 11 * h)
        incident = try #require(f.incidents.incident("INC-1"))
        #expect(!incident.isOpen)
        #expect(!incident.isOverdue(at: t0 + 30 * day))
    }

    @Test func aShortIntervalComesDueSooner() throws {
        var f = IncidentFixture()
        try f.run(.open(level: .l1, title: "DB", ticket: nil, commander: nil, updateInterval: 2 * h), at: t0)
        let incident = try #require(f.incidents.incident("INC-1"))
        #expect(incident.updateDue == t0 + 2 * h)
        #expect(incident.isOverdue(at: t0 + 2 * h))
    }

    @Test func orderedPutsOverdueFirstThenLevelThenAge() throws {
        var f = IncidentFixture()
        try f.run(.open(level: .l2, title: "old L2", ticket: nil, commander: nil, updateInterval: nil), at: t0)
        try f.run(.open(level: .l1, title: "new L1", ticket: nil, commander: nil, updateInterval: nil), at: t0 + 20 * h)
        try f.run(.open(level: .l1, title: "newer L1", ticket: nil, commander: nil, updateInterval: nil), at: t0 + 21 * h)
        try f.run(.open(level: .l2, title: "closed", ticket: nil, commander: nil, updateInterval: nil), at: t0)
        try f.run(.setStatus(id: "INC-4", status: .closed), at: t0 + h)
        // At t0 + 24h only INC-1 is overdue.
        #expect(f.incidents.ordered(at: t0 + 24 * h).map(\.id) == ["INC-1", "INC-2", "INC-3"])
        #expect(f.incidents.ordered(at: t0 + 2 * h).map(\.id) == ["INC-2", "INC-3", "INC-1"])
        #expect(f.incidents.ordered(at: t0 + 2 * h, includeClosed: true).map(\.id) == ["INC-2", "INC-3", "INC-1", "INC-4"])
    }

    @Test func teamsAndCommander() throws {
        var f = try opened()
        try f.run(.invite(id: "INC-1", team: "server"), at: t0 + 1)
        #expect(f.refusal(.invite(id: "INC-1", team: "server")) == .alreadyInvited(id: "INC-1", team: "server"))
        #expect(f.refusal(.invite(id: "INC-1", team: "server team")) == .invalidName("server team"))
        try f.run(.setCommander(id: "INC-1", commander: "carol"), at: t0 + 2)
        #expect(f.incidents.incident("INC-1")?.teams == ["server"])
        #expect(f.incidents.incident("INC-1")?.commander == "carol")
        #expect(f.refusal(.postUpdate(id: "INC-9", text: "x")) == .unknownIncident("INC-9"))
        #expect(f.refusal(.postUpdate(id: "INC-1", text: " \n ")) == .invalidText(field: "update", reason: "is empty"))
    }

    @Test func eachOverduePeriodIsClaimedOnceForTheCommander() throws {
        var f = IncidentFixture()
        try f.run(.open(level: .l1, title: "DB", ticket: nil, commander: "alice", updateInterval: 2 * h), at: t0)
        try f.run(.open(level: .l2, title: "no commander", ticket: nil, commander: nil, updateInterval: 2 * h), at: t0)
        #expect(f.incidents.dueOverdueNotices(at: t0 + 2 * h - 1).isEmpty)
        #expect(f.incidents.dueOverdueNotices(at: t0 + 3 * h).map(\.due) == [t0 + 2 * h])
        #expect(f.incidents.dueOverdueNotices(at: t0 + 3 * h).map(\.id) == ["INC-1"])
        // A claim for a period that is not the current one (stale or ahead) is refused.
        func claim(_ due: Int64, at now: Int64) throws(IncidentError) -> [IncidentEvent] {
            try IncidentDecide.decideOverdueNotice(id: "INC-1", due: due, incidents: f.incidents, now: now)
        }
        #expect(throws: IncidentError.noticeNotDue(id: "INC-1")) { try claim(t0 + 4 * h, at: t0 + 3 * h) }
        let events = try claim(t0 + 2 * h, at: t0 + 3 * h)
        #expect(events == [.overdueNotified(id: "INC-1", due: t0 + 2 * h, commander: "alice")])
        for e in events { f.incidents.apply(e, at: t0 + 3 * h, by: "watch") }
        #expect(throws: IncidentError.noticeNotDue(id: "INC-1")) { try claim(t0 + 2 * h, at: t0 + 3 * h) }
        #expect(f.incidents.dueOverdueNotices(at: t0 + 4 * h - 1).isEmpty)
        #expect(f.incidents.dueOverdueNotices(at: t0 + 4 * h).map(\.due) == [t0 + 4 * h])
        // An update starts over: nothing due until the new due time.
        try f.run(.postUpdate(id: "INC-1", text: "fixed"), at: t0 + 4 * h + 30 * Clock.minute)
        #expect(f.incidents.dueOverdueNotices(at: t0 + 6 * h).isEmpty)
        #expect(f.incidents.dueOverdueNotices(at: t0 + 6 * h + 30 * Clock.minute).map(\.due) == [t0 + 6 * h + 30 * Clock.minute])
        #expect(f.refusal(.setCommander(id: "INC-1", commander: "alice")) == .alreadyCommander(id: "INC-1", handle: "alice"))
        #expect(IncidentEvent.overdueNotified(id: "INC-1", due: t0, commander: "alice").summary
            == "INC-1 update overdue since 2026-01-05 00:00 UTC: notifying commander @alice")
    }

    @Test func incidentLogSentencesEscapeJournalText() {
        #expect(IncidentEvent.commanderChanged(id: "INC-1\u{1B}[2J", commander: "bob\u{7}").summary
            == "INC-1\\x1b[2J commander is now @bob\\x07")
        #expect(IncidentEvent.opened(id: "INC-2", level: .l2, title: "Push \u{1B}[31m", ticket: nil, commander: nil,
                                     updateInterval: 4 * h).summary == "opened incident INC-2 L2: Push \\x1b[31m, updates every 4h")
    }

    @Test func incidentErrorsEscapeTypedText() {
        let text = IncidentError.unknownIncident("INC-\u{1B}[2J").description
        #expect(text == "no incident INC-\\x1b[2J (see `setboard incident list --all`)")
    }
}
