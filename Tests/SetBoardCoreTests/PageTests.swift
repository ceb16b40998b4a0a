/// Pages: who holds a page at each moment, when it moves on, what stops it, and that each step is told once.
import Testing
@testable import SetBoardCore

/// A page log driven like the journal does: decide at a time, then apply the events with that time.
struct PageFixture {
    var pages = PageState()
    var board: BoardState

    init(board: BoardState = BoardFixture.initialized().state) { self.board = board }

    static let onCall = OnCall(at: 0, shift: "EMEA", primary: "alice", backup: "bob", lead: "carol")

    @discardableResult
    mutating func run(_ command: PageCommand, at ts: Int64, by actor: String = "dave") throws(PageError) -> [PageEvent] {
        let events = try PageDecide.decide(command, pages: pages, board: board, actor: actor, now: ts)
        for event in events { pages.apply(event, at: ts, by: actor) }
        return events
    }

    mutating func open(_ summary: String = "Login loop", at ts: Int64, onCall: OnCall? = PageFixture.onCall,
                       policy: EscalationPolicy = .standard) throws(PageError) {
        try run(.open(summary: summary, ticket: nil, onCall: onCall, policy: policy), at: ts)
    }

    func refusal(_ command: PageCommand, at now: Int64, by actor: String = "dave") -> PageError? {
        do {
            _ = try PageDecide.decide(command, pages: pages, board: board, actor: actor, now: now)
            return nil
        } catch {
            return error
        }
    }
}

@Suite("Pages")
struct PageTests {
    let t0 = Clock.monday + 10 * Clock.hour
    let s: Int64 = 1000
    let alice = OnCallStep(role: .primary, handle: "alice")
    let bob = OnCallStep(role: .backup, handle: "bob")
    let carol = OnCallStep(role: .lead, handle: "carol")

    func status(_ f: PageFixture, _ id: String = "P-1", at t: Int64) throws -> PageStatus {
        let page = try #require(f.pages.page(id))
        return try #require(page.status(at: t))
    }

    @Test func escalatesAtEachStepBoundaryWithCustomWaits() throws {
        var f = PageFixture()
        try f.open(at: t0, policy: EscalationPolicy(waits: [60_000, 120_000, 300_000]))

        let start = try status(f, at: t0)
        #expect(start.step == 0 && start.holder == alice && start.stepCount == 3 && !start.exhausted)
        #expect(start.nextEscalationAt == t0 + 60 * s && start.nextHolder == bob)
        #expect(try status(f, at: t0 + 60 * s - 1).holder == alice)

        let backup = try status(f, at: t0 + 60 * s)
        #expect(backup.step == 1 && backup.holder == bob && backup.stepStartedAt == t0 + 60 * s)
        #expect(backup.nextEscalationAt == t0 + 180 * s && backup.nextHolder == carol)
        #expect(try status(f, at: t0 + 180 * s - 1).holder == bob)

        let lead = try status(f, at: t0 + 180 * s)
        #expect(lead.step == 2 && lead.holder == carol && lead.nextEscalationAt == t0 + 480 * s && lead.nextHolder == nil)
        #expect(try status(f, at: t0 + 480 * s - 1).exhausted == false)

        let done = try status(f, at: t0 + 480 * s)
        #expect(done.exhausted && done.step == 2 && done.holder == carol && done.nextEscalationAt == nil)
        #expect(try status(f, at: t0 + 10 * Clock.day).exhausted)
        // Before the page was opened (a clock behind the journal) it is simply at its first step.
        #expect(try status(f, at: t0 - Clock.hour).step == 0)
    }

    @Test func repeatsGoRoundTheChainAgainThenRunOut() throws {
        var f = PageFixture()
        // One wait covers every step; one repeat means twice round: six steps of a minute.
        try f.open(at: t0, policy: EscalationPolicy(waits: [60_000], repeats: 1))
        let second = try status(f, at: t0 + 180 * s)
        #expect(second.step == 3 && second.round == 1 && second.holder == alice && second.stepCount == 6)
        #expect(second.nextHolder == bob)
        let last = try status(f, at: t0 + 359 * s)
        #expect(last.step == 5 && last.holder == carol && last.nextHolder == nil && !last.exhausted)
        #expect(try status(f, at: t0 + 360 * s).exhausted)
    }

    @Test func emptyRolesAreSkippedAndTheStandardPolicyWaitsFifteenMinutes() throws {
        var f = PageFixture()
        try f.open(at: t0, onCall: OnCall(at: 0, primary: "alice", lead: "carol"))
        #expect(f.pages.page("P-1")?.chain == [alice, carol])
        #expect(try status(f, at: t0 + 15 * Clock.minute).holder == carol)
        #expect(try status(f, at: t0 + 30 * Clock.minute).exhausted)
    }

