/// One journal line: the event with its sequence, ids, clocks and author, and the exact text format it is stored in.
import SetBoardCore

/// An event as stored: `<crc32 8 hex> <compact JSON>\n` with fields v, seq, id, rid, lam, ts, actor, type, payload,
/// and on each line of an append of several events `grp` (how many) and, after the first line, `gi` (which one).
public struct JournalRecord: Equatable, Sendable {
    public static let formatVersion: Int64 = 1

    /// The fields live in one box shared by every copy until one of them changes (copy on write): a record is passed
    /// from the line reader through the scan, the change being read and the store, and as 256 bytes of fields each
    /// move was a copy and every copy retained its strings and event (a fifth of a full replay at 50,000 tickets).
    private final class Fields: @unchecked Sendable {
        // Never changed while shared: `JournalRecord.unique()` copies the box first.
        var v: Int64, seq: Int64, id: EventIDText, rid: String, lam: Int64, ts: Int64, actor: String, type: String
        var event: Event?
        var storedPayload: JSONValue
        var packedGroup: UInt64

        init(v: Int64, seq: Int64, id: EventIDText, rid: String, lam: Int64, ts: Int64, actor: String, type: String,
             event: Event?, storedPayload: JSONValue, packedGroup: UInt64) {
            self.v = v; self.seq = seq; self.id = id; self.rid = rid; self.lam = lam; self.ts = ts; self.actor = actor
            self.type = type; self.event = event; self.storedPayload = storedPayload; self.packedGroup = packedGroup
        }

        func copy() -> Fields {
            Fields(v: v, seq: seq, id: id, rid: rid, lam: lam, ts: ts, actor: actor, type: type, event: event,
                   storedPayload: storedPayload, packedGroup: packedGroup)
        }
    }
    private var fields: Fields

    private mutating func unique() -> Fields {
        if !isKnownUniquelyReferenced(&fields) { fields = fields.copy() }
        return fields
    }

    public var v: Int64 {
        get { fields.v }
        set { unique().v = newValue }
    }
    public var seq: Int64 {
        get { fields.seq }
        set { unique().seq = newValue }
    }
    public var id: String {
        get { fields.id.text }
        set { unique().id = EventIDText(newValue) }
    }
    public var rid: String {
        get { fields.rid }
        set { unique().rid = newValue }
    }
    public var lam: Int64 {
        get { fields.lam }
        set { unique().lam = newValue }
    }
    public var ts: Int64 {
        get { fields.ts }
        set { unique().ts = newValue }
    }
    public var actor: String {
        get { fields.actor }
        set { unique().actor = newValue }
    }
    /// Changing the type reads the payload again, so type, payload and event always agree.
    public var type: String {
        get { fields.type }
        set {
            let kept = payload
            unique().type = newValue
            store(kept)
        }
    }
    /// An event's payload is its encoder's output, not kept a second time: a replayed board holds every record, and
    /// the typed event is smaller than the JSON tree it came from. Only a payload that is not an event this version
    /// knows (a newer setboard's type, a test's) is kept as stored. Fields an event does not have are therefore not
    /// kept; a newer setboard's extra fields show only through that setboard.
    public var payload: JSONValue {
        get { fields.event?.payload ?? fields.storedPayload }
        set { store(newValue) }
    }
    /// The payload as its typed event, decoded once by the registry when the line was read (or taken as decided
    /// when it was written); nil for a type this version does not know (kept but not applied) or, for a record
    /// built in code, a payload that does not hold.
    public var event: Event? { fields.event }

    private mutating func store(_ newPayload: JSONValue) {
        let event = try? EventRegistry.decode(type: type, payload: newPayload)
        let f = unique()
        f.event = event
        f.storedPayload = event == nil ? newPayload : .null
    }

    /// Set on every line of one append of several events (a hand-over, say). The lines count only all together, so
    /// a crash that leaves part of them cannot half-apply the change. Readers that predate the fields ignore them,
    /// so the format version stays 1.
    public var group: JournalGroup? {
        get {
            let packed = fields.packedGroup
            return packed == 0 ? nil : JournalGroup(index: Int64(packed & 0xFFFF_FFFF), size: Int64(packed >> 32))
        }
        set { unique().packedGroup = Self.pack(newValue) }
    }

    /// `group` in 8 bytes (size high, index low; 0 for none) rather than 17: a replayed board holds every record.
    private static func pack(_ group: JournalGroup?) -> UInt64 {
        group.map { UInt64(UInt32(clamping: $0.size)) << 32 | UInt64(UInt32(clamping: $0.index)) } ?? 0
    }

