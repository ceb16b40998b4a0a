/// Journal coding: every board and incident event type survives payload → JSON text → event unchanged.
import Testing
@testable import SetBoardCore

/// Encodes an event's payload to journal text, parses it back and decodes it.
func throughJournal(_ event: BoardEvent) -> BoardEvent? {
    JSONValue.parse(event.payload.compactEncoded()).flatMap { BoardEvent(type: event.type, payload: $0) }
}

func throughJournal(_ event: IncidentEvent) -> IncidentEvent? {
    JSONValue.parse(event.payload.compactEncoded()).flatMap { IncidentEvent(type: event.type, payload: $0) }
}

@Suite("Event coding")
struct EventCodingTests {
    /// Every type string the journal may hold, written out so a renamed string fails here.
    static let boardTypes = [
        "board.created", "board.settings_changed", "ticket.created", "ticket.moved", "ticket.ranked",
        "ticket.assigned", "ticket.edited", "ticket.checklist_marked", "ticket.nudged", "ticket.taken_over",
        "board.order_restored", "ticket.handed_over", "board.routing_defined", "ticket.rerouted",
        "board.clock_target_set",
    ]

    static let full = NewTicket(
        title: "Login loop \"quoted\" ✓ 日本", description: "line one\nline two\ttab", tier: .community, level: .l1,
        category: .cat2, type: .question, column: .inReview, assignee: "alice", team: "server",
        source: .askRnD, component: "Auth/SAML")

    /// At least one sample per type, with optional fields both present and absent.
    static let samples: [BoardEvent] = [
        .boardCreated(name: "Ops board", prefix: "OPS"),
        .settingsChanged(tierOrder: [.customer, .other], stuckLimits: [.todo: 2, .inReview: 5]),
        .settingsChanged(tierOrder: nil, stuckLimits: nil),
        .settingsChanged(tierOrder: [], stuckLimits: [:]),
        .settingsChanged(tierOrder: nil, stuckLimits: nil, levelStuckLimits: [.l1: 1, .l3: 4]),
        .settingsChanged(tierOrder: nil, stuckLimits: [.todo: 2], levelStuckLimits: [:]),
        .ticketCreated(key: "SET-1", ticket: full),
        .ticketCreated(key: "SET-2", ticket: NewTicket(title: "Bare")),
        .ticketMoved(key: "SET-1", from: .inProgress, to: .handedOver),
        .ticketRanked(key: "SET-1", position: .top),
        .ticketRanked(key: "SET-1", position: .bottom),
        .ticketRanked(key: "SET-1", position: .after("SET-2")),
        .ticketAssigned(key: "SET-1", assignee: "bob"),
        .ticketAssigned(key: "SET-1", assignee: nil),
        .ticketEdited(key: "SET-1", changes: TicketChanges(
            title: "New", description: "", tier: .release, level: .some(.l3), category: .cat1, type: .feature,
            team: .some("web"))),
        .ticketEdited(key: "SET-1", changes: TicketChanges(level: .some(nil), team: .some(nil))),
        .ticketEdited(key: "SET-1", changes: TicketChanges()),
        .checklistMarked(key: "SET-1", item: .heapProfile, state: .notApplicable),
        .checklistMarked(key: "SET-1", item: .stackTrace, state: .missing),
        .ticketNudged(key: "SET-1"),
        .ticketTakenOver(key: "SET-1", from: "bob", to: "carol"),
        .ticketTakenOver(key: "SET-1", from: nil, to: "carol"),
        .orderRestored(column: .inProgress),
        .ticketHandedOver(key: "SET-1", team: "mobile"),
        .routingDefined(routes: ["Push": "mobile", "SAML": "server"]),
        .routingDefined(routes: [:]),
        .routingDefined(routes: ["Push": "mobile", "SAML": "server"], contacts: ["Push": "#mobile-oncall"]),
        .ticketRerouted(key: "SET-1", type: .feature, team: "web", reason: "a feature request"),
        .clockTargetSet(clock: .update, tier: .hotfix, level: .l2, hours: 12),
        .clockTargetSet(clock: .assign, tier: .community, level: .l1, hours: nil),
    ]