    @Test func acknowledgingStopsEscalationWhereItWas() throws {
        var f = PageFixture()
        try f.open(at: t0, policy: EscalationPolicy(waits: [60_000], notifyCommand: "true"))
        let events = try f.run(.acknowledge(id: "P-1"), at: t0 + 90 * s, by: "bob")
        #expect(events == [.acknowledged(id: "P-1", by: "bob")])
        let later = try status(f, at: t0 + Clock.day)
        #expect(later.step == 1 && later.holder == bob && !later.exhausted && later.nextEscalationAt == nil)
        #expect(later.acknowledgedBy == "bob" && later.acknowledgedAt == t0 + 90 * s)
        #expect(f.pages.dueNotifications(at: t0 + Clock.day).isEmpty)
        #expect(f.pages.list().isEmpty && f.pages.list(includeAcknowledged: true).count == 1)
        #expect(f.refusal(.acknowledge(id: "P-1"), at: t0 + Clock.day) == .alreadyAcknowledged(id: "P-1", by: "bob"))
        #expect(f.refusal(.recordNotified(id: "P-1", step: 2), at: t0 + 150 * s) == .alreadyAcknowledged(id: "P-1", by: "bob"))
    }

    @Test func ackWithoutAnIdTakesTheNewestUnacknowledgedPage() throws {
        var f = PageFixture()
        #expect(f.refusal(.acknowledge(id: nil), at: t0) == .nothingToAcknowledge)
        try f.open("first", at: t0)
        try f.open("second", at: t0 + s)
        try f.open("third", at: t0 + 2 * s)
        try f.run(.acknowledge(id: "P-3"), at: t0 + 3 * s)
        #expect(try f.run(.acknowledge(id: nil), at: t0 + 4 * s, by: "alice") == [.acknowledged(id: "P-2", by: "alice")])
        #expect(try f.run(.acknowledge(id: nil), at: t0 + 5 * s, by: "alice") == [.acknowledged(id: "P-1", by: "alice")])
        #expect(f.refusal(.acknowledge(id: nil), at: t0 + 6 * s) == .nothingToAcknowledge)
    }

    @Test func theChainAndPolicyAreSnapshottedAtOpening() throws {
        var f = PageFixture()
        try f.open(at: t0, policy: EscalationPolicy(waits: [60_000]))
        // The roster and policy change afterwards: a new page sees them, the running one does not.
        try f.open(at: t0 + s, onCall: OnCall(at: 0, primary: "erin", backup: "frank"), policy: EscalationPolicy(waits: [600_000]))
        #expect(f.pages.page("P-1")?.chain == [alice, bob, carol])
        #expect(try status(f, at: t0 + 60 * s).holder == bob)
        #expect(f.pages.page("P-2")?.chain == [OnCallStep(role: .primary, handle: "erin"), OnCallStep(role: .backup, handle: "frank")])
        #expect(try status(f, "P-2", at: t0 + 60 * s).holder.handle == "erin")
    }

    @Test func eventsSurviveTheJournalRoundTrip() throws {
        let policy = EscalationPolicy(waits: [60_000, 120_000], repeats: 2, notifyCommand: "curl -d @- https://chat.example/hook")
        let events: [PageEvent] = [
            .opened(id: "P-1", summary: "Login loop", ticket: "SET-4", chain: [alice, bob, carol], policy: policy),
            .opened(id: "P-2", summary: "Push", ticket: nil, chain: [alice], policy: .standard),
            .acknowledged(id: "P-1", by: "bob"),
            .notified(id: "P-1", step: 1, handle: "bob"),
            .notifyFailed(id: "P-1", step: 2, reason: "exit status 7"),
        ]
        for event in events {
            #expect(PageEvent(type: event.type, payload: event.payload) == event)
            #expect(PageEvent.types.contains(event.type))
        }
        let empty = JSONValue.object([("id", .string("P-3")), ("summary", .string("x")), ("chain", .array([]))])
        #expect(PageEvent(type: "page.opened", payload: empty) == nil)
        #expect(PageEvent(type: "incident.opened", payload: events[0].payload) == nil)
    }

