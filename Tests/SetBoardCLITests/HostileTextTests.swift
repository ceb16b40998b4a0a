/// Hostile text in every field a person types reaches no output raw: terminal escapes, C1 controls and bidi overrides are
/// shown as visible escapes on the board, in the reports, the exports and the JSON, while emoji sequences stay whole.
import Foundation
import Testing

@Suite("hostile text") struct HostileTextTests {
    /// Clear screen, set the window title (OSC 0), write the clipboard (OSC 52), bell, backspace, a right-to-left
    /// override, C1 CSI, and a ZWJ emoji that must survive untouched. One line, as titles must be.
    static let line = "A\u{1B}[2J\u{1B}]0;pwned\u{07}\u{1B}]52;c;ZXZpbA==\u{07}\u{08}\u{202E}txt\u{9B}31m👩‍💻Z"
    /// The same with a carriage return, for the fields that may span lines.
    static let text = line + "\u{0D}over"
    /// What a person sees instead: every unsafe scalar spelled out.
    static let shown = #"A\x1b[2J\x1b]0;pwned\x07\x1b]52;c;ZXZpbA==\x07\x08\u{202e}txt\x9b31m👩‍💻Z"#
    static let shownInMarkdown = #"A\\x1b\[2J\\x1b\]0;pwned\\x07\\x1b\]52;c;ZXZpbA==\\x07\\x08\\u{202e}txt\\x9b31m👩‍💻Z"#
    /// The roster file spells the name with YAML escapes, so the file itself is plain text.
    static let yamlName = #""A\e[2J\e]0;pwned\a\e]52;c;ZXZpbA==\a\b\u202Etxt\x9b31m👩‍💻Z""#

    /// Scalars that must never be printed raw. CR is allowed only before LF, and only where `crlf` says (ICS).
    static func leaks(_ bytes: [UInt8], crlf: Bool = false) -> [String] {
        guard let text = String(validating: bytes, as: UTF8.self) else { return ["output is not valid UTF-8"] }
        var found: [String] = []
        let scalars = Array(text.unicodeScalars)
        for (i, s) in scalars.enumerated() {
            let v = s.value
            let bidi = (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) || [0x200E, 0x200F, 0x061C].contains(v)
            let crlfEnd = crlf && v == 0x0D && i + 1 < scalars.count && scalars[i + 1] == "\n"
            if (v < 0x20 && v != 0x0A && v != 0x09 && !crlfEnd) || (0x7F...0x9F).contains(v) || bidi {
                found.append(String(format: "U+%04X at scalar %d", v, i))
            }
        }
        return found
    }

    /// A board with the hostile text in a ticket title and description, an incident title and update, a roster name,
    /// a page summary and the hand-over notes.
    func hostileBoard() throws -> CLIRunner {
        let cli = try CLIRunner()
        try cli.ok("init")
        try cli.ok("add", Self.line, "--tier", "community", "--level", "L1", "--assignee", "alice")
        try cli.ok("edit", "SET-1", "--description", Self.text + "\nsecond line")
        let example = try cli.ok("roster", "example")
        let roster = cli.root.appendingPathComponent("roster.yaml")
        try example.replacingOccurrences(of: "name: Alice Archer", with: "name: \(Self.yamlName)")
            .write(to: roster, atomically: true, encoding: .utf8)
        try cli.ok("roster", "import", roster.path)
        try cli.ok("incident", "open", "--level", "L1", "--ticket", "SET-1", "--commander", "alice", Self.line)
        try cli.ok("incident", "update", "INC-1", Self.text)
        try cli.ok("page", "--ticket", "SET-1", Self.line)
        return cli
    }

    func expectHarmless(_ r: CLIResult, _ command: String, crlf: Bool = false, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(r.status == 0, "\(command) failed: \(r.err)", sourceLocation: sourceLocation)
        let leaks = Self.leaks(r.outBytes, crlf: crlf)
        #expect(leaks.isEmpty, "\(command) printed \(leaks.prefix(5)) raw", sourceLocation: sourceLocation)
        #expect(Self.leaks(Array(r.err.utf8)).isEmpty, "\(command) wrote raw controls to stderr", sourceLocation: sourceLocation)
    }

    @Test func textReportsShowTheEscapedForm() throws {
        let cli = try hostileBoard()
        let commands: [[String]] = [
            ["list"], ["show", "SET-1"], ["log"], ["roster"], ["pages"], ["pages", "--all"], ["incident", "show", "INC-1"],
            ["incident", "list"], ["incident", "export", "INC-1", "--md"],
        ]
        for command in commands {
            let r = try cli.run(command)
            expectHarmless(r, command.joined(separator: " "))
        }
        for command in [["list"], ["show", "SET-1"], ["log"], ["roster"], ["pages"], ["incident", "show", "INC-1"]] {
            #expect(try cli.run(command).out.contains(Self.shown), "\(command) does not show the escaped text")
        }
        // Markdown escapes its own syntax on top, so the backslashes and brackets of the visible form are escaped again.
        #expect(try cli.run(["incident", "export", "INC-1", "--md"]).out.contains(Self.shownInMarkdown))
        #expect(try cli.run(["show", "SET-1"]).out.contains(#"\x0dover"#))
        #expect(try cli.run(["incident", "show", "INC-1"]).out.contains(#"\x0dover"#))
    }

