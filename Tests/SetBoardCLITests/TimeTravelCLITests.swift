// The board as it was (`--at`) and what changed between two moments (`diff`), through the real binary.
import Foundation
import Testing

@Suite("time travel and diff") struct TimeTravelCLITests {
    /// Friday 11-20 09:00: SET-1. Saturday 11-21 09:00: SET-2, SET-1 to IN PROGRESS. Monday 11-23 10:00: SET-3,
    /// SET-2 to bob, SET-1 DONE, INC-1. The clock then stands at Tuesday 11-24 10:00 UTC.
    func board() throws -> CLIRunner {
        let cli = try CLIRunner()
        cli.now = "2026-11-20T09:00:00Z"
        try cli.ok("init")
        try cli.ok("add", "Login loop", "--tier", "community", "--level", "L1")
        cli.now = "2026-11-21T09:00:00Z"
        try cli.ok("add", "Slow search", "--tier", "hotfix")
        try cli.ok("move", "SET-1", "--to", "in-progress")
        cli.now = "2026-11-23T10:00:00Z"
        try cli.ok("add", "Export times out", "--tier", "release")
        try cli.ok("assign", "SET-2", "bob")
        try cli.ok("move", "SET-1", "--to", "done")
        try cli.ok("incident", "open", "--level", "L2", "--ticket", "SET-2", "--commander", "bob", "Search down")
        cli.now = "2026-11-24T10:00:00Z"
        return cli
    }

