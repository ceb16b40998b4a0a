// The read path of a journal line, in one pass from its bytes to a typed event, and the tree reader it replaced.
import SetBoardCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a line's JSON text straight into a `JournalRecord`: the text is checked once by `JSONText.isValid` (the
/// rules of the tree parser), then the envelope and the payload are read in place through `JSONObjectSpan`, so no
/// `JSONValue` tree is built for an event this setboard knows. It accepts exactly the lines `LegacyRecordReader`
/// accepts, with the same `LineProblem` for each it refuses; `ReadPathFuzzTests` holds the two to that.
///
/// Measured (release, static stdlib, 50,000 tickets / 250,001 events, full replay of `render`, CPU time, shared
/// machine under load): 1,769 → 1,379 ms and 330 → 222 MB peak RSS on a journal of one 250,001-event change; on
/// changes of 1,000 events 1,581 → 1,610 ms and 249 → 64 MB (the streamed replay, see `FileJournal.readOpening`).
/// The reader is now about a third of a replay's CPU (JSON check 7%, payload decoding 11%, checksums 3.5%).
/// The envelope read in one pass (`EnvelopePlaces`) instead of a lookup through every member per field: the lookups
/// were 9% of a full replay's instructions at 50,000 tickets; the whole second pass (see the README's read path)
/// took a full replay from 10,644 to 8,202 million instructions, 1,118 → 866 ms.
enum JournalLineReader {
    /// The fast path, else the strict one; the replica id comes from `texts` when it is the one the line before had.
    @inline(__always)
    static func read(body: UnsafeBufferPointer<UInt8>, texts: inout RepeatedTexts)
        -> Result<JournalRecord, JournalRecord.LineProblem> {
        if let record = readCanonical(body, texts: &texts) { return .success(record) }
        return readStrict(body: body)
    }

    /// The fast path: a line exactly as `JournalRecord.line` writes it (envelope members in their order, no
    /// whitespace, nothing escaped, numbers in range, a type with a canonical decoder in the registry) read in one
    /// forward scan straight to its record. Any other line answers nil and is read by `readStrict`, which alone
    /// decides what a line that is not canonical means, so both accept the same lines with the same records
    /// (`ReadPathFuzzTests`, canonical lines and their mutations).
    /// Measured (release, back to back on the shared machine), full replay of `render`: 1,619 → 1,151 M instructions
    /// at 10,000 tickets (1,122 M with the words matched on bytes), 8,275 → 5,799 M at 50,000; `bench --sizes 50000
    /// --starts 3` full replay 975 → 746 ms, peak RSS 60 MB before and after. Texts compared eight bytes at a time
    /// (`CanonicalScan.same`): 1,035 M at 10,000, full replay 683 ms.
    static func readCanonical(_ body: UnsafeBufferPointer<UInt8>) -> JournalRecord? {
        var texts = RepeatedTexts()
        return readCanonical(body, texts: &texts)
    }

