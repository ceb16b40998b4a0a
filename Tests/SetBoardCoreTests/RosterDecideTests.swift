/// Roster decisions: who may change it, a definition checked field by field, and events that survive the journal.
import Testing
@testable import SetBoardCore

@Suite("Roster decide")
struct RosterDecideTests {
    typealias F = RosterFixture
    let now = RosterFixture.t("2025-01-10T12:00:00Z")

    func refusal(_ c: RosterCommand, _ s: RosterState, by actor: String) -> RosterError? {
        do {
            _ = try RosterDecide.decide(c, roster: s, actor: actor, now: now)
            return nil
        } catch {
            return error
        }
    }

    @Test func firstImportIsOpenToAnyoneLaterOnesOnlyToLeadsAndAdmins() throws {
        let empty = RosterState()
        let events = try RosterDecide.decide(.define(F.twoZones()), roster: empty, actor: "mallory", now: now)
        #expect(events.map(\.type) == ["roster.defined"])
        let s = F.state(F.twoZones())
        #expect(refusal(.define(F.allDay()), s, by: "mallory") == .notAllowed(actor: "mallory", editors: ["carol", "root"]))
        #expect(refusal(.define(F.allDay()), s, by: "carol") == nil)
        #expect(refusal(.define(F.allDay()), s, by: "root") == nil)
        // Being on call is not enough to rewrite the roster.
        #expect(refusal(.define(F.allDay()), s, by: "alice") != nil)
    }

    @Test func overridesSwapsAndLeaveAreForEditorsOnly() {
        let s = F.state(F.twoZones())
        let o = RosterCommand.override(RosterOverride(role: .primary, handle: "dave", from: now, to: now + 3_600_000))
        let w = RosterCommand.swap(RosterSwap(first: "alice", second: "bob", from: now, to: now + 3_600_000))
        let l = RosterCommand.leave(RosterLeave(handle: "bob", from: now, to: now + 86_400_000))
        for c in [o, w, l] {
            #expect(refusal(c, s, by: "alice") == .notAllowed(actor: "alice", editors: ["carol", "root"]))
            #expect(refusal(c, s, by: "carol") == nil)
            #expect(refusal(c, RosterState(), by: "carol") == .noRoster)
        }
    }

    @Test func changesThatChangeNothingOrNameStrangersAreRefused() {
        let s = F.state(F.twoZones())
        let past = RosterCommand.leave(RosterLeave(handle: "bob", from: now - 7_200_000, to: now - 3_600_000))
        #expect(refusal(past, s, by: "carol")?.field == "leave.to")
        let stranger = RosterCommand.override(RosterOverride(role: .backup, handle: "zed", from: now, to: now + 60_000))
        #expect(refusal(stranger, s, by: "carol")?.field == "override.handle")
        let backwards = RosterCommand.swap(RosterSwap(first: "alice", second: "bob", from: now + 60_000, to: now))
        #expect(refusal(backwards, s, by: "carol")?.field == "swap.to")
        let noShift = RosterCommand.override(RosterOverride(role: .primary, handle: "bob", from: now, to: now + 60_000, shift: "APAC"))
        #expect(refusal(noShift, s, by: "carol")?.field == "override.shift")
    }

    func field(_ change: (inout RosterDefinition) -> Void) -> String? {
        var d = F.twoZones()
        change(&d)
        do {
            try RosterDecide.validate(d, zones: TestZones.provider)
            return nil
        } catch {
            return error.field
        }
    }

    @Test func definitionProblemsNameTheirField() {
        #expect(field { _ in } == nil)
        #expect(field { $0.engineers[1].zone = "Mars/Olympus" } == "engineers[1].zone")
        #expect(field { $0.engineers[2].handle = "alice" } == "engineers[2].handle")
        #expect(field { $0.rotations[0].shifts[1].people = ["dave", "zed"] } == "rotations[0].shifts[1].people[1]")
        #expect(field { $0.rotations[0].shifts[0].people = ["alice"] } == "rotations[0].shifts[0].people")
        #expect(field { $0.rotations[0].anchorDay += 1 } == "rotations[0].anchor")
        #expect(field { $0.rotations[0].lead = "nobody" } == "rotations[0].lead")
        #expect(field { $0.fallback = .shift("APAC") } == "fallback")
        #expect(field { $0.escalation.waits = [] } == "escalation.waits")
        #expect(field { $0.rotations[0].pattern = .single } == "rotations[0].shifts")
        #expect(field { $0.rotations[0].shifts[0].days = [] } == "rotations[0].shifts[0].days")
        #expect(field { $0.rotations[0].shifts[0].zone = "EST" } == "rotations[0].shifts[0].zone")
    }

