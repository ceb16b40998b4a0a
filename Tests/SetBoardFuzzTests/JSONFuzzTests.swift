/// Fuzzing the JSON parser and the event decoders behind it: hostile JSON never traps, anything accepted survives a round
/// trip, and a hand-edited line with a recomputed checksum replays without crashing the board.
import SetBoardCore
import Testing
@testable import SetBoardJournal

struct JSONFuzzTests {
    /// Inputs that once were, or could well be, trouble for a recursive parser: depth, long numbers, bad escapes.
    static let edges: [[UInt8]] = [
        String(repeating: "[", count: 100_000), String(repeating: "{\"a\":", count: 50_000),
        String(repeating: "[", count: 63) + String(repeating: "]", count: 63),
        "1" + String(repeating: "0", count: 10_000), "-" + String(repeating: "9", count: 400) + ".5e-99999",
        "9223372036854775807", "-9223372036854775808", "9223372036854775808", "1e308", "1e309", "-0.0e-0",
        "\"\\ud800\"", "\"\\udc00\\ud800\"", "\"\\u00zz\"", "\"\\", "\"\u{0}\"", "\"\\u0000\"", "[1,]", "{\"a\"}", "",
    ].map { Array($0.utf8) } + [[0x22, 0xC0, 0xAF, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xFF, 0x22]]

    @Test func edgeCasesParseOrFailQuickly() {
        var timer = SlowestInput()
        for input in Self.edges {
            let value = timer.time(input) { input.withUnsafeBufferPointer { JSONValue.parse(bytes: $0) } }
            if let value { #expect(Self.roundTrips(value), "\(input.prefix(40))") }
        }
        timer.check("JSON edges")
        func nested(_ depth: Int) -> JSONValue? {
            JSONValue.parse(String(repeating: "[", count: depth) + String(repeating: "]", count: depth))
        }
        #expect(nested(64) != nil)
        #expect(nested(65) == nil)
    }

    /// Invalid UTF-8 inside a string is refused outright, so it can never be replayed into a title and reach a terminal.
    @Test func invalidUTF8InAStringIsNotJSON() {
        for bad: [UInt8] in [[0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0x80]] {
            let text = Array("{\"title\":\"a".utf8) + bad + Array("b\"}".utf8)
            #expect(text.withUnsafeBufferPointer { JSONValue.parse(bytes: $0) } == nil)
            let escaped = Array("{\"title\":\"\\n".utf8) + bad + Array("\"}".utf8)
            #expect(escaped.withUnsafeBufferPointer { JSONValue.parse(bytes: $0) } == nil)
        }
    }

    /// What parses encodes to text that parses to the same value: the parser and the writer agree on every input.
    static func roundTrips(_ value: JSONValue) -> Bool {
        var out: [UInt8] = []
        value.encode(into: &out)
        return out.withUnsafeBufferPointer { JSONValue.parse(bytes: $0) } == value
    }

    @Test func mutatedJSONParsesOrFailsAndRoundTrips() {
        let count = FuzzBudget.inputs(default: 40_000)
        var mutator = Mutator(seed: FuzzBudget.seed(10), corpus: Corpus.jsonBodies + Self.edges)
        var timer = SlowestInput()
        var failures: [String] = []
        var parsed = 0
        for _ in 0..<count where failures.count < 5 {
            let input = mutator.next()
            guard let value = timer.time(input, { input.withUnsafeBufferPointer { JSONValue.parse(bytes: $0) } }) else { continue }
            parsed += 1
            if !Self.roundTrips(value) { failures.append("no round trip: \(input)") }
        }
        timer.check("JSON parse (\(parsed) parsed)")
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }

    /// The cycle tests' rotation window (`SETBOARD_TEST_CYCLE_WINDOW`) is JSON read by the same parser, then by
    /// `CycleWindow(json:)` with its ISO 8601 times: huge years, offsets and ids must give nil, never a trap.
    static let windows: [[UInt8]] = [
        #"{"id":"2026-11-23","start":"2026-11-23T09:00:00Z","handoverDue":"2026-11-27T17:00:00Z","end":"2026-11-30T09:00:00Z","#
            + #""utcOffsetMinutes":60,"outgoing":{"lead":"carol","seats":[{"shift":"emea","role":"primary","handle":"alice"},"#
            + #"{"shift":"emea","role":"backup","handle":"bob"}]},"incoming":{"lead":null,"seats":[]}}"#,
        #"{"id":"w","start":1795000000000,"handoverDue":1795300000000,"end":1795600000000,"outgoing":{"seats":[]},"#
            + #""incoming":{"lead":"dave","seats":[{"shift":"americas","role":"primary","handle":"erin"}]}}"#,
    ].map { Array($0.utf8) }

    @Test func cycleTestWindows() {
        for window in Self.windows {
            #expect(window.withUnsafeBufferPointer { JSONValue.parse(bytes: $0) }.flatMap(CycleWindow.init(json:)) != nil)
        }
        let count = FuzzBudget.inputs(default: 40_000)
        var mutator = Mutator(seed: FuzzBudget.seed(40), corpus: Self.windows)
        var timer = SlowestInput()
        var read = 0
        for _ in 0..<count {
            let input = mutator.next()
            let window = timer.time(input) {
                input.withUnsafeBufferPointer { JSONValue.parse(bytes: $0) }.flatMap(CycleWindow.init(json:))
            }
            if window != nil { read += 1 }
        }
        timer.check("cycle test window (\(read) read)")
    }

    /// A line edited by hand with its checksum recomputed passes the gate, so everything after it must hold: the record
    /// decoder, the event decoders and every state's apply, fed through `BoardStore` as a real journal would be.
    @Test func handEditedLinesWithARecomputedChecksumReplayWithoutCrashing() throws {
        let count = FuzzBudget.inputs(default: 40_000)
        var mutator = Mutator(seed: FuzzBudget.seed(20), corpus: Corpus.jsonBodies)
        var timer = SlowestInput()
        var failures: [String] = []
        var accepted = 0
        var journal = ReplayingJournal(records: Corpus.journalRecords)
        var store = BoardStore(journal: journal)
        for i in 0..<count where failures.count < 5 {
            // A fresh board now and then, so state built from thousands of hostile events does not slow every input.
            if i % 2_000 == 0 {
                journal = ReplayingJournal(records: Corpus.journalRecords)
                store = BoardStore(journal: journal)
            }
            let body = mutator.next()
            let line = CRC32.hex(CRC32.checksum(body)) + [0x20] + body
            try timer.time(line) {
                guard case let .success(record) = JournalRecord.decode(line: line) else { return }
                accepted += 1
                if JournalRecord.decode(line: Array(record.line.dropLast())) != .success(record) {
                    failures.append("record does not round trip: \(line)")
                }
                journal.pending = [record]
                try store.refresh()
            }
        }
        timer.check("record decode and replay (\(accepted) accepted)")
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }
}

/// Hands `BoardStore` the corpus at open and then one record per refresh, as another process appending would.
final class ReplayingJournal: Journal {
    let records: [JournalRecord]
    var pending: [JournalRecord] = []
    var warnings: [String] { [] }
    var damage: JournalDamage? { nil }
    var readOnlyReason: String? { "fuzz" }
    init(records: [JournalRecord]) { self.records = records }
    func allRecords(containing: [UInt8]?) throws -> [JournalRecord] { records }
    func readNew() throws -> [JournalRecord] {
        defer { pending = [] }
        return pending
    }
    func append(actor: String, _ decide: ([JournalRecord]) throws -> [NewEvent]) throws -> AppendResult {
        throw JournalError.readOnly("fuzz")
    }
}
