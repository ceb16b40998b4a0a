/// Ticket text on a terminal: controls, escape sequences and bidi overrides become visible escapes; real text stays.
import Testing
@testable import SetBoardCore

@Suite("Text safety")
struct TextSafetyTests {
    @Test(arguments: [
        ("\u{1B}[31mred\u{1B}[0m", "\\x1b[31mred\\x1b[0m"),
        ("\u{1B}]0;owned\u{07}", "\\x1b]0;owned\\x07"),
        ("\u{9B}2J", "\\x9b2J"),
        ("next\u{85}line", "next\\x85line"),
        ("\u{90}dcs\u{9C}", "\\x90dcs\\x9c"),
        ("abc\u{202E}fed", "abc\\u{202e}fed"),
        ("\u{2066}iso\u{2069}", "\\u{2066}iso\\u{2069}"),
        ("\u{200F}\u{061C}", "\\u{200f}\\u{61c}"),
        ("del\u{7F}", "del\\x7f"),
        ("nul\u{0}", "nul\\x00"),
        ("a\tb", "a\\x09b"),
        ("a\nb\rc", "a\\x0ab\\x0dc"),
        ("bom\u{FEFF}", "bom\\u{feff}"),
        ("ls\u{2028}ps\u{2029}", "ls\\u{2028}ps\\u{2029}"),
    ])
    func unsafeScalarsAreEscaped(_ raw: String, _ shown: String) {
        let out = TextSafety.escaped(raw)
        #expect(out == shown)
        #expect(!out.unicodeScalars.contains(where: TextSafety.isUnsafe))
    }

    @Test(arguments: [
        "plain ASCII text: 100% [ok] ~", "日本語のチケット", "🎉 party 👩‍💻 dev 🇳🇱", "naïve café Ελληνικά עברית العربية",
        "tab-free\u{A0}nbsp", "",
    ])
    func ordinaryTextIsKept(_ text: String) {
        #expect(TextSafety.escaped(text) == text)
        #expect(TextSafety.escaped(text, keepNewlines: true) == text)
    }

    /// Long text mixing every kind of scalar escapes exactly as its pieces do one by one (the one-pass byte builder
    /// must not drop, reorder or split a scalar, wherever it falls), and JSON for printing reads back the same.
    @Test func longHostileTextEscapesAsItsPiecesDo() {
        let pieces = ["\u{202E}", "title ", "\u{1B}[0m", "é", "👩‍💻", "\u{9B}", "日本", "\u{7}", "a\u{301}", "\u{FEFF}", "\u{2069}"]
        var text = "", expected = ""
        for i in 0..<5_000 {
            let piece = pieces[i % pieces.count] + (i % 7 == 0 ? "\(i)" : "")
            text += piece
            expected += TextSafety.escaped(piece)
        }
        #expect(TextSafety.escaped(text) == expected)
        let json = JSONValue.array([.string(text), .string("plain")]).printableEncoded()
        #expect(!json.unicodeScalars.contains(where: TextSafety.isUnsafe))
        #expect(JSONValue.parse(json) == .array([.string(text), .string("plain")]))
    }

    @Test func keepNewlinesKeepsOnlyLineFeeds() {
        #expect(TextSafety.escaped("one\ntwo\r\n\u{1B}[2J", keepNewlines: true) == "one\ntwo\\x0d\n\\x1b[2J")
    }

    @Test func theUnsafeRangesHaveExactEdges() {
        let unsafe: [UInt32] = [0x00, 0x1F, 0x7F, 0x80, 0x9F, 0x200E, 0x202A, 0x202E, 0x2066, 0x2069, 0x061C, 0xFEFF]
        let safe: [UInt32] = [0x20, 0x7E, 0xA0, 0x200D, 0x2027, 0x202F, 0x2065, 0x206A, 0x3042, 0x1F389]
        for v in unsafe { #expect(Unicode.Scalar(v).map(TextSafety.isUnsafe) == true, "\(v)") }
        for v in safe { #expect(Unicode.Scalar(v).map(TextSafety.isUnsafe) == false, "\(v)") }
    }

    @Test func escapingIsIdempotent() {
        let once = TextSafety.escaped("\u{1B}[1m\u{202E}")
        #expect(TextSafety.escaped(once) == once)
    }

    @Test func eventSummariesEscapeUserText() {
        let event = BoardEvent.ticketCreated(key: "SET-1", ticket: NewTicket(title: "x\u{1B}[2Jy", tier: .hotfix, level: .l2))
        #expect(event.summary == "SET-1 created in TO DO: hotfix L2 CAT1 bug \"x\\x1b[2Jy\"")
    }
}