    @Test func theICSFeedKeepsOnlyItsLineEnds() throws {
        let cli = try hostileBoard()
        let r = try cli.run(["roster", "--ics", "--weeks", "2"])
        expectHarmless(r, "roster --ics", crlf: true)
        #expect(r.out.contains("BEGIN:VCALENDAR\r\n"))
    }

    /// JSON stays JSON: every hostile scalar is a `\u` escape, and the parsed value is exactly what was typed.
    @Test func jsonOutputIsValidAndEscaped() throws {
        let cli = try hostileBoard()
        for command in [["list", "--json"], ["log", "--json"], ["roster", "--json"], ["pages", "--json"], ["incident", "list", "--json"]] {
            let r = try cli.run(command)
            expectHarmless(r, command.joined(separator: " "))
            let value = try? JSONSerialization.jsonObject(with: Data(r.outBytes))
            #expect(value != nil, "\(command) is not JSON")
        }
        let list = try #require(try JSONSerialization.jsonObject(with: Data(try cli.run(["list", "--json"]).outBytes)) as? [[String: Any]])
        #expect(list.first?["title"] as? String == Self.line)
        #expect(try cli.run(["list", "--json"]).out.contains(#"A\u001b[2J"#))
        let roster = try cli.run(["roster", "--json"]).out
        #expect(roster.contains(#""name":"A\u001b[2J\u001b]0;pwned\u0007\u001b]52;c;ZXZpbA==\u0007\u0008\u202etxt\u009b31m👩‍💻Z""#))
    }

    /// The board as the TUI draws it, in each view that shows the text.
    @Test func theRenderedScreenIsHarmless() throws {
        let cli = try hostileBoard()
        for command in [["render", "--size", "200x40"], ["render", "--size", "200x40", "--view", "detail", "SET-1"],
                        ["render", "--size", "200x40", "--pane", "incidents"], ["render", "--size", "200x40", "--pane", "roster"]] {
            let r = try cli.run(command)
            expectHarmless(r, command.joined(separator: " "))
        }
        #expect(try cli.run(["render", "--size", "200x40", "--view", "detail", "SET-1"]).out.contains(Self.shown))
    }

    /// The cycle hand-over: its notes land in the summary file and on stdout, escaped in both.
    @Test func theHandoverSummaryIsHarmless() throws {
        let cli = try hostileBoard()
        let summary = cli.root.appendingPathComponent("handover.md")
        let r = try cli.run(["cycle", "handover", "--yes", "--summary", summary.path, "--notes", Self.text])
        expectHarmless(r, "cycle handover")
        let md = try Data(contentsOf: summary)
        let leaks = Self.leaks([UInt8](md))
        #expect(leaks.isEmpty, "the hand-over summary holds \(leaks.prefix(5)) raw")
        #expect(String(decoding: md, as: UTF8.self).contains(Self.shownInMarkdown + #"\\x0dover"#))
        expectHarmless(try cli.run(["cycle"]), "cycle")
        expectHarmless(try cli.run(["cycle", "--json"]), "cycle --json")
    }

    /// A roster file refused for a hostile team: the error names the field, and the value comes back escaped.
    @Test func aRefusedRosterFileIsReportedHarmlessly() throws {
        let cli = try CLIRunner()
        try cli.ok("init")
        let file = cli.root.appendingPathComponent("bad.yaml")
        let example = try cli.ok("roster", "example")
        try example.replacingOccurrences(of: "team: server, zone: Europe/Berlin}\n  - {handle: bob",
                                         with: "team: \(Self.yamlName), zone: Europe/Berlin}\n  - {handle: bob")
            .write(to: file, atomically: true, encoding: .utf8)
        let r = try cli.run(["roster", "import", file.path])
        #expect(r.status != 0)
        #expect(r.err.contains("engineers[0].team"))
        #expect(Self.leaks(Array(r.err.utf8)).isEmpty, "stderr: \(r.err)")
    }

    /// The checker itself: each kind of scalar it must catch is caught, and what may pass passes.
    @Test func theLeakCheckCatchesEachKind() {
        for bad in ["\u{1B}", "\u{07}", "\u{08}", "\r", "\u{9B}", "\u{85}", "\u{7F}", "\u{202E}", "\u{2067}", "\u{200F}", "\u{061C}"] {
            #expect(!Self.leaks(Array(("ok" + bad).utf8)).isEmpty, "missed U+\(String(bad.unicodeScalars.first?.value ?? 0, radix: 16))")
        }
        #expect(Self.leaks([0x61, 0x9B]) == ["output is not valid UTF-8"])
        #expect(Self.leaks(Array("tab\there\n👩‍💻 é".utf8)).isEmpty)
        #expect(Self.leaks(Array("A\r\nB\r\n".utf8), crlf: true).isEmpty)
        #expect(!Self.leaks(Array("A\rB\r\n".utf8), crlf: true).isEmpty)
    }
}
