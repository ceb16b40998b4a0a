// Incidents, pages and projects opened offline on two hosts through the real binary and git: both kept, ids distinct.
import Foundation
import SetBoardCore
import SetBoardJournal
import Testing

/// Pins the journal's timestamps to the CLI runner's clock.
private struct RunnerClock: JournalClock {
    var ms: Int64
    func nowMilliseconds() -> Int64 { ms }
}

@Suite("Sync: incident, page and project ids", .serialized)
struct SyncIDCLITests {
    @Test(.enabled(if: SyncCLITests.hasGit))
    func idsHandedOutOfflineOnTwoHostsBothSurviveTheSync() throws {
        let w = try SyncWorld(["a", "b"])
        for name in ["a", "b", "a"] { try w.run(name, "sync") }
        let now = try #require(WorkingTime.parseISO8601(w.runner.now))
        // Both offline: each hands out INC-1, P-1 and PRJ-1.
        for name in ["a", "b"] {
            #expect(try w.run(name, "incident", "open", "--level", "L2", "down on \(name)").out == "INC-1\n")
            let me = try #require(try w.run(name, "log", "--last", "1").out.split(separator: " ").filter { !$0.isEmpty }.dropFirst(3).first)
            #expect(try w.run(name, "project", "new", "project of \(name)", "--dri", String(me)).out.contains("PRJ-1"))
            let store = try BoardStore.open(directory: w.board(name), clock: RunnerClock(ms: now), snapshots: nil)
            let opened = try store.perform(.open(summary: "help on \(name)", ticket: nil,
                                                 onCall: OnCall(at: 0, primary: "alice", backup: "bob", lead: "carol"),
                                                 policy: EscalationPolicy(waits: [60_000, 60_000, 60_000])), actor: "dave", now: now)
            #expect(opened.count == 1)
        }
        var said = ""
        for name in ["a", "b", "a", "b"] { said += try w.run(name, "sync").out }
        for space in ["incident INC-1", "page P-1", "project PRJ-1"] {
            #expect(said.contains("renamed: \(space) created on replica"), "the rename is announced: \(said)")
        }
        let views = { (name: String) throws -> [String] in
            [try w.run(name, "incident", "list", "--all", "--json").out, try w.run(name, "pages", "--all", "--json").out,
             try w.run(name, "project", "list", "--json").out]
        }
        let onA = try views("a")
        #expect(try views("b") == onA, "both hosts show the same incidents, pages and projects")
        for (view, ids) in zip(onA, [["INC-1", "INC-2"], ["P-1", "P-2"], ["PRJ-1", "PRJ-2"]]) {
            for id in ids { #expect(view.contains("\"\(id)\""), "\(id) in \(view)") }
        }
        for name in ["a", "b"] {
            #expect(onA[0].contains("down on \(name)") && onA[1].contains("help on \(name)") && onA[2].contains("project of \(name)"))
        }
        // The id someone once saw still tells where its incident or project went.
        for name in ["a", "b"] {
            #expect(try w.run(name, "incident", "show", "INC-1").err.contains("it is now INC-2"))
            #expect(try w.run(name, "project", "show", "PRJ-2").err.contains("was created as PRJ-1"))
        }
        #expect(try w.views("a") == w.views("b"))
    }
}
