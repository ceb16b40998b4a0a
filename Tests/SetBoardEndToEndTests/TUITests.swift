/// End-to-end tests of the full-screen board: the built binary runs in tmux and the tests read the pane.
/// They need `swift build` first (bash .ci/test does it) and tmux (the CI script installs it).
import Foundation
import Testing

private let tmuxMissing = TmuxBoard.tmuxPath == nil

@Suite("Full-screen board in tmux", .serialized, .disabled(if: tmuxMissing, "tmux is not installed; bash .ci/test installs it"))
struct TUITests {
    /// A demo board, opened full screen.
    private func openDemo(width: Int = 100, height: Int = 30, term: String = "xterm-256color",
                          environment: [String: String] = [:]) throws -> TmuxBoard {
        let t = try TmuxBoard()
        let made = try t.setboard(["demo", "--no-show"])
        #expect(made.status == 0, "setboard demo failed: \(made.err)")
        try t.open(width: width, height: height, term: term, extraEnvironment: environment)
        return t
    }

    @Test func firstScreenIsWhatRenderPrints() throws {
        let t = try openDemo()
        let expected = try t.rendered(width: 100, height: 30)
        #expect(!expected.isEmpty)
        try t.waitFor("the board as `setboard render` draws it") { $0 == expected }
        #expect(try t.display("#{alternate_on}") == "1")
    }

