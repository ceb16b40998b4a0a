/// The roster from the shell: example → import → plain text, `who` exit codes, refusals that change nothing, round trip.
import Foundation
import SetBoardJournal
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("roster commands") struct RosterCLITests {
    /// The account the binary acts as: the same one this test runs under.
    static var actor: String {
        guard let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name else { return "?" }
        return String(cString: name)
    }

    func write(_ cli: CLIRunner, _ name: String, _ text: String) throws -> String {
        let path = cli.root.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A board with the example roster imported, the test's account named as an admin so it may change it.
    func board(admin: Bool = true) throws -> CLIRunner {
        let cli = try CLIRunner()
        try cli.ok("init")
        var example = try cli.ok("roster", "example")
        if admin { example = example.replacingOccurrences(of: "admins: [frank]", with: "admins: [frank, \(RosterCLITests.actor)]") }
        #expect(try cli.ok("roster", "import", try write(cli, "roster.yaml", example)) == "roster imported: 6 engineers, 1 rotation, 2 shifts\n")
        return cli
    }

    /// A roster another host imported may name a zone this host does not know: the journal line is rewritten here to
    /// one, as such a host would have written it. The roster text, header and pane say so instead of passing UTC off
    /// as the zone; importing the same zone here is refused with its line.
    @Test func aZoneThisHostDoesNotKnowIsNamedNotTakenForGMT() throws {
        let cli = try board(admin: false)
        let path = cli.board + "/journal.log"
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        let i = try #require(lines.firstIndex { $0.contains("roster.defined") })
        let json = String(lines[i].drop { $0 != " " }.dropFirst())
        func crc(_ s: String) -> String { String(decoding: CRC32.hex(CRC32.checksum(Array(s.utf8))), as: UTF8.self) }
        #expect(lines[i] == crc(json) + " " + json)
        let moved = json.replacingOccurrences(of: "America/New_York", with: "Mars/Olympus")
        lines[i] = crc(moved) + " " + moved
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))

        let note = "time zone Mars/Olympus is not known on this host: its times are shown as UTC"
        let text = try cli.ok("roster")
        #expect(text.hasPrefix("SET on call · 2026-11-24 10:00 UTC · rotation SET, week 1 of 2\n" + note + "\n"))
        // Berlin is still known, so what is read on its clock is unchanged.
        #expect(text.contains("\nnext hand-off  Mon 2026-11-30 09:00 Europe/Berlin (in 5d 22h)\n"))
        #expect(try cli.ok("roster", "--header").contains(" · " + note))
        #expect(try cli.ok("roster", "--json").contains("\"unknownZones\":[\"Mars/Olympus\"]"))
        #expect(try cli.ok("render", "--size", "168x30", "--pane", "roster").contains("zone Mars/Olympus unknown here: UTC assumed"))

        let example = try cli.ok("roster", "export").replacingOccurrences(of: "America/New_York", with: "Mars/Olympus")
        let refused = try cli.run(["roster", "import", try write(cli, "moved.yaml", example)])
        #expect(refused.status != 0)
        #expect(refused.err.contains("engineers[3].zone: \"Mars/Olympus\" is not an IANA time zone such as Europe/Berlin; nothing was changed"))
        #expect(refused.err.contains("moved.yaml line "))
    }

    @Test func exampleImportsAsIsAndTheTextShowsWhoIsOnCall() throws {
        let cli = try board(admin: false)
        // 2026-11-24 is a Tuesday 46 weeks after the anchor 2026-01-05: week one of the pair, alice first.
        let text = try cli.ok("roster")
        #expect(text.hasPrefix("SET on call · 2026-11-24 10:00 UTC · rotation SET, week 1 of 2\nshift     EMEA 08:00-17:00 Europe/Berlin\n"))
        #expect(text.contains("\nprimary   @alice      Alice Archer      server    Tue 11:00 Europe/Berlin\n"))
        #expect(text.contains("\nbackup    @bob "))
        #expect(text.contains("\nlead      @carol "))
        #expect(text.contains("\nnext hand-off  Mon 2026-11-30 09:00 Europe/Berlin (in 5d 22h)\n"))
        #expect(text.contains("\nnext week (from Mon 2026-11-30 09:00)\n  EMEA      primary @bob   backup @alice\n"))
        #expect(text.contains("\nescalation  @alice (primary) → @bob (backup) → @carol (lead); 15m at each step, then 1 more round\n"))
        #expect(!text.contains("active pages"))
        let americas = try cli.ok("roster", "--at", "2026-11-24T16:30:00Z")
        #expect(americas.contains("shift     Americas 09:00-18:00 America/New_York\n"))
        #expect(americas.contains("\nprimary   @dave       Dave Dunn         mobile    Tue 11:30 America/New_York\n"))
        #expect(try cli.ok("roster", "--header") == "SET week from Mon 2026-11-23 09:00: EMEA primary @alice backup @bob"
                + " · Americas primary @dave backup @erin · lead @carol · on shift now: EMEA, primary @alice, backup @bob"
                + " · hand-off Mon 09:00 Europe/Berlin · no rotation after 2026-01-18: import the next one\n")
    }

    @Test func whoPrintsJustTheHandleAndFailsLoudlyForNobody() throws {
        let empty = try CLIRunner()
        try empty.ok("init")
        let none = try empty.run(["roster", "who", "primary"])
        #expect(none.status == 1)
        #expect(none.out.isEmpty)
        #expect(none.err.contains("no roster yet"))
        #expect(try empty.ok("roster").hasPrefix("no roster yet"))

        let cli = try board()
        #expect(try cli.ok("roster", "who", "primary") == "alice\n")
        #expect(try cli.ok("roster", "who", "backup") == "bob\n")
        #expect(try cli.ok("roster", "who", "lead") == "carol\n")
        // Saturday: no shift covers it and the fallback is the lead, so there is no primary.
        let weekend = try cli.run(["roster", "who", "primary", "--at", "2026-11-28T12:00"])
        #expect(weekend.status == 3)
        #expect(weekend.out.isEmpty)
        #expect(weekend.err == "setboard: nobody is primary at 2026-11-28 11:00 UTC: no shift covers this time\n")
        #expect(try cli.run(["roster", "who", "lead", "--at", "2026-11-28T12:00"]).out == "carol\n")
        // Saturday is after Friday's hand-over deadline and nobody ran `cycle handover`: the header says so too.
        #expect(try cli.ok("roster", "--header", "--at", "2026-11-28T12:00")
                == "SET week from Mon 2026-11-23 09:00: EMEA primary @alice backup @bob · Americas primary @dave backup @erin"
                + " · lead @carol · on shift now: nobody, the lead @carol answers · hand-off Mon 09:00 Europe/Berlin"
                + " · no rotation after 2026-01-18: import the next one"
                + " · SET hand-over OVERDUE by 19h (2026-11-27 16:00 UTC): run `setboard cycle handover`\n")
        #expect(try cli.run(["roster", "who", "boss"]).status != 0)
    }

    @Test func wallClockAcrossDSTFromTheShell() throws {
        let cli = try CLIRunner()
        try cli.ok("init")
        let example = try cli.ok("roster", "example").replacingOccurrences(of: "anchor: 2026-01-05", with: "anchor: 2025-01-06")
        try cli.ok("roster", "import", try write(cli, "r.yaml", example))
        // Times without an offset are Berlin wall clock: 09:30 on 2025-03-31 is 12 weeks on, alice's week.
        #expect(try cli.ok("roster", "who", "primary", "--at", "2025-03-31T09:30") == "alice\n")
        #expect(try cli.ok("roster", "who", "primary", "--at", "2025-03-31T08:59") == "bob\n")
        #expect(try cli.ok("roster", "who", "primary", "--at", "2025-10-27T08:59") == "bob\n")
        #expect(try cli.ok("roster", "who", "primary", "--at", "2025-10-27T08:00:00Z") == "alice\n")
    }

    @Test func aBadFileIsRefusedWithLineAndFieldAndChangesNothing() throws {
        let cli = try board()
        let before = try cli.ok("roster", "export")
        let good = try cli.ok("roster", "example")
        let cases: [(String, String)] = [
            (good.replacingOccurrences(of: "people: [dave, erin]", with: "people: [dave, zed]"),
             "line 52, rotations[0].shifts[1].people[1]: zed is not one of the engineers listed; nothing was changed"),
            (good.replacingOccurrences(of: "zone: America/New_York}\n  - {handle: erin", with: "zone: Mars/Olympus}\n  - {handle: erin"),
             "line 22, engineers[3].zone: \"Mars/Olympus\" is not an IANA time zone such as Europe/Berlin; nothing was changed"),
            (good.replacingOccurrences(of: "    weeks: 2 ", with: "    wekes: 2 "),
             "line 32, rotations[0].wekes: unknown field"),
            (good.replacingOccurrences(of: "anchor: 2026-01-05", with: "anchor: 2026-01-06"),
             "line 31, rotations[0].anchor: 2026-01-06 is not a monday, the hand-off day; nothing was changed"),
            (good.replacingOccurrences(of: "waits: [15m, 15m, 15m]", with: "waits: [15m, soon]"),
             "line 14, escalation.waits[1]: \"soon\" is not a duration"),
            (good + "  - [unclosed\n", "not valid YAML"),
        ]
        for (i, (text, message)) in cases.enumerated() {
            let r = try cli.run(["roster", "import", try write(cli, "bad\(i).yaml", text)])
            #expect(r.status == 1, "case \(i)")
            #expect(r.err.contains(message), "case \(i): \(r.err)")
            #expect(r.out.isEmpty)
        }
        #expect(try cli.ok("roster", "export") == before)
        // On an empty board too: a bad first import leaves no roster behind.
        let empty = try CLIRunner()
        try empty.ok("init")
        #expect(try empty.run(["roster", "import", try write(empty, "bad.yaml", cases[0].0)]).status == 1)
        #expect(try empty.run(["roster", "who", "primary"]).status == 1)
    }

    @Test func onlyLeadsAndAdminsMayChangeTheRoster() throws {
        let cli = try board(admin: false)
        let before = try cli.ok("roster", "export")
        let again = try cli.run(["roster", "import", try write(cli, "r.yaml", try cli.ok("roster", "example"))])
        #expect(again.status == 1)
        #expect(again.err == "setboard: error: \(RosterCLITests.actor) may not change the roster: only its leads and admins can (@carol, @frank)\n")
        for args in [["roster", "override", "--role", "primary", "--handle", "frank", "--from", "2026-11-24T09:00", "--to", "2026-11-25T09:00"],
                     ["roster", "swap", "alice", "bob", "--week", "2026-11-30"],
                     ["roster", "leave", "bob", "--from", "2026-11-25", "--to", "2026-11-26"]] {
            let r = try cli.run(args)
            #expect(r.status == 1, "\(args)")
            #expect(r.err.contains("may not change the roster"))
        }
        #expect(try cli.ok("roster", "export") == before)
        #expect(try cli.ok("log", "--last", "1").hasSuffix("roster defined: 6 engineers, 1 rotation (EMEA, Americas)\n"))
    }

    @Test func leaveNeedsCoverUntilAnOverrideCoversIt() throws {
        let cli = try board()
        #expect(try cli.ok("roster", "leave", "bob", "--from", "2026-11-24", "--to", "2026-11-26")
                == "@bob is on leave: Tue 2026-11-24 00:00 – Fri 2026-11-27 00:00 Europe/Berlin\n")
        let text = try cli.ok("roster")
        #expect(text.contains("\nbackup    NEEDS COVER (@bob is on leave)\n"))
        #expect(text.contains("\nescalation  @alice (primary) → @carol (lead);"))
        #expect(try cli.ok("roster", "--weeks", "1").contains("  EMEA      primary @alice  backup @bob (needs cover)\n"))
        #expect(try cli.run(["roster", "who", "backup"]).err.contains("@bob is on leave and nobody covers"))

        try cli.ok("roster", "override", "--role", "backup", "--handle", "frank", "--from", "2026-11-24", "--to", "2026-11-27", "--shift", "EMEA")
        #expect(try cli.ok("roster", "who", "backup") == "frank\n")
        #expect(!(try cli.ok("roster")).contains("NEEDS COVER"))
        #expect(!(try cli.ok("roster", "--weeks", "1")).contains("needs cover"))
    }

    @Test func swapForAWeekAndExportImportRoundTrip() throws {
        let cli = try board()
        #expect(try cli.ok("roster", "swap", "bob", "dave", "--week", "2026-11-30")
                == "@bob and @dave swap duties: Mon 2026-11-30 09:00 – Mon 2026-12-07 09:00 Europe/Berlin\n")
        let next = try cli.ok("roster", "--weeks", "2")
        #expect(next.contains("week from Mon 2026-11-30 09:00 Europe/Berlin · rotation SET\n  EMEA      primary @dave  backup @alice\n  Americas  primary @erin  backup @bob\n"))
        try cli.ok("roster", "override", "--role", "lead", "--handle", "alice", "--from", "2026-12-01T09:00", "--to", "2026-12-02T09:00")
        #expect(try cli.ok("log", "--last", "1").hasSuffix("roster override: @alice lead, 2026-12-01 08:00 – 2026-12-02 08:00 UTC\n"))
        let exported = try cli.ok("roster", "export")
        #expect(exported.contains("swaps:\n  - a: \"bob\"\n    b: \"dave\"\n    from: 2026-11-30T08:00:00Z\n    to: 2026-12-07T08:00:00Z\n"))
        #expect(exported.contains("overrides:\n  - role: lead\n"))
        try cli.ok("roster", "import", try write(cli, "exported.yaml", exported))
        #expect(try cli.ok("roster", "export") == exported)
        #expect(try cli.ok("roster", "--weeks", "2") == next + "  override: @alice lead, Tue 2026-12-01 09:00 – Wed 2026-12-02 09:00\n")
    }

    @Test func jsonHasTheOnCallShape() throws {
        let cli = try board()
        let out = try cli.ok("roster", "--json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        #expect(object["shift"] as? String == "EMEA")
        #expect(object["uncovered"] as? Bool == false)
        #expect((object["primary"] as? [String: Any])?["handle"] as? String == "alice")
        #expect((object["primary"] as? [String: Any])?["local"] as? String == "Tue 2026-11-24 11:00")
        #expect((object["chain"] as? [[String: Any]])?.map { $0["role"] as? String } == ["primary", "backup", "lead"])
        #expect(object["nextHandoff"] as? String == "2026-11-30T08:00:00Z")
        #expect((object["escalation"] as? [String: Any])?["waits"] as? [Int] == [900, 900, 900])
        #expect((object["nextWeek"] as? [String: Any])?["lead"] as? String == "carol")
        #expect(object["pages"] as? [Any] != nil)
        #expect(object["needsCover"] as? [Any] != nil)
    }

    @Test func icsIsAnRFC5545FeedWithCRLFAndFoldedLines() throws {
        let cli = try board()
        let ics = try cli.ok("roster", "--ics", "--weeks", "1")
        #expect(ics.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"))
        #expect(ics.hasSuffix("END:VCALENDAR\r\n"))
        let lines = ics.components(separatedBy: "\r\n").dropLast()
        #expect(!lines.contains { $0.contains("\n") || $0.contains("\r") })
        #expect(lines.allSatisfy { $0.utf8.count <= 75 })
        #expect(lines.contains { $0.hasPrefix(" ") }, "some long line is folded")
        // Unfolded, each event has its identity, stamp and UTC times. Hand-off to hand-off: five EMEA and five Americas
        // weekdays, plus next Monday's first EMEA hour (08:00-09:00 Berlin), which still belongs to this week.
        let unfolded = ics.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "\r\n")
        let events = unfolded.filter { $0 == "BEGIN:VEVENT" }.count
        #expect(events == 11)
        for field in ["UID:", "DTSTAMP:20261124T100000Z", "DTSTART:", "DTEND:", "SUMMARY:"] {
            #expect(unfolded.filter { $0.hasPrefix(field) }.count == events, "\(field)")
        }
        #expect(Set(unfolded.filter { $0.hasPrefix("UID:") }).count == events)
        let utc = try Regex("^DT(START|END):[0-9]{8}T[0-9]{6}Z$")
        #expect(unfolded.filter { $0.hasPrefix("DTSTART") || $0.hasPrefix("DTEND") }.allSatisfy { $0.wholeMatch(of: utc) != nil })
        #expect(unfolded.contains("DTSTART:20261123T080000Z"))
        #expect(unfolded.contains("DTEND:20261130T080000Z"))
        #expect(unfolded.contains("SUMMARY:SET EMEA: alice primary\\, bob backup"))
    }

    @Test func pipedOrNoColorOutputHasNoEscapes() throws {
        let cli = try board()
        try cli.ok("roster", "leave", "bob", "--from", "2026-11-24", "--to", "2026-11-26")
        for env in [[:], ["NO_COLOR": "1"]] {
            for args in [["roster"], ["roster", "--weeks", "2"], ["roster", "--header"]] {
                let r = try cli.run(args, environment: env)
                #expect(r.status == 0)
                #expect(!r.out.contains("\u{1B}"), "\(args) \(env)")
            }
        }
    }

    @Test func theDemoBoardHasARosterWithTwoZones() throws {
        let cli = try CLIRunner()
        cli.now = "2026-11-24T16:30:00Z"
        try cli.ok("demo", "--no-show")
        #expect(try cli.ok("roster", "who", "primary") == "dave\n")
        let text = try cli.ok("roster")
        #expect(text.contains("shift     Americas 09:00-18:00 America/New_York\n"))
        #expect(text.contains("\n  EMEA      primary @bob "))
        // The account that ran the demo is an admin of its roster, so it can try changes.
        try cli.ok("roster", "leave", "erin", "--from", "2026-11-24", "--to", "2026-11-25")
        #expect(try cli.ok("roster").contains("NEEDS COVER (@erin is on leave)"))
    }
}

