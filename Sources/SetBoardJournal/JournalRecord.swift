/// One journal line: the event with its sequence, ids, clocks and author, and the exact text format it is stored in.
import SetBoardCore

/// An event as stored: `<crc32 8 hex> <compact JSON>\n` with fields v, seq, id, rid, lam, ts, actor, type, payload.
public struct JournalRecord: Equatable, Sendable {
    public static let formatVersion: Int64 = 1

    public var v: Int64
    public var seq: Int64
    public var id: String
    public var rid: String
    public var lam: Int64
    public var ts: Int64
    public var actor: String
    public var type: String
    public var payload: JSONValue

    public init(v: Int64 = JournalRecord.formatVersion, seq: Int64, id: String, rid: String, lam: Int64, ts: Int64,
                actor: String, type: String, payload: JSONValue) {
        self.v = v; self.seq = seq; self.id = id; self.rid = rid; self.lam = lam; self.ts = ts
        self.actor = actor; self.type = type; self.payload = payload
    }

    public var json: JSONValue {
        .object([
            ("v", .int(v)), ("seq", .int(seq)), ("id", .string(id)), ("rid", .string(rid)), ("lam", .int(lam)),
            ("ts", .int(ts)), ("actor", .string(actor)), ("type", .string(type)), ("payload", payload),
        ])
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

        public var description: String {
            switch self {
            case .tooShort: return "the line is too short to hold an event"
            case .badChecksumField: return "the line does not start with an 8-digit checksum"
            case .checksumMismatch: return "the checksum does not match the text (damaged bytes)"
            case .notJSON: return "the event text is not valid JSON"
            case let .missingField(f): return "the event has no valid \"\(f)\" field"
            case let .unsupportedVersion(v): return "the event has format version \(v), newer than this setboard understands"
            case let .seqNotIncreasing(s): return "the event's seq \(s) is not greater than the line before it"
            }
        }
    }

    /// Reads one line (without its newline).
    public static func decode(line: UnsafeBufferPointer<UInt8>) -> Result<JournalRecord, LineProblem> {
        guard line.count > 10 else { return .failure(.tooShort) }
        var stored: UInt32 = 0
        for i in 0..<8 {
            let b = line[i]
            let d: UInt32
            switch b {
            case 0x30...0x39: d = UInt32(b - 0x30)
            case 0x61...0x66: d = UInt32(b - 0x61 + 10)
            default: return .failure(.badChecksumField)
            }
            stored = stored << 4 | d
        }
        guard line[8] == 0x20 else { return .failure(.badChecksumField) }
        let body = UnsafeBufferPointer(rebasing: line[9...])
        guard CRC32.checksum(body) == stored else { return .failure(.checksumMismatch) }
        guard let json = JSONValue.parse(bytes: body) else { return .failure(.notJSON) }
        return fromJSON(json)
    }

    public static func decode(line: [UInt8]) -> Result<JournalRecord, LineProblem> {
        line.withUnsafeBufferPointer { decode(line: $0) }
    }

    static func fromJSON(_ json: JSONValue) -> Result<JournalRecord, LineProblem> {
        guard let v = json["v"]?.intValue else { return .failure(.missingField("v")) }
        guard v <= formatVersion else { return .failure(.unsupportedVersion(v)) }
        guard let seq = json["seq"]?.intValue, seq > 0 else { return .failure(.missingField("seq")) }
        guard let id = json["id"]?.stringValue else { return .failure(.missingField("id")) }
        guard let rid = json["rid"]?.stringValue else { return .failure(.missingField("rid")) }
        guard let lam = json["lam"]?.intValue else { return .failure(.missingField("lam")) }
        guard let ts = json["ts"]?.intValue else { return .failure(.missingField("ts")) }
        guard let actor = json["actor"]?.stringValue else { return .failure(.missingField("actor")) }
        guard let type = json["type"]?.stringValue else { return .failure(.missingField("type")) }
        guard let payload = json["payload"] else { return .failure(.missingField("payload")) }
        return .success(JournalRecord(v: v, seq: seq, id: id, rid: rid, lam: lam, ts: ts, actor: actor, type: type,
                                      payload: payload))
    }
}

/// An event a command wants to append; the journal gives it seq, ids, clocks and the actor.
public struct NewEvent: Equatable, Sendable {
    public var type: String
    public var payload: JSONValue
    /// Only generated boards set these, to write a history that spans months in one append.
    public var at: Int64?
    public var actor: String?
    public init(type: String, payload: JSONValue, at: Int64? = nil, actor: String? = nil) {
        self.type = type; self.payload = payload; self.at = at; self.actor = actor
    }
}
