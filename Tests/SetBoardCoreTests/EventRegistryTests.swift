/// The event registry: every type the code writes is registered, round-trips and reads as a sentence; decoding is strict.
import Testing
@testable import SetBoardCore

@Suite("Event registry")
struct EventRegistryTests {
    /// At least one event of every case of every family, optional fields set and unset: what the code can write.
    static let everyEvent: [Event] = {
        let roster = RosterCoreSamples.definition
        var events: [Event] = EventCodingTests.samples.map { .board($0) } + EventCodingTests.incidentSamples.map { .incident($0) }
        events += [
            .page(.opened(id: "P-1", summary: "Login down", ticket: "SET-1",
                          chain: [OnCallStep(role: .primary, handle: "alice"), OnCallStep(role: .lead, handle: "carol")],
                          policy: EscalationPolicy(waits: [900_000, 600_000], repeats: 2, notifyCommand: "notify-send x"))),
            .page(.opened(id: "P-2", summary: "Disk", ticket: nil, chain: [OnCallStep(role: .backup, handle: "bob")],
                          policy: .standard)),
            .page(.acknowledged(id: "P-1", by: "alice")),
            .page(.opened(id: "P-3", summary: "Slow", ticket: nil, chain: [OnCallStep(role: .primary, handle: "alice")],
                          policy: EscalationPolicy(waits: [900_000], repeats: 0, remindEvery: 3_600_000), priority: .p4)),
            .page(.notified(id: "P-1", step: 1, handle: "carol")),
            .page(.notified(id: "P-1", step: 5, handle: "carol", reminder: 3)),
            .page(.notifyFailed(id: "P-1", step: 0, reason: "exit 3")),
            .page(.assigneeNotified(key: "SET-1", reason: .nudge, mark: 2, handle: "alice")),
            .page(.assigneeNotified(key: "SET-1", reason: .stuck, mark: 1_795_000_000_000, handle: "alice")),
            .page(.takenOver(id: "P-1", step: 2, from: "0a1b2c3d4e5f6a7b")),
            .roster(.defined(roster)),
            .roster(.overridden(RosterOverride(role: .primary, handle: "dave", from: 1_795_000_000_000, to: 1_795_086_400_000, shift: "EMEA"))),
            .roster(.overridden(RosterOverride(role: .lead, handle: "dave", from: 1_795_000_000_000, to: 1_795_086_400_000))),
            .roster(.swapped(RosterSwap(first: "alice", second: "bob", from: 1_795_000_000_000, to: 1_795_600_000_000))),
            .roster(.leaveRecorded(RosterLeave(handle: "erin", from: 1_795_000_000_000, to: 1_795_600_000_000))),
            .cycle(.itemTicked(rotation: "2026-11-23", item: .startReview, day: nil)),
            .cycle(.itemTicked(rotation: "2026-11-23", item: .supportChannel, day: CycleDay(text: "2026-11-24"))),
            .cycle(.notesRecorded(rotation: "2026-11-23", text: "line one\nline two")),
            .cycle(.handoverCompleted(rotation: "2026-11-23", reassigned: 10, summaryPath: "handover.md")),
            .cycle(.handoverCompleted(rotation: "2026-11-23", reassigned: 0, summaryPath: nil)),
            .alert(.fired(key: "SET-9", group: "{}:{alertname=\"DiskFull\"}", fingerprint: "a1b2c3", name: "DiskFull",
                          since: 1_796_000_000_000)),
            .alert(.fired(key: "SET-9", group: "{}:{}", fingerprint: "d4", name: "\u{1B}[31mred", since: nil)),
            .alert(.resolved(key: "SET-9", group: "{}:{}", fingerprint: "a1b2c3", name: "DiskFull", at: 1_796_000_600_000)),
            .alert(.resolved(key: "SET-9", group: "{}:{}", fingerprint: "a1b2c3", name: "DiskFull", at: nil)),
            .link(.imported(key: "SET-10", jira: "MM-12345", url: "https://jira.example.com/browse/MM-12345", reporter: "Bob R")),
            .link(.imported(key: "SET-10", jira: "MM-1", url: nil, reporter: nil)),
            .link(.imported(key: "SET-10", jira: "MM-2", url: nil, reporter: nil, fixVersions: ["v10.1", "v10.2"], watchers: ["w\u{1B}1"])),
            .link(.linked(key: "SET-10", url: "https://grafana.example.com/d/1?x=\u{1B}[31m", label: "dash\u{202E}board")),
            .link(.linked(key: "SET-10", url: "https://example.com", label: nil)),
            .link(.noted(key: "SET-10", text: "line one\nline two", author: "alice", at: 1_796_000_000_000)),
            .link(.noted(key: "SET-10", text: "no author", author: nil, at: nil)),
            .board(.ticketCreated(key: "SET-11", ticket: NewTicket(title: "Imported", createdAt: 1_790_000_000_000))),
            .sync(.imported(seen: ["0a1b2c3d4e5f6a7b": 41, "ffeeddccbbaa9988": 7])),
            .sync(.imported(seen: [:])),
        ]
        events += ProjectCoreTests.eventSamples.map { .project($0) }
        return events
    }()

