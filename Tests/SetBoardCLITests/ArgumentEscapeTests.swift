/// Argument errors quote what was typed: escaped, so a crafted argument cannot write escape sequences to the terminal.
import Foundation
import Testing

@Suite("argument errors are escaped") struct ArgumentEscapeTests {
    static let osc52 = "\u{1B}]52;c;SGk=\u{07}"
    static let clear = "\u{1B}[2J"
    static let rtl = "x\u{202E}gpj.exe"
    static let c1 = "\u{9B}31m"

    /// Bytes no argument error may carry: ESC, BEL, CSI (C1, as UTF-8) and a bidi override.
    static func isClean(_ bytes: [UInt8]) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        return !bytes.contains(0x1B) && !bytes.contains(0x07) && !text.unicodeScalars.contains { $0 == "\u{202E}" || $0 == "\u{9B}" }
    }

    @Test(arguments: [
        ["add", "x", "--tier", osc52],
        ["add", "x", "--level", clear],
        ["list", "--column", rtl],
        ["render", "--size", c1],
        ["render", "--pane", osc52],
        ["incident", "open", "--level", osc52, "x"],
        ["watch", "--interval", clear],
        ["--" + osc52],
        ["list", "--" + clear],
        [osc52 + "nosuchcommand"],
        ["journal", rtl],
        ["edit", "1", "--check", osc52],
    ])
    func hostileArgumentsAreEscapedInErrors(_ arguments: [String]) throws {
        let cli = try CLIRunner()
        try cli.ok("init")
        try cli.ok("add", "first")
        let r = try cli.run(arguments)
        #expect(r.status != 0)
        let err = Array(r.err.utf8)
        #expect(Self.isClean(err), "raw control bytes in: \(r.err.debugDescription)")
        #expect(r.err.contains("\\x1b") || r.err.contains("\\u{202e}") || r.err.contains("\\x9b"), "\(r.err.debugDescription)")
        #expect(Self.isClean(r.outBytes))
    }
}
