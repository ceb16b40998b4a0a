/// `import jira`, `export csv|json`, `link` and `show JIRA-KEY` on the built binary, with an export as Jira writes it.
import Foundation
import Testing

@Suite(.serialized) struct JiraCLITests {
    /// A Jira "all fields" export: a byte-order mark, CRLF line ends, repeated Labels/Component/s/Comment/Watchers
    /// columns, quoted cells holding commas, quotes and line breaks, a column the import does not know, both date forms.
    static let export = "\u{FEFF}"
        + "Summary,Issue key,Issue id,Issue Type,Status,Priority,Labels,Labels,Component/s,Component/s,Fix Version/s,Fix Version/s,"
        + "Assignee,Reporter,Created,Description,Comment,Comment,Watchers,Watchers,Custom field (Story Points)\r\n"
        + "\"Login fails, sometimes\",MM-101,10001,Bug,In Progress,Highest,hotfix,customer,Server,Cloud,v10.1,v10.2,"
        + "Alice Example,Bob Reporter,07/Nov/26 10:15 AM,\"Steps:\r\n1. say \"\"hi\"\"\r\n2. it fails\",\"06/Nov/26 9:00 AM;bob;First, with a comma\","
        + "\"07/Nov/26 11:30 PM;alice;Second\r\non two lines\",w1,w2,3\r\n"
        + "Search is slow,MM-102,10002,Story,Waiting for Customer,Low,,,Mobile,,,,,carol,2026-11-20T08:00:00Z,,,,,,\r\n"

    static let map = """
        jira:
          url: https://jira.example.com/
          statuses:
            In Progress: in-progress
            Closed: done
          types:
            Story: feature
          tiers:
            label hotfix: hotfix
          levels:
            priority Highest: L1
            priority High: L2
            priority Low: L4
          users:
            Alice Example: alice
          teams:
            Server: server

        """

    static func board() throws -> (CLIRunner, csv: String, map: String) {
        let cli = try CLIRunner()
        try cli.ok("init")
        let csv = cli.root.appendingPathComponent("export.csv").path
        try Data(export.utf8).write(to: URL(fileURLWithPath: csv))
        let map = cli.root.appendingPathComponent("map.yaml").path
        try Data(Self.map.utf8).write(to: URL(fileURLWithPath: map))
        return (cli, csv, map)
    }

    static func journal(_ cli: CLIRunner) throws -> String {
        try String(contentsOfFile: cli.board + "/journal.log", encoding: .utf8)
    }

