/// Alertmanager intake in the core: the webhook payload read strictly, and what each notification decides.
import Testing
@testable import SetBoardCore

@Suite struct AlertIntakeTests {
    static let t0 = Clock.monday + 10 * Clock.hour

    /// A notification of one group with the given alerts, as Alertmanager's webhook sends it.
    static func payload(group: String = #"{}:{alertname="DiskFull"}"#, alerts: [String], common: String = "{}") -> String {
        """
        {"version":"4","groupKey":\(JSONValue.string(group).compactEncoded()),"truncatedAlerts":0,"status":"firing",
         "receiver":"setboard","groupLabels":{"alertname":"DiskFull"},"commonLabels":\(common),
         "commonAnnotations":{},"externalURL":"http://am.example:9093","alerts":[\(alerts.joined(separator: ","))]}
        """
    }

    static func alert(_ fingerprint: String, firing: Bool = true, severity: String = "critical", starts: String = "2026-01-05T09:00:00Z",
                      ends: String = "0001-01-01T00:00:00Z", summary: String = "Disk full on db-1") -> String {
        """
        {"status":"\(firing ? "firing" : "resolved")","labels":{"alertname":"DiskFull","severity":"\(severity)","team":"server"},
         "annotations":{"summary":\(JSONValue.string(summary).compactEncoded())},"startsAt":"\(starts)","endsAt":"\(ends)",
         "generatorURL":"http://prom/graph","fingerprint":"\(fingerprint)"}
        """
    }

    static let rules = AlertRules(
        defaultTier: .other, tiers: [(LabelMatch(label: "team", value: "server"), .hotfix)],
        levels: [(LabelMatch(label: "severity", value: "warning"), .l3), (LabelMatch(label: "severity", value: "critical"), .l1)],
        teams: [], teamLabel: "team", pages: [(LabelMatch(label: "severity", value: "critical"), .p1)])

    /// A board, its alerts and pages, fed notification by notification as the store would.
    struct Intake {
        var board = BoardFixture.initialized()
        var alerts = AlertState()
        var pages = PageState()
        var onCall: OnCall? = OnCall(at: 0, primary: "alice", backup: "bob", lead: "carol")

        @discardableResult
        mutating func take(_ text: String, at now: Int64 = AlertIntakeTests.t0, rules: AlertRules = AlertIntakeTests.rules) throws -> AlertIntake {
            let n = try WebhookPayload.parse(text)
            let intake = try AlertDecide.decide(n, rules: rules, alerts: alerts, board: board.state, pages: pages, onCall: onCall,
                                                policy: .standard, actor: "alertmanager", now: now)
            for event in intake.events {
                switch event {
                case let .board(e): board.record(e, at: now, by: "alertmanager")
                case let .alert(e): alerts.apply(e)
                case let .page(e): pages.apply(e, at: now, by: "alertmanager")
                default: Issue.record("unexpected \(event.type)")
                }
            }
            return intake
        }
    }

    @Test func aFiringGroupOpensOneCAT2TicketWithTheMapsTierLevelAndTeam() throws {
        var f = Intake()
        let intake = try f.take(Self.payload(alerts: [Self.alert("fp1")]))
        #expect(intake.opened == "SET-1")
        let t = try #require(f.board.state.ticket("SET-1"))
        #expect(t.category == .cat2)
        #expect(t.tier == .hotfix)
        #expect(t.level == .l1)
        #expect(t.team == "server")
        #expect(t.column == .todo)
        #expect(t.title == "DiskFull: Disk full on db-1")
        #expect(t.description.contains("Alertmanager group: {}:{alertname=\"DiskFull\"}"))
        #expect(f.alerts.alerts(of: "SET-1").map(\.fingerprint) == ["fp1"])
        #expect(intake.page == "P-1")
        #expect(f.pages.page("P-1")?.priority == .p1)
        #expect(f.pages.page("P-1")?.ticket == "SET-1")
    }

