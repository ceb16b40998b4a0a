/// The week read back through the binary: hand-off notes reaching the next week, past weeks, the regenerated
/// hand-over summary, and the on-call summary drafted from the journal.
import Foundation
import Testing

@Suite struct OnCallSummaryCLITests {
    /// alice and bob share the one shift, swapping primary and backup each week (2026-11-23 and 2026-11-30, hand-off
    /// Monday 09:00 UTC); carol leads.
    func rosteredBoard() throws -> CLIRunner {
        let cli = try CLIRunner()
        try cli.ok("init")
        let file = cli.root.appendingPathComponent("roster.yaml")
        try Data(TestRoster.yaml(escalation: ["waits: [15m, 15m, 15m]", "repeat: 0"]).utf8).write(to: file)
        try cli.ok("roster", "import", file.path)
        return cli
    }

    /// Week 1: two tickets, an incident, and a hand-over with notes on Friday; then week 2 carries on.
    func weekHandedOver() throws -> (CLIRunner, String) {
        let cli = try rosteredBoard()
        try cli.ok("add", "Login loop", "--tier", "community", "--level", "L1", "--assignee", "zed")
        try cli.ok("add", "Slow search", "--tier", "hotfix")
        try cli.ok("incident", "open", "--level", "L1", "--ticket", "SET-1", "--commander", "alice", "Login loop")
        cli.now = "2026-11-27T15:00:00Z"
        let summary = cli.root.appendingPathComponent("handover.md").path
        try cli.ok("cycle", "handover", "--yes", "--map", "zed=bob",
                   "--notes", "SET-1 waits on the customer's logs\nINC-1: rollback holds", "--summary", summary)
        return (cli, summary)
    }