    @Test func movingACardPersistsAcrossQuitAndReopen() throws {
        let t = try openDemo()
        let before = try t.todoKeys()
        try #require(before.count >= 2)
        try t.waitFor("the first card") { tuiRow(of: before[0], in: $0) != nil }
        try t.press("J")
        try t.waitFor("the first card below the second") { pane in
            guard let a = tuiRow(of: before[0], in: pane), let b = tuiRow(of: before[1], in: pane) else { return false }
            return a > b
        }
        try t.press("q")
        try t.waitFor("the shell after quitting") { $0.contains("exit=0") }
        #expect(try t.display("#{alternate_on}") == "0")
        let after = try t.todoKeys()
        #expect(Array(after.prefix(2)) == [before[1], before[0]])

        try t.tmux(["send-keys", "-t", "0", "-l", "clear; '\(TmuxBoard.binary)'; echo \"exit=$?\""])
        try t.press("Enter")
        let reopened = try t.waitFor("the reopened board") { tuiRow(of: before[0], in: $0) != nil && !$0.contains("exit=") }
        if let a = tuiRow(of: before[0], in: reopened), let b = tuiRow(of: before[1], in: reopened) { #expect(a > b) }
        try t.press("q")
        try t.waitFor("the shell after quitting again") { $0.contains("exit=0") }
    }

    @Test func resizingRedrawsAtTheNewSize() throws {
        let t = try openDemo()
        let big = try t.rendered(width: 100, height: 30)
        try t.waitFor("the 100x30 board") { $0 == big }
        try t.tmux(["resize-window", "-t", "0", "-x", "60", "-y", "20"])
        let small = try t.rendered(width: 60, height: 20)
        #expect(small != big)
        try t.waitFor("the 60x20 board") { $0 == small }
        try t.tmux(["resize-window", "-t", "0", "-x", "100", "-y", "30"])
        try t.waitFor("the 100x30 board again") { $0 == big }
    }

    @Test func anotherProcessesChangeAppearsWithoutAKeyPress() throws {
        let t = try openDemo()
        let keys = try t.todoKeys()
        try #require(keys.count >= 3)
        let moved = keys[2]
        try t.waitFor("the board") { tuiRow(of: moved, in: $0) != nil }
        let r = try t.setboard(["rank", moved, "--top"])
        #expect(r.status == 0, "setboard rank failed: \(r.err)")
        try t.waitFor("\(moved) at the top of TO DO") { pane in
            guard let m = tuiRow(of: moved, in: pane), let first = tuiRow(of: keys[0], in: pane) else { return false }
            return m < first
        }
    }

    /// The alert row follows pages opened and acknowledged by other processes, within the same second of a pinned
    /// clock: the decorations a frame reuses are worked out again whenever the board has changed.
    @Test func aPageFromAnotherProcessTakesTheAlertRowAndLeavesOnAck() throws {
        let t = try openDemo()
        try t.waitFor("the board") { $0.contains("TO DO") }
        // The demo's own page first: acknowledged from another process, it leaves the alert row.
        try t.waitFor("the demo's page in the alert row") { $0.contains("PAGE P-1") }
        #expect(try t.setboard(["ack", "P-1"]).status == 0)
        try t.waitFor("no page left") { !$0.contains("PAGE") && $0.contains("TO DO") }
        #expect(try t.setboard(["page", "Login loop on community"]).status == 0)
        try t.waitFor("the page in the alert row") { $0.contains("PAGE P-2") }
        #expect(try t.setboard(["ack", "P-2"]).status == 0)
        try t.waitFor("the alert row gone after ack") { !$0.contains("PAGE P-2") && $0.contains("TO DO") }
    }

    @Test(arguments: [("HUP", Int32(1)), ("TERM", Int32(15)), ("INT", Int32(2))])
    func signalsRestoreTheTerminalAndKeepTheJournal(name: String, number: Int32) throws {
        let t = try openDemo()
        let first = try t.todoKeys()
        try t.waitFor("the board") { tuiRow(of: first[0], in: $0) != nil }
        try t.press("J")
        try t.waitFor("the move") { pane in
            guard let a = tuiRow(of: first[0], in: pane), let b = tuiRow(of: first[1], in: pane) else { return false }
            return a > b
        }
        kill(try t.boardPID(), number)
        let pane = try t.waitFor("the shell after SIG\(name)") { $0.contains("exit=") }
        #expect(pane.contains("exit=\(128 + number)"))
        #expect(try t.display("#{alternate_on}") == "0")
        #expect(try t.setboard(["journal", "verify"]).status == 0)
        #expect(try t.todoKeys().prefix(2) == [first[1], first[0]])
    }

    @Test func controlCQuitsCleanly() throws {
        let t = try openDemo()
        let expected = try t.rendered(width: 100, height: 30)
        try t.waitFor("the board") { $0 == expected }
        try t.press("C-c")
        let pane = try t.waitFor("the shell") { $0.contains("exit=") }
        #expect(pane.contains("exit=130"))
        #expect(try t.display("#{alternate_on}") == "0")
    }

    @Test(arguments: ["xterm-256color", "screen-256color", "tmux-256color", "linux", "vt100"])
    func drawsTheSameBoardOnEveryTerminalType(term: String) throws {
        let t = try openDemo(term: term)
        let expected = try t.rendered(width: 100, height: 30)
        try t.waitFor("the board on \(term)") { $0 == expected }
        let colours = try t.pane(escapes: true)
        switch term {
        case "vt100":
            #expect(!hasColour(colours), "vt100 has no colours; the mono theme uses attributes only")
        case "linux":
            #expect(!colours.contains("38;5;") && !colours.contains("48;5;"), "the linux console has 8 colours")
        default:
            #expect(hasColour(colours), "\(term) has colours")
        }
        try t.press("q")
        try t.waitFor("the shell") { $0.contains("exit=0") }
    }

    @Test func noColorGivesTheMonoTheme() throws {
        let t = try openDemo(environment: ["NO_COLOR": "1"])
        let expected = try t.rendered(width: 100, height: 30)
        try t.waitFor("the board") { $0 == expected }
        #expect(!hasColour(try t.pane(escapes: true)))
    }

    @Test func aDamagedJournalOpensReadOnlyAndRefusesChanges() throws {
        let t = try TmuxBoard()
        #expect(try t.setboard(["demo", "--no-show"]).status == 0)
        let journal = t.board + "/journal.log"
        var lines = try String(contentsOfFile: journal, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        try #require(lines.count > 10)
        lines[5] = Substring(lines[5].replacingOccurrences(of: "\"", with: "'"))
        try lines.joined(separator: "\n").write(toFile: journal, atomically: false, encoding: .utf8)
        let size = try FileManager.default.attributesOfItem(atPath: journal)[.size] as? Int

        try t.open()
        try t.waitFor("the read-only reason") { $0.lowercased().contains("read-only") }
        try t.press("J")
        try t.press("q")
        try t.waitFor("the shell") { $0.contains("exit=0") }
        #expect(try FileManager.default.attributesOfItem(atPath: journal)[.size] as? Int == size)
    }
}

@Suite("Board commands without a terminal")
struct TUIPlainTests {
    @Test func withoutATerminalTheBoardIsPrintedAsText() throws {
        let t = try TmuxBoard()
        #expect(try t.setboard(["demo", "--no-show"]).status == 0)
        let plain = try t.setboard([])
        #expect(plain.status == 0, "\(plain.err)")
        #expect(TmuxBoard.normalized(plain.out) == (try t.rendered(width: 100, height: 30)))
    }

    @Test func aMissingBoardIsOneLineSuggestingInitOrDemo() throws {
        let t = try TmuxBoard()
        let r = try t.setboard([])
        #expect(r.status == 1)
        #expect(r.err.split(separator: "\n").count == 1)
        #expect(r.err.contains("setboard init") && r.err.contains("setboard demo"))
    }

    @Test func renderRefusesABadViewOrSize() throws {
        let t = try TmuxBoard()
        #expect(try t.setboard(["demo", "--no-show"]).status == 0)
        #expect(try t.setboard(["render", "--view", "detail"]).status == 64)
        #expect(try t.setboard(["render", "--size", "100"]).status == 64)
        #expect(try t.setboard(["render", "--view", "detail", "SET-99999"]).status == 1)
        let detail = try t.setboard(["render", "--size", "80x24", "--view", "detail", "set-1"])
        #expect(detail.status == 0)
        #expect(detail.out.contains("SET-1"))
        #expect(detail.out != (try t.setboard(["render", "--size", "80x24"])).out)
    }
}

/// True when the captured pane has any foreground or background colour escape.
private func hasColour(_ captured: String) -> Bool {
    captured.range(of: "\u{1B}\\[[0-9;]*(3[0-7]|9[0-7]|4[0-7]|10[0-7]|38;5;[0-9]+|48;5;[0-9]+)[;m]", options: .regularExpression) != nil
}
