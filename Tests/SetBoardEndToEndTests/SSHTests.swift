/// setboard over a real SSH connection: plain output matches the local one, and the full-screen board works via `ssh -t`.
// They need `swift build` first and OpenSSH's server and client (bash .ci/test installs both when missing).
import Foundation
import Testing

/// The setboard arguments both sides run: the roster, what people ask for with `ssh host setboard roster`.
let sshRemoteCommand = ["roster"]

private let sshUnavailable = SSHServer.unavailableReason != nil

@Suite("setboard over SSH", .serialized,
       .disabled(if: sshUnavailable, "sshd cannot be installed or started here; the reason is printed on stderr"))
struct SSHTests {
    /// A demo board to look at from both sides.
    private func demoBoard() throws -> TmuxBoard {
        let t = try TmuxBoard()
        let made = try t.setboard(["demo", "--no-show"])
        try #require(made.status == 0, "setboard demo failed: \(made.err)")
        return t
    }

    /// The remote shell gets the board's environment on the command line (sshd passes none of ours through) and
    /// runs the binary by absolute path, so the remote PATH does not matter.
    private func remoteLine(_ t: TmuxBoard, _ arguments: [String], term: String? = nil) -> String {
        var env = t.environment.filter { $0.key != "PATH" && $0.key != "TERM" }
        if let term { env["TERM"] = term }
        let assignments = env.map { "\($0.key)='\($0.value)'" }.sorted().joined(separator: " ")
        return "env \(assignments) '\(TmuxBoard.binary)'" + arguments.map { " '\($0)'" }.joined()
    }

    @Test func remoteOutputIsTheLocalOutput() throws {
        let t = try demoBoard()
        let local = try t.setboard(sshRemoteCommand)
        #expect(local.status == 0, "local setboard failed: \(local.err)")
        #expect(local.out.contains("primary") && local.out.contains("escalation"), "no roster in:\n\(local.out)")

        let server = try SSHServer()
        defer { server.stop() }
        let remote = try server.run(remoteLine(t, sshRemoteCommand))
        #expect(remote.status == 0, "ssh setboard failed: \(remote.err)\nsshd log:\n\(server.logText)")
        #expect(remote.out == local.out)
        #expect(remote.err == local.err)
    }

    @Test(.disabled(if: TmuxBoard.tmuxPath == nil, "tmux is not installed; bash .ci/test installs it"))
    func theFullScreenBoardWorksThroughSSHWithATerminal() throws {
        let t = try demoBoard()
        let server = try SSHServer()
        defer { server.stop() }
        let expected = try t.rendered(width: 100, height: 30)
        guard let ssh = SSHServer.sshPath else { throw SSHError.unavailable("no ssh client") }

        try t.openShell(width: 100, height: 30)
        let client = ([ssh, "-t"] + server.clientOptions + ["127.0.0.1"]).map { "'\($0)'" }.joined(separator: " ")
        // The remote command is one double-quoted word for the local shell; its own quotes are single.
        let line = "PS1='$ '; clear; \(client) \"\(remoteLine(t, [], term: "xterm-256color"))\"; echo \"exit=$?\""
        try t.tmux(["send-keys", "-t", "0", "-l", line])
        try t.press("Enter")

        try t.waitFor("the board drawn through ssh -t", seconds: 20) { $0 == expected }
        #expect(try t.display("#{alternate_on}") == "1")
        try t.press("q")
        try t.waitFor("the shell after quitting the remote board", seconds: 20) { $0.contains("exit=0") }
        #expect(try t.display("#{alternate_on}") == "0")
    }
}
