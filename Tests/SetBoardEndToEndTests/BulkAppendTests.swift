/// Two long-running writers appending 1,000 events each at once (`setboard add --stdin`): 2,000 whole lines,
/// consecutive seqs, unique keys, and every key a writer printed is in the journal.
import Foundation
import Testing

struct BulkAppendTests {
    @Test func twoWritersOfAThousandEventsEachLoseAndTearNothing() throws {
        let binary = ConcurrentAppendRunner.binary
        try #require(FileManager.default.isExecutableFile(atPath: binary), "no setboard binary at \(binary): run `swift build` first")
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("setboard-bulk-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        let board = home + "/board"
        #expect(try ConcurrentAppendRunner.run(["init", "--board", board], home: home).status == 0)

        let perWriter = 1000
        var writers: [ProcessGroup] = []
        for w in ["a", "b"] {
            let titles = (1...perWriter).map { "writer \(w) ticket \($0)" }.joined(separator: "\n") + "\n"
            try titles.write(toFile: home + "/titles-\(w)", atomically: true, encoding: .utf8)
        }
        // Both start before either is waited for: the two writers really append at the same time.
        for w in ["a", "b"] {
            writers.append(try ProcessGroup(binary, ["add", "--stdin", "--board", board],
                                            environment: ConcurrentAppendRunner.environment(home: home),
                                            output: home + "/keys-\(w)", input: home + "/titles-\(w)"))
        }
        for writer in writers { #expect(try writer.wait(limit: 600) == 0) }

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
