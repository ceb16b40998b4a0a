/// Issue 15: one line with a valid checksum and an extreme value must not brick the board. Each attack, through the
/// built binary: the line is reported damaged with its seq and field, nothing crashes, and `repair` sets it aside.
import Foundation
import SetBoardCore
import SetBoardJournal
import Testing

@Suite("hostile values in the journal") struct HostileValueCLITests {
    /// The demo board, made once and copied for each test: every event family is in it.
    static let template: Result<[String: Data], CLIRunnerFailure> = {
        do {
            let cli = try CLIRunner()
            let r = try cli.run(["demo", "--no-show"])
            guard r.status == 0 else { return .failure(CLIRunnerFailure(text: r.err)) }
            var files: [String: Data] = [:]
            for name in ["journal.log", "replica"] {
                files[name] = try Data(contentsOf: URL(fileURLWithPath: cli.board + "/" + name))
            }
            return .success(files)
        } catch {
            return .failure(CLIRunnerFailure(text: "\(error)"))
        }
    }()

    func demoBoard() throws -> CLIRunner {
        let cli = try CLIRunner()
        try FileManager.default.createDirectory(atPath: cli.board, withIntermediateDirectories: true)
        for (name, data) in try Self.template.get() { try data.write(to: URL(fileURLWithPath: cli.board + "/" + name)) }
        return cli
    }

