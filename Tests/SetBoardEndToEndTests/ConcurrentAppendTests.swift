/// Several processes appending to one board at the same moment: every line whole, seqs and keys consecutive, none lost.
import Foundation
import Testing

/// Runs the built `setboard` for the end-to-end journal tests: by path, with a private HOME, waiting for it to finish.
enum ConcurrentAppendRunner {
    /// The binary `swift build` made (or `SETBOARD_BIN`); the tests never build it themselves.
    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["SETBOARD_BIN"], !path.isEmpty { return path }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return packageRoot.appendingPathComponent(".build/debug/setboard").path
    }

    /// Writer processes; `SETBOARD_CONCURRENCY_WRITERS=8` with `SETBOARD_CONCURRENCY_COUNT=500` is the full size.
    static var writers: Int {
        ProcessInfo.processInfo.environment["SETBOARD_CONCURRENCY_WRITERS"].flatMap { Int($0) }.map { max(1, $0) } ?? 8
    }

    /// Appends per writer. Every `add` process replays the whole journal, so the run grows with the square of the
    /// total: with a debug build here 8 × 60 takes ~30 s, so that is CI's size; 8 × 500 runs with the release binary
    /// (README, Development).
    static var count: Int {
        ProcessInfo.processInfo.environment["SETBOARD_CONCURRENCY_COUNT"].flatMap { Int($0) }.map { max(1, $0) } ?? 60
    }

    static func environment(home: String, extra: [String: String] = [:]) -> [String: String] {
        var env = ["PATH": "/usr/bin:/bin", "HOME": home, "XDG_DATA_HOME": home + "/data", "XDG_CONFIG_HOME": home + "/config",
                   "XDG_CACHE_HOME": home + "/cache", "SETBOARD_NOW": "2026-11-24T10:00:00Z", "LANG": "C.UTF-8"]
        for (k, v) in extra { env[k] = v }
        return env
    }

    /// Runs one command to its end; stderr is joined to stdout only when the command failed, for the message.
    static func run(_ arguments: [String], home: String) throws -> (status: Int32, out: String) {
        let r = try TmuxBoard.run(binary, arguments, environment: environment(home: home), limit: 120)
        return (r.status, r.status == 0 ? r.out : r.out + r.err)
    }
}

struct ConcurrentAppendTests {
    @Test func writersAppendingAtOnceLoseAndTearNothing() throws {
        let binary = ConcurrentAppendRunner.binary
        try #require(FileManager.default.isExecutableFile(atPath: binary), "no setboard binary at \(binary): run `swift build` first")
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("setboard-concurrent-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        let board = home + "/board"
        let count = ConcurrentAppendRunner.count
        let names = (1...ConcurrentAppendRunner.writers).map { "w\($0)" }
        let total = names.count * count

        let created = try ConcurrentAppendRunner.run(["init", "--board", board], home: home)
        try #require(created.status == 0, "init failed: \(created.out)")

        let loop = #"i=0; while [ "$i" -lt "$N" ]; do "$BIN" add "$W $i" --board "$DIR" >/dev/null || exit 1; i=$((i+1)); done"#
        let writers = try names.map { name in
            try ProcessGroup("/bin/sh", ["-c", loop], environment: ConcurrentAppendRunner.environment(
                home: home, extra: ["BIN": binary, "DIR": board, "W": name, "N": String(count)]), output: home + "/" + name + ".err")
        }
        defer { for writer in writers { writer.killAll() } }
        // A limit far above the slowest run seen (~0.5 s per append at 4,000 events, debug build) stops a hang only.
        let limit = 60 + Double(total) * 2
        for (name, writer) in zip(names, writers) {
            let status = try writer.wait(limit: limit)
            let said = (try? String(contentsOfFile: home + "/" + name + ".err", encoding: .utf8)) ?? ""
            #expect(status == 0, "writer \(name) failed: \(said)")
            #expect(said.isEmpty, "writer \(name) warned: \(said)")
        }

        let journal = try JournalFileCheck(board: board)
        #expect(journal.tailBytes == 0, "the journal ends with a whole line")
        for d in journal.damaged { Issue.record("line \(d.line) is not `<crc> <json event>`: \(d.text)") }
        #expect(journal.seqs == Array(1...(1 + total)), "seq values are 1…n, unique and in file order")
        let keys = journal.created.map(\.key)
        #expect(keys == (1...total).map { "SET-\($0)" }, "keys SET-1…SET-\(total) in file order, none twice")
        var titles: [String: [Int]] = [:]
        for c in journal.created {
            let parts = c.title.split(separator: " ")
            if parts.count == 2, let i = Int(parts[1]) { titles[String(parts[0]), default: []].append(i) }
        }
        for name in names {
            #expect(titles[name] == Array(0..<count), "every append of writer \(name), once each, in its own order")
        }

        let verify = try ConcurrentAppendRunner.run(["journal", "verify", "--board", board], home: home)
        #expect(verify.status == 0, "journal verify: \(verify.out)")
        #expect(verify.out.contains("\(1 + total) lines, \(1 + total) valid events"))

        let listed = try ConcurrentAppendRunner.run(["list", "--json", "--all", "--board", board], home: home)
        #expect(listed.status == 0)
        let tickets = (try? JSONSerialization.jsonObject(with: Data(listed.out.utf8))) as? [[String: Any]]
        #expect(tickets?.count == total)
        #expect(Set(tickets?.compactMap { $0["key"] as? String } ?? []) == Set(keys))
    }
}
