/// `setboard alert` and `watch --listen` on the built binary: CAT2 tickets from Alertmanager's payload, over stdin and HTTP.
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

@Suite(.serialized) struct AlertCLITests {
    static func payload(_ fingerprint: String = "fp1", firing: Bool = true, summary: String = "Disk full on db-1",
                        severity: String = "critical") -> String {
        let summaryJSON = "\"" + summary.unicodeScalars.map { s in
            s.value < 0x20 || s == "\"" || s == "\\" ? String(format: "\\u%04x", s.value) : String(s)
        }.joined() + "\""
        return """
            {"version":"4","groupKey":"{}:{alertname=\\"DiskFull\\"}","truncatedAlerts":0,"status":"\(firing ? "firing" : "resolved")",
             "receiver":"setboard","groupLabels":{"alertname":"DiskFull"},"commonLabels":{"alertname":"DiskFull"},
             "commonAnnotations":{"summary":\(summaryJSON)},"externalURL":"http://am:9093","alerts":[{"status":"\(firing ? "firing" : "resolved")",
             "labels":{"alertname":"DiskFull","severity":"\(severity)","team":"server"},"annotations":{},
             "startsAt":"2026-11-24T09:00:00Z","endsAt":"\(firing ? "0001-01-01T00:00:00Z" : "2026-11-24T09:50:00Z")",
             "generatorURL":"http://prom/graph","fingerprint":"\(fingerprint)"}]}
            """
    }

    static func board() throws -> CLIRunner {
        let cli = try CLIRunner()
        try cli.ok("init")
        return cli
    }

    static func journalLines(_ cli: CLIRunner) throws -> Int {
        try String(contentsOfFile: cli.board + "/journal.log", encoding: .utf8).split(separator: "\n").count
    }

    @Test func alertOpensOneTicketRepeatsWriteNothingAndResolutionIsRecorded() throws {
        let cli = try Self.board()
        let first = try cli.run(["alert"], stdin: Self.payload())
        #expect(first.status == 0, "\(first.err)")
        #expect(first.out == "opened SET-1, 1 firing alert on SET-1\n")
        let lines = try Self.journalLines(cli)
        let again = try cli.run(["alert"], stdin: Self.payload())
        #expect(again.out == "1 already recorded\n")
        #expect(try Self.journalLines(cli) == lines)
        #expect(try cli.ok("list", "--json").components(separatedBy: "\"key\"").count == 2)
        let resolved = try cli.run(["alert"], stdin: Self.payload(firing: false))
        #expect(resolved.out == "1 resolved\n")
        let show = try cli.ok("show", "SET-1")
        #expect(show.contains("CAT2"))
        #expect(show.contains("SET-1 alert DiskFull firing since 2026-11-24 09:00 UTC (fingerprint fp1)"))
        #expect(show.contains("SET-1 alert DiskFull resolved at 2026-11-24 09:50 UTC (fingerprint fp1)"))
    }

    @Test func badPayloadsAreRefusedAndWriteNothing() throws {
        let cli = try Self.board()
        let lines = try Self.journalLines(cli)
        for text in ["", "{", #"{"version":"3","groupKey":"g","alerts":[]}"#, Self.payload().replacingOccurrences(of: "\"fingerprint\":\"fp1\"", with: "\"fingerprint\":7")] {
            let r = try cli.run(["alert"], stdin: text)
            #expect(r.status != 0)
            #expect(r.err.contains("setboard: "), "\(r.err)")
        }
        #expect(try Self.journalLines(cli) == lines)
    }

    @Test func hostileLabelTextIsNeverWrittenRawToTheTerminal() throws {
        let cli = try Self.board()
        let hostile = "\u{1B}]0;owned\u{07}\u{1B}[2Jdisk\u{9B}31m"
        #expect(try cli.run(["alert"], stdin: Self.payload(summary: hostile)).status == 0)
        for args in [["list"], ["show", "SET-1"], ["log"], ["render", "--size", "100x30"]] {
            let r = try cli.run(args)
            #expect(r.status == 0, "\(args) \(r.err)")
            #expect(!r.outBytes.contains(0x1B), "\(args) wrote a raw ESC")
            #expect(!r.outBytes.contains(0x07), "\(args) wrote a raw BEL")
            #expect(!r.out.unicodeScalars.contains("\u{9B}"), "\(args) wrote a raw CSI")
        }
        #expect(try cli.ok("show", "SET-1").contains("\\x1b]0;owned"))
    }

