// Differential fuzzing of the journal's read path: the in-place reader against the tree reader it replaced.
import SetBoardCore
import Testing
@testable import SetBoardJournal

struct ReadPathFuzzTests {
    /// Both readers' verdict on one line: the same record, or the same reason to refuse it.
    static func disagreement(_ line: [UInt8]) -> String? {
        let new = JournalRecord.decode(line: line)
        let old = LegacyRecordReader.decode(line: line)
        guard new != old else { return nil }
        return "new \(new) old \(old): \(String(decoding: line, as: UTF8.self))"
    }

    static func line(_ body: [UInt8]) -> [UInt8] { CRC32.hex(CRC32.checksum(body)) + [0x20] + body }

    static func line(_ body: String) -> [UInt8] { line(Array(body.utf8)) }

    /// A valid envelope around `payload` (raw JSON text) and `extra` fields.
    static func event(_ type: String, _ payload: String, extra: String = "") -> [UInt8] {
        line(#"{"v":1,"seq":3,"id":"0190-a","rid":"r","lam":2,"ts":1795000000000,"actor":"zoë","type":"\#(type)","payload":\#(payload)\#(extra)}"#)
    }

    /// Edges the mutator reaches only by luck: repeated and escaped keys, spaces, numbers of every shape, nesting at
    /// the limit, payloads that are not objects, unknown types, groups.
    static let edges: [[UInt8]] = {
        var lines: [[UInt8]] = [
            event("ticket.moved", #"{"key":"SET-1","from":"todo","to":"doing"}"#),
            event("ticket.moved", #"{"key":"SET-1","key":"SET-2","from":"todo","to":"doing"}"#),
            event("ticket.moved", #"{"k\u0065y":"SET-1","from":"todo","to":"doing"}"#),
            event("ticket.moved", #" { "key" : "SET\u002d1" , "from" : "todo" , "to" : "doing" } "#),
            event("ticket.moved", #"{"key":"SET-1","from":"todo","to":"nowhere"}"#),
            event("ticket.moved", #"{"key":1,"from":"todo","to":"doing"}"#),
            event("ticket.moved", "[]"), event("ticket.moved", "null"), event("ticket.moved", "\"x\""),
            event("ticket.moved", "1.5"), event("ticket.moved", "true"),
            event("no.such_type", #"{"n":-9223372036854775808,"d":1.5e-300,"l":[null,true,{}]}"#),
            event("no.such_type", "[1,2]"),
            event("ticket.moved", #"{"key":"SET-1","from":"todo","to":"doing"}"#, extra: #","grp":2"#),
            event("ticket.moved", #"{"key":"SET-1","from":"todo","to":"doing"}"#, extra: #","grp":2,"gi":1"#),
            event("ticket.moved", #"{"key":"SET-1","from":"todo","to":"doing"}"#, extra: #","grp":2,"gi":"1""#),
            event("ticket.moved", #"{"key":"SET-1","from":"todo","to":"doing"}"#, extra: #","gi":1"#),
            event("ticket.moved", #"{"key":"SET-1","from":"todo","to":"doing"}"#, extra: #","grp":null"#),
            event("incident.opened", #"{"id":"INC-1","level":"L1","title":"t","interval_ms":6e4}"#),
            event("page.notified", #"{"id":"PAGE-1","step":1.0}"#),
            event("page.notified", #"{"id":"PAGE-1","step":1e0}"#),
            event("page.notified", #"{"id":"PAGE-1","step":-0}"#),
            event("page.notified", #"{"id":"PAGE-1","step":01}"#),
            event("page.notified", #"{"id":"PAGE-1","step":1e999}"#),
            event("page.notified", #"{"id":"PAGE-1","step":123456789012345678901}"#),
            event("ticket.edited", #"{"key":"SET-1","changes":{"title":"é\ud83d\ude00","level":null}}"#),
            event("ticket.edited", #"{"key":"SET-1","changes":{"title":"\ud800"}}"#),
            event("ticket.edited", #"{"key":"SET-1","changes":[]}"#),
            event("board.settings_changed", #"{"tierOrder":["hotfix","other"],"stuckLimits":{"todo":3},"levelStuckLimits":null}"#),
            event("board.routing_defined", #"{"routes":{"api":"server","api":"web"},"contacts":{"api":"@bob"}}"#),
            line(#"{"v":1,"seq":1,"v":2}"#), line("[1]"), line("\"v\""), line("{}"), line(" {} "),
            line(#"{"v":2,"seq":1}"#), line(#"{"v":1.0,"seq":1.5}"#), line(#"{"v":1,"seq":9007199254740993}"#),
        ]
        for depth in [62, 63, 64, 65] {
            let nested = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            lines.append(event("no.such_type", #"{"deep":\#(nested)}"#))
        }
        lines.append(line(Array(#"{"v":1,"seq":3,"id":"\#u{1}"}"#.utf8)))
        lines.append(line([0x7B, 0x22, 0xC0, 0xAF, 0x22, 0x3A, 0x31, 0x7D]))
        return lines
    }()

    @Test func theEdgesReadTheSameThroughBothReaders() {
        let wrong = Self.edges.compactMap(Self.disagreement)
        #expect(wrong.isEmpty, "\(wrong.joined(separator: "\n"))")
        // The edges are not all refused alike: some are read, some are damaged, so the comparison compares something.
        let accepted = Self.edges.filter { (try? JournalRecord.decode(line: $0).get()) != nil }.count
        #expect(accepted > 5 && accepted < Self.edges.count - 5)
    }

    /// Every corpus line, then mutated lines: most with the checksum recomputed so the JSON itself is what is tested,
    /// some damaged as a disk would damage them. `SETBOARD_FUZZ_INPUTS=1000000` is the full run.
    @Test func mutatedLinesReadTheSameThroughBothReaders() {
        let count = FuzzBudget.inputs(default: 30_000)
        var bodies = Mutator(seed: FuzzBudget.seed(40), corpus: Corpus.jsonBodies + Self.edges.map { Array($0.dropFirst(9)) })
        var lines = Mutator(seed: FuzzBudget.seed(41), corpus: Corpus.journalLines.map { Array($0.dropLast()) })
        var timer = SlowestInput()
        var failures: [String] = []
        var accepted = 0
        for line in Corpus.journalLines.map({ Array($0.dropLast()) }) {
            if let wrong = Self.disagreement(line) { failures.append(wrong) }
        }
        for i in 0..<count where failures.count < 5 {
            let line = i % 8 == 7 ? lines.next() : Self.line(bodies.next())
            let wrong = timer.time(line) { () -> String? in
                if case .success = JournalRecord.decode(line: line) { accepted += 1 }
                return Self.disagreement(line)
            }
            if let wrong { failures.append("input \(i): \(wrong)") }
        }
        timer.check("read path against the tree reader (\(accepted) accepted)")
        #expect(accepted > count / 50, "the mutations should leave some lines readable")
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }
}
