/// Ticking the cycle's checklist: who and when is kept, and every tick that does not hold is refused with a reason.
import Testing
@testable import SetBoardCore

@Suite("Cycle ticks and hand-over")
struct CycleDecideTests {
    let at = CycleFixture.at

    @Test func aDailyTickDefaultsToTodayAndKeepsWhoAndWhen() throws {
        var c = CycleRun()
        let now = at("2026-11-24T10:30:00Z")
        #expect(try c.run(.tick(item: "support-channel", day: nil), at: now, by: "alice")
            == [.itemTicked(rotation: "2026-11-23", item: .supportChannel, day: CycleDay(text: "2026-11-24"))])
        try c.run(.tick(item: "ask-rnd", day: "2026-11-23"), at: now, by: "bob")
        let r = c.state.rotation("2026-11-23")
        #expect(r.tick(.supportChannel, day: CycleDay(text: "2026-11-24")) == CycleTick(item: .supportChannel, day: CycleDay(text: "2026-11-24"), at: now, actor: "alice"))
        #expect(r.tick(.askRnd, day: CycleDay(text: "2026-11-23"))?.actor == "bob")
        #expect(r.tick(.askRnd, day: CycleDay(text: "2026-11-24")) == nil)
    }

    @Test func todayIsTheRotationsLocalDate() throws {
        var c = CycleRun()
        c.window.utcOffsetMinutes = -300
        let events = try c.run(.tick(item: "ask-rnd", day: nil), at: at("2026-11-24T03:00:00Z"))
        #expect(events == [.itemTicked(rotation: "2026-11-23", item: .askRnd, day: CycleDay(text: "2026-11-23"))])
    }

    @Test func refusesTicksThatDoNotHold() throws {
        var c = CycleRun()
        let now = at("2026-11-30T10:00:00Z")
        #expect(c.refusal(.tick(item: "coffee", day: nil), at: now) == .unknownItem("coffee"))
        #expect(c.refusal(.tick(item: "ask-rnd", day: "2026-11-28"), at: now) == .notAWorkingDay("2026-11-28"))
        #expect(c.refusal(.tick(item: "ask-rnd", day: "2026-11-20"), at: now)
            == .dayOutsideRotation(day: "2026-11-20", rotation: "2026-11-23", first: "2026-11-23", last: "2026-12-04"))
        #expect(c.refusal(.tick(item: "ask-rnd", day: "2026-12-01"), at: now) == .dayInFuture("2026-12-01"))
        #expect(c.refusal(.tick(item: "ask-rnd", day: "30/11"), at: now) == .badDay("30/11"))
        #expect(c.refusal(.tick(item: "start-review", day: "2026-11-23"), at: now) == .dayNotForItem(.startReview))
        #expect(c.refusal(.tick(item: "ask-rnd", day: nil), at: at("2026-12-07T09:00:00Z")) == .outsideRotation("2026-11-23"))
        try c.run(.tick(item: "ask-rnd", day: nil), at: now, by: "carol")
        // Ask R&D is checked once or twice a day: a second tick is recorded, a third refused.
        try c.run(.tick(item: "ask-rnd", day: nil), at: now + 1, by: "bob")
        #expect(c.state.rotation("2026-11-23").ticks(.askRnd, day: CycleDay(text: "2026-11-30")).map(\.actor) == ["carol", "bob"])
        #expect(c.refusal(.tick(item: "ask-rnd", day: "2026-11-30"), at: now + 2)
            == .alreadyTicked(item: .askRnd, day: "2026-11-30", by: "bob", at: now + 1))
        try c.run(.tick(item: "support-channel", day: nil), at: now, by: "carol")
        #expect(c.refusal(.tick(item: "support-channel", day: nil), at: now + 1)
            == .alreadyTicked(item: .supportChannel, day: "2026-11-30", by: "carol", at: now))
    }

    @Test func completingTheHandoverTicksItsItemsOnceAndOnlyOnce() throws {
        var c = CycleRun()
        let now = at("2026-12-04T15:00:00Z")
        try c.run(.tick(item: "incoming-invited", day: nil), at: now - 1)
        let events = try c.run(.completeHandover(reassigned: 3, notes: "  INC-2 needs a DB expert \n", summaryPath: "h.md"), at: now)
        #expect(events == [
            .notesRecorded(rotation: "2026-11-23", text: "INC-2 needs a DB expert"),
            .itemTicked(rotation: "2026-11-23", item: .ticketsReassigned, day: nil),
            .itemTicked(rotation: "2026-11-23", item: .knowledgeTransferred, day: nil),
            .handoverCompleted(rotation: "2026-11-23", reassigned: 3, summaryPath: "h.md"),
        ])
        #expect(c.refusal(.completeHandover(reassigned: 0, notes: nil, summaryPath: nil), at: now + 1)
            == .handoverAlreadyDone(rotation: "2026-11-23", by: "erin", at: now))
        #expect(c.refusal(.tick(item: "knowledge-transferred", day: nil), at: now + 1)
            == .handoverAlreadyDone(rotation: "2026-11-23", by: "erin", at: now))
    }

    @Test func withoutNotesKnowledgeIsNotTicked() throws {
        var c = CycleRun()
        let events = try c.run(.completeHandover(reassigned: 0, notes: "   ", summaryPath: nil), at: at("2026-12-04T15:00:00Z"))
        #expect(!events.contains(.itemTicked(rotation: "2026-11-23", item: .knowledgeTransferred, day: nil)))
        #expect(!events.contains { if case .notesRecorded = $0 { return true } else { return false } })
    }

    @Test func eventsRoundTripThroughTheirPayloadsAndReplayKeepsTheFirstTick() {
        let events: [CycleEvent] = [
            .itemTicked(rotation: "r", item: .askRnd, day: CycleDay(text: "2026-11-24")),
            .itemTicked(rotation: "r", item: .startReview, day: nil),
            .notesRecorded(rotation: "r", text: "line 1\nline 2"),
            .handoverCompleted(rotation: "r", reassigned: 4, summaryPath: nil),
        ]
        for e in events { #expect(CycleEvent(type: e.type, payload: e.payload) == e) }
        #expect(CycleEvent(type: "cycle.item_ticked", payload: .object([("rotation", .string("r")), ("item", .string("ask-rnd"))])) == nil)
        var s = CycleState()
        // A once-a-day item keeps the first tick; ask-rnd (twice a day) the first two.
        let support = CycleEvent.itemTicked(rotation: "r", item: .supportChannel, day: CycleDay(text: "2026-11-24"))
        s.apply(support, at: 1, by: "a")
        s.apply(support, at: 2, by: "b")
        #expect(s.rotation("r").ticks.map(\.actor) == ["a"])
        for (t, who) in [(3, "a"), (4, "b"), (5, "c")] { s.apply(events[0], at: Int64(t), by: who) }
        #expect(s.rotation("r").ticks(.askRnd, day: CycleDay(text: "2026-11-24")).map(\.actor) == ["a", "b"])
    }
}
