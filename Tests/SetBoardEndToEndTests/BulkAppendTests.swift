/// Two long-running writers appending 1,000 events each at once (`setboard add --stdin`): 2,000 whole lines,
/// consecutive seqs, unique keys, and every key a writer printed is in the journal.
import Foundation
import Testing

struct BulkAppendTests {
    /// A writer: `setboard add --stdin` reading its titles from a file, printing each key once it is on disk.
    private func startWriter(binary: String, board: String, titles: String, output: String, home: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, titles, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = cleanSignalsAttributes()
        defer { posix_spawnattr_destroy(&attributes) }
        let env = ConcurrentAppendRunner.environment(home: home)
        let arguments: [String] = [binary, "add", "--stdin", "--board", board]
        let argv = arguments.map { strdup($0) }
        let envp = env.map { strdup("\($0.key)=\($0.value)") }
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, binary, &actions, &attributes, argv + [nil], envp + [nil])
        guard result == 0 else { throw TmuxError.failed("could not start \(binary): \(String(cString: strerror(result)))") }
        return pid
    }

    /// Waits for a writer with a deadline, so a stuck lock fails the test instead of hanging CI.
    private func wait(_ pid: pid_t, seconds: Double) throws -> Int32 {
        let deadline = Date().addingTimeInterval(seconds)
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date() > deadline {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                throw TmuxError.failed("a writer did not finish within \(Int(seconds)) s")
            }
            usleep(10_000)
        }
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    @Test func twoWritersOfAThousandEventsEachLoseAndTearNothing() throws {
        let binary = ConcurrentAppendRunner.binary
        try #require(FileManager.default.isExecutableFile(atPath: binary), "no setboard binary at \(binary): run `swift build` first")
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("setboard-bulk-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        let board = home + "/board"
        #expect(try ConcurrentAppendRunner.run(["init", "--board", board], home: home).status == 0)

        let perWriter = 1000
        var pids: [pid_t] = []
        for w in ["a", "b"] {
            let titles = (1...perWriter).map { "writer \(w) ticket \($0)" }.joined(separator: "\n") + "\n"
            try titles.write(toFile: home + "/titles-\(w)", atomically: true, encoding: .utf8)
        }
        for w in ["a", "b"] {
            pids.append(try startWriter(binary: binary, board: board, titles: home + "/titles-\(w)",
                                        output: home + "/keys-\(w)", home: home))
        }
        for pid in pids { #expect(try wait(pid, seconds: 600) == 0) }

        let printed = try ["a", "b"].map { w in
            try String(contentsOfFile: home + "/keys-\(w)", encoding: .utf8).split(separator: "\n").map(String.init)
        }
        #expect(printed.map(\.count) == [perWriter, perWriter])
        #expect(Set(printed[0]).isDisjoint(with: printed[1]))

        let verify = try ConcurrentAppendRunner.run(["journal", "verify", "--board", board], home: home)
        #expect(verify.status == 0, "journal verify: \(verify.out)")
        #expect(verify.out.contains("\(2 * perWriter + 1) lines, \(2 * perWriter + 1) valid events"))

        // Line by line: seq 1…N in file order, one ticket.created per title, keys SET-1…SET-2000 each once.
        let journal = try String(contentsOfFile: board + "/journal.log", encoding: .utf8)
        let records = try journal.split(separator: "\n").map { line -> [String: Any] in
            let json = line.drop { $0 != " " }.dropFirst()
            return try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        }
        #expect(records.map { $0["seq"] as? Int ?? -1 } == Array(1...(2 * perWriter + 1)))
        let created = records.filter { $0["type"] as? String == "ticket.created" }
        let keys = created.compactMap { ($0["payload"] as? [String: Any])?["key"] as? String }
        #expect(keys.count == 2 * perWriter)
        #expect(Set(keys) == Set((1...(2 * perWriter)).map { "SET-\($0)" }))
        #expect(Set(keys) == Set(printed[0] + printed[1]))
        let titles = created.compactMap { ($0["payload"] as? [String: Any])?["title"] as? String }
        #expect(Set(titles).count == 2 * perWriter)
    }
}