    func keys(_ out: String) throws -> [String: String] {
        let list = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [[String: Any]])
        var map: [String: String] = [:]
        for t in list { map[t["key"] as? String ?? "?"] = t["column"] as? String ?? "?" }
        return map
    }

    @Test func listAtAnInstantShowsTheBoardAsItWas() throws {
        let cli = try board()
        let r = try cli.run(["list", "--at", "2026-11-21T12:00Z", "--json"])
        #expect(r.status == 0, "\(r.err)")
        #expect(try keys(r.out) == ["SET-1": "in-progress", "SET-2": "todo"])
        let text = try cli.run(["list", "--at", "2026-11-21T12:00Z"], environment: ["TZ": "UTC"])
        #expect(text.out.hasPrefix("the board as it was at 2026-11-21 12:00 UTC\n"))
        // Without TZ the host's zone, named as Foundation names it (a host linked to Etc/UTC says Etc/UTC).
        let host = TimeZone.current.identifier
        if host.contains("/"), ProcessInfo.processInfo.environment["TZ"] == nil {
            let hosted = try cli.run(["list", "--at", "2026-11-21T12:00Z"])
            #expect(hosted.out.components(separatedBy: "\n").first?.hasSuffix(" " + host) == true, "\(hosted.out)")
        }
        // Now, the board of today is unchanged.
        #expect(try keys(try cli.ok("list", "--json")) == ["SET-1": "done", "SET-2": "todo", "SET-3": "todo"])
    }

    @Test func relativeTimesReadThePinnedClockAndTheUsersZone() throws {
        let cli = try board()
        // -3d from Tuesday 10:00 is Saturday 10:00: after SET-2 came.
        let r = try cli.run(["list", "--at", "-3d", "--json"], environment: ["TZ": "UTC"])
        #expect(r.status == 0, "\(r.err)")
        #expect(try keys(r.out) == ["SET-1": "in-progress", "SET-2": "todo"])
        // Yesterday 09:00 in Berlin is 08:00 UTC on Monday: before the Monday changes at 10:00.
        let berlin = try cli.run(["list", "--at", "yesterday 09:00", "--json"], environment: ["TZ": "Europe/Berlin"])
        #expect(try keys(berlin.out) == ["SET-1": "in-progress", "SET-2": "todo"])
        // Last friday 17:00: only SET-1, in TO DO.
        let friday = try cli.run(["list", "--at", "last friday 17:00", "--json"], environment: ["TZ": "UTC"])
        #expect(try keys(friday.out) == ["SET-1": "todo"])
    }

    @Test func renderAtNamesThePastInTheHeaderAndShowAtCutsTheHistory() throws {
        let cli = try board()
        let r = try cli.run(["render", "--at", "2026-11-21T12:00Z", "--size", "100x12"], environment: ["TZ": "UTC"])
        #expect(r.status == 0, "\(r.err)")
        let header = r.out.split(separator: "\n").first.map(String.init) ?? ""
        #expect(header.contains("THE PAST · as it was at 2026-11-21 12:00 UTC"), "\(header)")
        #expect(r.out.contains("SET-1") && r.out.contains("SET-2") && !r.out.contains("SET-3"))
        let show = try cli.run(["show", "SET-1", "--at", "2026-11-21T12:00Z"], environment: ["TZ": "UTC"])
        #expect(show.status == 0, "\(show.err)")
        #expect(show.out.contains("IN PROGRESS"))
        #expect(!show.out.contains("DONE"))
        let missing = try cli.run(["show", "SET-3", "--at", "2026-11-21T12:00Z"])
        #expect(missing.status == 1)
    }

    @Test func theSnapshotAndAFullReplayGiveTheSamePast() throws {
        let cli = try board()
        _ = try cli.ok("list") // writes this user's snapshot
        for at in ["2026-11-21T12:00Z", "2026-11-23T10:00Z", "now"] {
            let fromSnapshot = try cli.run(["list", "--at", at, "--json"])
            let replayed = try cli.run(["list", "--at", at, "--json"], environment: ["SETBOARD_SNAPSHOT": "off"])
            #expect(fromSnapshot.out == replayed.out, "\(at)")
        }
    }

    @Test func readingThePastNeverWrites() throws {
        let cli = try board()
        let journal = cli.board + "/journal.log"
        let before = try FileManager.default.attributesOfItem(atPath: journal)
        let names = try FileManager.default.contentsOfDirectory(atPath: cli.board).sorted()
        _ = try cli.run(["render", "--at", "-2d"])
        _ = try cli.run(["diff", "--from", "-3d"])
        let after = try FileManager.default.attributesOfItem(atPath: journal)
        #expect(before[.size] as? Int == after[.size] as? Int)
        #expect(before[.modificationDate] as? Date == after[.modificationDate] as? Date)
        #expect(try FileManager.default.contentsOfDirectory(atPath: cli.board).sorted() == names)
    }

    @Test func anUnreadableTimeIsOneClearLine() throws {
        let cli = try board()
        for args in [["list", "--at", "soonish"], ["diff", "--from", "next week"], ["render", "--at", "-2x"]] {
            let r = try cli.run(args)
            #expect(r.status != 0, "\(args)")
            #expect(r.err.contains("time"), "\(r.err)")
            #expect(r.err.split(separator: "\n").count == 1)
        }
        let backwards = try cli.run(["diff", "--from", "now", "--to", "-1d"])
        #expect(backwards.status == 1)
        #expect(backwards.err.contains("is after --to"))
    }

    @Test func diffSaysWhatChangedAsTextAndJSON() throws {
        let cli = try board()
        let r = try cli.run(["diff", "--from", "2026-11-21T12:00Z"], environment: ["TZ": "UTC"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.hasPrefix("changes from 2026-11-21 12:00 UTC to 2026-11-24 10:00 UTC\n"))
        #expect(r.out.contains("added · 1\n  SET-3"))
        #expect(r.out.contains("reassigned · 1\n  SET-2    nobody → @bob"))
        #expect(r.out.contains("closed · 1\n  SET-1"))
        #expect(r.out.contains("incidents opened · 1\n  INC-1    L2 · Search down"))
        let json = try cli.run(["diff", "--from", "2026-11-20T12:00Z", "--to", "2026-11-21T12:00Z", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        #expect(object["from"] as? String == "2026-11-20T12:00:00Z")
        let moved = try #require(object["moved"] as? [[String: Any]])
        #expect(moved.count == 1)
        #expect(moved.first?["key"] as? String == "SET-1")
        #expect(moved.first?["to"] as? String == "in-progress")
        #expect((object["added"] as? [[String: Any]])?.map { $0["key"] as? String } == ["SET-2"])
        #expect((object["closed"] as? [Any])?.isEmpty == true)
        let none = try cli.run(["diff", "--from", "now"])
        #expect(none.out.hasSuffix("nothing changed\n"))
    }

    @Test func cycleHandoverOffersTheChangesSinceTheLastHandOver() throws {
        let cli = try CycleCLITests().board()
        cli.now = "2026-12-04T10:00:00Z"
        let first = try cli.run(["cycle", "handover", "--yes", "--notes", "none", "--summary", cli.root.appendingPathComponent("h1.md").path],
                                environment: ["SETBOARD_TEST_CYCLE_WINDOW": CycleCLITests.window])
        #expect(first.status == 0, "\(first.err)")
        #expect(!first.out.contains("since the last hand-over"))
        cli.now = "2026-12-10T10:00:00Z"
        try cli.ok("add", "New bug", "--tier", "other")
        let next = CycleCLITests.window
            .replacingOccurrences(of: "\"id\":\"2026-11-23\"", with: "\"id\":\"2026-12-07\"")
            .replacingOccurrences(of: "2026-11-23T09:00:00Z", with: "2026-12-07T09:00:00Z")
            .replacingOccurrences(of: "2026-12-04T17:00:00Z", with: "2026-12-18T17:00:00Z")
            .replacingOccurrences(of: "\"end\":\"2026-12-07T09:00:00Z\"", with: "\"end\":\"2026-12-21T09:00:00Z\"")
        let second = try cli.run(["cycle", "handover", "--yes", "--notes", "none", "--summary", cli.root.appendingPathComponent("h2.md").path],
                                 environment: ["SETBOARD_TEST_CYCLE_WINDOW": next])
        #expect(second.status == 0, "\(second.err)")
        #expect(second.out.contains("since the last hand-over (2026-12-04 10:00 UTC by @"), "\(second.out)")
        #expect(second.out.contains("1 added"))
        #expect(second.out.contains("see `setboard diff --from 2026-12-04T10:00:00Z`"))
    }
}
