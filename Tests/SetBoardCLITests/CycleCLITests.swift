/// The weekly cycle from the shell: start review, ticks, a hand-over that lands in one append with its summary, no roster.
import Foundation
import Testing

@Suite("cycle commands") struct CycleCLITests {
    /// Rotation 2026-11-23 (Monday 09:00 UTC) to 2026-12-07, hand-over due Friday 2026-12-04 17:00.
    static let window = """
        {"id":"2026-11-23","start":"2026-11-23T09:00:00Z","handoverDue":"2026-12-04T17:00:00Z","end":"2026-12-07T09:00:00Z",
         "outgoing":{"lead":"erin","seats":[{"shift":"EMEA","role":"primary","handle":"alice"},{"shift":"EMEA","role":"backup","handle":"bob"},
                                            {"shift":"AMER","role":"primary","handle":"carol"},{"shift":"AMER","role":"backup","handle":"dan"}]},
         "incoming":{"lead":"jon","seats":[{"shift":"EMEA","role":"primary","handle":"fay"},{"shift":"EMEA","role":"backup","handle":"gus"},
                                           {"shift":"AMER","role":"primary","handle":"hal"},{"shift":"AMER","role":"backup","handle":"ivy"}]}}
        """
    let env = ["SETBOARD_TEST_CYCLE_WINDOW": CycleCLITests.window]

    /// SET-1 @alice (with INC-1), SET-2 nobody, SET-3 @zed (not on SET), SET-4 @carol, SET-5 DONE @zed.
    func board() throws -> CLIRunner {
        let cli = try CLIRunner()
        try cli.ok("init")
        try cli.ok("add", "Login loop", "--tier", "community", "--level", "L1", "--assignee", "alice")
        try cli.ok("add", "Slow search", "--tier", "hotfix")
        try cli.ok("add", "Export times out", "--tier", "release", "--assignee", "zed")
        try cli.ok("add", "Typo", "--assignee", "carol")
        try cli.ok("add", "Old bug", "--assignee", "zed")
        try cli.ok("move", "SET-5", "--to", "done")
        try cli.ok("incident", "open", "--level", "L1", "--ticket", "SET-1", "--commander", "alice", "Login loop")
        return cli
    }

    func cycle(_ cli: CLIRunner, _ args: String...) throws -> CLIResult {
        try cli.run(["cycle"] + args, environment: env)
    }