    func records(_ cli: CLIRunner) throws -> [JournalRecord] {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: cli.board + "/journal.log")))
        return bytes.split(separator: 0x0A).compactMap { try? JournalRecord.decode(line: Array($0)).get() }
    }

    /// Appends one line with a right checksum; seq, lam and ts follow the journal unless given.
    func append(_ cli: CLIRunner, type: String, payload: JSONValue, seq: Int64? = nil, lam: Int64? = nil,
                ts: Int64? = nil) throws {
        let last = try records(cli).last
        let next = (last?.seq ?? 0) + 1
        var body: [UInt8] = []
        JSONValue.object([
            ("v", .int(1)), ("seq", .int(seq ?? next)), ("id", .string("01a20000-0000-7000-8000-00000000beef")),
            ("rid", .string("mallory")), ("lam", .int(lam ?? next)), ("ts", .int(ts ?? last?.ts ?? 0)),
            ("actor", .string("mallory")), ("type", .string(type)), ("payload", payload),
        ]).encode(into: &body)
        let line = CRC32.hex(CRC32.checksum(body)) + [0x20] + body + [0x0A]
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: cli.board + "/journal.log"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(line))
        try handle.close()
    }

    /// The command ran to an exit of its own (0, or 1 for a refusal): a trap would be a signal's status.
    func expectNoCrash(_ cli: CLIRunner, _ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let r = try cli.run(arguments)
        #expect(r.status == 0 || r.status == 1, "setboard \(arguments.joined(separator: " ")) ended with \(r.status): \(r.err)",
                sourceLocation: sourceLocation)
    }

    func expectVerifyNames(_ cli: CLIRunner, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let verify = try cli.run(["journal", "verify"])
        #expect(verify.status == 1, sourceLocation: sourceLocation)
        #expect(verify.out.contains(text), "verify said: \(verify.out)", sourceLocation: sourceLocation)
    }

    static let created: JSONValue = BoardEvent.ticketCreated(key: "SET-900", ticket: NewTicket(title: "planted")).payload

    @Test(arguments: ["seq", "lam"])
    func aCounterAtInt64MaxMakesTheLineDamagedAndLaterWritesAreRefusedNotTrapped(_ field: String) throws {
        let cli = try demoBoard()
        try append(cli, type: "ticket.created", payload: Self.created, seq: field == "seq" ? .max : nil,
                   lam: field == "lam" ? .max : nil)
        let add = try cli.run(["add", "after the planted line"])
        #expect(add.status == 1, "\(add.err)")
        #expect(add.err.contains("is damaged") && add.err.contains("\"\(field)\" is 9223372036854775807"), "\(add.err)")
        try expectVerifyNames(cli, "\"\(field)\" is 9223372036854775807, outside its valid range")
        try cli.ok("journal", "repair")
        try cli.ok("add", "after the repair")
    }

    @Test func aTicketCreatedAtInt64MinCrashesNoReader() throws {
        let cli = try demoBoard()
        try append(cli, type: "ticket.created", payload: Self.created, ts: .min)
        for command in [["list"], ["show", "SET-1"], ["log"], ["render", "--size", "100x30"], ["journal", "snapshot"]] {
            try expectNoCrash(cli, command)
        }
        try expectVerifyNames(cli, "\"ts\" is -9223372036854775808")
    }

    @Test func anIncidentWithAnEndlessUpdateIntervalCrashesNoReader() throws {
        let cli = try demoBoard()
        try append(cli, type: "incident.opened", payload: IncidentEvent.opened(
            id: "INC-1", level: .l1, title: "planted", ticket: nil, commander: nil, updateInterval: .max).payload)
        for command in [["render", "--size", "100x30"], ["incident", "list"], ["list"]] { try expectNoCrash(cli, command) }
        try expectVerifyNames(cli, "\"payload.interval_ms\" is 9223372036854775807")
    }

    /// The roster mutations the issue found crashing `render`, `roster`, `cycle`, `page`, `roster --ics` and `export`.
    @Test(arguments: [
        ("anchor_day", JSONValue.int(.max)), ("anchor_day", .int(.min)), ("start_min", .int(.max)), ("end_min", .int(.min)),
        ("days", .array([.int(-1)])),
    ])
    func anExtremeRosterValueCrashesNoReader(_ key: String, _ value: JSONValue) throws {
        let cli = try demoBoard()
        let defined = try #require(try records(cli).last { $0.type == "roster.defined" })
        try append(cli, type: "roster.defined", payload: Self.replacing(key, with: value, in: defined.payload))
        for command in [["render", "--size", "100x30"], ["roster"], ["cycle", "show"], ["page", "x"], ["roster", "show", "--ics"],
                        ["roster", "export"]] {
            try expectNoCrash(cli, command)
        }
        try expectVerifyNames(cli, ".\(key)")
    }

    static func replacing(_ key: String, with value: JSONValue, in json: JSONValue) -> JSONValue {
        switch json {
        case let .object(pairs): return .object(pairs.map { ($0.0, $0.0 == key ? value : replacing(key, with: value, in: $0.1)) })
        case let .array(items): return .array(items.map { replacing(key, with: value, in: $0) })
        default: return json
        }
    }

    @Test func anUpdateIntervalTooLargeToCountGetsTheRangeErrorNotATrap() throws {
        let cli = try demoBoard()
        let justBelow = try cli.run(["incident", "open", "--level", "L1", "--every", "2562047788015", "x"])
        let over = try cli.run(["incident", "open", "--level", "L1", "--every", "2562047788016", "x"])
        // L1 and L2 take 1 to 24 hours: both are a malformed command line, with the same words.
        #expect(justBelow.status == 64 && over.status == 64, "\(justBelow.err) \(over.err)")
        #expect(over.err == justBelow.err && !over.err.isEmpty)
    }

    /// Issue 15: `log` said "SET-99 moved TO DO → DONE" for a ticket that does not exist; it shows what the board did.
    @Test func logMarksTheEventsTheBoardIgnoredAndWhy() throws {
        let cli = try demoBoard()
        try append(cli, type: "ticket.moved", payload: BoardEvent.ticketMoved(key: "SET-99", from: .todo, to: .done).payload)
        try append(cli, type: "ticket.created", payload: BoardEvent.ticketCreated(key: "SET-1", ticket: NewTicket(title: "again")).payload)
        let log = try cli.ok("log", "--last", "3").split(separator: "\n").map(String.init)
        #expect(log.count == 3)
        #expect(!log[0].contains("[ignored"), "\(log[0])")
        #expect(log[1].hasSuffix("mallory  SET-99 moved TO DO → DONE  [ignored: there is no ticket SET-99]"), "\(log[1])")
        #expect(log[2].hasSuffix("[ignored: SET-1 already exists]"), "\(log[2])")
        let json = try cli.ok("log", "--last", "1", "--json")
        #expect(json.contains(#""ignored":"SET-1 already exists""#), "\(json)")
    }

    /// Clock skew on write: with the system clock (no SETBOARD_NOW), a journal whose newest event is a day ahead
    /// refuses the change with both times instead of writing history backwards.
    @Test func aWriteFromAClockFarBehindTheJournalIsRefused() throws {
        let cli = try demoBoard()
        let ahead = Int64(Date().timeIntervalSince1970 * 1000) + 86_400_000
        try append(cli, type: "ticket.nudged", payload: BoardEvent.ticketNudged(key: "SET-1").payload, ts: ahead)
        let before = try records(cli).count
        let r = try cli.run(["add", "x"], environment: ["SETBOARD_NOW": ""])
        #expect(r.status == 1)
        #expect(r.err.contains("behind the journal's newest event (\(WorkingTime.isoMinute(ahead)) UTC)"), "\(r.err)")
        #expect(try records(cli).count == before)
    }
}

struct CLIRunnerFailure: Error, CustomStringConvertible {
    var text: String
    var description: String { "making the demo board failed: \(text)" }
}