    public static func == (a: JournalRecord, b: JournalRecord) -> Bool {
        if a.fields === b.fields { return true }
        let x = a.fields, y = b.fields
        return x.v == y.v && x.seq == y.seq && x.id == y.id && x.rid == y.rid && x.lam == y.lam && x.ts == y.ts
            && x.actor == y.actor && x.type == y.type && x.event == y.event && x.storedPayload == y.storedPayload
            && x.packedGroup == y.packedGroup
    }

    public init(v: Int64 = JournalRecord.formatVersion, seq: Int64, id: String, rid: String, lam: Int64, ts: Int64,
                actor: String, type: String, payload: JSONValue, group: JournalGroup? = nil) {
        let event = try? EventRegistry.decode(type: type, payload: payload)
        fields = Fields(v: v, seq: seq, id: EventIDText(id), rid: rid, lam: lam, ts: ts, actor: actor, type: type,
                        event: event, storedPayload: event == nil ? payload : .null, packedGroup: Self.pack(group))
    }

    /// A record of a typed event, as the journals stamp them: its type and payload come from the event itself.
    public init(seq: Int64, id: String, rid: String, lam: Int64, ts: Int64, actor: String, event: Event,
                group: JournalGroup? = nil) {
        fields = Fields(v: JournalRecord.formatVersion, seq: seq, id: EventIDText(id), rid: rid, lam: lam, ts: ts,
                        actor: actor, type: event.type, event: event, storedPayload: .null, packedGroup: Self.pack(group))
    }

    /// A record whose payload the registry has already read (or found to be of an unknown type).
    init(v: Int64, seq: Int64, id: EventIDText, rid: String, lam: Int64, ts: Int64, actor: String, type: String,
         payload: JSONValue, event: Event?, group: JournalGroup?) {
        fields = Fields(v: v, seq: seq, id: id, rid: rid, lam: lam, ts: ts, actor: actor, type: type, event: event,
                        storedPayload: event == nil ? payload : .null, packedGroup: Self.pack(group))
    }

    public var json: JSONValue {
        var fields: [(String, JSONValue)] = [
            ("v", .int(v)), ("seq", .int(seq)), ("id", .string(id)), ("rid", .string(rid)), ("lam", .int(lam)),
            ("ts", .int(ts)), ("actor", .string(actor)), ("type", .string(type)), ("payload", payload),
        ]
        if let group {
            fields.append(("grp", .int(group.size)))
            if group.index > 0 { fields.append(("gi", .int(group.index))) }
        }
        return .object(fields)
    }

    /// The full line including its checksum and newline.
    public var line: [UInt8] {
        var body: [UInt8] = []
        json.encode(into: &body)
        var out = CRC32.hex(CRC32.checksum(body))
        out.append(0x20)
        out.append(contentsOf: body)
        out.append(0x0A)
        return out
    }

    /// Why a line could not be read; the text goes into `journal verify` output.
    public enum LineProblem: Error, Equatable, Sendable, CustomStringConvertible {
        case tooShort, badChecksumField, checksumMismatch, notJSON, missingField(String), unsupportedVersion(Int64)
        case seqNotIncreasing(Int64)
        /// A field is out of its documented range, of the wrong kind or a value this version does not know: the line
        /// is damaged exactly as a bad checksum makes it. `seq` is nil when the seq itself is the problem.
        case badValue(seq: Int64?, field: String, reason: String)
        /// A line of a change of several events that something else follows before all its lines are there.
        case incompleteGroup(firstLine: Int, expected: Int64, found: Int)
        /// A valid line of a change of several events one of whose lines is damaged.
        /// A line that says it is line `index` of a change, where no such change is being read.
        case groupLineOutOfPlace(index: Int64, size: Int64)

        public var description: String {
            switch self {
            case .tooShort: return "the line is too short to hold an event"
            case .badChecksumField: return "the line does not start with an 8-digit checksum"
            case .checksumMismatch: return "the checksum does not match the text (damaged bytes)"
            case .notJSON: return "the event text is not valid JSON"
            case let .missingField(f): return "the event has no valid \"\(f)\" field"
            case let .unsupportedVersion(v): return "the event has format version \(v), newer than this setboard understands"
            case let .seqNotIncreasing(s): return "the event's seq \(s) is not greater than the line before it"
            case let .badValue(seq, field, reason):
                return (seq.map { "event seq \($0): " } ?? "") + "\"\(TextSafety.escaped(field))\" \(reason)"
            case let .incompleteGroup(first, expected, found):
                return "the event is part of a change of \(expected) events starting on line \(first), of which only \(found) are there"
            case let .groupLineOutOfPlace(index, size):
                return "the event says it is event \(index + 1) of a change of \(size), but the lines before it are not that change"
            }
        }
    }

