// Two boards syncing through a bare repository reached over `ssh://` on the tests' throwaway sshd, with the real git.
import Foundation
import Testing

private let syncSSHUnavailable = SSHServer.unavailableReason != nil || !FileManager.default.isExecutableFile(atPath: "/usr/bin/git")

@Suite("setboard sync over SSH", .serialized,
       .disabled(if: syncSSHUnavailable, "sshd or git is missing here; `bash .ci/test` installs both"))
struct SyncSSHTests {
    @Test func twoBoardsConvergeThroughAnSSHRemote() throws {
        let server = try SSHServer()
        defer { server.stop() }
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("setboard-sync-ssh-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        // git runs ssh with this command line: the test's own, never anything from a journal.
        let sshCommand = (["ssh"] + server.clientOptions).joined(separator: " ")
        let env = ["PATH": "/usr/bin:/bin", "HOME": root, "XDG_CACHE_HOME": root + "/cache", "GIT_SSH_COMMAND": sshCommand,
                   "SETBOARD_NOW": "2026-11-24T10:00:00Z", "LANG": "C.UTF-8"]
        func setboard(_ board: String, _ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
            try TmuxBoard.run(TmuxBoard.binary, arguments + ["--board", root + "/" + board], environment: env, limit: 60)
        }
        let bare = root + "/remote.git"
        let made = try TmuxBoard.run("/usr/bin/git", ["init", "-q", "--bare", bare], environment: env)
        try #require(made.status == 0, "git init --bare failed: \(made.err)")
        let url = "ssh://127.0.0.1:\(server.port)\(bare)"
        for board in ["a", "b"] {
            #expect(try setboard(board, ["init"]).status == 0)
            let added = try setboard(board, ["remote", "add", url])
            #expect(added.status == 0, "remote add failed: \(added.err)")
        }
        #expect(try setboard("a", ["add", "made on a"]).status == 0)
        #expect(try setboard("b", ["add", "made on b"]).status == 0)
        for board in ["a", "b", "a"] {
            let synced = try setboard(board, ["sync"])
            #expect(synced.status == 0, "sync of \(board) over ssh failed: \(synced.err)\nsshd log:\n\(server.logText)")
        }
        let a = try setboard("a", ["list", "--json"]).out, b = try setboard("b", ["list", "--json"]).out
        #expect(a == b)
        #expect(a.contains("made on a") && a.contains("made on b") && a.contains("SET-2"))
        #expect(try setboard("a", ["sync", "--status"]).out.contains("remote: " + url))
    }
}
