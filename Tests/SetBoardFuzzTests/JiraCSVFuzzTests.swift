/// Jira's CSV export damaged every way: the reader and the import give issues or an error that names the problem, never a crash or a hang.
import Foundation
import SetBoardCore
import SetBoardFiles
import Testing

@Suite struct JiraCSVFuzzTests {
    static let sample = "\u{FEFF}Summary,Issue key,Issue Type,Status,Priority,Labels,Labels,Component/s,Assignee,Reporter,Created,Description,Comment,Comment\r\n"
        + "\"Login fails, sometimes\",MM-101,Bug,In Progress,Highest,hotfix,customer,Server,Alice,Bob,07/Dec/26 10:15 AM,"
        + "\"Steps:\r\n1. \"\"hi\"\"\",\"06/Dec/26 9:00 AM;bob;First\",x\r\n"
        + "Search slow,MM-102,Story,Open,Low,,,,,carol,2026-11-30T08:00:00Z,,,\r\n"

    /// Shapes a byte flip rarely reaches: quotes never closed, a header alone, thousands of columns, one huge cell,
    /// lone CRs, NULs, a BOM in the middle, dates at the edge of the range.
    static let edges: [String] = [
        "Summary,Issue key\r\n\"never closed,MM-1\r\nx,MM-2\r\n", "Summary,Issue key\r\n", "Summary,Issue key",
        String(repeating: "Labels,", count: 5_000) + "Summary,Issue key\r\n" + String(repeating: "a,", count: 5_000) + "s,MM-1\r\n",
        "Summary,Issue key\r\n\"" + String(repeating: "q", count: 200_000) + "\",MM-1\r\n",
        "Summary,Issue key\rx,MM-1\rY,MM-2\r", "Summary,Issue key\r\nx\u{0},MM-1\r\n", "Summary,Issue key\r\n\u{FEFF}x,MM-1\r\n",
        "Summary,Issue key,Created\r\nx,MM-1,31/Dec/9999 11:59 PM\r\ny,MM-2,01/Jan/1970 12:00 AM\r\nz,MM-3,99/Foo/26 25:61 XM\r\n",
        "Summary,Issue key,Comment\r\nx,MM-1,;;;\r\ny,MM-2,07/Dec/26 10:15 AM;;\r\n", "\"\"\"\"\"\"\r\n\"", ",,,,\r\n,,,,\r\n",
        "Summary,Issue key\r\n" + String(repeating: "x", count: 400) + ",MM-1\r\n", "Summary,Issue key\r\nx,\(String(repeating: "A", count: 100))-1\r\n",
    ]

    @Test func theSampleReadsAsJiraMeansIt() throws {
        let issues = try JiraCSV.issues(Self.sample)
        #expect(issues.count == 2)
        #expect(issues[0].summary == "Login fails, sometimes")
        #expect(issues[0].labels == ["hotfix", "customer"])
        #expect(issues[0].description == "Steps:\n1. \"hi\"")
        #expect(issues[0].comments.map(\.text) == ["First", "x"])
        #expect(issues[0].comments[0].author == "bob")
        #expect(issues[0].created.map { JiraDate.format($0) } == "07/Dec/26 10:15 AM")
        #expect(issues[1].created == JiraDate.parse("2026-11-30T08:00:00Z"))
    }

    @Test func mutatedExportsGiveIssuesOrAClearError() throws {
        let rules = try JiraMap.parse(JiraMap.example)
        var board = BoardState()
        board.apply(.boardCreated(name: "fuzz", prefix: "SET"), seq: 1, at: 0, by: "fuzz")
        let corpus = [Array(Self.sample.utf8)] + Self.edges.map { Array($0.utf8) }
        let count = FuzzBudget.inputs(default: 2_000)
        var timer = SlowestInput()
        var read = 0, refused = 0, planned = 0
        var mutator = Mutator(seed: FuzzBudget.seed(71), corpus: corpus, maxLength: 16_384)
        for i in 0..<(corpus.count + count) {
            let input = i < corpus.count ? corpus[i] : mutator.next()
            timer.time(input) {
                do {
                    let issues = try JiraCSV.issues(String(decoding: input, as: UTF8.self))
                    read += 1
                    do {
                        let plan = try JiraImport.decide(issues, rules: rules, board: board, links: LinkState(), actor: "fuzz",
                                                         now: 1_796_000_000_000)
                        planned += 1
                        // Every event planned must survive the journal's strict decoder, as the append would write it.
                        for e in plan.events {
                            let text = e.payload.compactEncoded()
                            let back = try? EventRegistry.decode(type: e.type, payload: JSONValue.parse(text) ?? .null)
                            #expect(back == e, "\(e.type) does not round-trip: \(text.prefix(200))")
                        }
                    } catch {
                        #expect(!"\(error)".isEmpty)
                    }
                } catch {
                    refused += 1
                    let said = "\((error as? FileProblem)?.description ?? "not a FileProblem: \(error)")"
                    #expect(!said.isEmpty && !said.hasPrefix("not a FileProblem"), "\(said)")
                    #expect(!said.unicodeScalars.contains { $0.value == 0x1B })
                }
            }
        }
        print("fuzz jira csv: \(read) read (\(planned) planned), \(refused) refused")
        #expect(read > 0 && refused > 0)
        timer.check("jira csv")
    }

    @Test func fuzzedMapsGiveAnErrorOrRules() {
        let corpus = [Array(JiraMap.example.utf8), Array("alerts:\n  tier: hotfix\njira:\n  statuses: {Open: todo}\n".utf8)]
        YAMLFuzzTests.fuzz("jira map", corpus: corpus, salt: 72) { _ = try? JiraMap.parse($0) }
    }

    @Test(arguments: [
        ("jira:\n  statuses:\n    Open: somewhere\n", "line 3: \"somewhere\" is not a column"),
        ("jira:\n  levels:\n    prio Highest: L1\n", "is not `label X`"),
        ("jira:\n  users:\n    Alice: \"two words\"\n", "not a handle"),
        ("jira:\n  url: ftp://x\n", "`url` must be Jira's address"),
        ("jira:\n  colour: red\n", "unknown field \"colour\""),
        ("jira:\n  types:\n    Bug: bug\n    bug: feature\n", "appears twice"),
    ])
    func mapMistakesAreRefusedNamingTheLine(_ text: String, _ said: String) {
        do {
            _ = try JiraMap.parse(text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.description.contains(said), "\(error)")
        }
    }
}