    static func readCanonical(_ body: UnsafeBufferPointer<UInt8>, texts: inout RepeatedTexts) -> JournalRecord? {
        var s = CanonicalScan(body)
        guard s.literal(#"{"v":1,"seq":"#), let seq = s.int(), seq > 0, ValidRange.counter.contains(seq),
              s.literal(#","id":"#), let idBytes = s.stringBytes(), s.literal(#","rid":"#), let ridBytes = s.stringBytes(),
              s.literal(#","lam":"#), let lam = s.int(), ValidRange.counter.contains(lam),
              s.literal(#","ts":"#), let ts = s.int(), ValidRange.instantMilliseconds.contains(ts),
              s.literal(#","actor":"#), let actor = s.string(), s.literal(#","type":"#), let type = s.stringBytes(),
              s.literal(#","payload":"#), let decoded = EventRegistry.decodeCanonical(type: type, &s) else { return nil }
        let rid = texts.replica(ridBytes)
        let id = EventIDText.read(idBytes)
        var group: JournalGroup?
        if s.literal(#","grp":"#) {
            guard let size = s.int(), size > 1, size <= UInt32.max else { return nil }
            var index: Int64 = 0
            if s.literal(#","gi":"#) {
                guard let i = s.int(), i > 0, i < size else { return nil }
                index = i
            }
            group = JournalGroup(index: index, size: size)
        }
        guard s.literal("}"), s.atEnd else { return nil }
        return JournalRecord(v: JournalRecord.formatVersion, seq: seq, id: id, rid: rid, lam: lam, ts: ts, actor: actor,
                             type: decoded.type, payload: .null, event: decoded.event, group: group)
    }

    /// The strict path: every line that is not canonical, with the `LineProblem` of each it refuses.
    static func readStrict(body: UnsafeBufferPointer<UInt8>) -> Result<JournalRecord, JournalRecord.LineProblem> {
        guard let object = JSONText.object(body) else { return .failure(.notJSON) }
        // A line that is JSON but not an object has no fields: the tree reader's first lookup fails the same way.
        guard let line = object else { return .failure(.missingField("v")) }
        let at = EnvelopePlaces(line)
        func int(_ key: EnvelopePlaces.Field) -> Int64? { at[key].flatMap { line.int(at: $0) } }
        func string(_ key: EnvelopePlaces.Field) -> String? { at[key].flatMap { line.string(at: $0) } }

        guard let v = int(.v) else { return .failure(.missingField("v")) }
        guard v <= JournalRecord.formatVersion else { return .failure(.unsupportedVersion(v)) }
        guard let seq = int(.seq), seq > 0 else { return .failure(.missingField("seq")) }
        if let problem = JournalRecord.outOfRange(seq, "seq", ValidRange.counter, seq: nil) { return .failure(problem) }
        guard let id = string(.id) else { return .failure(.missingField("id")) }
        guard let rid = string(.rid) else { return .failure(.missingField("rid")) }
        guard let lam = int(.lam) else { return .failure(.missingField("lam")) }
        if let problem = JournalRecord.outOfRange(lam, "lam", ValidRange.counter, seq: seq) { return .failure(problem) }
        guard let ts = int(.ts) else { return .failure(.missingField("ts")) }
        if let problem = JournalRecord.outOfRange(ts, "ts", ValidRange.instantMilliseconds, seq: seq) { return .failure(problem) }
        guard let actor = string(.actor) else { return .failure(.missingField("actor")) }
        guard let type = string(.type) else { return .failure(.missingField("type")) }
        guard let payload = at[.payload] else { return .failure(.missingField("payload")) }
        var group: JournalGroup?
        if let grp = at[.grp] {
            guard let size = line.int(at: grp), size > 1, size <= UInt32.max else { return .failure(.missingField("grp")) }
            let gi = at[.gi]
            let index = gi.flatMap { line.int(at: $0) } ?? 0
            guard gi == nil || (index > 0 && index < size) else { return .failure(.missingField("gi")) }
            group = JournalGroup(index: index, size: size)
        } else if at[.gi] != nil {
            return .failure(.missingField("grp"))
        }
        let event: Event?
        do {
            event = try EventRegistry.decode(type: type, payloadIn: line, at: payload)
        } catch {
            return .failure(.badValue(seq: seq, field: error.field, reason: error.reason))
        }
        // Only a payload no registered decoder took is kept as stored (see `JournalRecord.payload`).
        return .success(JournalRecord(v: v, seq: seq, id: EventIDText(id), rid: rid, lam: lam, ts: ts, actor: actor,
                                      type: type, payload: event == nil ? line.json(at: payload) : .null, event: event,
                                      group: group))
    }
}

/// The replica id of the last line read, as text: nearly every line of a journal (all of a board that never synced)
/// names the same replica, and its 16 characters are one more than a Swift string holds without an allocation. A
/// scan passes one of these from line to line, so the id is compared, not made again: making it was a malloc and a
/// free per line.
struct RepeatedTexts {
    private var ridBytes: [UInt8] = []
    private var rid = ""

    @inline(__always)
    mutating func replica(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        if bytes.count == ridBytes.count, let base = bytes.baseAddress,
           ridBytes.withUnsafeBytes({ memcmp($0.baseAddress!, base, bytes.count) == 0 }) {
            return rid
        }
        ridBytes = Array(bytes)
        rid = String(decoding: bytes, as: UTF8.self)
        return rid
    }
}

/// Where each envelope field's value starts, found in one pass over the line's members; the first of repeated keys
/// counts, as in `JSONObjectSpan.value(_:)`, which a line with an escaped key (never written by setboard) still uses.
struct EnvelopePlaces {
    private var places = (v: -1, seq: -1, id: -1, rid: -1, lam: -1, ts: -1, actor: -1, type: -1, payload: -1, grp: -1,
                          gi: -1)
    private var escaped: JSONObjectSpan?

    init(_ line: JSONObjectSpan) {
        var p = places
        var anyEscaped = false
        line.forEachMember { key, value in
            guard let key else {
                anyEscaped = true
                return
            }
            @inline(__always) func set(_ slot: inout Int) { if slot < 0 { slot = value } }
            @inline(__always) func its(_ text: StaticString) -> Bool {
                let t = text.utf8Start
                for j in 0..<key.count where t[j] != key[j] { return false }
                return true
            }
            switch key.count {
            case 1: if key[0] == UInt8(ascii: "v") { set(&p.v) }
            case 2: if its("id") { set(&p.id) } else if its("ts") { set(&p.ts) } else if its("gi") { set(&p.gi) }
            case 3:
                if its("seq") { set(&p.seq) } else if its("rid") { set(&p.rid) } else if its("lam") { set(&p.lam) }
                else if its("grp") { set(&p.grp) }
            case 4: if its("type") { set(&p.type) }
            case 5: if its("actor") { set(&p.actor) }
            case 7: if its("payload") { set(&p.payload) }
            default: break
            }
        }
        places = p
        escaped = anyEscaped ? line : nil
    }

    enum Field: String { case v, seq, id, rid, lam, ts, actor, type, payload, grp, gi }

    subscript(key: Field) -> Int? {
        if let escaped { return escaped.value(key.rawValue) }
        let i: Int
        switch key {
        case .v: i = places.v
        case .seq: i = places.seq
        case .id: i = places.id
        case .rid: i = places.rid
        case .lam: i = places.lam
        case .ts: i = places.ts
        case .actor: i = places.actor
        case .type: i = places.type
        case .payload: i = places.payload
        case .grp: i = places.grp
        case .gi: i = places.gi
        }
        return i < 0 ? nil : i
    }
}

/// The reader `JournalLineReader` replaced: the whole line parsed into a `JSONValue` tree, then the envelope and the
/// payload read from the tree. Kept as the oracle the new reader is fuzzed against; nothing on the read path calls it.
enum LegacyRecordReader {
    static func decode(line: UnsafeBufferPointer<UInt8>) -> Result<JournalRecord, JournalRecord.LineProblem> {
        guard line.count > 10 else { return .failure(.tooShort) }
        guard let stored = JournalRecord.storedChecksum(line), line[8] == 0x20 else { return .failure(.badChecksumField) }
        let body = UnsafeBufferPointer(rebasing: line[9...])
        guard CRC32.checksum(body) == stored else { return .failure(.checksumMismatch) }
        guard let json = JSONValue.parse(bytes: body) else { return .failure(.notJSON) }
        return JournalRecord.fromJSON(json)
    }

    static func decode(line: [UInt8]) -> Result<JournalRecord, JournalRecord.LineProblem> {
        line.withUnsafeBufferPointer { decode(line: $0) }
    }
}
