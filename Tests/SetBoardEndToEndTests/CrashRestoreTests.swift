/// A crash on the full screen (overflow trap, abort, bad access) still gives the shell back its terminal.
/// The crash comes from `SETBOARD_DEBUG_CRASH`, which only debug builds (the ones the tests drive) honour.
import Foundation
import Testing

@Suite("A crash restores the terminal", .serialized, .disabled(if: TmuxBoard.tmuxPath == nil, "tmux is not installed; bash .ci/test installs it"))
struct CrashRestoreTests {
    /// SIGILL on x86-64 and SIGTRAP on arm64 for an overflow trap.
    @Test(arguments: [("overflow", [132, 133]), ("abort", [134]), ("segv", [139])])
    func theShellGetsItsTerminalBackAfterACrash(how: String, statuses: [Int]) throws {
        let t = try TmuxBoard()
        try #require(try t.setboard(["init"]).status == 0)
        try t.open(extraEnvironment: ["SETBOARD_DEBUG_CRASH": how])
        // The typed command line itself holds `echo "exit=$?"`: wait for a status, not for the command's echo, which
        // a loaded machine shows before the board has even started.
        let pane = try t.waitFor("the shell after the crash") { $0.range(of: #"exit=[0-9]"#, options: .regularExpression) != nil }
        #expect(statuses.contains { pane.contains("exit=\($0)") }, "\(pane)")
        #expect(try t.display("#{alternate_on}") == "0")
        #expect(try t.display("#{cursor_flag}") == "1")
        // Typed input echoes and Enter ends the line again: the terminal left raw (no echo, no CR→NL) would show
        // neither the command nor its output.
        try t.tmux(["send-keys", "-t", "0", "-l", "echo AFTER-$((40+2))"])
        try t.press("Enter")
        let after = try t.waitFor("the shell to run a command") { $0.contains("AFTER-42") }
        #expect(after.contains("echo AFTER-$((40+2))"))
    }
}
