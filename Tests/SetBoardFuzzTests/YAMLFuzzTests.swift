/// Fuzzing every YAML file a user writes (themes, roster, routing directory, config): hostile text gets an error or a
/// value, never a crash or a hang.
import Foundation
import SetBoardCore
import SetBoardFiles
import SetBoardJournal
import SetBoardUI
import Testing

struct YAMLFuzzTests {
    /// Shapes that stress a YAML reader beyond byte damage: aliases that multiply, deep flow and block nesting,
    /// long scalars, tags, merge keys and documents that are not mappings.
    static let edges: [String] = [
        "a: &a [x, x, x, x]\nb: &b [*a, *a, *a, *a]\nc: &c [*b, *b, *b, *b]\nd: &d [*c, *c, *c, *c]\ne: &e [*d, *d, *d, *d]\n"
            + "f: &f [*e, *e, *e, *e]\ng: &g [*f, *f, *f, *f]\nh: &h [*g, *g, *g, *g]\nstyles: *h\ncomponents: *h\nkeys: *h\n"
            + "engineers: *h\nrotations: *h\n",
        "styles: &s {normal: {fg: red}}\nname: *s\n", "? [a, b]\n: c\n", "<<: {styles: {}}\n", "!!binary aGk=\n",
        String(repeating: "[", count: 10_000), String(repeating: "{a: ", count: 5_000),
        (0..<200).map { String(repeating: " ", count: $0) + "- x:\n" }.joined(),
        "styles:\n  normal:\n    fg: " + String(repeating: "9", count: 100_000) + "\n",
        "components:\n  " + String(repeating: "k", count: 100_000) + ": team\n",
        "- a\n- b\n", "just text", "", "---\n---\n", "%YAML 1.1\n---\nstyles: {}\n", "\u{FEFF}styles: {}\n",
        "engineers:\n  - handle: a\n    name: \"\\e[2J\\u202e\"\n    team: t\n    zone: Mars/Olympus\n",
    ]

    /// Runs one reader over mutated corpus files; each reader gets the same count and its own seed.
    static func fuzz(_ name: String, corpus: [[UInt8]], salt: UInt64, _ read: (String) -> Void) {
        let count = FuzzBudget.inputs(default: 3_000)
        let all = corpus + Self.edges.map { Array($0.utf8) }
        var timer = SlowestInput()
        for text in all {
            timer.time(text) { read(String(decoding: text, as: UTF8.self)) }
        }
        var mutator = Mutator(seed: FuzzBudget.seed(salt), corpus: all, maxLength: 8_192)
        for _ in 0..<count {
            let input = mutator.next()
            // The CLI refuses a file that is not UTF-8 before any reader sees it; repairing the bytes keeps the damage.
            timer.time(input) { read(String(decoding: input, as: UTF8.self)) }
        }
        timer.check(name)
    }

    @Test func themes() {
        #expect(Corpus.themes.count >= 4)
        Self.fuzz("theme", corpus: Corpus.themes, salt: 30) { _ = try? Theme.parse(yaml: $0, name: "fuzz") }
    }

    /// A roster that passes the reader is used at once by `roster` and the TUI pane, so its schedule is asked for too:
    /// odd but valid anchors, zones, hours and week counts must not trap the rotation arithmetic.
    @Test func rosterFiles() {
        var read = 0
        Self.fuzz("roster", corpus: Corpus.rosters, salt: 31) { text in
            guard let definition = try? RosterYAMLReader.read(text, zones: HostTimeZones()) else { return }
            read += 1
            let roster = RosterState(definition: definition)
            for t in [StillClock().ms, 0, 4_102_444_800_000] {
                _ = roster.schedule(from: t, weeks: 3, zones: HostTimeZones())
                _ = roster.onCall(at: t, zones: HostTimeZones())
                _ = roster.nextHandoff(after: t, zones: HostTimeZones())
                _ = roster.handoverDue(after: t, zones: HostTimeZones())
            }
        }
        print("fuzz roster: \(read) files read and scheduled")
        #expect(read > 0)
    }

    @Test func routingDirectories() {
        Self.fuzz("routing", corpus: Corpus.routings, salt: 32) { _ = try? RoutingFile.parse($0) }
    }

    @Test func configFiles() {
        Self.fuzz("config", corpus: Corpus.configs, salt: 33) { _ = try? ConfigFile.parse($0, path: "config.yaml") }
    }

    /// The corpora are valid to begin with, so the fuzzers start from files that reach every branch of the readers.
    @Test func everyCorpusFileReads() throws {
        for theme in Corpus.themes { _ = try Theme.parse(yaml: String(decoding: theme, as: UTF8.self), name: "t") }
        for roster in Corpus.rosters { _ = try RosterYAMLReader.read(String(decoding: roster, as: UTF8.self), zones: HostTimeZones()) }
        for routing in Corpus.routings { #expect(try !RoutingFile.parse(String(decoding: routing, as: UTF8.self)).isEmpty) }
        for config in Corpus.configs { _ = try ConfigFile.parse(String(decoding: config, as: UTF8.self), path: "c") }
    }
}