    @Test func everyTypeTheCodeWritesIsRegistered() {
        #expect(Set(Self.everyEvent.map(\.type)) == Set(EventRegistry.types))
        #expect(EventRegistry.types.count == 15 + 6 + 6 + 4 + 3 + 2 + 8 + 3 + 1)
        let families = BoardEvent.types + IncidentEvent.types + PageEvent.types + RosterEvent.types + CycleEvent.types
            + AlertEvent.types + ProjectEvent.types + LinkEvent.types + SyncEvent.types
        #expect(families.count == Set(families).count, "a type string belongs to one family")
        // The fast path's byte-level decoders are registered types too, each once: they only ever speed one up.
        let canonical = EventRegistry.canonicalTypes
        #expect(Set(canonical).isSubset(of: Set(EventRegistry.types)) && canonical.count == Set(canonical).count)
        // It reads these words by their raw text: the strict decoder's `init(text:)` must read that text the same.
        #expect(Level.allCases.allSatisfy { Level(text: $0.rawValue) == $0 })
        #expect(Category.allCases.allSatisfy { Category(text: $0.rawValue) == $0 })
        #expect(ChecklistState.allCases.allSatisfy { ChecklistState(text: $0.rawValue) == $0 })
    }

    @Test(arguments: EventRegistryTests.everyEvent)
    func everyEventRoundTripsThroughJournalTextAndHasASentence(_ event: Event) throws {
        let text = event.payload.compactEncoded()
        let parsed = try #require(JSONValue.parse(text))
        #expect(try EventRegistry.decode(type: event.type, payload: parsed) == event)
        #expect(!event.summary.isEmpty)
        #expect(!event.summary.contains("not known"))
    }

