/// The valid inputs the fuzzers start from: a real demo journal, the shipped themes, and the example files the CLI prints.
import Foundation
import SetBoardCore
import SetBoardFiles
@testable import SetBoardJournal

/// A clock that stands still, so the demo journal has the same bytes on every run and every seed replays.
struct StillClock: JournalClock {
    var ms: Int64 = 1_795_000_000_000
    func nowMilliseconds() -> Int64 { ms }
}

enum Corpus {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Every event the demo board writes (tickets, incidents, pages, the roster, the cycle), one line each with its newline,
    /// plus hand-made lines whose strings hold escapes, controls and characters from every plane.
    static let journalLines: [[UInt8]] = {
        let clock = StillClock()
        let journal = MemoryJournal(clock: clock)
        let store = BoardStore(journal: journal)
        for step in DemoBoard.script(now: clock.ms) {
            _ = try? store.perform(step.command, actor: "alice", now: step.at)
        }
        _ = try? store.perform(RosterCommand.define(DemoBoard.roster(now: clock.ms, admins: ["alice"], zones: HostTimeZones())), actor: "alice",
                               now: clock.ms)
        // Incidents and pages too, so the events the demo leaves out are in the corpus with their real shapes.
        let hostile = "\u{1B}[2J\u{1B}]0;owned\u{07}\u{202E}txt \u{9B}31m"
        _ = try? store.perform(IncidentCommand.open(level: .l1, title: hostile, ticket: "SET-1", commander: "bob",
                                                    updateInterval: nil), actor: "alice")
        _ = try? store.perform(IncidentCommand.postUpdate(id: "INC-1", text: "rolled back\n" + hostile), actor: "alice")
        _ = try? store.perform(IncidentCommand.setStatus(id: "INC-1", status: .identified), actor: "alice")
        _ = try? store.perform(IncidentCommand.invite(id: "INC-1", team: "server"), actor: "alice")
        _ = try? store.perform(IncidentCommand.setCommander(id: "INC-1", commander: "carol"), actor: "alice")
        _ = try? store.perform(PageCommand.open(summary: hostile, ticket: "SET-2", onCall: nil, policy: .standard),
                               actor: "alice", now: clock.ms)
        _ = try? store.perform(PageCommand.recordNotified(id: "PAGE-1", step: 0), actor: "alice", now: clock.ms)
        _ = try? store.perform(PageCommand.recordNotifyFailure(id: "PAGE-1", step: 1, reason: "exit 1"), actor: "alice",
                               now: clock.ms)
        _ = try? store.perform(PageCommand.acknowledge(id: nil), actor: "bob", now: clock.ms)
        var lines = journal.records.map(\.line)
        // Valid events whose strings hold escapes, controls and every plane, and an unknown type carrying values no
        // event may hold (Int64.min, a fraction): kept, as a newer setboard's event is, but never decoded.
        let odd = "\u{1B}[2J\u{202E}é漢字😀\u{0}\"\\/\n\t"
        let strange = JSONValue.object([
            ("key", .string("SET-1")), ("title", .string(odd)),
            ("n", .int(Int64.min)), ("d", .double(-1.5e-300)), ("list", .array([.null, .bool(true), .object([])])),
        ])
        let payloads: [(String, JSONValue)] = [
            ("ticket.edited", .object([("key", .string("SET-1")), ("changes", .object([("title", .string(odd)), ("level", .null)]))])),
            ("ticket.created", NewEvent(.board(.ticketCreated(key: "SET-\(odd)", ticket: NewTicket(title: odd, description: odd,
                                                                                                   assignee: odd)))).payload),
            ("incident.update_posted", .object([("id", .string("INC-1")), ("text", .string(odd))])),
            ("unknown.type", strange),
        ]
        let last = journal.records.last?.seq ?? 0
        for (i, (type, payload)) in payloads.enumerated() {
            let record = JournalRecord(seq: last + 1 + Int64(i), id: "0190-\(i)", rid: "r", lam: Int64(i), ts: clock.ms,
                                       actor: "zoë", type: type, payload: payload)
            lines.append(record.line)
        }
        return lines
    }()

    /// The journal records behind `journalLines`, decoded once, to compare what a scan accepts against.
    static let journalRecords: [JournalRecord] = journalLines.compactMap {
        try? JournalRecord.decode(line: Array($0.dropLast())).get()
    }

    /// The JSON text of every line, without checksum or newline: what the JSON parser sees.
    static let jsonBodies: [[UInt8]] = journalLines.map { Array($0.dropFirst(9).dropLast()) }

    static let themes: [[UInt8]] = {
        let dir = packageRoot.appendingPathComponent("themes")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.sorted().filter { $0.hasSuffix(".yaml") }.compactMap {
            FileManager.default.contents(atPath: dir.appendingPathComponent($0).path).map { [UInt8]($0) }
        }
    }()

    static let rosters: [[UInt8]] = [
        Array(RosterYAMLWriter.example.utf8),
        Array(RosterYAMLWriter.yaml(DemoBoard.roster(now: StillClock().ms, admins: ["alice"], zones: HostTimeZones())).utf8),
    ]

    static let routings: [[UInt8]] = [
        Array(RoutingFile.example.utf8),
        Array(RoutingFile.yaml(["search": "server", "push notifications": "mobile", "é: odd [key]": "web"]).utf8),
    ]

    static let configs: [[UInt8]] = [
        "theme: light\n", "theme: ./my-theme.yaml\nkeys:\n  x: claim\n  z: nudge\n", "keys: { x: claim }\nother: kept\n",
        "# only a comment\n",
    ].map { Array($0.utf8) }
}
