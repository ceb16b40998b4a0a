/// Two processes appending to one board at the same moment: every line whole, seqs and keys consecutive, none lost.
import Foundation
import Testing

/// Runs the built `setboard` for this test alone: by path, with a private HOME, waiting for it to finish.
enum ConcurrentAppendRunner {
    /// The binary `swift build` made (or `SETBOARD_BIN`); the tests never build it themselves.
    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["SETBOARD_BIN"], !path.isEmpty { return path }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return packageRoot.appendingPathComponent(".build/debug/setboard").path
    }

    /// Appends per writer. Every `add` process replays the whole journal, so the run grows with the square of the
    /// count: with a debug build here 2 × 300 takes ~35 s and 2 × 1000 ~16 min, so the default is 300 per writer;
    /// `SETBOARD_CONCURRENCY_COUNT=1000` runs the full size.
    static var count: Int {
        ProcessInfo.processInfo.environment["SETBOARD_CONCURRENCY_COUNT"].flatMap { Int($0) }.map { max(1, $0) } ?? 300
    }

    static func environment(home: String, extra: [String: String] = [:]) -> [String: String] {
        var env = ["PATH": "/usr/bin:/bin", "HOME": home, "XDG_DATA_HOME": home + "/data", "XDG_CONFIG_HOME": home + "/config",
                   "XDG_CACHE_HOME": home + "/cache", "SETBOARD_NOW": "2026-11-24T10:00:00Z", "LANG": "C.UTF-8"]
        for (k, v) in extra { env[k] = v }
        return env
    }

    /// Starts a process whose output goes to files, so a chatty child can never block on a full pipe.
    static func start(_ executable: String, _ arguments: [String], environment: [String: String],
                      output: String) throws -> Process {
        guard FileManager.default.createFile(atPath: output, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: output])
        }
        let sink = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.standardOutput = sink
        process.standardError = sink
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    static func run(_ arguments: [String], home: String) throws -> (status: Int32, out: String) {
        let output = home + "/out-\(UUID().uuidString)"
        let process = try start(binary, arguments, environment: environment(home: home), output: output)
        process.waitUntilExit()
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        return (process.terminationStatus, text)
    }
}

struct ConcurrentAppendTests {
    @Test func twoWritersAppendingAtOnceLoseAndTearNothing() throws {
        let binary = ConcurrentAppendRunner.binary
        try #require(FileManager.default.isExecutableFile(atPath: binary), "no setboard binary at \(binary): run `swift build` first")
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("setboard-concurrent-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        let board = home + "/board"
        let count = ConcurrentAppendRunner.count

        let created = try ConcurrentAppendRunner.run(["init", "--board", board], home: home)
        try #require(created.status == 0, "init failed: \(created.out)")

        let loop = #"i=0; while [ "$i" -lt "$N" ]; do "$BIN" add "$W $i" --board "$DIR" >/dev/null || exit 1; i=$((i+1)); done"#
        let writers = try ["w1", "w2"].map { name in
            try ConcurrentAppendRunner.start("/bin/sh", ["-c", loop], environment: ConcurrentAppendRunner.environment(
                home: home, extra: ["BIN": binary, "DIR": board, "W": name, "N": String(count)]), output: home + "/" + name + ".err")
        }
        for (name, writer) in zip(["w1", "w2"], writers) {
            writer.waitUntilExit()
            let said = (try? String(contentsOfFile: home + "/" + name + ".err", encoding: .utf8)) ?? ""
            #expect(writer.terminationStatus == 0, "writer \(name) failed: \(said)")
            #expect(said.isEmpty, "writer \(name) warned: \(said)")
        }

        let total = 2 * count
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: board + "/journal.log")))
        #expect(bytes.last == 0x0A, "the journal ends with a whole line")
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().map { Array($0) }
        #expect(lines.count == 1 + total)

        var seqs: [Int] = []
        var keys: [String] = []
        var titles: [String: [Int]] = [:]
        for (n, line) in lines.enumerated() {
            // A line holding parts of two writes would fail one of these: one checksum, one JSON object, one event.
            guard line.count > 9, line[8] == 0x20,
                  let object = try? JSONSerialization.jsonObject(with: Data(line[9...])) as? [String: Any],
                  let seq = object["seq"] as? Int else {
                Issue.record("line \(n + 1) is not `<crc> <json event>`: \(String(decoding: line.prefix(120), as: UTF8.self))")
                continue
            }
            #expect(String(decoding: line[..<8], as: UTF8.self) == crcHex(Array(line[9...])), "line \(n + 1) checksum")
            seqs.append(seq)
            if let payload = object["payload"] as? [String: Any], object["type"] as? String == "ticket.created",
               let key = payload["key"] as? String, let title = payload["title"] as? String {
                keys.append(key)
                let parts = title.split(separator: " ")
                if parts.count == 2, let i = Int(parts[1]) { titles[String(parts[0]), default: []].append(i) }
            }
        }
        #expect(seqs == Array(1...(1 + total)), "seq values are 1…n, unique and in file order")
        #expect(keys.count == total)
        #expect(Set(keys) == Set((1...total).map { "SET-\($0)" }), "keys SET-1…SET-\(total), none twice")
        #expect(titles["w1"] == Array(0..<count), "every append of writer 1, once each, in its own order")
        #expect(titles["w2"] == Array(0..<count), "every append of writer 2, once each, in its own order")

        let verify = try ConcurrentAppendRunner.run(["journal", "verify", "--board", board], home: home)
        #expect(verify.status == 0, "journal verify: \(verify.out)")
        #expect(verify.out.contains("\(1 + total) lines, \(1 + total) valid events"))

        let listed = try ConcurrentAppendRunner.run(["list", "--json", "--all", "--board", board], home: home)
        #expect(listed.status == 0)
        let tickets = (try? JSONSerialization.jsonObject(with: Data(listed.out.utf8))) as? [[String: Any]]
        #expect(tickets?.count == total)
        #expect(Set(tickets?.compactMap { $0["key"] as? String } ?? []) == Set(keys))
    }

    /// CRC-32 (IEEE) bit by bit: the test checks each line's checksum without trusting the code under test.
    func crcHex(_ bytes: [UInt8]) -> String {
        var crc: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            crc ^= UInt32(b)
            for _ in 0..<8 { crc = (crc >> 1) ^ (0xEDB8_8320 & (0 &- (crc & 1))) }
        }
        let hex = String(~crc, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }
}