    @Test func incidentEventsReadAsSentences() {
        #expect(Event.incident(.opened(id: "INC-1", level: .l1, title: "Login", ticket: "SET-1", commander: "alice",
                                       updateInterval: 14_400_000)).summary
            == "opened incident INC-1 L1: Login [SET-1], commander @alice, updates every 4h")
        #expect(Event.incident(.statusChanged(id: "INC-1", from: .investigating, to: .identified)).summary
            == "INC-1 investigating → identified")
    }

    @Test func unknownTypesAreNotDecodedButNotDamage() throws {
        #expect(try EventRegistry.decode(type: "gadget.sprocketed", payload: .object([])) == nil)
    }

    /// Each hostile value from issue 15, and wrong kinds and missing fields, names its field.
    @Test(arguments: [
        ("incident.opened", #"{"id":"INC-1","level":"L1","title":"t","ticket":null,"commander":null,"interval_ms":9223372036854775807}"#,
         "payload.interval_ms"),
        ("incident.opened", #"{"id":"INC-1","level":"L1","title":"t","interval_ms":59999}"#, "payload.interval_ms"),
        ("incident.opened", #"{"id":"INC-1","level":"L1","title":"t","interval_ms":"1h"}"#, "payload.interval_ms"),
        ("ticket.moved", #"{"key":"SET-1","to":"done"}"#, "payload.from"),
        ("ticket.created", #"{"key":"SET-1","title":"t","tier":"other","level":"L9","category":"CAT1","type":"bug","column":"todo"}"#,
         "payload.level"),
        ("ticket.assigned", #"{"key":"SET-1","assignee":5}"#, "payload.assignee"),
        ("board.settings_changed", #"{"stuckLimits":{"todo":0}}"#, "payload.stuckLimits.todo"),
        ("board.clock_target_set", #"{"clock":"assign","tier":"community","level":"L1"}"#, "payload.hours"),
        ("board.clock_target_set", #"{"clock":"assign","tier":"community","level":"L1","hours":0}"#, "payload.hours"),
        ("board.clock_target_set", #"{"clock":"assign","tier":"community","level":"L1","hours":2161}"#, "payload.hours"),
        ("board.clock_target_set", #"{"clock":"later","tier":"community","level":"L1","hours":2}"#, "payload.clock"),
        ("board.clock_target_set", #"{"clock":"assign","tier":"community","level":"1","hours":2}"#, "payload.level"),
        ("board.settings_changed", #"{"stuckLimits":{"attic":3}}"#, "payload.stuckLimits.attic"),
        ("board.settings_changed", #"{"levelStuckLimits":{"L1":0}}"#, "payload.levelStuckLimits.L1"),
        ("board.settings_changed", #"{"levelStuckLimits":{"L1":3651}}"#, "payload.levelStuckLimits.L1"),
        ("board.settings_changed", #"{"levelStuckLimits":{"L9":2}}"#, "payload.levelStuckLimits.L9"),
        ("board.settings_changed", #"{"levelStuckLimits":[1]}"#, "payload.levelStuckLimits"),
        ("board.routing_defined", ##"{"routes":{"push":"mobile"},"contacts":{"push":"#a b"}}"##, "payload.contacts.push"),
        ("board.routing_defined", ##"{"routes":{"push":"mobile"},"contacts":{"search":"#server"}}"##, "payload.contacts.search"),
        ("board.routing_defined", #"{"routes":{"push":"mobile"},"contacts":{"push":3}}"#, "payload.contacts.push"),
        ("page.notified", #"{"id":"P-1","step":-1,"handle":"bob"}"#, "payload.step"),
        ("page.taken_over", #"{"id":"P-1","step":1,"from":"../x"}"#, "payload.from"),
        ("page.taken_over", #"{"id":"P-1","step":10000001,"from":"ab"}"#, "payload.step"),
        ("page.taken_over", #"{"id":"P-1","step":1}"#, "payload.from"),
        ("ticket.assignee_notified", #"{"key":"SET-1","reason":"nudge","nudge":0,"handle":"bob"}"#, "payload.nudge"),
        ("ticket.assignee_notified", #"{"key":"SET-1","reason":"stuck","idle_since_ms":-1,"handle":"bob"}"#, "payload.idle_since_ms"),
        ("ticket.assignee_notified", #"{"key":"SET-1","reason":"poke","nudge":1,"handle":"bob"}"#, "payload.reason"),
        ("page.opened", #"{"id":"P-1","summary":"s","chain":[],"policy":{"waits_s":[900],"repeats":0}}"#, "payload.chain"),
        ("page.opened", #"{"id":"P-1","summary":"s","chain":[{"role":"primary","handle":"a"}],"policy":{"waits_s":[-5],"repeats":0}}"#,
         "payload.policy.waits_s[0]"),
        ("page.opened", #"{"id":"P-1","summary":"s","chain":[{"role":"primary","handle":"a"}],"policy":{"waits_s":[900],"repeats":0,"notify":7}}"#,
         "payload.policy.notify"),
        ("cycle.handover_completed", #"{"rotation":"r","reassigned":-1}"#, "payload.reassigned"),
        ("cycle.item_ticked", #"{"rotation":"r","item":"support-channel","day":null}"#, "payload.day"),
        ("roster.overridden", #"{"role":"primary","handle":"a","from_s":-9223372036854775808,"to_s":1}"#, "payload.from_s"),
        ("alert.fired", #"{"key":"SET-1","group":"g","fingerprint":"f","name":"n","since_ms":-1}"#, "payload.since_ms"),
        ("alert.fired", #"{"key":"SET-1","group":"g","fingerprint":"","name":"n","since_ms":null}"#, "payload.fingerprint"),
        ("alert.fired", #"{"key":"SET-1","group":"","fingerprint":"f","name":"n"}"#, "payload.group"),
        ("alert.fired", #"{"key":"SET-1","group":"g","fingerprint":"f"}"#, "payload.name"),
        ("alert.resolved", #"{"key":"SET-1","group":"g","fingerprint":"f","name":"n","at_ms":253402300800000}"#, "payload.at_ms"),
        ("sync.imported", #"{"seen":[{"rid":"../x","lam":1}]}"#, "payload.seen[0].rid"),
        ("sync.imported", #"{"seen":[{"rid":"ab","lam":9007199254740993}]}"#, "payload.seen[0].lam"),
        ("alert.resolved", #"{"key":7,"group":"g","fingerprint":"f","name":"n","at_ms":null}"#, "payload.key"),
        ("project.milestone_added", #"{"project":"PRJ-1","milestone":"M1","title":"t","due_day":2932897}"#, "payload.due_day"),
        ("project.milestone_added", #"{"project":"PRJ-1","milestone":"M1","title":"t","due_day":-1}"#, "payload.due_day"),
        ("project.milestone_added", #"{"project":"PRJ-1","milestone":"X1","title":"t","due_day":1}"#, "payload.milestone"),
        ("project.item_marked", #"{"project":"PRJ-1","list":"dor","item":"rfc","state":"maybe"}"#, "payload.state"),
        ("project.item_marked", #"{"project":"PRJ1","list":"dor","item":"rfc","state":"done"}"#, "payload.project"),
        ("project.phase_changed", #"{"project":"PRJ-1","from":"scoping","to":"dropped","waiver":null,"reason":null}"#, "payload.reason"),
        ("project.task_added", #"{"project":"PRJ-1","task":"PRJ-2.T1","milestone":null,"title":"t"}"#, "payload.task"),
        ("project.edited", #"{"project":"PRJ-1","title":null,"dri":null,"description":null,"stakeholders":null,"links":null}"#, "payload.title"),
        ("project.edited", #"{"project":"PRJ-1","stakeholders":["a b"]}"#, "payload.stakeholders"),
        ("project.created", #"{"project":"PRJ-1","title":"t","dri":"a","stakeholders":[],"description":"","links":[],"dor":[],"dod":[{"id":"x","text":"y"}]}"#, "payload.dor"),
        ("project.created", #"{"project":"PRJ-1","title":"t","dri":"a b","stakeholders":[],"description":"","links":[],"dor":[{"id":"x","text":"y"}],"dod":[{"id":"x","text":"y"}]}"#, "payload.dri"),
        ("ticket.imported", #"{"key":"SET-1","jira":"","url":null,"reporter":null}"#, "payload.jira"),
        ("ticket.imported", #"{"key":"SET-1","url":null,"reporter":null}"#, "payload.jira"),
        ("ticket.linked", #"{"key":"SET-1","url":"","label":null}"#, "payload.url"),
        ("ticket.imported", #"{"key":"SET-1","jira":"MM-1","url":null,"reporter":null,"watchers":[7]}"#, "payload.watchers[0]"),
        ("ticket.imported", #"{"key":"SET-1","jira":"MM-1","url":null,"reporter":null,"fix_versions":"v1"}"#, "payload.fix_versions"),
        ("ticket.linked", #"{"key":"SET-1","url":"https://x","label":7}"#, "payload.label"),
        ("ticket.noted", #"{"key":"SET-1","text":"t","author":null,"at_ms":-5}"#, "payload.at_ms"),
        ("ticket.noted", #"{"key":"SET-1","text":"","author":null,"at_ms":null}"#, "payload.text"),
        ("ticket.created", #"{"key":"SET-1","title":"t","tier":"other","level":null,"category":"CAT1","type":"bug","column":"todo","assignee":null,"team":null,"created_ms":-1}"#, "payload.created_ms"),
    ])
    func hostileValuesAreRefusedWithTheirField(_ type: String, _ text: String, _ field: String) throws {
        let payload = try #require(JSONValue.parse(text))
        do {
            _ = try EventRegistry.decode(type: type, payload: payload)
            Issue.record("\(type) \(text) was accepted")
        } catch {
            #expect(error.field == field, "\(error)")
        }
    }

    /// The roster's numbers: every extreme value the issue found crashing readers is refused with its field.
    @Test(arguments: [
        ("anchor_day", JSONValue.int(Int64.max), "payload.rotations[0].anchor_day"),
        ("anchor_day", .int(-1), "payload.rotations[0].anchor_day"),
        ("weeks", .int(0), "payload.rotations[0].weeks"),
        ("start_min", .int(Int64.min), "payload.rotations[0].shifts[0].start_min"),
        ("end_min", .int(1441), "payload.rotations[0].shifts[0].end_min"),
        ("days", .array([.int(-1)]), "payload.rotations[0].shifts[0].days[0]"),
        ("days", .array([.int(1), .int(1)]), "payload.rotations[0].shifts[0].days"),
        ("repeats", .int(11), "payload.escalation.repeats"),
    ])
    func extremeRosterValuesAreRefused(_ key: String, _ value: JSONValue, _ field: String) throws {
        let payload = RosterCoreSamples.replacing(key, with: value, in: RosterEvent.defined(RosterCoreSamples.definition).payload)
        do {
            _ = try EventRegistry.decode(type: "roster.defined", payload: payload)
            Issue.record("roster.defined with \(key) = \(value) was accepted")
        } catch {
            #expect(error.field == field, "\(error)")
        }
    }

    /// Another engineer is making the stored notify command ignored: the field stays readable, as an optional string.
    @Test func aStoredNotifyCommandIsStillAccepted() throws {
        var d = RosterCoreSamples.definition
        d.escalation.notifyCommand = "id > /tmp/x"
        let withCommand = RosterEvent.defined(d).payload
        #expect(try EventRegistry.decode(type: "roster.defined", payload: withCommand) == .roster(.defined(d)))
        let withoutEscalation = RosterCoreSamples.removing("escalation", from: withCommand)
        d.escalation = .standard
        #expect(try EventRegistry.decode(type: "roster.defined", payload: withoutEscalation) == .roster(.defined(d)))
    }
}

/// A roster definition for the registry tests, and edits to its payload's JSON.
enum RosterCoreSamples {
    static let definition = DemoBoard.roster(now: 1_795_000_000_000, admins: ["alice"], zones: TestZones.provider)

    /// The payload with every field called `key` (at any depth) set to `value`.
    static func replacing(_ key: String, with value: JSONValue, in json: JSONValue) -> JSONValue {
        switch json {
        case let .object(pairs): return .object(pairs.map { ($0.0, $0.0 == key ? value : replacing(key, with: value, in: $0.1)) })
        case let .array(items): return .array(items.map { replacing(key, with: value, in: $0) })
        default: return json
        }
    }

    static func removing(_ key: String, from json: JSONValue) -> JSONValue {
        guard case let .object(pairs) = json else { return json }
        return .object(pairs.filter { $0.0 != key })
    }
}