    @Test func theNewWeekShowsTheNotesHandedToIt() throws {
        let (cli, _) = try weekHandedOver()
        cli.now = "2026-12-01T10:00:00Z"
        let shown = try cli.ok("cycle")
        #expect(shown.contains("rotation 2026-11-30"))
        #expect(shown.contains("Hand-off notes handed to this week (rotation 2026-11-23)\n  "))
        #expect(shown.contains("    SET-1 waits on the customer's logs\n    INC-1: rollback holds\n"))
        // The JSON of the week carries the same notes, with the week they came from.
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try cli.ok("cycle", "--week", "2026-12-01", "--json").utf8)) as? [String: Any])
        let handed = try #require(json["handedTo"] as? [String: Any])
        #expect(handed["from"] as? String == "2026-11-23")
        let notes = try #require(handed["notes"] as? [[String: Any]])
        #expect(notes.map { $0["text"] as? String } == ["SET-1 waits on the customer's logs\nINC-1: rollback holds"])
    }

    @Test func aPastWeekShowsItsChecklistReassignmentsInvitationsAndNotes() throws {
        let (cli, _) = try weekHandedOver()
        cli.now = "2026-12-09T10:00:00Z"
        let past = try cli.ok("cycle", "--week", "2026-11-25")
        #expect(past.hasPrefix("SET cycle · rotation 2026-11-23 · phase: "))
        #expect(past.contains("handed over by "))
        #expect(past.contains("Hand-off notes from this week\n"))
        #expect(past.contains("    SET-1 waits on the customer's logs\n"))
        #expect(past.contains("Reassigned at the hand-over (1)\n  SET-1 → bob\n"))
        #expect(past.contains("Invited to incidents at the hand-over ("))
        #expect(past.contains("  INC-1: bob\n"))
        // The week it is now (2026-12-07) is not the past one.
        #expect(try cli.ok("cycle").contains("rotation 2026-12-07"))
        let bad = try cli.run(["cycle", "--week", "soon"])
        #expect(bad.status == 1 && bad.err.contains("--week soon is not a date"))
    }

    @Test func cycleSummaryRegeneratesTheHandoverFileFromTheJournal() throws {
        let (cli, file) = try weekHandedOver()
        let written = try String(contentsOfFile: file, encoding: .utf8)
        // The board moves on in the next week; the past week's summary stays what it was at its hand-over.
        cli.now = "2026-12-01T10:00:00Z"
        try cli.ok("add", "New week's ticket", "--tier", "hotfix")
        try cli.ok("move", "SET-2", "--to", "done")
        try cli.ok("incident", "update", "INC-1", "All clear")
        try FileManager.default.removeItem(atPath: file)
        #expect(try cli.ok("cycle", "summary", "--week", "2026-11-23") == written)
        #expect(written.contains("## Hand-off notes") && written.contains("SET-1 waits on the customer's logs"))
        let current = try cli.ok("cycle", "summary")
        #expect(current.hasPrefix("# SET hand-over: rotation 2026-11-30\n"))
        #expect(current.contains("New week's ticket"))
    }

    @Test func onCallSummaryDraftsTheWeekFromTheJournal() throws {
        let cli = try rosteredBoard()
        try cli.ok("add", "Login loop", "--tier", "community", "--level", "L1")
        try cli.ok("add", "Export times out", "--tier", "release")
        try cli.ok("add", "Typo", "--tier", "hotfix")
        try cli.ok("page", "--ticket", "set-1", "Login loop on community")
        cli.now = "2026-11-24T11:05:00Z"
        try cli.ok("ack")
        try cli.ok("page", "--priority", "P3", "Disk filling up")
        try cli.ok("incident", "open", "--level", "L2", "--ticket", "SET-1", "Login loop")
        cli.now = "2026-11-25T09:00:00Z"
        try cli.ok("incident", "update", "INC-1", "Rolled back")
        try cli.ok("incident", "update", "INC-1", "Holding")
        try cli.ok("incident", "status", "INC-1", "resolved")
        try cli.ok("handover", "SET-2", "--team", "cloud")
        try cli.ok("move", "SET-3", "--to", "done")
        cli.now = "2026-11-27T15:00:00Z"
        try cli.ok("cycle", "handover", "--yes", "--notes", "Watch disk on eu-1", "--summary",
                   cli.root.appendingPathComponent("h.md").path)

        cli.now = "2026-12-02T10:00:00Z"
        let text = try cli.ok("oncall", "summary", "--week", "2026-11-24")
        #expect(text.hasPrefix("On-call summary: SET week 2026-11-23\n"))
        #expect(text.contains("Pages (2)\n"))
        #expect(text.contains("  P-1 P2 Login loop on community (SET-1) — opened 2026-11-24 10:00 UTC by "))
        #expect(text.contains(" — acknowledged by ") && text.contains(" after 1h 05m\n"))
        #expect(text.contains("  P-2 P3 Disk filling up — opened 2026-11-24 11:05 UTC by "))
        // Week 1 ends at the hand-off, Monday 2026-11-30 09:00: the page has waited from 11:05 on the 24th.
        #expect(text.contains(" — NOT acknowledged (5d 21h since it opened)\n"))
        #expect(text.contains("  opened: 1 — INC-1 L2 Login loop\n"))
        #expect(text.contains("  updated: 1 — INC-1 (2 updates)\n"))
        #expect(text.contains("  resolved: 1 — INC-1 (resolved)\n"))
        #expect(text.contains("  taken in: 3 — SET-1 Login loop; SET-2 Export times out; SET-3 Typo\n"))
        #expect(text.contains("  handed over: 1 — SET-2 → cloud\n"))
        #expect(text.contains("  closed: 1 — SET-3\n"))
        #expect(text.contains("Response-clock breaches (3)\n  SET-1 time to assign: target passed 2026-11-24 11:00 UTC, still running ("))
        #expect(text.contains("Hand-off notes from this week\n  ") && text.contains(": Watch disk on eu-1\n"))

        let md = try cli.ok("oncall", "summary", "--week", "2026-11-24", "--md")
        #expect(md.hasPrefix("# On-call summary: SET week 2026-11-23\n\n- "))
        #expect(md.contains("\n## Pages (2)\n\n- P-1 P2 Login loop on community (SET-1)"))
        #expect(md.contains("\n## Response-clock breaches (3)\n\n- SET-1 time to assign: target passed 2026-11-24 11:00 UTC, still running"))

        // This week: nothing happened yet, and the notes handed to it are last week's.
        let now = try cli.ok("oncall", "summary")
        #expect(now.hasPrefix("On-call summary: SET week 2026-11-30\n"))
        #expect(now.contains("Pages (0)\n  none\n"))
        #expect(now.contains("Hand-off notes handed to this week (rotation 2026-11-23)\n  ") && now.contains(": Watch disk on eu-1\n"))
    }
}