    @Test func repeatsWriteNothingAndNewAlertsJoinTheGroupsTicket() throws {
        var f = Intake()
        try f.take(Self.payload(alerts: [Self.alert("fp1")]))
        let again = try f.take(Self.payload(alerts: [Self.alert("fp1")]), at: Self.t0 + 5 * Clock.minute)
        #expect(again.events.isEmpty)
        #expect(again.repeated == 1)
        let joined = try f.take(Self.payload(alerts: [Self.alert("fp1"), Self.alert("fp2")]), at: Self.t0 + 10 * Clock.minute)
        #expect(joined.opened == nil)
        #expect(joined.ticket == "SET-1")
        #expect(joined.events == [.alert(.fired(key: "SET-1", group: #"{}:{alertname="DiskFull"}"#, fingerprint: "fp2",
                                                name: "DiskFull", since: Clock.monday + 9 * Clock.hour))])
        #expect(f.board.state.tickets.count == 1)
        // The ticket already has its page: a second critical alert does not page again.
        #expect(f.pages.list(includeAcknowledged: true).count == 1)
    }

    @Test func aResolvedAlertAddsOneResolvedEventAndRefiringJoinsTheTicketAgain() throws {
        var f = Intake()
        try f.take(Self.payload(alerts: [Self.alert("fp1")]))
        let resolved = try f.take(Self.payload(alerts: [Self.alert("fp1", firing: false, ends: "2026-01-05T10:30:00Z")]))
        #expect(resolved.events == [.alert(.resolved(key: "SET-1", group: #"{}:{alertname="DiskFull"}"#, fingerprint: "fp1",
                                                     name: "DiskFull", at: Self.t0 + 30 * Clock.minute))])
        #expect(f.alerts.latest["fp1"]?.isResolved == true)
        #expect(try f.take(Self.payload(alerts: [Self.alert("fp1", firing: false, ends: "2026-01-05T10:30:00Z")])).events.isEmpty)
        // A stale firing notification from before the resolution is not a new occurrence...
        #expect(try f.take(Self.payload(alerts: [Self.alert("fp1")])).events.isEmpty)
        // ...but firing again from a later start is, on the same open ticket.
        let refired = try f.take(Self.payload(alerts: [Self.alert("fp1", starts: "2026-01-05T11:00:00Z")]))
        #expect(refired.ticket == "SET-1")
        #expect(refired.opened == nil)
        #expect(refired.fired == 1)
    }

    @Test func aResolutionOfAnAlertTheBoardNeverSawWritesNothing() throws {
        var f = Intake()
        let intake = try f.take(Self.payload(alerts: [Self.alert("fp9", firing: false, ends: "2026-01-05T10:30:00Z")]))
        #expect(intake.events.isEmpty)
        #expect(intake.sentence == "1 already recorded")
    }

    @Test func aNewOccurrenceAfterTheTicketWasDoneOpensANewTicket() throws {
        var f = Intake()
        try f.take(Self.payload(alerts: [Self.alert("fp1")]))
        try f.board.run(.move(key: "SET-1", to: .done), at: Self.t0 + Clock.hour)
        // Still firing as it was: a repeat, even though its ticket is done.
        #expect(try f.take(Self.payload(alerts: [Self.alert("fp1")])).events.isEmpty)
        try f.take(Self.payload(alerts: [Self.alert("fp1", firing: false, ends: "2026-01-05T11:00:00Z")]))
        let next = try f.take(Self.payload(alerts: [Self.alert("fp1", starts: "2026-01-06T09:00:00Z")]), at: Self.t0 + Clock.day)
        #expect(next.opened == "SET-2")
        #expect(f.alerts.ticketsOfGroup[#"{}:{alertname="DiskFull"}"#] == ["SET-1", "SET-2"])
    }

    @Test func withNobodyOnCallTheTicketIsStillRecordedAndThePageProblemSaid() throws {
        var f = Intake()
        f.onCall = nil
        let intake = try f.take(Self.payload(alerts: [Self.alert("fp1")]))
        #expect(intake.opened == "SET-1")
        #expect(intake.page == nil)
        #expect(intake.pageProblem?.contains("nobody is on call") == true)
        // A warning does not page, and without a map nothing pages and the tier is `other`.
        var g = Intake()
        #expect(try g.take(Self.payload(alerts: [Self.alert("fp1", severity: "warning")])).page == nil)
        #expect(g.board.state.ticket("SET-1")?.level == .l3)
        var h = Intake()
        try h.take(Self.payload(alerts: [Self.alert("fp1")]), rules: .none)
        #expect(h.board.state.ticket("SET-1")?.tier == .other)
        #expect(h.board.state.ticket("SET-1")?.level == nil)
        #expect(h.pages.list(includeAcknowledged: true).isEmpty)
    }

    @Test func hostileAndOverlongTextStaysOneLineAndIsEscapedInSentences() throws {
        var f = Intake()
        let summary = "evil\u{1B}]0;pwned\u{07}\nsecond line " + String(repeating: "x", count: 400)
        try f.take(Self.payload(alerts: [Self.alert("fp1", summary: summary)]))
        let t = try #require(f.board.state.ticket("SET-1"))
        #expect(!t.title.contains("\n"))
        #expect(t.title.unicodeScalars.count <= Decide.maxTitleLength)
        let fired = AlertEvent.fired(key: "SET-1", group: "g", fingerprint: "f", name: "\u{1B}[2J", since: nil)
        #expect(!fired.summary.unicodeScalars.contains("\u{1B}"))
    }

    @Test(arguments: [
        (#"{"version":"3","groupKey":"g","alerts":[]}"#, "version is \"3\""),
        (#"{"version":"4","alerts":[]}"#, "webhook.groupKey"),
        (#"{"version":"4","groupKey":"g","alerts":[{"status":"firing","labels":{}}]}"#, "webhook.alerts[0].fingerprint"),
        (#"{"version":"4","groupKey":"g","alerts":[{"status":"pending","labels":{},"fingerprint":"f"}]}"#, "webhook.alerts[0].status"),
        (#"{"version":"4","groupKey":"g","alerts":[{"status":"firing","labels":{"a":1},"fingerprint":"f"}]}"#, "webhook.alerts[0].labels.a"),
        (#"{"version":"4","groupKey":"g","alerts":[{"status":"firing","labels":{},"fingerprint":"f","startsAt":"yesterday"}]}"#,
         "webhook.alerts[0].startsAt"),
        (#"{"version":"4","groupKey":"g","alerts":[{"status":"firing","labels":{},"fingerprint":"f\u001b"}]}"#, "webhook.alerts[0].fingerprint"),
        ("not json", "not valid JSON"),
    ])
    func badPayloadsAreRefusedNamingWhatIsWrong(_ text: String, _ said: String) {
        do {
            _ = try WebhookPayload.parse(text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.description.contains(said), "\(error)")
        }
    }

    @Test func goZeroTimeAndFractionsAreRead() throws {
        let n = try WebhookPayload.parse(Self.payload(alerts: [Self.alert("fp1", starts: "2026-01-05T09:00:00.987654321+01:00")]))
        #expect(n.alerts[0].startsAt == Clock.monday + 8 * Clock.hour + 987)
        #expect(n.alerts[0].endsAt == nil)
        #expect(n.groupKey == #"{}:{alertname="DiskFull"}"#)
    }
}
