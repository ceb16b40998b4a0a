/// The intake map's `alerts:` section read strictly, and it and Alertmanager's payload fuzzed: an error or a value, never a crash.
import Foundation
import SetBoardCore
import SetBoardFiles
import Testing

@Suite struct AlertMapTests {
    @Test func theExampleMapReadsAsItsCommentsSay() throws {
        let rules = try AlertMap.parse(AlertMap.example)
        #expect(rules.defaultTier == .other)
        #expect(rules.tiers.map { "\($0.0) \($0.1.rawValue)" } == ["service=community community", "env=customer customer"])
        #expect(rules.levels.map { "\($0.0) \($0.1.rawValue)" } == ["severity=critical L1", "severity=error L2", "severity=warning L3"])
        #expect(rules.teams.map { "\($0.0) \($0.1)" } == ["service=search server"])
        #expect(rules.teamLabel == "team")
        #expect(rules.pages.map { "\($0.0) \($0.1.label)" } == ["severity=critical P1", "severity=page P2"])
    }

    @Test func theJiraSectionIsLeftToTheJiraImport() throws {
        let text = "jira:\n  status:\n    Open: todo\n  whatever: [1, 2]\nalerts:\n  levels:\n    severity=critical: L2\n"
        #expect(try AlertMap.parse(text).levels.map(\.1) == [.l2])
        #expect(try AlertMap.parse("jira:\n  status: {}\n") == .none)
        #expect(try AlertMap.parse("") == .none)
    }

    @Test(arguments: [
        ("alerts:\n  levels:\n    severity=critical: L9\n", "line 3: \"L9\" is not a level"),
        ("alerts:\n  levels:\n    severity critical: L1\n", "not `label=value`"),
        ("alerts:\n  tiers:\n    a=b: urgent\n", "not a tier"),
        ("alerts:\n  pages:\n    a=b: P7\n", "not a page priority"),
        ("alerts:\n  teams:\n    a=b: \"two words\"\n", "not a team"),
        ("alerts:\n  levels:\n    a=b: L1\n    a=b: L2\n", "a=b"),
        ("alerts:\n  level:\n    a=b: L1\n", "unknown field \"level\""),
        ("alert:\n  levels: {}\n", "unknown section \"alert\""),
        ("alerts: [1, 2]\n", "must be a mapping"),
        ("alerts:\n  team_label: \"a=b\"\n", "team_label"),
        ("alerts: {levels: [", "not valid YAML"),
    ])
    func mistakesAreRefusedNamingTheLine(_ text: String, _ said: String) {
        do {
            _ = try AlertMap.parse(text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.description.contains(said), "\(error)")
        }
    }

    @Test func fuzzedMapsGiveAnErrorOrRules() {
        let corpus = [Array(AlertMap.example.utf8), Array("jira:\n  status: {Open: todo}\nalerts:\n  tier: hotfix\n".utf8)]
        YAMLFuzzTests.fuzz("alert map", corpus: corpus, salt: 61) { _ = try? AlertMap.parse($0) }
    }

    /// Alertmanager's payload as it arrives over HTTP from anyone who can reach the port: damaged JSON and hostile
    /// values get an error; what parses is decided against a board without trapping.
    @Test func fuzzedPayloadsGiveAnErrorOrANotification() {
        let sample = """
            {"version":"4","groupKey":"{}:{alertname=\\"DiskFull\\"}","truncatedAlerts":0,"status":"firing","receiver":"r",
             "groupLabels":{"alertname":"DiskFull"},"commonLabels":{"severity":"critical"},"commonAnnotations":{"summary":"s"},
             "externalURL":"http://am","alerts":[{"status":"firing","labels":{"alertname":"DiskFull","severity":"critical"},
             "annotations":{"summary":"Disk full"},"startsAt":"2026-12-07T06:00:00.123Z","endsAt":"0001-01-01T00:00:00Z",
             "generatorURL":"http://prom","fingerprint":"abc"},{"status":"resolved","labels":{},"fingerprint":"d",
             "endsAt":"2026-12-07T07:00:00+02:00"}]}
            """
        var board = BoardState()
        board.apply(.boardCreated(name: "b", prefix: "SET"), seq: 1, at: 0, by: "a")
        let rules = (try? AlertMap.parse(AlertMap.example)) ?? .none
        var decided = 0
        YAMLFuzzTests.fuzz("alert payload", corpus: [Array(sample.utf8)], salt: 62) { text in
            guard let n = try? WebhookPayload.parse(text) else { return }
            if (try? AlertDecide.decide(n, rules: rules, alerts: AlertState(), board: board, pages: PageState(), onCall: nil,
                                        policy: .standard, actor: "a", now: 1_800_000_000_000)) != nil { decided += 1 }
        }
        #expect(decided > 0)
    }
}
