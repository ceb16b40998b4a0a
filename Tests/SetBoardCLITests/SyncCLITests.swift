// One board on several hosts through the real binary and the real git: convergence, key renames, hostile replicas, kills.
import Foundation
import Testing

/// Several boards (replicas) under one scratch root, syncing through a bare repository on the local file system.
final class SyncWorld {
    let runner: CLIRunner
    let names: [String]
    var remote: String { runner.root.appendingPathComponent("remote.git").path }

    init(_ names: [String]) throws {
        runner = try CLIRunner()
        self.names = names
        try git(["init", "-q", "--bare", remote], in: runner.root.path)
        for name in names {
            try run(name, "init")
            try run(name, "remote", "add", remote)
        }
    }

    func board(_ name: String) -> String { runner.root.appendingPathComponent(name).path }

    @discardableResult
    func run(_ name: String, _ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> CLIResult {
        let r = try runner.run(arguments + ["--board", board(name)])
        #expect(r.status == 0, "\(name): setboard \(arguments.joined(separator: " ")) failed: \(r.err)", sourceLocation: sourceLocation)
        return r
    }

    func tryRun(_ name: String, _ arguments: [String]) throws -> CLIResult {
        try runner.run(arguments + ["--board", board(name)])
    }

    /// What two replicas must agree on byte for byte.
    func views(_ name: String) throws -> [String] {
        [try run(name, "list", "--json").out, try run(name, "render", "--size", "120x40").out, try run(name, "roster").out]
    }

    @discardableResult
    func git(_ arguments: [String], in directory: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", directory] + arguments
        process.environment = runner.environment(["GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
                                                  "GIT_COMMITTER_EMAIL": "t@t"])
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw SyncTestError.git(arguments.joined(separator: " ")) }
        return String(decoding: data, as: UTF8.self)
    }