    /// Reads one line (without its newline).
    public static func decode(line: UnsafeBufferPointer<UInt8>) -> Result<JournalRecord, LineProblem> {
        var texts = RepeatedTexts()
        return decode(line: line, texts: &texts)
    }

    /// As `decode(line:)`, for a scan of many lines that shares what repeats from line to line.
    @inline(__always)
    static func decode(line: UnsafeBufferPointer<UInt8>, texts: inout RepeatedTexts) -> Result<JournalRecord, LineProblem> {
        guard line.count > 10 else { return .failure(.tooShort) }
        guard let stored = storedChecksum(line), line[8] == 0x20 else { return .failure(.badChecksumField) }
        let body = UnsafeBufferPointer(rebasing: line[9...])
        guard CRC32.checksum(UnsafeRawBufferPointer(body)) == stored else { return .failure(.checksumMismatch) }
        return JournalLineReader.read(body: body, texts: &texts)
    }

    /// The checksum a line starts with: its first 8 characters as lower-case hex digits, nil when they are not.
    @inline(__always)
    static func storedChecksum<C: Collection>(_ line: C) -> UInt32? where C.Element == UInt8 {
        var value: UInt32 = 0
        var i = line.startIndex
        for _ in 0..<8 {
            guard i != line.endIndex else { return nil }
            let b = line[i]
            switch b {
            case 0x30...0x39: value = value << 4 | UInt32(b - 0x30)
            case 0x61...0x66: value = value << 4 | UInt32(b - 0x61 + 10)
            default: return nil
            }
            line.formIndex(after: &i)
        }
        return value
    }

    public static func decode(line: [UInt8]) -> Result<JournalRecord, LineProblem> {
        line.withUnsafeBufferPointer { decode(line: $0) }
    }

    /// Reads the envelope, each number inside its `ValidRange`, then the payload through the event registry: a value
    /// out of range, of the wrong kind or unknown is a damaged line, never a default.
    static func fromJSON(_ json: JSONValue) -> Result<JournalRecord, LineProblem> {
        guard let v = json["v"]?.intValue else { return .failure(.missingField("v")) }
        guard v <= formatVersion else { return .failure(.unsupportedVersion(v)) }
        guard let seq = json["seq"]?.intValue, seq > 0 else { return .failure(.missingField("seq")) }
        if let problem = outOfRange(seq, "seq", ValidRange.counter, seq: nil) { return .failure(problem) }
        guard let id = json["id"]?.stringValue else { return .failure(.missingField("id")) }
        guard let rid = json["rid"]?.stringValue else { return .failure(.missingField("rid")) }
        guard let lam = json["lam"]?.intValue else { return .failure(.missingField("lam")) }
        if let problem = outOfRange(lam, "lam", ValidRange.counter, seq: seq) { return .failure(problem) }
        guard let ts = json["ts"]?.intValue else { return .failure(.missingField("ts")) }
        if let problem = outOfRange(ts, "ts", ValidRange.instantMilliseconds, seq: seq) { return .failure(problem) }
        guard let actor = json["actor"]?.stringValue else { return .failure(.missingField("actor")) }
        guard let type = json["type"]?.stringValue else { return .failure(.missingField("type")) }
        guard let payload = json["payload"] else { return .failure(.missingField("payload")) }
        var group: JournalGroup?
        if let grp = json["grp"] {
            guard let size = grp.intValue, size > 1, size <= UInt32.max else { return .failure(.missingField("grp")) }
            let index = json["gi"]?.intValue ?? 0
            guard json["gi"] == nil || (index > 0 && index < size) else { return .failure(.missingField("gi")) }
            group = JournalGroup(index: index, size: size)
        } else if json["gi"] != nil {
            return .failure(.missingField("grp"))
        }
        let event: Event?
        do {
            event = try EventRegistry.decode(type: type, payload: payload)
        } catch {
            return .failure(.badValue(seq: seq, field: error.field, reason: error.reason))
        }
        return .success(JournalRecord(v: v, seq: seq, id: EventIDText(id), rid: rid, lam: lam, ts: ts, actor: actor,
                                      type: type, payload: payload, event: event, group: group))
    }

    static func outOfRange(_ n: Int64, _ field: String, _ range: ClosedRange<Int64>, seq: Int64?) -> LineProblem? {
        guard !range.contains(n) else { return nil }
        return .badValue(seq: seq, field: field, reason: "is \(n), outside its valid range \(range.lowerBound)…\(range.upperBound)")
    }
}

