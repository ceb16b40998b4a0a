// History mode and presence on the real full-screen board in tmux: the header, the footer, Esc, the presence file.
import Foundation
import Testing

@Suite("History mode and presence in tmux", .serialized,
       .disabled(if: TmuxBoard.tmuxPath == nil, "tmux is not installed; bash .ci/test installs it"))
struct TimeTravelTUITests {
    private func openDemo() throws -> TmuxBoard {
        let t = try TmuxBoard()
        let made = try t.setboard(["demo", "--no-show"])
        #expect(made.status == 0, "setboard demo failed: \(made.err)")
        try t.open()
        try t.waitFor("the board") { $0.contains("TO DO") }
        return t
    }

    private func footer(_ pane: String) -> String {
        (pane.split(separator: "\n").last.map(String.init) ?? "").trimmingCharacters(in: .whitespaces)
    }

    @Test func historyModeShowsThePastStepByStepAndEscReturnsToNow() throws {
        let t = try openDemo()
        try t.press("T")
        let first = try t.waitFor("history mode") { pane in
            pane.split(separator: "\n").first?.contains("THE PAST · as it was at") == true
                && self.footer(pane).hasPrefix("event ")
        }
        let total = footer(first).split(separator: " ").dropFirst(3).first.map(String.init) ?? "?"
        #expect(footer(first).hasPrefix("event \(total) of \(total) · @"), "\(footer(first))")
        try t.press(",")
        let back = Int(total).map { "event \($0 - 1) of \(total) · @" } ?? "?"
        try t.waitFor("one event back") { self.footer($0).hasPrefix(back) }
        try t.press("c")
        try t.waitFor("the refusal") { self.footer($0).contains("the past is read-only: Esc returns to now") }
        try t.press("Escape")
        try t.waitFor("the board of now") { !$0.contains("THE PAST") && self.footer($0).contains("back to now") }
        try t.press("q")
        try t.waitFor("the shell after quitting") { $0.contains("exit=0") }
    }

    @Test func anotherViewerIsNamedInTheHeaderAndOurPresenceGoesOnQuit() throws {
        let t = try openDemo()
        let dir = t.board + "/presence"
        let deadline = Date().addingTimeInterval(10)
        var ours: [String] = []
        while Date() < deadline {
            ours = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
            if !ours.isEmpty { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(ours.count == 1, "the open board announces itself")
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        try "bob\t1\tother-host.example\t\(now)\n".write(toFile: dir + "/beef01", atomically: false, encoding: .utf8)
        try t.waitFor("bob in the header") { $0.split(separator: "\n").first?.contains("also here: bob") == true }
        try t.press("q")
        try t.waitFor("the shell after quitting") { $0.contains("exit=0") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["beef01"])
    }
}
