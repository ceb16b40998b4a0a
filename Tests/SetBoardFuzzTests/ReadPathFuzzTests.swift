// Differential fuzzing of the journal's read path: the in-place reader against the tree reader it replaced.
import Foundation
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

    /// The fast path against the strict one on one line: the fast path may pass a line on, never read it otherwise.
    static func fastDisagreement(_ line: [UInt8]) -> String? {
        guard line.count > 9 else { return nil }
        return Array(line.dropFirst(9)).withUnsafeBufferPointer { body -> String? in
            guard let fast = JournalLineReader.readCanonical(body) else { return nil }
            let strict = JournalLineReader.readStrict(body: body)
            return strict == .success(fast) ? nil : "fast \(fast) strict \(strict): \(String(decoding: body, as: UTF8.self))"
        }
    }

    static func takesFastPath(_ line: [UInt8]) -> Bool {
        Array(line.dropFirst(9)).withUnsafeBufferPointer { JournalLineReader.readCanonical($0) != nil }
    }

    /// One line of each shape the fast path reads, exactly as setboard writes them.
    static let canonicalLines: [[UInt8]] = {
        var full = NewTicket(title: "Login fails", description: "since the upgrade", tier: .other, level: .l2,
                             assignee: "amy", team: "web", source: .page, component: "api", createdAt: 1_795_000_000_000)
        full.column = .inReview
        var edit = TicketChanges(title: "new title", description: "more", level: .some(.l3), team: .some(nil))
        edit.type = TicketType.allCases.last
        let events: [BoardEvent] = [
            .ticketCreated(key: "SET-1", ticket: NewTicket(title: "t")), .ticketCreated(key: "SET-1", ticket: full),
            .ticketMoved(key: "SET-1", from: .todo, to: .inProgress), .ticketAssigned(key: "SET-1", assignee: "amy"),
            .ticketAssigned(key: "SET-1", assignee: nil), .ticketRanked(key: "SET-1", position: .top),
            .ticketRanked(key: "SET-1", position: .bottom), .ticketRanked(key: "SET-1", position: .after("SET-2")),
            .checklistMarked(key: "SET-1", item: .logs, state: .present), .ticketNudged(key: "SET-1"),
            .ticketEdited(key: "SET-1", changes: TicketChanges(level: .some(.l1))), .ticketEdited(key: "SET-1", changes: edit),
            .ticketEdited(key: "SET-1", changes: TicketChanges()),
            .ticketTakenOver(key: "SET-1", from: nil, to: "amy"), .ticketTakenOver(key: "SET-1", from: "bob", to: "amy"),
        ]
        var lines: [[UInt8]] = []
        for (i, e) in events.enumerated() {
            let group: JournalGroup? = i % 3 == 0 ? JournalGroup(index: Int64(i % 2), size: 3) : nil
            let record = JournalRecord(seq: 7, id: "0190-abc", rid: "r1", lam: 5, ts: 1_795_000_000_000, actor: "amy",
                                       event: .board(e), group: group)
            lines.append(Array(record.line.dropLast()))
        }
        return lines
    }()

    /// Each canonical line changed at one of the fast path's edges (first occurrence of the text, checksum redone):
    /// members reordered, missing, repeated or extra, an escape, spaces, numbers out of range or not canonical.
    static let canonicalMutations: [[UInt8]] = {
        let changes: [(String, String)] = [
            (#""seq":7,"id":"0190-abc""#, #""id":"0190-abc","seq":7"#), (#""from":"todo","to":"in-progress""#,
            #""to":"in-progress","from":"todo""#), (#""title":"new title","description":"more""#,
            #""description":"more","title":"new title""#), (#""key":"SET-1","#, #""key":"SET-1","#),
            (#""amy""#, #""a"my""#), (#""amy""#, #""amé""#), (#""amy""#, #""amé""#), (#""ts":"#, #""ts":999"#),
            (#""created_ms":"#, #""created_ms":999"#), (#""ts":"#, #""ts":0"#), (#""seq":7"#, #""seq":0"#),
            (#""lam":5"#, #""lam":9007199254740993"#), (#""lam":5"#, #""lam":5.0"#), (#""lam":5"#, #""lam":-5"#),
            (#""lam":5"#, #""lam":1234567890123456789012"#), (#""key":"SET-1","#, ""), (#","to":"in-progress""#, ""),
            (#","team":null"#, ""), (#","assignee":"amy""#, ""), (#"{"key":"#, #"{ "key":"#), (#"}}"#, #"} }"#),
            (#""payload":"#, #""payload": "#), (#""key":"SET-1","#, #""key":"SET-1","key":"SET-2","#),
            (#""seq":7,"#, #""seq":7,"seq":8,"#), (#""payload":{"#, #""payload":{"x":1,"#), (#"":null"#, #"":1"#),
            (#"":null"#, #"":"null""#), (#""todo""#, #""nowhere""#), (#""todo""#, #""TODO""#), (#""L1""#, #""l1""#),
            (#""top"}"#, #""after"}"#), (#""after","#, #""top","#), (#""bottom"}"#, #""bottom","after":"SET-2"}"#),
            (#""grp":3"#, #""grp":1"#), (#""grp":3"#, #""grp":4294967296"#), (#""gi":1"#, #""gi":0"#),
            (#""gi":1"#, #""gi":3"#), (#""grp":3,"gi":1"#, #""gi":1,"grp":3"#), (#""v":1,"#, #""v":0,"#),
            (#""v":1,"#, #""v":2,"#), (#""type":"ticket.moved""#, #""type":"ticket.move""#),
            (#""present""#, #""PRESENT""#), (#""changes":{}"#, #""changes":{"x":1}"#), (#"}"#, "} "),
        ]
        var out: [[UInt8]] = []
        for line in canonicalLines {
            let body = String(decoding: line.dropFirst(9), as: UTF8.self)
            for (from, to) in changes {
                guard let range = body.range(of: from) else { continue }
                out.append(Self.line(body.replacingCharacters(in: range, with: to)))
            }
        }
        return out
    }()

    @Test func canonicalLinesAndTheirMutationsReadAlikeOnTheFastAndStrictPaths() {
        let all = Self.canonicalLines + Self.canonicalMutations
        let wrong = all.compactMap(Self.fastDisagreement) + all.compactMap(Self.disagreement)
        #expect(wrong.isEmpty, "\(wrong.joined(separator: "\n"))")
        // Every canonical line takes the fast path (a fast path no line takes would pass this test unseen)...
        #expect(Self.canonicalLines.allSatisfy(Self.takesFastPath))
        // ...and the mutations both leave it and stay readable by the strict path, so the edges are compared.
        let mutations = Self.canonicalMutations
        #expect(mutations.count > 150)
        #expect(mutations.filter(Self.takesFastPath).count < mutations.count / 4)
        #expect(mutations.filter { !Self.takesFastPath($0) && (try? JournalRecord.decode(line: $0).get()) != nil }.count > 30)
    }

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
        var bodies = Mutator(seed: FuzzBudget.seed(40), corpus: Corpus.jsonBodies
            + (Self.edges + Self.canonicalLines + Self.canonicalMutations).map { Array($0.dropFirst(9)) })
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
                return Self.disagreement(line) ?? Self.fastDisagreement(line)
            }
            if let wrong { failures.append("input \(i): \(wrong)") }
        }
        timer.check("read path against the tree reader (\(accepted) accepted)")
        #expect(accepted > count / 50, "the mutations should leave some lines readable")
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }
}
