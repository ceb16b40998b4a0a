// The sync property: three replicas, random changes and random syncs, then a full round — one board, every key once.
import Foundation
import SetBoardCore
import SetBoardJournal
import Testing

@Suite("Sync property", .serialized)
struct SyncPropertyTests {

    static let columns = ["todo", "in-progress", "in-review", "done"]

    @Test(.enabled(if: SyncCLITests.hasGit), arguments: [1, 2])
    func threeReplicasWithRandomChangesAndSyncsConvergeToOneBoard(_ round: Int) throws {
        let env = ProcessInfo.processInfo.environment
        let seed = UInt64(env["SETBOARD_SYNC_SEED"] ?? "") ?? UInt64.random(in: 0...UInt64.max)
        let steps = Int(env["SETBOARD_SYNC_STEPS"] ?? "") ?? 36
        var rng = SeededRandom(seed: seed &+ UInt64(round))
        let names = ["a", "b", "c"]
        let w = try SyncWorld(names)
        var adds = 0
        var incidents = 0
        for step in 0..<steps {
            let name = names[Int.random(in: 0..<3, using: &rng)]
            let keys = try w.keys(name)
            let pick = keys.isEmpty ? nil : keys[Int.random(in: 0..<keys.count, using: &rng)]
            switch Int.random(in: 0..<11, using: &rng) {
            case 0...2:
                try w.run(name, "add", "\(name) \(step)")
                adds += 1
            case 3 where pick != nil:
                _ = try w.tryRun(name, ["move", pick!, "--to", Self.columns[Int.random(in: 0..<4, using: &rng)]])
            case 4 where pick != nil:
                _ = try w.tryRun(name, ["assign", pick!, ["alice", "bob", "carol"][Int.random(in: 0..<3, using: &rng)]])
            case 5 where pick != nil:
                _ = try w.tryRun(name, ["edit", pick!, "--title", "\(name) edit \(step)"])
            case 6 where pick != nil:
                let other = keys[Int.random(in: 0..<keys.count, using: &rng)]
                _ = try w.tryRun(name, Bool.random(using: &rng) ? ["rank", pick!, "--top"] : ["rank", pick!, "--after", other])
            case 7 where pick != nil:
                // Other families naming the key as this board shows it: after a rename they must follow the ticket
                // the writer meant, the same on every replica and from the snapshot as in a replay.
                let open = Bool.random(using: &rng)
                let args = open
                    ? ["incident", "open", "--level", "L2", "--ticket", pick!, "--commander", "alice", "\(name) down \(step)"]
                    : ["link", pick!, "https://example.com/\(name)/\(step)"]
                if try w.tryRun(name, args).status == 0, open { incidents += 1 }
            case 10:
                // An incident without a ticket: replicas offline hand out the same INC-N.
                if try w.tryRun(name, ["incident", "open", "--level", "L1", "\(name) inc \(step)"]).status == 0 { incidents += 1 }
            default:
                try w.run(name, "sync")
            }
        }
        // The full round: everyone's events reach everyone.
        for name in names + names { try w.run(name, "sync") }

        let first = try w.views("a")
        for name in ["b", "c"] {
            #expect(try w.views(name) == first, "seed \(seed): \(name) differs from a")
        }
        // Each board opened from the snapshot its last sync wrote shows what a replay of every replica shows.
        for name in names {
            #expect(try w.replayedViews(name) == first, "seed \(seed): \(name)'s replay differs from its snapshot")
        }
        // Incidents and each ticket's links and history: the same on every replica, and from the snapshot as in a
        // replay; `log` (every replica's events, those before the frontier too) the same from the snapshot.
        let shown = try w.keys("a")
        let families = try familyViews(w, "a", keys: shown)
        for name in names {
            if name != "a" { #expect(try familyViews(w, name, keys: shown) == families, "seed \(seed): \(name)'s incidents or links differ") }
            #expect(try familyViews(w, name, keys: shown, replayed: true) == families,
                    "seed \(seed): \(name)'s incidents or links differ from its replay")
            #expect(try w.run(name, "log").out == w.runner.run(["log", "--board", w.board(name)], environment: ["SETBOARD_SNAPSHOT": "off"]).out,
                    "seed \(seed): \(name)'s log differs from its replay")
        }
        // Incidents opened offline on several replicas: every one kept, under unique gap-free ids.
        let listed = try #require(try JSONSerialization.jsonObject(with: Data(families[0].utf8)) as? [[String: Any]])
        let incidentNumbers = listed.compactMap { ($0["id"] as? String).flatMap { Int($0.dropFirst(4)) } }.sorted()
        #expect(incidentNumbers == Array(0..<incidents).map { $0 + 1 }, "seed \(seed): incident ids \(incidentNumbers)")
        let keys = try w.keys("a")
        let numbers = keys.compactMap { Int($0.split(separator: "-").last ?? "") }.sorted()
        #expect(numbers == Array(1...max(1, adds)).prefix(adds).map { $0 }, "seed \(seed): keys unique and without gaps: \(keys)")
        // No event lost: every event a replica wrote before the round reached the others.
        for x in names {
            let own = try eventIDs(w.board(x) + "/journal.log", skippingSync: true)
            let rid = try w.replicaID(x)
            for y in names where y != x {
                let copy = try eventIDs(w.board(y) + "/replicas/\(rid).log", skippingSync: true)
                #expect(own.isSubset(of: copy), "seed \(seed): \(y) lacks \(own.subtracting(copy).count) of \(x)'s events")
            }
        }
    }

    /// `incident list` and `show` of each key on board `name`: from its snapshot, or `replayed` with snapshots off.
    private func familyViews(_ w: SyncWorld, _ name: String, keys: [String], replayed: Bool = false) throws -> [String] {
        let environment = replayed ? ["SETBOARD_SNAPSHOT": "off"] : [:]
        return try ([["incident", "list", "--all", "--json"]] + keys.map { ["show", $0] }).map { args in
            let r = try w.runner.run(args + ["--board", w.board(name)], environment: environment)
            #expect(r.status == 0, "\(r.err)")
            return r.out
        }
    }

    private func eventIDs(_ path: String, skippingSync: Bool) throws -> Set<String> {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var ids = Set<String>()
        for line in text.split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.dropFirst(9).utf8)) as? [String: Any])
            if skippingSync, object["type"] as? String == "sync.imported" { continue }
            if let id = object["id"] as? String { ids.insert(id) }
        }
        return ids
    }
}