    @Test func anExportAsJiraWritesItBecomesTicketsWithTheirKeyCreatedTimeReporterAndComments() throws {
        let (cli, csv, map) = try Self.board()
        let before = try Self.journal(cli).split(separator: "\n").count
        let r = try cli.run(["import", "jira", csv, "--map", map])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out == "2 added, 0 changed, 0 unchanged\n")
        // One import is one append: every line it wrote is marked as one group of all of them.
        let written = try Self.journal(cli).split(separator: "\n").dropFirst(before)
        #expect(written.count == 6)
        #expect(written.allSatisfy { $0.contains("\"grp\":6") }, "\(written)")
        let show = try cli.ok("show", "MM-101")
        #expect(show.hasPrefix("SET-1  Login fails, sometimes\n"))
        #expect(show.contains("IN PROGRESS"))
        #expect(show.contains("level       L1"))
        #expect(show.contains("tier        hotfix"))
        #expect(show.contains("assignee    alice"))
        #expect(show.contains("created     2026-11-07 10:15 UTC"))
        #expect(show.contains("jira        MM-101 https://jira.example.com/browse/MM-101, reported by Bob Reporter"))
        // Every repeated column counts: both labels, both fix versions, both watchers, both comments.
        #expect(show.contains("fix in      v10.1, v10.2"))
        #expect(show.contains("watchers    w1, w2"))
        #expect(show.contains("  1. say \"hi\"\n  2. it fails\n"))
        #expect(show.contains("SET-1 note from bob (2026-11-06 09:00 UTC): First, with a comma"))
        #expect(show.contains("SET-1 note from alice (2026-11-07 23:30 UTC): Second\\x0aon two lines"))
        #expect(!show.contains("\u{0D}"))
        let second = try cli.ok("show", "mm-102")
        #expect(second.contains("type        feature"))
        #expect(second.contains("team        -"))
        #expect(show.contains("team        server"))
        #expect(second.contains("created     2026-11-20 08:00 UTC"))
        // The unknown status falls back to TO DO; rule order counts the Jira created time (13 days old, not new).
        #expect(second.contains("TO DO"))
        #expect(try cli.ok("list").contains("SET-2  other       L4  4d "))
    }

    @Test func dryRunListsUnmappedValuesWithCountsAndWritesNothing() throws {
        let (cli, csv, map) = try Self.board()
        let before = try Self.journal(cli)
        let r = try cli.run(["import", "jira", csv, "--map", map, "--dry-run"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("would be 2 added, 0 changed, 0 unchanged (2 issues read)"))
        #expect(r.out.contains("status \"Waiting for Customer\" ×1 → todo (unknown)"))
        #expect(r.out.contains("label \"customer\" ×1 → ignored"))
        #expect(r.out.contains("component \"Cloud\" ×1 → no team"))
        #expect(r.out.contains("component \"Mobile\" ×1 → no team"))
        #expect(r.out.contains("user \"Alice Example\"") == false)
        #expect(try Self.journal(cli) == before)
    }

    @Test func reimportingIsIdempotentAndANewerExportBecomesOrdinaryChangeEvents() throws {
        let (cli, csv, map) = try Self.board()
        try cli.ok("import", "jira", csv, "--map", map)
        let after = try Self.journal(cli)
        #expect(try cli.ok("import", "jira", csv, "--map", map) == "0 added, 0 changed, 2 unchanged\n")
        #expect(try Self.journal(cli) == after, "an unchanged re-import writes nothing")
        let newer = Self.export.replacingOccurrences(of: "In Progress,Highest", with: "Closed,High")
            .replacingOccurrences(of: "w1,w2,3", with: "w1,\"08/Nov/26 8:00 AM;carol;Third\",3")
            .replacingOccurrences(of: "Watchers,Watchers", with: "Watchers,Comment")
            + "New one,MM-103,10003,Bug,Open,,,,,,,,,dave,08/Nov/26 8:00 AM,,,,,,\r\n"
        try Data(newer.utf8).write(to: URL(fileURLWithPath: csv))
        cli.now = "2026-11-24T11:00:00Z"
        #expect(try cli.ok("import", "jira", csv, "--map", map) == "1 added, 1 changed, 1 unchanged\n")
        let log = try cli.ok("log", "--ticket", "SET-1")
        #expect(log.contains("SET-1 edited: level L2"))
        #expect(log.contains("SET-1 moved IN PROGRESS → DONE"))
        #expect(log.contains("SET-1 note from carol (2026-11-08 08:00 UTC): Third"))
        // The second Watchers column became a Comment: the origin is recorded again with one watcher.
        #expect(try cli.ok("show", "SET-1").contains("watchers    w1\n"))
        #expect(log.components(separatedBy: "note from bob").count == 2, "old comments are not added twice")
        #expect(try cli.ok("show", "MM-103").contains("SET-3"))
        #expect(try cli.ok("list", "--json").components(separatedBy: "\"key\"").count == 4, "three tickets, none duplicated")
        #expect(try cli.ok("import", "jira", csv, "--map", map) == "0 added, 0 changed, 3 unchanged\n")
    }

    @Test func anExportOfFewerColumnsLeavesTheOtherFieldsAlone() throws {
        let (cli, csv, map) = try Self.board()
        try cli.ok("import", "jira", csv, "--map", map)
        try Data("Summary,Issue key,Status\r\n\"Login fails, sometimes\",MM-101,In Progress\r\nSearch is slow,MM-102,Closed\r\n".utf8)
            .write(to: URL(fileURLWithPath: csv))
        #expect(try cli.ok("import", "jira", csv, "--map", map) == "0 added, 1 changed, 1 unchanged\n")
        let show = try cli.ok("show", "MM-101")
        #expect(show.contains("assignee    alice"))
        #expect(show.contains("level       L1"))
        #expect(show.contains("  2. it fails"))
        #expect(show.contains("watchers    w1, w2"))
        #expect(try cli.ok("show", "MM-102").contains("DONE"))
    }

    @Test func badExportsAreRefusedWithTheRowAndWriteNothing() throws {
        let (cli, csv, map) = try Self.board()
        let before = try Self.journal(cli)
        let cases: [(String, String)] = [
            ("Summary,Issue key\r\n\"unclosed,MM-1\r\n", "row 1 has 1 fields but the header has 2"),
            ("Title,Key\r\nx,MM-1\r\n", "no `Issue key` column"),
            ("Summary,Issue key,Created\r\nx,MM-1,31/Feb/26 10:00 AM\r\n", "row 1 (MM-1): Created \"31/Feb/26 10:00 AM\" is not a date"),
            ("Summary,Issue key\r\nx,MM-1\r\ny,MM-1\r\n", "MM-1 appears again (first on row 1)"),
            ("Summary,Issue key\r\nx,not a key\r\n", "is not a Jira key"),
            ("Summary,Issue key\r\n,MM-1\r\n", "row 1 (MM-1)"),
            ("", "no header row"),
        ]
        for (text, said) in cases {
            try Data(text.utf8).write(to: URL(fileURLWithPath: csv))
            let r = try cli.run(["import", "jira", csv, "--map", map])
            #expect(r.status == 1, "\(text)")
            #expect(r.err.contains(said), "\(r.err)")
        }
        #expect(try cli.run(["import", "jira", cli.root.appendingPathComponent("missing.csv").path]).status == 1)
        #expect(try cli.run(["import", "jira"]).err.contains("give the CSV file"))
        #expect(try Self.journal(cli) == before)
    }

    @Test func theExampleMapIsCommentedAndReadByTheImport() throws {
        let (cli, csv, _) = try Self.board()
        let example = try cli.ok("import", "jira", "--example-map")
        #expect(example.contains("jira:"))
        #expect(example.contains("# "))
        // The default place, shared with `setboard alert`: an alerts: section beside jira: is fine.
        let dir = cli.root.appendingPathComponent("config/setboard")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data((example + "alerts:\n  levels:\n    severity=critical: L1\n").utf8).write(to: dir.appendingPathComponent("map.yaml"))
        let r = try cli.run(["import", "jira", csv])
        #expect(r.status == 0, "\(r.err)")
        #expect(try cli.ok("show", "MM-101").contains("https://jira.example.com/browse/MM-101"))
        #expect(try cli.run(["alert", "--example-map"]).status == 0)
    }

    @Test func exportCSVIsQuotedAsJiraReadsItAndImportsBackUnchanged() throws {
        let (cli, csv, map) = try Self.board()
        try cli.ok("import", "jira", csv, "--map", map)
        try cli.ok("add", "Plain, \"quoted\" title")
        let r = try cli.run(["export", "csv", "--map", map])
        #expect(r.status == 0, "\(r.err)")
        let lines = r.out.components(separatedBy: "\r\n")
        #expect(lines[0] == "Summary,Issue key,Issue Type,Status,Priority,Labels,Assignee,Description,Created")
        #expect(r.out.contains("\"Login fails, sometimes\",MM-101,Bug,In Progress,Highest,hotfix,Alice Example,\"Steps:\n1. say \"\"hi\"\"\n2. it fails\",07/Nov/26 10:15 AM"))
        #expect(r.out.contains("\"Plain, \"\"quoted\"\" title\",SET-3,"))
        // What it writes reads back: the same tickets, nothing changed.
        try Data(r.out.utf8).write(to: URL(fileURLWithPath: csv))
        let back = try cli.run(["import", "jira", csv, "--map", map, "--dry-run"])
        #expect(back.out.contains("would be 0 added, 0 changed, 3 unchanged"), "\(back.out) \(back.err)")
        let json = try cli.ok("export", "json")
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(parsed.count == 3)
        let first = try #require(parsed.first { $0["jira"] as? String == "MM-101" })
        #expect(first["reporter"] as? String == "Bob Reporter")
        #expect((first["notes"] as? [Any])?.count == 2)
        #expect(first["description"] as? String == "Steps:\n1. say \"hi\"\n2. it fails")
    }

    @Test func linksAreRecordedShownEscapedAndAJiraBrowseLinkGivesTheKey() throws {
        let cli = try CLIRunner()
        try cli.ok("init")
        try cli.ok("add", "Checkout broken")
        let r = try cli.run(["link", "SET-1", "https://jira.example.com/browse/MM-777", "--label", "Jira"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out == "SET-1 linked Jira: https://jira.example.com/browse/MM-777\n")
        #expect(try cli.ok("show", "MM-777").hasPrefix("SET-1  Checkout broken"))
        try cli.ok("link", "MM-777", "https://grafana.example.com/d/\u{202E}abc", "--label", "dash\u{1B}]0;owned\u{07}board")
        let show = try cli.ok("show", "SET-1")
        #expect(show.contains("link        Jira: https://jira.example.com/browse/MM-777"))
        #expect(show.contains("link        dash\\x1b]0;owned\\x07board: https://grafana.example.com/d/\\u{202e}abc")
                || show.contains("dash\\x1b"), "\(show)")
        #expect(!show.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E || $0.value == 0x07 })
        let dup = try cli.run(["link", "SET-1", "https://jira.example.com/browse/MM-777", "--label", "Jira"])
        #expect(dup.status == 1)
        for bad in ["not a url", "https://x/\u{1B}[31m", "", "://x"] {
            let b = try cli.run(["link", "SET-1", bad])
            #expect(b.status == 1, "\(bad)")
            #expect(!b.err.unicodeScalars.contains { $0.value == 0x1B })
        }
        #expect(try cli.run(["link", "SET-9", "https://x.example"]).status == 1)
        #expect(try cli.run(["link", "SET-1", "https://x.example", "--label", "two\nlines"]).status == 1)
    }
}