    func replicaID(_ name: String) throws -> String {
        try String(contentsOfFile: board(name) + "/replica", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Keys on a board, from `list --json`.
    func keys(_ name: String) throws -> [String] {
        let data = Data(try run(name, "list", "--json").out.utf8)
        let tickets = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        return tickets.compactMap { $0["key"] as? String }
    }
}

enum SyncTestError: Error { case git(String) }

@Suite("Sync through git", .serialized)
struct SyncCLITests {
    static var hasGit: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/git") }

    /// `--at` on a synced board: the past holds what other replicas had done by then, and nothing done after.
    @Test(.enabled(if: SyncCLITests.hasGit))
    func theBoardAsItWasHoldsOtherReplicasEventsOfThatTime() throws {
        let w = try SyncWorld(["a", "b"])
        w.runner.now = "2026-11-24T10:00:00Z"
        try w.run("b", "add", "made on b")
        try w.run("b", "sync")
        try w.run("a", "sync")
        w.runner.now = "2026-11-25T10:00:00Z"
        try w.run("b", "add", "made on b later")
        try w.run("b", "sync")
        try w.run("a", "sync")
        let past = try w.run("a", "list", "--at", "2026-11-24T12:00:00Z", "--json").out
        #expect(past.contains("made on b") && !past.contains("made on b later"), "\(past)")
        let now = try w.run("a", "list", "--json").out
        #expect(now.contains("made on b later"), "\(now)")
    }

    @Test(.enabled(if: SyncCLITests.hasGit))
    func twoBoardsConvergeAndAKeyMadeOfflineTwiceIsRenamed() throws {
        let w = try SyncWorld(["a", "b"])
        try w.run("a", "add", "first on a")
        try w.run("a", "sync")
        try w.run("b", "sync")
        #expect(try w.keys("b") == ["SET-1"])
        // Both offline: each hands out SET-2.
        #expect(try w.run("a", "add", "second on a").out.contains("SET-2"))
        #expect(try w.run("b", "add", "second on b").out.contains("SET-2"))
        try w.run("b", "move", "SET-1", "--to", "in-progress")
        try w.run("a", "sync")
        let bSync = try w.run("b", "sync")
        try w.run("a", "sync")
        let renamed = try w.run("a", "sync").out + bSync.out
        #expect(renamed.contains("renamed: SET-2"), "the rename is announced: \(renamed)")
        #expect(try w.views("a") == w.views("b"))
        #expect(try w.keys("a").sorted() == ["SET-1", "SET-2", "SET-3"])
        // A key someone once saw still leads to its ticket.
        let show = try w.run("a", "show", "SET-2")
        #expect(show.err.contains("is now SET-3"), "show says where the other SET-2 went: \(show.err)")
        let status = try w.run("a", "sync", "--status").out
        #expect(status.contains("remote: " + w.remote))
        #expect(status.contains("only here: 0 events"))
        #expect(status.contains("last successful sync: 2026-11-24 10:00 UTC"))
    }

    @Test(.enabled(if: SyncCLITests.hasGit))
    func syncWithoutARemoteOrGitIsAClearError() throws {
        let runner = try CLIRunner()
        try runner.ok("init")
        let r = try runner.run(["sync"])
        #expect(r.status == 1)
        #expect(r.err.contains("no remote"))
        let bad = try runner.run(["remote", "add", "--", "-uhere"])
        #expect(bad.status != 0)
        let ext = try runner.run(["remote", "add", "ext::sh -c touch% /tmp/pwned"])
        #expect(ext.status == 1)
        #expect(ext.err.contains("ext::"))
    }

    enum Tamper: String, CaseIterable, Sendable {
        case brokenLine, forgedSeq, hugeValue, rewrittenHistory, wrongReplica
    }

    @Test(.enabled(if: SyncCLITests.hasGit), arguments: Tamper.allCases)
    func aHostileReplicaIsSetAsideAndTheRestStaysReadable(_ tamper: Tamper) throws {
        let w = try SyncWorld(["a", "b"])
        try w.run("b", "add", "b's ticket")
        try w.run("b", "sync")
        try w.run("a", "sync")
        try w.run("a", "add", "a's ticket")
        let bID = try w.replicaID("b")
        // Someone with push access rewrites b's file on the remote.
        let clone = w.runner.root.appendingPathComponent("evil").path
        try w.git(["clone", "-q", "-b", "setboard", w.remote, clone], in: w.runner.root.path)
        let file = clone + "/replicas/\(bID).log"
        var text = try String(contentsOfFile: file, encoding: .utf8)
        var lines = text.split(separator: "\n").map(String.init)
        switch tamper {
        case .brokenLine:
            text += "0000zzzz {\"broken\n"
        case .forgedSeq:
            text += forged(from: lines[0], replacing: "\"seq\":1,", with: "\"seq\":1,")
        case .hugeValue:
            text += forged(from: lines[0], replacing: "\"lam\":1,", with: "\"lam\":9007199254740000,").replacingOccurrences(of: "\"seq\":1,", with: "\"seq\":99,")
        case .rewrittenHistory:
            lines[lines.count - 1] = forged(from: lines[lines.count - 1], replacing: "b's ticket", with: "evil ticket").dropLast().description
            text = lines.joined(separator: "\n") + "\n"
        case .wrongReplica:
            text += forged(from: lines[0], replacing: "\"seq\":1,", with: "\"seq\":77,").replacingOccurrences(of: "\"rid\":\"\(bID)\"", with: "\"rid\":\"ffff\"")
        }
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        try w.git(["commit", "-q", "-am", "evil"], in: clone)
        try w.git(["push", "-q", "origin", "setboard"], in: clone)

        let sync = try w.tryRun("a", ["sync"])
        #expect(sync.status == 0, "a hostile replica does not stop a sync: \(sync.err)")
        #expect(sync.err.contains("replica \(bID) set aside"), "\(tamper): \(sync.err)")
        let verify = try w.tryRun("a", ["journal", "verify"])
        #expect(verify.status == 1)
        #expect(verify.out.contains("replica \(bID): set aside"), "\(verify.out)")
        // The local journal and what b sent before stay readable.
        #expect(try w.keys("a").sorted() == ["SET-1", "SET-2"])
        #expect(!(try w.run("a", "list").out.contains("evil")))
    }

    /// A line of another replica's journal with one text swapped and its checksum made right again.
    private func forged(from line: String, replacing old: String, with new: String) -> String {
        let body = String(line.dropFirst(9)).replacingOccurrences(of: old, with: new)
        return String(format: "%08x", crc32(Array(body.utf8))) + " " + body + "\n"
    }

    private func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            crc ^= UInt32(b)
            for _ in 0..<8 { crc = (crc >> 1) ^ (0xEDB8_8320 & (0 &- (crc & 1))) }
        }
        return ~crc
    }

    /// Kill -9 of `sync` at random moments: the board always opens and the next sync converges.
    /// `SETBOARD_SYNC_KILL_TRIALS` raises the count for a long run (200 and more).
    @Test(.enabled(if: SyncCLITests.hasGit))
    func aSyncKilledAtAnyMomentLeavesAUsableBoardAndTheNextSyncFinishes() throws {
        let trials = Int(ProcessInfo.processInfo.environment["SETBOARD_SYNC_KILL_TRIALS"] ?? "") ?? 4
        let w = try SyncWorld(["a", "b"])
        var rng = SystemRandomNumberGenerator()
        for trial in 0..<trials {
            try w.run("a", "add", "a \(trial)")
            try w.run("b", "add", "b \(trial)")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CLIRunner.binary)
            process.arguments = ["sync", "--board", w.board(trial % 2 == 0 ? "a" : "b")]
            process.environment = w.runner.environment()
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32.random(in: 0...150_000, using: &rng))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(try w.tryRun("a", ["list"]).status == 0)
            #expect(try w.tryRun("b", ["list"]).status == 0)
        }
        for name in ["a", "b", "a"] { try w.run(name, "sync") }
        #expect(try w.views("a") == w.views("b"))
        #expect(try w.keys("a").count == 2 * trials)
    }
}