    @Test func refusalsSayWhatIsWrong() throws {
        var b = BoardFixture.initialized()
        b.create(1, .community, .l1, at: t0)
        var f = PageFixture(board: b.state)
        let open = { (onCall: OnCall?, ticket: String?) in
            PageCommand.open(summary: "Login loop", ticket: ticket, onCall: onCall, policy: .standard)
        }
        #expect(f.refusal(open(nil, nil), at: t0) == .noOneOnCall)
        #expect(f.refusal(open(OnCall(at: 0, uncovered: true), nil), at: t0) == .noOneOnCall)
        #expect(PageError.noOneOnCall.description.contains("setboard roster import"))
        #expect(f.refusal(open(PageFixture.onCall, "SET-9"), at: t0) == .unknownTicket("SET-9"))
        #expect(f.refusal(.open(summary: "  ", ticket: nil, onCall: PageFixture.onCall, policy: .standard), at: t0)
            == .invalidText(field: "summary", reason: "is empty"))
        #expect(f.refusal(.open(summary: "a\nb", ticket: nil, onCall: PageFixture.onCall, policy: .standard), at: t0)
            == .invalidText(field: "summary", reason: "must be one line"))
        #expect(f.refusal(.acknowledge(id: "P-7"), at: t0) == .unknownPage("P-7"))
        #expect(f.refusal(.recordNotified(id: "P-7", step: 0), at: t0) == .unknownPage("P-7"))

        let events = try f.run(open(PageFixture.onCall, "SET-1"), at: t0)
        #expect(events == [.opened(id: "P-1", summary: "Login loop", ticket: "SET-1", chain: [alice, bob, carol], policy: .standard)])
    }

    @Test func eachStepIsClaimedForNotifyingExactlyOnce() throws {
        var f = PageFixture()
        try f.open(at: t0, policy: EscalationPolicy(waits: [60_000], notifyCommand: "true"))
        #expect(f.pages.dueNotifications(at: t0).map(\.step) == [0])
        #expect(try f.run(.recordNotified(id: "P-1", step: 0), at: t0) == [.notified(id: "P-1", step: 0, handle: "alice")])
        // A second notifier that saw the same due step loses: its claim is refused under the lock.
        #expect(f.refusal(.recordNotified(id: "P-1", step: 0), at: t0 + s) == .alreadyNotified(id: "P-1", step: 0))
        #expect(f.pages.dueNotifications(at: t0 + 59 * s).isEmpty)
        #expect(f.refusal(.recordNotified(id: "P-1", step: 1), at: t0 + 59 * s) == .stepNotCurrent(id: "P-1", step: 1))

        #expect(f.pages.dueNotifications(at: t0 + 60 * s).map(\.step) == [1])
        #expect(try f.run(.recordNotified(id: "P-1", step: 1), at: t0 + 60 * s) == [.notified(id: "P-1", step: 1, handle: "bob")])
        #expect(f.refusal(.recordNotified(id: "P-1", step: 1), at: t0 + 120 * s) == .alreadyNotified(id: "P-1", step: 1))
        // A step that passed while nobody was watching is still owed: a late notifier tells the lead, even after
        // the page ran out at 180 s, and only once.
        #expect(f.pages.dueNotifications(at: t0 + 200 * s).map(\.step) == [2])
        #expect(try f.run(.recordNotified(id: "P-1", step: 2), at: t0 + 200 * s) == [.notified(id: "P-1", step: 2, handle: "carol")])
        #expect(f.refusal(.recordNotified(id: "P-1", step: 2), at: t0 + 201 * s) == .alreadyNotified(id: "P-1", step: 2))
        #expect(f.pages.page("P-1")?.notified == [0: "alice", 1: "bob", 2: "carol"])

        try f.run(.recordNotifyFailure(id: "P-1", step: 1, reason: "curl: (7) refused\nsecond line"), at: t0 + 61 * s)
        #expect(f.pages.page("P-1")?.notifyFailures == [1: "curl: (7) refused second line"])
    }

    /// The command is the notifier's own, never the page's: whether a page carries one an older version stored
    /// makes no difference to what is due (the notifier without a command of its own claims nothing).
    @Test func whatIsDueDoesNotDependOnAStoredNotifyCommand() throws {
        var without = PageFixture()
        try without.open(at: t0)
        var with = PageFixture()
        try with.open(at: t0, policy: EscalationPolicy(waits: [60_000], notifyCommand: "id > /tmp/x"))
        #expect(without.pages.dueNotifications(at: t0).map(\.step) == [0])
        #expect(with.pages.dueNotifications(at: t0).map(\.step) == [0])
    }

    @Test func reportLinesShowHolderCountdownAndEnd() throws {
        var f = PageFixture()
        try f.open("Login loop \u{1B}[31m", at: t0, policy: EscalationPolicy(waits: [60_000, 120_000, 300_000]))
        try f.open("Push delayed", at: t0 + 30 * s)
        try f.open("Search down", at: t0 + 40 * s)
        try f.run(.acknowledge(id: "P-3"), at: t0 + 50 * s, by: "alice")
        #expect(PageReport.lines(pages: f.pages, now: t0 + 61 * s) == [
            "P-1  P2  @bob (backup, step 2 of 3)  escalates to @carol (lead) in 2m  Login loop \\x1b[31m",
            "P-2  P2  @alice (primary, step 1 of 3)  escalates to @bob (backup) in 15m  Push delayed",
        ])
        let page1 = try #require(f.pages.page("P-1")), page3 = try #require(f.pages.page("P-3"))
        #expect(PageReport.line(page1, now: t0 + 200 * s) == "P-1  P2  @carol (lead, step 3 of 3)  runs out in 5m  Login loop \\x1b[31m")
        // The lead's step began at 180 s: reminders come every 15 minutes from then, the first at 1080 s.
        #expect(PageReport.line(page1, now: t0 + 480 * s)
            == "P-1  P2  EXHAUSTED: nobody acknowledged; reminding @carol (lead) every 15m, next in 10m  Login loop \\x1b[31m")
        #expect(PageReport.line(page3, now: t0 + Clock.hour) == "P-3  P2  acknowledged by @alice at 2026-01-05 10:00 UTC  Search down")
        #expect(PageReport.countdown(0) == "0m" && PageReport.countdown(1) == "1m" && PageReport.countdown(65 * Clock.minute) == "1h05m")
    }

    // MARK: Late notifiers, reminders and priorities (issue 16)

    @Test func aLateNotifierOwesEachPersonTheirLatestStepAndThenReminders() throws {
        var f = PageFixture()
        // 15-minute steps, no repeat: alice at 0, bob at 15m, carol at 30m, run out at 45m.
        try f.open(at: t0, policy: EscalationPolicy(notifyCommand: "true"))
        try f.run(.recordNotified(id: "P-1", step: 0), at: t0)
        let page = { try #require(f.pages.page("P-1")) }
        #expect(try page().dueSteps(at: t0 + 46 * Clock.minute) == [1, 2])
        // While the lead's own step is untold, the 45m reminder is not due on top of it.
        #expect(f.refusal(.recordNotified(id: "P-1", step: 3), at: t0 + 46 * Clock.minute) == .stepNotCurrent(id: "P-1", step: 3))
        try f.run(.recordNotified(id: "P-1", step: 1), at: t0 + 46 * Clock.minute)
        try f.run(.recordNotified(id: "P-1", step: 2), at: t0 + 46 * Clock.minute)
        // Told at 46m, after the 45m reminder: nothing until the 60m one (reminder 2, step 4).
        #expect(try page().dueSteps(at: t0 + 59 * Clock.minute).isEmpty)
        #expect(try page().dueSteps(at: t0 + 60 * Clock.minute) == [4])
        #expect(try page().recipient(ofStep: 4) == carol)
        #expect(try page().dueTime(ofStep: 4) == t0 + 60 * Clock.minute)
        #expect(try f.run(.recordNotified(id: "P-1", step: 4), at: t0 + 61 * Clock.minute)
            == [.notified(id: "P-1", step: 4, handle: "carol", reminder: 2)])
        #expect(try page().dueSteps(at: t0 + 74 * Clock.minute).isEmpty)
        // A notifier down for an hour sends one reminder, the current one, not every one it missed.
        #expect(try page().dueSteps(at: t0 + 140 * Clock.minute) == [9])
        #expect(try status(f, at: t0 + 140 * Clock.minute).nextReminderAt == t0 + 150 * Clock.minute)
        try f.run(.acknowledge(id: "P-1"), at: t0 + 141 * Clock.minute, by: "carol")
        #expect(try page().dueSteps(at: t0 + 150 * Clock.minute).isEmpty)
        #expect(try status(f, at: t0 + 150 * Clock.minute).nextReminderAt == nil)
    }

    @Test func remindersStartOnlyOnceThePageRanOut() throws {
        var f = PageFixture()
        // The lead's step lasts an hour and reminders come every 15 minutes: the first is when the hour is up.
        try f.open(at: t0, policy: EscalationPolicy(waits: [60_000, 60_000, 3_600_000], notifyCommand: "true", remindEvery: 900_000))
        for step in 0..<3 { try f.run(.recordNotified(id: "P-1", step: step), at: t0 + Int64(step) * 60 * s) }
        let page = try #require(f.pages.page("P-1"))
        #expect(page.dueSteps(at: t0 + 120 * s + 59 * Clock.minute).isEmpty)
        #expect(page.dueSteps(at: t0 + 120 * s + Clock.hour) == [6])
        #expect(page.dueTime(ofStep: 3) == nil && page.dueTime(ofStep: 6) == t0 + 120 * s + Clock.hour)
    }

    @Test func thePriorityChoosesThePace() throws {
        var f = PageFixture()
        let policy = EscalationPolicy(waits: [900_000, 600_000], remindEvery: 300_000)
        try f.run(.open(summary: "Export slow", ticket: nil, onCall: PageFixture.onCall, policy: policy, priority: .p3), at: t0)
        try f.run(.open(summary: "FYI", ticket: nil, onCall: PageFixture.onCall, policy: policy, priority: .p5), at: t0)
        try f.run(.open(summary: "Down", ticket: nil, onCall: PageFixture.onCall, policy: policy, priority: .p1), at: t0)
        #expect(f.pages.page("P-1")?.policy == EscalationPolicy(waits: [3_600_000, 2_400_000], remindEvery: 1_200_000))
        #expect(f.pages.page("P-1")?.priority == .p3)
        #expect(f.pages.page("P-2")?.chain == [alice])
        #expect(f.pages.page("P-3")?.policy == policy && f.pages.page("P-3")?.chain == [alice, bob, carol])
        #expect(try status(f, at: t0 + 59 * Clock.minute).holder == alice)
        #expect(try status(f, at: t0 + Clock.hour).holder == bob)
        #expect(PagePriority(text: "p4") == .p4 && PagePriority(text: "5") == .p5 && PagePriority(text: "P0") == nil
                && PagePriority(text: "P12") == nil)
        #expect(PageEvent.opened(id: "P-1", summary: "x", ticket: nil, chain: [alice], policy: policy, priority: .p4).summary
            == "opened P4 page P-1: x, chain @alice (primary)")
    }

    @Test func newFieldsRoundTripAndOutOfRangeNumbersAreDamage() throws {
        let policy = EscalationPolicy(waits: [60_000], notifyCommand: "true", remindEvery: 120_000)
        let opened = PageEvent.opened(id: "P-1", summary: "x", ticket: nil, chain: [alice], policy: policy, priority: .p4)
        #expect(PageEvent(type: opened.type, payload: opened.payload) == opened)
        func with(_ key: String, _ value: JSONValue, inPolicy: Bool = false) -> JSONValue {
            guard case let .object(fields) = opened.payload else { return .null }
            return .object(fields.map { name, v in
                if inPolicy, name == "policy", case let .object(p) = v {
                    return (name, .object(p.map { $0.0 == key ? ($0.0, value) : $0 }))
                }
                return name == key ? (name, value) : (name, v)
            })
        }
        #expect(PageEvent(type: "page.opened", payload: with("priority", .int(0))) == nil)
        #expect(PageEvent(type: "page.opened", payload: with("priority", .int(6))) == nil)
        #expect(PageEvent(type: "page.opened", payload: with("priority", .string("P1"))) == nil)
        #expect(PageEvent(type: "page.opened", payload: with("remind_s", .int(59), inPolicy: true)) == nil)
        #expect(PageEvent(type: "page.opened", payload: with("remind_s", .int(8 * 86_400), inPolicy: true)) == nil)
        // A journal from before priorities and reminders reads as P2 with the 15-minute default. Every release wrote
        // the policy with its waits, repeats and notify, so only those are there.
        let oldPolicy = JSONValue.object([("waits_s", .array([.int(900), .int(900), .int(900)])), ("repeats", .int(0)),
                                          ("notify", .null)])
        let old = JSONValue.object([("id", .string("P-2")), ("summary", .string("x")), ("ticket", .null),
                                    ("chain", .array([.object([("role", .string("primary")), ("handle", .string("alice"))])])),
                                    ("policy", oldPolicy)])
        #expect(PageEvent(type: "page.opened", payload: old)
            == .opened(id: "P-2", summary: "x", ticket: nil, chain: [alice], policy: .standard, priority: .p2))
        let notified = JSONValue.object([("id", .string("P-1")), ("step", .int(-1)), ("handle", .string("a"))])
        #expect(PageEvent(type: "page.notified", payload: notified) == nil)
        let reminder = PageEvent.notified(id: "P-1", step: 4, handle: "carol", reminder: 2)
        #expect(PageEvent(type: reminder.type, payload: reminder.payload) == reminder)
        #expect(reminder.summary == "P-1 reminder 2: notifying @carol again")
        let zero = JSONValue.object([("id", .string("P-1")), ("step", .int(4)), ("handle", .string("a")), ("reminder", .int(0))])
        #expect(PageEvent(type: "page.notified", payload: zero) == nil)
    }
}
