/// Alertmanager intake's remaining promises on the built binary: a body too large gets 413 and writes nothing, a more
/// severe alert joining an open ticket raises its level through the map, `show` sums up a CAT2 ticket's alerts.
import Foundation
import Testing

@Suite(.serialized) struct AlertLeftoverTests {
    /// A raw HTTP request over a loopback socket (headers as given, then `body`), and the status line's code: a
    /// client library would refuse to declare a length it does not send.
    static func rawStatus(port: Int, head: String, body: [UInt8] = []) throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(connected == 0)
        let bytes = Array(head.utf8) + body
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var answer = [UInt8](repeating: 0, count: 512)
        let n = answer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard n > 12 else { return 0 }
        let line = String(decoding: answer[0..<n], as: UTF8.self)
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }

    @Test func aBodyTooLargeGets413AndWritesNothing() throws {
        let cli = try AlertCLITests.board()
        let listener = try AlertCLITests.Listener(cli, [])
        guard listener.port != 0 else { return }
        let lines = try AlertCLITests.journalLines(cli)
        let declared = "POST /alerts HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(5 << 20)\r\n\r\n"
        #expect(try Self.rawStatus(port: listener.port, head: declared) == 413)
        #expect(try AlertCLITests.journalLines(cli) == lines)
        // The listener still answers afterwards.
        #expect(try AlertCLITests.send(listener.port, body: AlertCLITests.payload()).status == 200)
        #expect(listener.stop() == 0)
    }

    @Test func aMoreSevereAlertJoiningAnOpenTicketRaisesItsLevelAndAMilderOneNeverLowersIt() throws {
        let cli = try AlertCLITests.board()
        let map = cli.root.appendingPathComponent("map.yaml")
        try Data("alerts:\n  levels:\n    severity=critical: L1\n    severity=warning: L3\n".utf8).write(to: map)
        let first = try cli.run(["alert", "--map", map.path], stdin: AlertCLITests.payload("fp1", severity: "warning"))
        #expect(first.out == "opened SET-1, 1 firing alert on SET-1\n", "\(first.err)")
        #expect(try cli.ok("show", "SET-1").contains("level       L3"))
        let worse = try cli.run(["alert", "--map", map.path], stdin: AlertCLITests.payload("fp2", severity: "critical"))
        #expect(worse.out == "1 firing alert on SET-1, SET-1 raised to L1\n", "\(worse.err)")
        let show = try cli.ok("show", "SET-1")
        #expect(show.contains("level       L1"))
        #expect(show.contains("SET-1 edited: level L1"))
        let milder = try cli.run(["alert", "--map", map.path], stdin: AlertCLITests.payload("fp3", severity: "warning"))
        #expect(milder.out == "1 firing alert on SET-1\n")
        #expect(try cli.ok("show", "SET-1").contains("level       L1"))
        // The summary of the group: three alerts firing, then one resolved.
        _ = try cli.run(["alert", "--map", map.path], stdin: AlertCLITests.payload("fp1", firing: false, severity: "warning"))
        #expect(try cli.ok("show", "SET-1").contains("alerts      group {}:{alertname=\"DiskFull\"}: 2 firing, 1 resolved (DiskFull)"))
    }

    @Test func aPageRuleOpensAPageForAP2Alert() throws {
        let cli = try AlertCLITests.board()
        let roster = cli.root.appendingPathComponent("roster.yaml")
        try Data(TestRoster.yaml(escalation: ["waits: [15m, 15m]"]).utf8).write(to: roster)
        try cli.ok("roster", "import", roster.path)
        let map = cli.root.appendingPathComponent("map.yaml")
        try Data("alerts:\n  pages:\n    severity=page: P2\n".utf8).write(to: map)
        let quiet = try cli.run(["alert", "--map", map.path], stdin: AlertCLITests.payload("fp1", severity: "warning"))
        #expect(!quiet.out.contains("paged"))
        let paged = try cli.run(["alert", "--map", map.path],
                                stdin: AlertCLITests.payload("fp9", severity: "page").replacingOccurrences(of: "DiskFull", with: "Down"))
        #expect(paged.out.contains("paged P-1"), "\(paged.out) \(paged.err)")
        #expect(try cli.ok("pages").contains("P2"))
    }
}