    @Test func typeStringsAreTheJournalsOwn() {
        let seen = EventCodingTests.samples.map(\.type)
        #expect(Set(seen) == Set(EventCodingTests.boardTypes))
        #expect(EventCodingTests.boardTypes.count == 15)
        #expect(BoardEvent.ticketMoved(key: "SET-1", from: .todo, to: .done).type == "ticket.moved")
        #expect(BoardEvent.checklistMarked(key: "SET-1", item: .logs, state: .present).type == "ticket.checklist_marked")
        #expect(BoardEvent.orderRestored(column: .todo).type == "board.order_restored")
    }

    @Test(arguments: EventCodingTests.samples)
    func boardEventRoundTrips(_ event: BoardEvent) {
        #expect(BoardEvent(type: event.type, payload: event.payload) == event)
        #expect(throughJournal(event) == event)
    }

    @Test func payloadShapeIsStable() {
        #expect(BoardEvent.ticketMoved(key: "SET-7", from: .todo, to: .inProgress).payload.compactEncoded()
            == #"{"key":"SET-7","from":"todo","to":"in-progress"}"#)
        #expect(BoardEvent.ticketRanked(key: "SET-7", position: .after("SET-3")).payload.compactEncoded()
            == #"{"key":"SET-7","position":"after","after":"SET-3"}"#)
        #expect(BoardEvent.ticketEdited(key: "SET-7", changes: TicketChanges(level: .some(nil))).payload.compactEncoded()
            == #"{"key":"SET-7","changes":{"level":null}}"#)
    }

    @Test func unknownTypesDecodeToNil() {
        let payload = BoardEvent.ticketNudged(key: "SET-1").payload
        for type in ["ticket.exploded", "", "Ticket.Nudged", "ticket.nudged ", "incident.opened", "ticket"] {
            #expect(BoardEvent(type: type, payload: payload) == nil, "\(type)")
        }
    }

