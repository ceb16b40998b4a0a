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
        try f.open(at: t0, policy: EscalationPolicy(waits: [60, 120, 300]))

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
        try f.open(at: t0, policy: EscalationPolicy(waits: [60], repeats: 1))
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
        try f.open(at: t0, policy: EscalationPolicy(waits: [60], notifyCommand: "true"))
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
        try f.open(at: t0, policy: EscalationPolicy(waits: [60]))
        // The roster and policy change afterwards: a new page sees them, the running one does not.
        try f.open(at: t0 + s, onCall: OnCall(at: 0, primary: "erin", backup: "frank"), policy: EscalationPolicy(waits: [600]))
        #expect(f.pages.page("P-1")?.chain == [alice, bob, carol])
        #expect(try status(f, at: t0 + 60 * s).holder == bob)
        #expect(f.pages.page("P-2")?.chain == [OnCallStep(role: .primary, handle: "erin"), OnCallStep(role: .backup, handle: "frank")])
        #expect(try status(f, "P-2", at: t0 + 60 * s).holder.handle == "erin")
    }

    @Test func eventsSurviveTheJournalRoundTrip() throws {
        let policy = EscalationPolicy(waits: [60, 120], repeats: 2, notifyCommand: "curl -d @- https://chat.example/hook")
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
        try f.open(at: t0, policy: EscalationPolicy(waits: [60], notifyCommand: "true"))
        #expect(f.pages.dueNotifications(at: t0).map(\.step) == [0])
        #expect(try f.run(.recordNotified(id: "P-1", step: 0), at: t0) == [.notified(id: "P-1", step: 0, handle: "alice")])
        // A second notifier that saw the same due step loses: its claim is refused under the lock.
        #expect(f.refusal(.recordNotified(id: "P-1", step: 0), at: t0 + s) == .alreadyNotified(id: "P-1", step: 0))
        #expect(f.pages.dueNotifications(at: t0 + 59 * s).isEmpty)
        #expect(f.refusal(.recordNotified(id: "P-1", step: 1), at: t0 + 59 * s) == .stepNotCurrent(id: "P-1", step: 1))

        #expect(f.pages.dueNotifications(at: t0 + 60 * s).map(\.step) == [1])
        #expect(try f.run(.recordNotified(id: "P-1", step: 1), at: t0 + 60 * s) == [.notified(id: "P-1", step: 1, handle: "bob")])
        // A step that passed while nobody was watching is stale: only the current holder is told.
        #expect(f.refusal(.recordNotified(id: "P-1", step: 1), at: t0 + 120 * s) == .alreadyNotified(id: "P-1", step: 1))
        #expect(f.pages.dueNotifications(at: t0 + 200 * s).isEmpty)
        #expect(f.refusal(.recordNotified(id: "P-1", step: 2), at: t0 + 180 * s) == .stepNotCurrent(id: "P-1", step: 2))
        #expect(f.pages.page("P-1")?.notified == [0: "alice", 1: "bob"])

        try f.run(.recordNotifyFailure(id: "P-1", step: 1, reason: "curl: (7) refused\nsecond line"), at: t0 + 61 * s)
        #expect(f.pages.page("P-1")?.notifyFailures == [1: "curl: (7) refused second line"])
    }

    /// The command is the notifier's own, never the page's: whether a page carries one an older version stored
    /// makes no difference to what is due (the notifier without a command of its own claims nothing).
    @Test func whatIsDueDoesNotDependOnAStoredNotifyCommand() throws {
        var without = PageFixture()
        try without.open(at: t0)
        var with = PageFixture()
        try with.open(at: t0, policy: EscalationPolicy(waits: [60], notifyCommand: "id > /tmp/x"))
        #expect(without.pages.dueNotifications(at: t0).map(\.step) == [0])
        #expect(with.pages.dueNotifications(at: t0).map(\.step) == [0])
    }

    @Test func reportLinesShowHolderCountdownAndEnd() throws {
        var f = PageFixture()
        try f.open("Login loop \u{1B}[31m", at: t0, policy: EscalationPolicy(waits: [60, 120, 300]))
        try f.open("Push delayed", at: t0 + 30 * s)
        try f.open("Search down", at: t0 + 40 * s)
        try f.run(.acknowledge(id: "P-3"), at: t0 + 50 * s, by: "alice")
        #expect(PageReport.lines(pages: f.pages, now: t0 + 61 * s) == [
            "P-1  @bob (backup, step 2 of 3)  escalates to @carol (lead) in 2m  Login loop \\x1b[31m",
            "P-2  @alice (primary, step 1 of 3)  escalates to @bob (backup) in 15m  Push delayed",
        ])
        let page1 = try #require(f.pages.page("P-1")), page3 = try #require(f.pages.page("P-3"))
        #expect(PageReport.line(page1, now: t0 + 200 * s) == "P-1  @carol (lead, step 3 of 3)  runs out in 5m  Login loop \\x1b[31m")
        #expect(PageReport.line(page1, now: t0 + 480 * s)
            == "P-1  EXHAUSTED: nobody acknowledged; last step was @carol (lead)  Login loop \\x1b[31m")
        #expect(PageReport.line(page3, now: t0 + Clock.hour) == "P-3  acknowledged by @alice at 2026-01-05 10:00 UTC  Search down")
        #expect(PageReport.countdown(0) == "0m" && PageReport.countdown(1) == "1m" && PageReport.countdown(65 * Clock.minute) == "1h05m")
    }
}
