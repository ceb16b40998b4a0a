/// The journal's own JSON: exact compact output, round trips, and strict refusal of malformed text without trapping.
import Testing
@testable import SetBoardCore

@Suite("JSON")
struct JSONTests {
    @Test func compactEncodingOfNestedValues() {
        let value = JSONValue.object([
            ("a", .array([.int(1), .double(2.5), .null, .bool(true), .bool(false), .int(-7)])),
            ("b", .object([("c", .string("x")), ("d", .array([]))])),
            ("", .string("")),
            ("e", .object([])),
        ])
        let text = value.compactEncoded()
        #expect(text == #"{"a":[1,2.5,null,true,false,-7],"b":{"c":"x","d":[]},"":"","e":{}}"#)
        #expect(JSONValue.parse(text) == value)
    }

    @Test func stringsEscapeQuotesBackslashesAndControls() {
        let s = "q\" b\\ n\n r\r t\t bell\u{07} esc\u{1B} del\u{7F} nul\u{0}"
        let text = JSONValue.string(s).compactEncoded()
        #expect(text == #""q\" b\\ n\n r\r t\t bell\u0007 esc\u001b del\u007f nul\u0000""#)
        #expect(!text.utf8.contains { $0 < 0x20 || $0 == 0x7F })
        #expect(JSONValue.parse(text) == .string(s))
    }

    @Test func unicodeIsKeptAsUTF8AndRoundTrips() {
        let s = "naïve 日本語 🎉 👩‍💻 \u{202E}rtl \u{2028}"
        let text = JSONValue.object([(s, .string(s))]).compactEncoded()
        #expect(text == "{\"\(s)\":\"\(s)\"}")
        #expect(JSONValue.parse(text) == .object([(s, .string(s))]))
    }

    @Test func parserReadsEveryEscape() {
        #expect(JSONValue.parse(#""\u00e9\/\b\f\"\\\n\r\t""#) == .string("é/\u{08}\u{0C}\"\\\n\r\t"))
        #expect(JSONValue.parse(#""\u00E9""#) == .string("é"))
        #expect(JSONValue.parse(#""\ud83c\udf89""#) == .string("🎉"))
        #expect(JSONValue.parse(#""\u0000""#) == .string("\u{0}"))
    }

    @Test func whitespaceAroundTokensIsAllowed() {
        #expect(JSONValue.parse(" \n{ \"a\" :\t[ 1 , 2 ] }\r\n")
            == .object([("a", .array([.int(1), .int(2)]))]))
    }

    @Test func numbers() {
        #expect(JSONValue.parse("0") == .int(0))
        #expect(JSONValue.parse("-0") == .int(0))
        #expect(JSONValue.parse("9223372036854775807") == .int(Int64.max))
        #expect(JSONValue.parse("-9223372036854775808") == .int(Int64.min))
        #expect(JSONValue.parse("9223372036854775808") == .double(9_223_372_036_854_775_808))
        #expect(JSONValue.parse("-1.5e3") == .double(-1500))
        #expect(JSONValue.parse("2E-2") == .double(0.02))
        #expect(JSONValue.parse("1e400") == nil)
        #expect(JSONValue.double(0.1).compactEncoded() == "0.1")
        #expect(JSONValue.double(.nan).compactEncoded() == "null")
        #expect(JSONValue.double(-.infinity).compactEncoded() == "null")
        #expect(JSONValue.double(3).intValue == 3)
        #expect(JSONValue.double(3.5).intValue == nil)
        #expect(JSONValue.double(1e300).intValue == nil)
        #expect(JSONValue.double(.nan).intValue == nil)
    }

    @Test(arguments: [
        // truncated
        "", "   ", "{", "[", #"{"a""#, #"{"a":"#, #"{"a":1"#, "[1,2", #""abc"#, "tru", "nul", "-", "1.", "1e", "1e+",
        // trailing garbage
        "{} x", "1 2", "[1]]", "nullx", #""a" "b""#, "{}{}", "truefalse",
        // not JSON
        "01", "+1", ".5", "NaN", "Infinity", "'a'", "[1,]", #"{"a":1,}"#, "{a:1}", #"{"a" 1}"#, "[1 2]", "{,}",
        // bad strings and escapes
        "\"a\nb\"", "\"tab\there\"", #""\x41""#, #""\u12G4""#, #""\u12""#, #""\q""#, #""\"#, #""\u"#,
        // lone or broken surrogates
        #""\ud83c""#, #""\ud83cx""#, #""\ud83c\u0041""#, #""\udf89""#, #""\ud83c\ud83c""#,
    ])
    func malformedTextIsRejected(_ text: String) {
        #expect(JSONValue.parse(text) == nil)
    }

    @Test func invalidUTF8IsRejected() {
        for bytes: [UInt8] in [[0x22, 0xFF, 0x22], [0x22, 0xC3, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0xFF]] {
            let parsed = bytes.withUnsafeBufferPointer { JSONValue.parse(bytes: $0) }
            #expect(parsed == nil, "\(bytes)")
        }
    }

    @Test func nestingIsLimitedTo64Levels() {
        let deepest = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(JSONValue.parse(deepest) != nil)
        let tooDeep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(JSONValue.parse(tooDeep) == nil)
        // A hostile line: far deeper than any stack could recurse, and never closed.
        #expect(JSONValue.parse(String(repeating: "[", count: 200_000)) == nil)
        #expect(JSONValue.parse(String(repeating: #"{"a":"#, count: 100_000)) == nil)
    }

    @Test func objectLookupAndAccessors() {
        let v = JSONValue.object([("k", .string("v")), ("n", .null), ("k", .string("second"))])
        #expect(v["k"] == .string("v"))
        #expect(v["n"]?.isNull == true)
        #expect(v["missing"] == nil)
        #expect(JSONValue.array([.int(1)])["k"] == nil)
        #expect(JSONValue.int(1).stringValue == nil)
        #expect(JSONValue.bool(true).boolValue == true)
        // Objects compare in stored order: the journal's bytes depend on it.
        #expect(JSONValue.object([("a", .int(1)), ("b", .int(2))]) != .object([("b", .int(2)), ("a", .int(1))]))
    }

    /// `--json` output: what JSON allows raw but a terminal must not see is escaped, and the value reads back the same.
    @Test func printableEncodingEscapesC1AndBidiAndStillParses() {
        let hostile = "t\u{1B}[2J\u{9B}31m\u{202E}rtl\u{2066}\u{200F}\u{061C}\u{85}👩‍💻é"
        let value = JSONValue.object([("title", .string(hostile)), ("k\u{202E}", .array([.string("\u{9B}")]))])
        let text = value.printableEncoded()
        #expect(text == #"{"title":"t\u001b[2J\u009b31m\u202ertl\u2066\u200f\u061c\u0085👩‍💻é","k\u202e":["\u009b"]}"#)
        #expect(!text.unicodeScalars.contains(where: TextSafety.isUnsafe))
        #expect(JSONValue.parse(text) == value)
        #expect(JSONValue.string("plain ✓").printableEncoded() == JSONValue.string("plain ✓").compactEncoded())
    }
}
