/// Fuzzing event payloads themselves: valid JSON and a valid checksum around hostile values (extreme numbers, wrong
/// kinds, missing and unknown fields), through the strict decoders, `BoardStore` replay and the readers that do sums.
import SetBoardCore
import Testing
@testable import SetBoardJournal

struct EventPayloadFuzzTests {
    /// Numbers at and around every edge a range or a sum has.
    static let extremes: [Int64] = [
        .max, .min, .max - 1, .min + 1, 0, -1, 1, 1 << 53, (1 << 53) + 1, Int64(Int32.max) + 1, Int64(Int32.min) - 1,
        1439, 1440, 1441, 6, 7, 52, 53, 59, 60, 86_400, 86_401, 59_999, 1_209_600_000, 1_209_600_001,
        253_402_300_799, 253_402_300_799_999, 253_402_300_800_000, 2_932_896, 2_932_897, 2_562_047_788_016,
    ]

    static let strangeValues: [JSONValue] = [
        .null, .bool(true), .string(""), .string("x"), .string("L9"), .string("purple"), .string("\u{1B}[2J\u{202E}"),
        .double(1.5), .double(-1e300), .array([]), .array([.int(-1)]), .object([]), .object([("x", .int(1))]),
    ]

    /// The events of the demo journal the registry knows, as JSON envelopes to mutate.
    static let seeds: [JSONValue] = Corpus.journalRecords.filter { EventRegistry.isKnown($0.type) }.map(\.json)

    /// One hostile change somewhere in the tree: a number pushed to an edge, a value of another kind, a field removed
    /// or added, a list emptied or grown.
    static func mutate(_ value: JSONValue, _ random: inout SeededRandom, depth: Int = 0) -> JSONValue {
        switch value {
        case let .object(pairs) where !pairs.isEmpty && (depth == 0 || random.below(4) != 0):
            var pairs = pairs
            let i = random.below(pairs.count)
            switch random.below(10) {
            case 0: pairs.remove(at: i)
            case 1: pairs.append(("unknown_\(random.below(3))", strangeValues[random.below(strangeValues.count)]))
            default: pairs[i].1 = mutate(pairs[i].1, &random, depth: depth + 1)
            }
            return .object(pairs)
        case let .array(items) where !items.isEmpty && random.below(4) != 0:
            var items = items
            let i = random.below(items.count)
            switch random.below(6) {
            case 0: items.remove(at: i)
            case 1: items.append(items[i])
            default: items[i] = mutate(items[i], &random, depth: depth + 1)
            }
            return .array(items)
        case .int where random.below(3) != 0:
            return .int(extremes[random.below(extremes.count)])
        default:
            return strangeValues[random.below(strangeValues.count)]
        }
    }

    @Test func hostilePayloadsAreDamagedOrDecodedStrictlyAndNeverCrashTheBoard() throws {
        let count = FuzzBudget.inputs(default: 20_000)
        var random = SeededRandom(seed: FuzzBudget.seed(40))
        var timer = SlowestInput()
        var failures: [String] = []
        var accepted = 0
        var journal = ReplayingJournal(records: Corpus.journalRecords)
        var store = BoardStore(journal: journal)
        #expect(Self.seeds.count > 40)
        for i in 0..<count where failures.count < 5 {
            if i % 2_000 == 0 {
                journal = ReplayingJournal(records: Corpus.journalRecords)
                store = BoardStore(journal: journal)
            }
            var envelope = Self.seeds[random.below(Self.seeds.count)]
            for _ in 0...random.below(3) { envelope = Self.mutate(envelope, &random) }
            var body: [UInt8] = []
            envelope.encode(into: &body)
            let line = CRC32.hex(CRC32.checksum(body)) + [0x20] + body
            try timer.time(line) {
                guard case let .success(record) = JournalRecord.decode(line: line) else { return }
                accepted += 1
                for (name, n, range) in [("seq", record.seq, ValidRange.counter), ("lam", record.lam, ValidRange.counter),
                                         ("ts", record.ts, ValidRange.instantMilliseconds)] where !range.contains(n) {
                    failures.append("\(name) \(n) accepted: \(String(decoding: body, as: UTF8.self))")
                }
                // What the strict decoder accepted, its encoder writes back to the same event.
                if let event = record.event, (try? EventRegistry.decode(type: event.type, payload: event.payload)) != event {
                    failures.append("event does not round trip: \(String(decoding: body, as: UTF8.self))")
                }
                journal.pending = [record]
                try store.refresh()
                // The readers that do sums on read values, at the edges of time.
                for t in [record.ts, 0, ValidRange.instantMilliseconds.upperBound] {
                    _ = store.roster.onCall(at: t, zones: HostTimeZones())
                    _ = store.roster.nextHandoff(after: t, zones: HostTimeZones())
                    _ = store.incidents.ordered(at: t, includeClosed: true).map { $0.isOverdue(at: t) }
                    for ticket in store.state.tickets.values.prefix(3) { _ = store.state.isStuck(ticket, now: t) }
                }
                _ = record.event?.summary
            }
        }
        timer.check("event payloads decoded and replayed (\(accepted) accepted)")
        #expect(accepted > 0, "some mutations keep a valid event")
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }
}