    func records(_ cli: CLIRunner) throws -> [[String: Any]] {
        let out = try cli.ok("log", "--json")
        return try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [[String: Any]])
    }

    func assignees(_ cli: CLIRunner) throws -> [String: String] {
        let out = try cli.ok("list", "--json")
        let list = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [[String: Any]])
        var map: [String: String] = [:]
        for t in list { map[t["key"] as? String ?? "?"] = t["assignee"] as? String ?? "-" }
        return map
    }

    @Test func withoutARosterEveryCycleCommandSaysSoInOneLine() throws {
        let cli = try board()
        for args in [["cycle"], ["cycle", "tick", "ask-rnd"], ["cycle", "start", "--yes"], ["cycle", "handover", "--yes"]] {
            let r = try cli.run(args)
            #expect(r.status == 1)
            #expect(r.err == "setboard: error: no roster yet: import one with `setboard roster import FILE`\n")
        }
    }

    @Test func startListsTicketsOutsideTheTeamAndAssignsThemInOneStep() throws {
        let cli = try board()
        let before = try records(cli).count
        let list = try cycle(cli, "start")
        #expect(list.status == 0)
        #expect(list.out.contains("2 open SET tickets have no owner in the current SET team"))
        #expect(list.out.contains("SET-2  nobody  TO DO  Slow search"))
        #expect(list.out.contains("SET-3  @zed  TO DO  Export times out"))
        #expect(!list.out.contains("SET-1") && !list.out.contains("SET-5"))
        #expect(try records(cli).count == before)

        let done = try cycle(cli, "start", "--yes", "--assign-to", "bob")
        #expect(done.status == 0)
        #expect(done.out.hasSuffix("SET-2 assigned to bob\nSET-3 assigned to bob\nticked start-review\n"))
        #expect(try assignees(cli) == ["SET-1": "alice", "SET-2": "bob", "SET-3": "bob", "SET-4": "carol", "SET-5": "zed"])
        let show = try cycle(cli)
        #expect(show.out.contains("[x] start-review"))
        #expect(try cycle(cli, "start").out.contains("every open SET ticket has an owner in the current SET team"))
    }

    @Test func startAssigningToSomeoneWhoAlreadyHoldsOneSkipsThatTicket() throws {
        let cli = try board()
        let r = try cycle(cli, "start", "--yes", "--assign-to", "zed")
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.hasSuffix("SET-2 assigned to zed\nticked start-review\n"))
    }

    @Test func ticksRecordWhoAndWhenAndRefuseWeekends() throws {
        let cli = try board()
        #expect(try cycle(cli, "tick", "support-channel").out == "ticked support-channel for 2026-11-24 (rotation 2026-11-23)\n")
        let again = try cycle(cli, "tick", "support-channel", "--day", "2026-11-24")
        #expect(again.status == 1)
        #expect(again.err.contains("already ticked"))
        let weekend = try cycle(cli, "tick", "ask-rnd", "--day", "2026-11-22")
        #expect(weekend.status == 1)
        #expect(weekend.err.contains("outside rotation 2026-11-23"))
        let json = try cycle(cli, "--json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        #expect(object["phase"] as? String == "monitor")
        let items = try #require(object["checklist"] as? [[String: Any]])
        let ticked = items.filter { $0["ticked"] as? Bool == true }
        #expect(ticked.count == 1)
        #expect(ticked.first?["item"] as? String == "support-channel")
        #expect(ticked.first?["at"] as? String == "2026-11-24T10:00:00.000Z")
        #expect(ticked.first?["by"] as? String != nil)
    }

    /// The handbook checks Ask R&D "once or twice per day": both ticks are recorded and shown, a third is refused.
    @Test func askRnDTakesTwoTicksADayEachRecorded() throws {
        let cli = try board()
        #expect(try cycle(cli, "tick", "ask-rnd").out
            == "ticked ask-rnd for 2026-11-24 (rotation 2026-11-23, check 1 of 2 that day)\n")
        cli.now = "2026-11-24T15:30:00Z"
        #expect(try cycle(cli, "tick", "ask-rnd").out
            == "ticked ask-rnd for 2026-11-24 (rotation 2026-11-23, check 2 of 2 that day)\n")
        let third = try cycle(cli, "tick", "ask-rnd")
        #expect(third.status == 1 && third.err.contains("already ticked (2 ticks a day at most; the last) by"), "\(third.err)")
        let show = try cycle(cli).out
        #expect(show.contains("[x] ask-rnd ("), "cycle: \(show)")
        #expect(show.contains(" 10:00, ") && show.contains(" 15:30)"), "cycle: \(show)")
        let json = try cycle(cli, "--json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        let items = try #require(object["checklist"] as? [[String: Any]])
        let ask = try #require(items.first { $0["item"] as? String == "ask-rnd" && $0["day"] as? String == "2026-11-24" })
        #expect((ask["ticks"] as? [[String: Any]])?.compactMap { $0["at"] as? String }
            == ["2026-11-24T10:00:00.000Z", "2026-11-24T15:30:00.000Z"])
        #expect(try cli.ok("log").components(separatedBy: "ticked ask-rnd for 2026-11-24").count == 3)
    }

    @Test func handoverWithoutYesAndWithoutATerminalChangesNothing() throws {
        let cli = try board()
        cli.now = "2026-12-04T10:00:00Z"
        let before = try records(cli).count
        let summary = cli.root.appendingPathComponent("h.md").path
        let r = try cycle(cli, "handover", "--map", "carol=ivy", "--summary", summary)
        #expect(r.status == 0)
        #expect(r.out.contains("SET-1    alice → fay\n  SET-4    carol → ivy\n"))
        #expect(r.out.contains("INC-1: fay, gus, hal, ivy, jon"))
        #expect(r.out.hasSuffix("nothing changed: no terminal to confirm on; run again with --yes to apply\n"))
        #expect(try records(cli).count == before)
        #expect(!FileManager.default.fileExists(atPath: summary))
    }

    @Test func handoverWithYesLandsInOneAppendAndWritesTheSummary() throws {
        let cli = try board()
        cli.now = "2026-12-04T10:00:00Z"
        let before = try records(cli).count
        let summary = cli.root.appendingPathComponent("handover.md").path
        let r = try cycle(cli, "handover", "--yes", "--map", "carol=ivy", "--summary", summary,
                          "--notes", "INC-1: ask the DB team\n# \u{1B}[31mnot a heading")
        #expect(r.status == 0, "\(r.err)")
        // Only the outgoing team's tickets move: nobody's and zed's (not on SET) stay as they were.
        #expect(try assignees(cli) == ["SET-1": "fay", "SET-2": "-", "SET-3": "zed", "SET-4": "ivy", "SET-5": "zed"])

        let new = Array(try records(cli).dropFirst(before))
        let range = try #require(r.out.firstRange(of: "(journal ").map { r.out[$0.upperBound...].prefix { $0 != ")" } })
        let bounds = range.split(separator: "–").compactMap { Int($0) }
        #expect(bounds.count == 2)
        #expect(new.map { $0["seq"] as? Int ?? -1 } == Array((bounds.first ?? 0)...(bounds.last ?? 0)))
        let types = new.map { $0["type"] as? String ?? "?" }
        #expect(types.filter { $0 == "ticket.assigned" }.count == 2)
        #expect(types.filter { $0 == "incident.team_invited" }.count == 5)
        #expect(types.contains("cycle.notes_recorded"))
        #expect(types.last == "cycle.handover_completed")

        let md = try String(contentsOfFile: summary, encoding: .utf8)
        for section in ["# SET hand-over: rotation 2026-11-23", "## Open tickets by tier", "### community (1)",
                        "## Incidents", "INC-1 L1 investigating", "## Stuck tickets", "## What changed this week",
                        "tickets created × 5: SET-1, SET-2, SET-3, SET-4, SET-5", "## Hand-off notes", "INC-1: ask the DB team"] {
            #expect(md.contains(section), "summary lacks \(section)")
        }
        #expect(!md.contains("\u{1B}"))
        #expect(md.contains("\\# \\\\x1b\\[31mnot a heading"))
        // SET-1..4 were created on 2026-11-24 and not touched for more than 3 working days before the hand-over.
        #expect(md.contains("- SET-2 — Slow search — TO DO, no event for"))

        let again = try cycle(cli, "handover", "--yes", "--summary", summary + ".2")
        #expect(again.status == 1)
        #expect(again.err.contains("already done"))
        #expect(try cycle(cli).out.contains("phase: handed over"))
    }

    /// Issue 16: the hand-over proposes the incoming primary as commander of every open incident, and --yes applies
    /// it through the incident commander event.
    @Test func handoverProposesAndAppliesTheIncomingPrimaryAsCommander() throws {
        let cli = try board()
        cli.now = "2026-12-04T10:00:00Z"
        let summary = cli.root.appendingPathComponent("c.md").path
        let dry = try cycle(cli, "handover", "--summary", summary)
        #expect(dry.out.contains("Incident commanders to hand to the incoming primary (1):\n  INC-1: alice → fay\n"), "\(dry.out)")
        let before = try records(cli).count
        let r = try cycle(cli, "handover", "--yes", "--summary", summary, "--notes", "none")
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("1 commander changed"))
        let new = Array(try records(cli).dropFirst(before))
        let changed = new.filter { $0["type"] as? String == "incident.commander_changed" }
        #expect(changed.count == 1)
        #expect(try cli.ok("incident", "show", "INC-1").contains("fay"))
    }

    /// Issue 16: week 1 → week 2 of one rotation, the same four people in other seats: every ticket stays with its
    /// assignee (before, alice's went to whoever took her seat).
    @Test func handoverInsideOneRotationKeepsTicketsWithWhoStaysOnSET() throws {
        let cli = try board()
        cli.now = "2026-12-04T10:00:00Z"
        let sameFour = CycleCLITests.window.replacingOccurrences(of: "fay", with: "bob")
            .replacingOccurrences(of: "\"gus\"", with: "\"alice\"").replacingOccurrences(of: "hal", with: "dan")
            .replacingOccurrences(of: "ivy", with: "carol").replacingOccurrences(of: "jon", with: "erin")
        let summary = cli.root.appendingPathComponent("w2.md").path
        let r = try cli.run(["cycle", "handover", "--yes", "--summary", summary, "--notes", "none"],
                            environment: ["SETBOARD_TEST_CYCLE_WINDOW": sameFour])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("Tickets to reassign (0):\n  none\n"), "\(r.out)")
        #expect(try assignees(cli) == ["SET-1": "alice", "SET-2": "-", "SET-3": "zed", "SET-4": "carol", "SET-5": "zed"])
    }

    /// Runs `setboard cycle handover` with a terminal on stdin (through script(1)), typing `answer`.
    func handoverOnATerminal(_ cli: CLIRunner, answer: String, summary: String, editor: String) throws -> CLIResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", "'\(CLIRunner.binary)' cycle handover --summary '\(summary)'", "/dev/null"]
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": cli.root.path, "SETBOARD_BOARD": cli.board,
                               "SETBOARD_NOW": cli.now, "LANG": "C.UTF-8", "EDITOR": editor, "TERM": "dumb",
                               "SETBOARD_TEST_CYCLE_WINDOW": CycleCLITests.window]
        let inPipe = Pipe(), outPipe = Pipe()
        process.standardInput = inPipe
        process.standardOutput = outPipe
        process.standardError = outPipe
        try process.run()
        inPipe.fileHandleForWriting.write(Data((answer + "\n").utf8))
        let out = outPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLIResult(status: process.terminationStatus, out: String(decoding: out, as: UTF8.self), err: "")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func onATerminalItAsksAndTakesTheNotesFromTheEditor() throws {
        let cli = try board()
        cli.now = "2026-12-04T10:00:00Z"
        let editor = cli.root.appendingPathComponent("editor.sh").path
        try Data("#!/bin/sh\nprintf 'notes from the editor\\n' > \"$1\"\n".utf8).write(to: URL(fileURLWithPath: editor))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: editor)
        let summary = cli.root.appendingPathComponent("tty.md").path
        let before = try records(cli).count

        let no = try handoverOnATerminal(cli, answer: "n", summary: summary, editor: editor)
        #expect(no.out.contains("Apply this hand-over? [y/N] "))
        #expect(no.out.contains("nothing changed"))
        #expect(try records(cli).count == before)

        let yes = try handoverOnATerminal(cli, answer: "y", summary: summary, editor: editor)
        #expect(yes.status == 0, "\(yes.out)")
        #expect(yes.out.contains("notes recorded"))
        #expect(try String(contentsOfFile: summary, encoding: .utf8).contains("notes from the editor"))
    }

    @Test func handoverRefusesToOverwriteASummary() throws {
        let cli = try board()
        cli.now = "2026-12-04T10:00:00Z"
        let summary = cli.root.appendingPathComponent("taken.md").path
        try Data("mine".utf8).write(to: URL(fileURLWithPath: summary))
        let before = try records(cli).count
        let r = try cycle(cli, "handover", "--yes", "--summary", summary)
        #expect(r.status == 1)
        #expect(r.err.contains("exists"))
        #expect(try records(cli).count == before)
        #expect(try String(contentsOfFile: summary, encoding: .utf8) == "mine")
    }

    @Test func theBoardHeaderWarnsWhenTheHandoverIsDueWithin24Hours() throws {
        let cli = try board()
        cli.now = "2026-12-03T16:00:00Z"
        #expect(!(try cli.run(["render"], environment: env).out.contains("SET hand-over")))
        cli.now = "2026-12-04T10:00:00Z"
        let screen = try cli.run(["render", "--size", "120x30"], environment: env)
        #expect(screen.out.contains("SET hand-over due in 7h"))
        #expect(try cycle(cli).out.contains("! SET hand-over due in 7h"))
    }
}