/// Where a line sits in one append of several events: line `index` (from 0) of `size`.
public struct JournalGroup: Equatable, Sendable {
    public var index: Int64
    public var size: Int64

    public init(index: Int64, size: Int64) {
        self.index = index
        self.size = size
    }
}

/// An event a command wants to append; the journal gives it seq, ids, clocks and the actor.
public struct NewEvent: Equatable, Sendable {
    public var type: String
    public var payload: JSONValue
    /// The typed event: set when it was built from one, else read from type and payload by the registry. Nil for a
    /// type this version does not know.
    public var event: Event?
    /// Why the payload does not hold for its type: the journal refuses to write such an event.
    public var problem: PayloadError?
    /// Only generated boards set these, to write a history that spans months in one append.
    public var at: Int64?
    public var actor: String?

    public init(type: String, payload: JSONValue, at: Int64? = nil, actor: String? = nil) {
        self.type = type; self.payload = payload; self.at = at; self.actor = actor
        do {
            event = try EventRegistry.decode(type: type, payload: payload)
        } catch {
            problem = error
        }
    }

    public init(_ event: Event, at: Int64? = nil, actor: String? = nil) {
        self.type = event.type; self.payload = event.payload; self.event = event; self.at = at; self.actor = actor
    }
}

/// An event id as a record keeps it: the 32 hex digits of a UUID as setboard writes one (lower case, dashes at their
/// places) in two numbers, any other text as it is. A replay never reads the id, and making a 36-character string
/// for every line (a malloc, a copy and a free) was about 4% of a full replay at 50,000 tickets.
struct EventIDText: Equatable, Sendable {
    private let high: UInt64
    private let low: UInt64
    /// Nil when the id is the UUID in `high` and `low`.
    private let other: String?

    init(_ text: String) {
        var text = text
        self = text.withUTF8 { EventIDText(bytes: $0) } ?? EventIDText(high: 0, low: 0, other: text)
    }

    private init(high: UInt64, low: UInt64, other: String?) {
        self.high = high
        self.low = low
        self.other = other
    }

    /// The packed form of a UUID's text; nil for any other text.
    init?(bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count == 36, bytes[8] == 0x2D, bytes[13] == 0x2D, bytes[18] == 0x2D, bytes[23] == 0x2D else {
            return nil
        }
        // A digit's value by table, every byte's flags or-ed together and checked once: a loop that classified
        // each byte by range was 6% of a full replay.
        let words = Self.digitValues.withUnsafeBufferPointer { table -> (UInt64, UInt64)? in
            var flags: UInt8 = 0
            func run(_ from: Int, _ count: Int, _ value: inout UInt64) {
                for j in from..<(from + count) {
                    let d = table[Int(bytes[j])]
                    flags |= d
                    value = value << 4 | UInt64(d & 0x0F)
                }
            }
            var high: UInt64 = 0, low: UInt64 = 0
            run(0, 8, &high)
            run(9, 4, &high)
            run(14, 4, &high)
            run(19, 4, &low)
            run(24, 12, &low)
            return flags & 0xF0 == 0 ? (high, low) : nil
        }
        guard let words else { return nil }
        self.init(high: words.0, low: words.1, other: nil)
    }

    /// Each byte's value as a lower-case hex digit, 0xFF for any other byte.
    private static let digitValues: [UInt8] = (0..<256).map { b in
        switch b {
        case 0x30...0x39: return UInt8(b - 0x30)
        case 0x61...0x66: return UInt8(b - 0x61 + 10)
        default: return 0xFF
        }
    }

    /// The id with either form read from a line: packed when it is a UUID, else made into a string.
    static func read(_ bytes: UnsafeBufferPointer<UInt8>) -> EventIDText {
        EventIDText(bytes: bytes) ?? EventIDText(high: 0, low: 0, other: String(decoding: bytes, as: UTF8.self))
    }

    var text: String {
        if let other { return other }
        let hex = Array("0123456789abcdef".utf8)
        return String(unsafeUninitializedCapacity: 36) { out in
            var j = 0
            for i in 0..<32 {
                if i == 8 || i == 12 || i == 16 || i == 20 {
                    out[j] = UInt8(ascii: "-")
                    j += 1
                }
                let word = i < 16 ? high : low
                out[j] = hex[Int((word >> UInt64(60 - 4 * (i % 16))) & 0xF)]
                j += 1
            }
            return 36
        }
    }
}