    @Test func theMapSetsTierLevelAndTeamFromFlagOrDefaultPlace() throws {
        let cli = try Self.board()
        let map = cli.root.appendingPathComponent("map.yaml")
        try Data("alerts:\n  tiers:\n    team=server: hotfix\n  levels:\n    severity=critical: L1\n  team_label: team\njira:\n  x: 1\n".utf8)
            .write(to: map)
        #expect(try cli.run(["alert", "--map", map.path], stdin: Self.payload()).status == 0)
        let json = try cli.ok("show", "SET-1", "--json")
        #expect(json.contains("\"tier\":\"hotfix\"") || json.contains("\"tier\": \"hotfix\""), "\(json)")
        #expect(json.contains("\"level\":\"L1\"") || json.contains("\"level\": \"L1\""), "\(json)")
        #expect(json.contains("\"team\":\"server\"") || json.contains("\"team\": \"server\""), "\(json)")
        // The default place: $XDG_CONFIG_HOME/setboard/map.yaml.
        let config = cli.root.appendingPathComponent("config/setboard")
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
        try Data("alerts:\n  levels:\n    severity=warning: L3\n".utf8).write(to: config.appendingPathComponent("map.yaml"))
        #expect(try cli.run(["alert"], stdin: Self.payload("fp2", severity: "warning").replacingOccurrences(of: "DiskFull", with: "Slow")).status == 0)
        #expect(try cli.ok("show", "SET-2", "--json").contains("L3"))
        let bad = try cli.run(["alert", "--map", map.path], stdin: Self.payload())
        #expect(bad.status == 0)
        try Data("alerts:\n  levels:\n    severity=critical: L7\n".utf8).write(to: map)
        let refused = try cli.run(["alert", "--map", map.path], stdin: Self.payload("fp3"))
        #expect(refused.status != 0)
        #expect(refused.err.contains("line 3"), "\(refused.err)")
        let example = try cli.ok("alert", "--example-map")
        #expect(example.contains("severity=critical: L1"))
    }

    @Test func aPageRuleWithNobodyOnCallStillRecordsTheTicketAndWarns() throws {
        let cli = try Self.board()
        let map = cli.root.appendingPathComponent("map.yaml")
        try Data("alerts:\n  pages:\n    severity=critical: P1\n".utf8).write(to: map)
        let r = try cli.run(["alert", "--map", map.path], stdin: Self.payload())
        #expect(r.status == 0)
        #expect(r.out.contains("opened SET-1"))
        #expect(r.err.contains("asked for a page"), "\(r.err)")
    }

    @Test func aPageRuleOpensAPageAtItsPriority() throws {
        let cli = try Self.board()
        let roster = cli.root.appendingPathComponent("roster.yaml")
        try Data(TestRoster.yaml(escalation: ["waits: [15m, 15m]"]).utf8).write(to: roster)
        try cli.ok("roster", "import", roster.path)
        let map = cli.root.appendingPathComponent("map.yaml")
        try Data("alerts:\n  pages:\n    severity=critical: P1\n".utf8).write(to: map)
        let r = try cli.run(["alert", "--map", map.path], stdin: Self.payload())
        #expect(r.out.contains("paged P-1"), "\(r.out) \(r.err)")
        #expect(try cli.ok("pages").contains("P1"))
        #expect(try cli.run(["alert", "--map", map.path], stdin: Self.payload("fp2")).out.contains("paged") == false)
    }

    // MARK: watch --listen

    /// `watch --listen 127.0.0.1:0` with its output in a file, read until it says the port the system chose.
    final class Listener {
        let process = Process()
        var port = 0

        init(_ cli: CLIRunner, _ extra: [String]) throws {
            let log = cli.root.appendingPathComponent("watch.out")
            try Data().write(to: log)
            process.executableURL = URL(fileURLWithPath: CLIRunner.binary)
            process.arguments = ["watch", "--listen", "127.0.0.1:0"] + extra
            process.environment = cli.environment()
            let output = try FileHandle(forWritingTo: log)
            process.standardOutput = output
            process.standardError = output
            try process.run()
            var seen = ""
            let deadline = Date().addingTimeInterval(20)
            while port == 0, Date() < deadline, process.isRunning {
                seen = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                if let r = seen.range(of: #"127\.0\.0\.1:(\d+)/alerts"#, options: .regularExpression) {
                    port = Int(seen[r].dropFirst("127.0.0.1:".count).dropLast("/alerts".count)) ?? 0
                } else {
                    usleep(50_000)
                }
            }
            if port == 0 { stop() }
            #expect(port != 0, "watch --listen did not say where it listens: \(seen)")
        }

