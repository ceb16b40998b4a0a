/// A real Alertmanager (Debian's prometheus-alertmanager) pointed at `setboard watch --listen`: an alert posted to its
/// API becomes one CAT2 ticket, its repeats add nothing, and its resolution is recorded.
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// Why the Alertmanager test cannot run here, or nil; said once on stderr so a skip is never silent.
enum AlertmanagerBinary {
    static let path: String? = ["/usr/bin/prometheus-alertmanager", "/usr/local/bin/alertmanager", "/usr/bin/alertmanager"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    static let unavailableReason: String? = {
        guard path == nil else { return nil }
        let reason = "no Alertmanager binary (Debian's prometheus-alertmanager, which `bash .ci/test` installs when it can)"
        FileHandle.standardError.write(Data("Alertmanager end-to-end test skipped: \(reason)\n".utf8))
        return reason
    }()
}

@Suite(.serialized) struct AlertmanagerTests {
    /// Alertmanager, the board's listener, their files; both processes are stopped by `stop()` or on deinit.
    final class Rig {
        let root: URL
        var board: String { root.appendingPathComponent("board").path }
        var watchLog: String { root.appendingPathComponent("watch.out").path }
        var amLog: String { root.appendingPathComponent("alertmanager.out").path }
        let boardPort: Int
        let amPort: Int
        var watch: ProcessGroup?
        var alertmanager: ProcessGroup?

        var environment: [String: String] {
            ["PATH": "/usr/bin:/bin", "HOME": root.path, "XDG_CONFIG_HOME": root.appendingPathComponent("config").path,
             "XDG_CACHE_HOME": root.appendingPathComponent("cache").path, "LANG": "C.UTF-8"]
        }

        init(binary: String) throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("setboard-am-\(getpid())-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: root.appendingPathComponent("am-data"), withIntermediateDirectories: true)
            boardPort = try SSHServer.freePort()
            amPort = try SSHServer.freePort()
            let made = try TmuxBoard.run(TmuxBoard.binary, ["init", "--board", board], environment: environment, limit: 30)
            guard made.status == 0 else { throw TmuxError.failed("setboard init: \(made.err)") }
            let token = root.appendingPathComponent("token")
            try Data("e2e-token-\(UUID().uuidString)\n".utf8).write(to: token)
            watch = try ProcessGroup(TmuxBoard.binary, ["watch", "--board", board, "--listen", "127.0.0.1:\(boardPort)",
                                                        "--token-file", token.path],
                                     environment: environment, output: watchLog)
            try waitForPort(boardPort, what: "setboard watch --listen", log: watchLog)
            // A short group_wait and group_interval keep the test a few seconds long; repeat_interval equal to
            // group_interval makes Alertmanager send the same firing group again, which must add nothing.
            let config = root.appendingPathComponent("alertmanager.yml")
            try Data("""
                route:
                  receiver: board
                  group_by: [alertname]
                  group_wait: 200ms
                  group_interval: 1s
                  repeat_interval: 1s
                receivers:
                  - name: board
                    webhook_configs:
                      - url: http://127.0.0.1:\(boardPort)/alerts
                        send_resolved: true
                        http_config:
                          authorization:
                            credentials_file: \(token.path)

                """.utf8).write(to: config)
            alertmanager = try ProcessGroup(binary, [
                "--config.file=\(config.path)", "--storage.path=\(root.appendingPathComponent("am-data").path)",
                "--web.listen-address=127.0.0.1:\(amPort)", "--cluster.listen-address=", "--log.level=warn",
            ], environment: environment, output: amLog)
            try waitForPort(amPort, what: "Alertmanager", log: amLog)
        }

        func waitForPort(_ port: Int, what: String, log: String) throws {
            let deadline = Date().addingTimeInterval(20)
            while !SSHServer.canConnect(port: port) {
                if Date() >= deadline { throw TmuxError.failed("\(what) did not listen within 20 s: \(text(log))") }
                usleep(50_000)
            }
        }

        func text(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }

        /// The journal's lines of one event type.
        func events(_ type: String) -> [String] {
            text(board + "/journal.log").split(separator: "\n").map(String.init).filter { $0.contains("\"type\":\"\(type)\"") }
        }

        /// Polls until `done` holds; false after `seconds`.
        func waitFor(seconds: Double, _ done: () -> Bool) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while !done() {
                if Date() >= deadline { return false }
                usleep(100_000)
            }
            return true
        }

        /// POSTs alerts to Alertmanager's API v2, as Prometheus would.
        func post(endsAt: String? = nil) throws -> Int {
            let url = try #require(URL(string: "http://127.0.0.1:\(amPort)/api/v2/alerts"))
            var request = URLRequest(url: url, timeoutInterval: 10)
            request.httpMethod = "POST"
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            let ends = endsAt.map { #","endsAt":"\#($0)""# } ?? ""
            request.httpBody = Data(#"""
                [{"labels":{"alertname":"E2EDiskFull","severity":"critical","team":"server","instance":"db-1"},
                  "annotations":{"summary":"Disk full on db-1"},"generatorURL":"http://prometheus.example/graph"\#(ends)}]
                """#.utf8)
            let done = DispatchSemaphore(value: 0)
            nonisolated(unsafe) var status = 0
            URLSession.shared.dataTask(with: request) { _, response, _ in
                status = (response as? HTTPURLResponse)?.statusCode ?? 0
                done.signal()
            }.resume()
            _ = done.wait(timeout: .now() + 15)
            return status
        }

        /// SIGTERM to both, each given a bounded time; the watch's exit status.
        @discardableResult
        func stop() -> Int32? {
            var code: Int32?
            for (i, group) in [alertmanager, watch].enumerated() {
                guard let group else { continue }
                kill(group.pid, SIGTERM)
                let status = try? group.wait(limit: 10)
                if i == 1 { code = status }
            }
            alertmanager = nil
            watch = nil
            return code
        }

        deinit {
            stop()
            try? FileManager.default.removeItem(at: root)
        }
    }

    @Test(.enabled(if: AlertmanagerBinary.unavailableReason == nil, "needs Debian's prometheus-alertmanager"),
          .timeLimit(.minutes(2)))
    func anAlertBecomesOneCAT2TicketAndItsResolutionIsRecorded() throws {
        let rig = try Rig(binary: try #require(AlertmanagerBinary.path))
        #expect(try rig.post() == 200)
        let opened = rig.waitFor(seconds: 20) { !rig.events("alert.fired").isEmpty }
        #expect(opened, "no ticket from Alertmanager; watch: \(rig.text(rig.watchLog)) alertmanager: \(rig.text(rig.amLog))")
        guard opened else { return }
        let show = try TmuxBoard.run(TmuxBoard.binary, ["show", "--board", rig.board, "SET-1"], environment: rig.environment)
        #expect(show.out.contains("CAT2"))
        #expect(show.out.contains("E2EDiskFull: Disk full on db-1"))
        // The same alert again, and Alertmanager's own repeats of the group: answered, never a second ticket.
        #expect(try rig.post() == 200)
        #expect(rig.waitFor(seconds: 20) { rig.text(rig.watchLog).contains("already recorded") },
                "no repeat reached the board: \(rig.text(rig.watchLog))")
        #expect(rig.events("ticket.created").count == 1)
        #expect(rig.events("alert.fired").count == 1)
        // Resolved: an endsAt in the past.
        #expect(try rig.post(endsAt: "2020-01-01T00:00:00Z") == 200)
        #expect(rig.waitFor(seconds: 20) { !rig.events("alert.resolved").isEmpty },
                "no resolution reached the board: \(rig.text(rig.watchLog)) \(rig.text(rig.amLog))")
        let after = try TmuxBoard.run(TmuxBoard.binary, ["show", "--board", rig.board, "SET-1"], environment: rig.environment)
        #expect(after.out.contains("alert E2EDiskFull resolved"))
        #expect(rig.events("ticket.created").count == 1)
        #expect(rig.stop() == 0, "watch did not stop cleanly: \(rig.text(rig.watchLog))")
    }
}