    @Test func patternsCheckTheirPeople() throws {
        try RosterDecide.validate(F.allDay(), zones: TestZones.provider)
        try RosterDecide.validate(F.allDay(pattern: .staggered, people: ["alice", "bob", "dave"]), zones: TestZones.provider)
        #expect(throws: RosterError.self) { try RosterDecide.validate(F.allDay(pattern: .paired, people: ["alice", "bob", "dave"]), zones: TestZones.provider) }
        #expect(throws: RosterError.self) { try RosterDecide.validate(F.allDay(pattern: .staggered, people: ["alice"]), zones: TestZones.provider) }
    }

    @Test func eventsRoundTripThroughTheJournalFormat() throws {
        var d = F.twoZones(fallback: .shift("EMEA"))
        d.escalation = EscalationPolicy(waits: [600_000, 1_200_000], repeats: 2, notifyCommand: "notify-send \"$SETBOARD_PAGE\"")
        d.leave = [RosterLeave(handle: "bob", from: now, to: now + 86_400_000)]
        let events: [RosterEvent] = [
            .defined(d),
            .overridden(RosterOverride(role: .lead, handle: "alice", from: now, to: now + 60_000, shift: "EMEA")),
            .swapped(RosterSwap(first: "alice", second: "dave", from: now, to: now + 60_000)),
            .leaveRecorded(RosterLeave(handle: "erin", from: now, to: now + 60_000)),
        ]
        for e in events {
            let line = e.payload.compactEncoded()
            let parsed = try #require(JSONValue.parse(line))
            #expect(RosterEvent(type: e.type, payload: parsed) == e)
            #expect(RosterEvent.types.contains(e.type))
        }
        #expect(RosterEvent(type: "roster.defined", payload: .object([("admins", .int(1))])) == nil)
        #expect(RosterEvent(type: "incident.opened", payload: events[1].payload) == nil)
    }

    /// Core counts milliseconds; the journal keeps its roster fields in seconds, as every release wrote them.
    @Test func theJournalKeepsItsSecondsFieldsAndCoreItsMilliseconds() throws {
        var d = F.twoZones()
        d.escalation = EscalationPolicy(waits: [300_000, 600_000], remindEvery: 1_800_000)
        let o = RosterOverride(role: .primary, handle: "dave", from: now, to: now + 3_600_000)
        let override = RosterEvent.overridden(o).payload
        #expect(override["from_s"]?.intValue == now / 1000)
        #expect(override["to_s"]?.intValue == now / 1000 + 3600)
        let escalation = RosterEvent.defined(d).payload["escalation"]
        #expect(escalation?["waits_s"]?.arrayValue?.compactMap(\.intValue) == [300, 600])
        #expect(escalation?["remind_s"]?.intValue == 1800)
        let stored = JSONValue.object([("role", .string("lead")), ("handle", .string("dave")), ("from_s", .int(1_736_510_400)),
                                       ("to_s", .int(1_736_514_000)), ("shift", .null)])
        #expect(RosterEvent(type: "roster.overridden", payload: stored)
                == .overridden(RosterOverride(role: .lead, handle: "dave", from: 1_736_510_400_000, to: 1_736_514_000_000)))
        // A time finer than the journal can keep is refused rather than replayed as another time.
        let s = F.state(F.twoZones())
        let fine = RosterCommand.override(RosterOverride(role: .primary, handle: "dave", from: now + 500, to: now + 3_600_000))
        #expect(refusal(fine, s, by: "carol")?.field == "override.from")
    }

    @Test func aNewDefinitionReplacesEarlierChangesAndExportShowsThem() {
        var s = F.state(F.twoZones())
        let o = RosterOverride(role: .primary, handle: "dave", from: now, to: now + 60_000)
        s.apply(.overridden(o))
        #expect(s.current?.overrides == [o])
        s.apply(.defined(F.twoZones()))
        #expect(s.current?.overrides == [])
        #expect(s.policy == .standard)
    }
}