        /// SIGTERM, then a bounded wait; the exit status.
        @discardableResult
        func stop() -> Int32? {
            guard process.isRunning else { return process.terminationStatus }
            process.terminate()
            let deadline = Date().addingTimeInterval(10)
            while process.isRunning, Date() < deadline { usleep(20_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL); return nil }
            return process.terminationStatus
        }

        deinit { stop() }
    }

    /// A POST (or another method) to the listener; status and body. Bounded by the session's timeout.
    static func send(_ port: Int, method: String = "POST", path: String = "/alerts", body: String = "",
                     token: String? = nil) throws -> (status: Int, text: String) {
        let url = try #require(URL(string: "http://127.0.0.1:\(port)\(path)"))
        var request = URLRequest(url: url, timeoutInterval: 10)
        request.httpMethod = method
        if method == "POST" { request.httpBody = Data(body.utf8) }
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: (Int, String) = (0, "")
        URLSession.shared.dataTask(with: request) { data, response, error in
            result = ((response as? HTTPURLResponse)?.statusCode ?? 0, data.map { String(decoding: $0, as: UTF8.self) } ?? "\(error.map { "\($0)" } ?? "")")
            done.signal()
        }.resume()
        _ = done.wait(timeout: .now() + 15)
        return result
    }

    @Test func watchListenRecordsBeforeItAnswersAndRefusesBadRequestsWithoutWriting() throws {
        let cli = try Self.board()
        let tokenFile = cli.root.appendingPathComponent("token")
        try Data("s3cret\n".utf8).write(to: tokenFile)
        let listener = try Listener(cli, ["--token-file", tokenFile.path])
        guard listener.port != 0 else { return }
        let lines = try Self.journalLines(cli)
        #expect(try Self.send(listener.port, body: Self.payload()).status == 401)
        #expect(try Self.send(listener.port, body: Self.payload(), token: "wrong").status == 401)
        #expect(try Self.send(listener.port, body: "{not json", token: "s3cret").status == 400)
        #expect(try Self.send(listener.port, body: #"{"version":"3"}"#, token: "s3cret").status == 400)
        #expect(try Self.send(listener.port, method: "GET", token: "s3cret").status == 405)
        #expect(try Self.send(listener.port, path: "/elsewhere", body: Self.payload(), token: "s3cret").status == 404)
        // Over 4 MB: refused at the declared length, before the body is kept.
        #expect(try Self.send(listener.port, body: String(repeating: " ", count: 5 << 20), token: "s3cret").status == 413)
        #expect(try Self.journalLines(cli) == lines)
        let ok = try Self.send(listener.port, body: Self.payload(), token: "s3cret")
        #expect(ok.status == 200)
        #expect(ok.text.contains("opened SET-1"))
        // Written before the answer: another process sees the ticket at once.
        #expect(try cli.ok("list").contains("SET-1"))
        let repeated = try Self.send(listener.port, body: Self.payload(), token: "s3cret")
        #expect(repeated.status == 200)
        #expect(repeated.text.contains("already recorded"))
        #expect(try Self.send(listener.port, body: Self.payload(firing: false), token: "s3cret").text.contains("1 resolved"))
        #expect(try cli.ok("list", "--json").components(separatedBy: "\"key\"").count == 2)
        #expect(listener.stop() == 0)
    }

    @Test func watchListenStaysOnLoopbackUnlessAllowedAndThenNeedsAToken() throws {
        let cli = try Self.board()
        let open = try cli.run(["watch", "--listen", "0.0.0.0:0"])
        #expect(open.status != 0)
        #expect(open.err.contains("not a loopback address"), "\(open.err)")
        let tokenless = try cli.run(["watch", "--listen", "0.0.0.0:0", "--allow-remote"])
        #expect(tokenless.status != 0)
        #expect(tokenless.err.contains("--allow-remote requires --token-file"), "\(tokenless.err)")
        #expect(try cli.run(["watch", "--listen", "nowhere"]).status != 0)
        #expect(try cli.run(["watch", "--token-file", "/dev/null"]).status != 0)
    }
}