    @Test(arguments: [
        ("ticket.created", #"{"key":"SET-1"}"#),
        ("ticket.created", #"{"title":"no key"}"#),
        ("ticket.created", #"{"key":1,"title":"number key"}"#),
        ("ticket.moved", #"{"key":"SET-1","to":"sideways"}"#),
        ("ticket.moved", #"{"to":"done"}"#),
        ("ticket.ranked", #"{"key":"SET-1","position":"middle"}"#),
        ("ticket.ranked", #"{"key":"SET-1","position":"after"}"#),
        ("ticket.ranked", #"{"key":"SET-1"}"#),
        ("ticket.assigned", #"{"assignee":"bob"}"#),
        ("ticket.edited", #"{"key":"SET-1"}"#),
        ("ticket.checklist_marked", #"{"key":"SET-1","item":"horoscope","state":"present"}"#),
        ("ticket.checklist_marked", #"{"key":"SET-1","item":"logs","state":"maybe"}"#),
        ("ticket.nudged", #"{}"#),
        ("ticket.taken_over", #"{"key":"SET-1","from":"bob"}"#),
        ("ticket.handed_over", #"{"key":"SET-1"}"#),
        ("ticket.rerouted", #"{"key":"SET-1","type":"epic","team":"web"}"#),
        ("board.routing_defined", #"{"routes":["web"]}"#),
        ("ticket.moved", #"[1,2,3]"#),
        ("ticket.moved", #""SET-1""#),
        ("ticket.created", #"null"#),
    ])
    func malformedPayloadsDecodeToNil(_ type: String, _ text: String) throws {
        let payload = try #require(JSONValue.parse(text))
        #expect(BoardEvent(type: type, payload: payload) == nil)
    }

    /// Issue 14 made decoding strict: an unknown tier or column, a level of the wrong kind, a payload that is not an
    /// object are damage, never a default (this test asserted the old fall-backs to `other`, TO DO and no level).
    @Test func unknownValuesAreRefusedNotDefaulted() throws {
        let created = try #require(JSONValue.parse(#"{"key":"SET-5","title":"t","tier":"mystery","level":7,"column":"attic"}"#))
        #expect(BoardEvent(type: "ticket.created", payload: created) == nil)
        #expect(BoardEvent(type: "board.order_restored", payload: .null) == nil)
        #expect(throws: PayloadError(field: "payload.tier", reason: "is \"mystery\", not a value this setboard knows")) {
            try EventRegistry.decode(type: "ticket.created", payload: created)
        }
        let restored = try #require(JSONValue.parse(#"{"column":"nowhere"}"#))
        #expect(throws: PayloadError.self) { try EventRegistry.decode(type: "board.order_restored", payload: restored) }
    }

    static let incidentTypes = [
        "incident.opened", "incident.update_posted", "incident.status_changed", "incident.team_invited",
        "incident.commander_changed", "incident.overdue_notified",
    ]

    static let incidentSamples: [IncidentEvent] = [
        .opened(id: "INC-1", level: .l1, title: "Login down", ticket: "SET-4", commander: "alice", updateInterval: 3_600_000),
        .opened(id: "INC-2", level: .l2, title: "Push slow", ticket: nil, commander: nil, updateInterval: 86_400_000),
        .updatePosted(id: "INC-1", text: "rolled back\nwatching graphs"),
        .statusChanged(id: "INC-1", from: .investigating, to: .monitoring),
        .teamInvited(id: "INC-1", team: "server"),
        .commanderChanged(id: "INC-1", commander: "bob"),
        .overdueNotified(id: "INC-1", due: 1_795_000_000_000, commander: "bob"),
    ]

    @Test func incidentTypeStrings() {
        #expect(IncidentEvent.types == EventCodingTests.incidentTypes)
        #expect(Set(EventCodingTests.incidentSamples.map(\.type)) == Set(EventCodingTests.incidentTypes))
    }

    @Test(arguments: EventCodingTests.incidentSamples)
    func incidentEventRoundTrips(_ event: IncidentEvent) {
        #expect(IncidentEvent(type: event.type, payload: event.payload) == event)
        #expect(throughJournal(event) == event)
    }

    @Test(arguments: [
        ("incident.exploded", #"{"id":"INC-1"}"#),
        ("ticket.nudged", #"{"id":"INC-1","key":"SET-1"}"#),
        ("incident.opened", #"{"level":"L1","title":"no id"}"#),
        ("incident.opened", #"{"id":"INC-1","level":"L9","title":"bad level"}"#),
        ("incident.opened", #"{"id":"INC-1","level":"L1"}"#),
        ("incident.update_posted", #"{"id":"INC-1"}"#),
        ("incident.status_changed", #"{"id":"INC-1","from":"investigating","to":"panicking"}"#),
        ("incident.team_invited", #"{"id":"INC-1","team":5}"#),
        ("incident.commander_changed", #"{"id":"INC-1"}"#),
        ("incident.overdue_notified", #"{"id":"INC-1","commander":"bob"}"#),
        ("incident.overdue_notified", #"{"id":"INC-1","due_ms":-1,"commander":"bob"}"#),
        ("incident.overdue_notified", #"{"id":"INC-1","due_ms":253402300800000,"commander":"bob"}"#),
        ("incident.overdue_notified", #"{"id":"INC-1","due_ms":1795000000000}"#),
        ("incident.opened", #"[]"#),
    ])
    func malformedIncidentPayloadsDecodeToNil(_ type: String, _ text: String) throws {
        let payload = try #require(JSONValue.parse(text))
        #expect(IncidentEvent(type: type, payload: payload) == nil)
    }

    /// Every incident.opened any version wrote carries `interval_ms`: one without it is damaged (this test asserted the
    /// old fall-back to 24 hours).
    @Test func missingIntervalIsRefused() throws {
        let payload = try #require(JSONValue.parse(#"{"id":"INC-3","level":"L2","title":"t"}"#))
        #expect(IncidentEvent(type: "incident.opened", payload: payload) == nil)
        #expect(throws: PayloadError(field: "payload.interval_ms", reason: "is missing")) {
            try EventRegistry.decode(type: "incident.opened", payload: payload)
        }
    }
}