@Suite("roster files and the rest of the board") struct RosterFileCLITests {
    let file24x7 = """
        admins: [root]
        engineers:
          - {handle: alice, name: "Alice \\e[31mArcher", team: server, zone: Europe/Berlin}
          - {handle: bob, name: Bob Baker, team: server, zone: Europe/Berlin}
          - {handle: carol, name: Carol Clark, team: web, zone: Australia/Sydney}
        rotations:
          - name: ALL
            zone: Australia/Sydney
            anchor: 2026-01-05
            lead: carol
            pattern: 24x7
            shifts:
              - {name: ALL, people: [alice, bob]}

        """

    func write(_ cli: CLIRunner, _ text: String) throws -> String {
        let path = cli.root.appendingPathComponent("r.yaml").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func aTwentyFourSevenFileWithDefaultsCoversTheWeekendAndEscapesNames() throws {
        let cli = try CLIRunner()
        try cli.ok("init")
        try cli.ok("roster", "import", try write(cli, file24x7))
        cli.now = "2026-11-28T03:00:00Z"
        #expect(try cli.ok("roster", "who", "primary") == "alice\n")
        let text = try cli.ok("roster")
        #expect(text.contains("Alice \\x1b[31mArcher"))
        #expect(!text.contains("\u{1B}"))
        let exported = try cli.ok("roster", "export")
        #expect(exported.contains("hours: \"00:00-24:00\"\n        days: daily\n"))
        #expect(exported.contains("name: \"Alice \\u001b[31mArcher\""))
    }

    @Test func aStaggeredRotationNeedsTwoOrMorePeople() throws {
        let cli = try CLIRunner()
        try cli.ok("init")
        let staggered = file24x7.replacingOccurrences(of: "pattern: 24x7", with: "pattern: staggered")
            .replacingOccurrences(of: "people: [alice, bob]", with: "people: [alice, bob, carol]")
        try cli.ok("roster", "import", try write(cli, staggered))
        let weeks = try cli.ok("roster", "--weeks", "3")
        #expect(weeks.contains("  ALL  primary @alice  backup @bob\n"))
        #expect(weeks.contains("  ALL  primary @bob  backup @carol\n"))
        #expect(weeks.contains("  ALL  primary @carol  backup @alice\n"))
        let lonely = file24x7.replacingOccurrences(of: "pattern: 24x7", with: "pattern: staggered")
            .replacingOccurrences(of: "people: [alice, bob]", with: "people: [alice]")
        let r = try cli.run(["roster", "import", try write(cli, lonely)])
        #expect(r.status == 1)
        #expect(r.err.contains("line 13, rotations[0].shifts[0].people: a staggered shift needs two or more people"))
    }

    /// Week 46 of the Sydney rotation: alice is primary, so she commands, not the account that opens it.
    @Test func aNewIncidentIsCommandedByThePrimaryOnCall() throws {
        let cli = try CLIRunner()
        try cli.ok("init")
        try cli.ok("roster", "import", try write(cli, file24x7))
        try cli.ok("incident", "open", "--level", "L1", "Login loop")
        #expect(try cli.ok("incident", "list").contains("commander @alice"))
    }

    // MARK: One thing at a time, the end of a rotation, the channel header (issue 16)

    func saved(_ cli: CLIRunner, _ name: String, _ text: String) throws -> String {
        let path = cli.root.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The week: a two-week rotation from Monday 2026-11-30, asked about on Saturday 2026-12-12 with the
    /// Friday hand-over not done.
    func endingRotation() throws -> CLIRunner {
        let cli = try CLIRunner()
        try cli.ok("init")
        let example = try cli.ok("roster", "example").replacingOccurrences(of: "anchor: 2026-01-05", with: "anchor: 2026-11-30")
            .replacingOccurrences(of: "admins: [frank]", with: "admins: [frank, \(RosterCLITests.actor)]")
        try cli.ok("roster", "import", try saved(cli, "roster.yaml", example))
        cli.now = "2026-12-12T11:00:00Z"
        return cli
    }

    @Test func onSaturdayTheRosterSpeaksOfThisWeeksHandoverOnly() throws {
        let cli = try endingRotation()
        let text = try cli.ok("roster")
        #expect(text.hasPrefix("SET on call · 2026-12-12 11:00 UTC · rotation SET, week 2 of 2\n"))
        #expect(text.contains("\nhand-over due  Fri 2026-12-11 17:00 Europe/Berlin (19h 0m ago)\n"), "roster: \(text)")
        #expect(text.contains("SET hand-over OVERDUE by 19h (2026-12-11 16:00 UTC)"))
        #expect(!text.contains("2026-12-18"), "roster: \(text)")
        let json = try cli.ok("roster", "--json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["handoverDue"] as? String == "2026-12-11T16:00:00Z")
        // `week` is what the text says (week 2 of 2), not the count of weeks since the anchor.
        #expect(object["week"] as? Int == 2 && object["weeks"] as? Int == 2 && object["weeksSinceAnchor"] as? Int == 1)
    }

    @Test func aRotationWithNoSuccessorSaysSoUntilTheNextIsImported() throws {
        let cli = try endingRotation()
        let gap = "no rotation after 2026-12-13: import the next one"
        #expect(try cli.ok("roster").contains("\n" + gap + " (until then rotation SET repeats its weeks)\n"))
        #expect(try cli.ok("roster", "--header").contains(" · " + gap))
        let json = try cli.ok("roster", "--json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["noRotationAfter"] as? String == gap)
        // Import the next rotation: the roster stops warning.
        let next = try cli.ok("roster", "export").replacingOccurrences(of: "rotations:\n", with: """
            rotations:
              - name: SET-2
                zone: Europe/Berlin
                anchor: 2026-12-14
                lead: frank
                pattern: 24x7
                shifts:
                  - {name: all, people: [frank, dave]}

            """)
        try cli.ok("roster", "import", try saved(cli, "next.yaml", next))
        #expect(!(try cli.ok("roster")).contains("no rotation after"))
        #expect(!(try cli.ok("roster", "--header")).contains("no rotation after"))
    }

    @Test func theHeaderGivesTheWholeTeamOfTheWeekAndWhoIsOnShiftNow() throws {
        let cli = try endingRotation()
        // Wednesday 16:30 UTC: the Americas shift answers; week two swaps each pair.
        #expect(try cli.ok("roster", "--header", "--at", "2026-12-09T16:30:00Z")
            == "SET week from Mon 2026-12-07 09:00: EMEA primary @bob backup @alice · Americas primary @erin backup @dave"
            + " · lead @carol · on shift now: Americas, primary @erin, backup @dave · hand-off Mon 09:00 Europe/Berlin"
            + " · no rotation after 2026-12-13: import the next one\n")
    }
}
