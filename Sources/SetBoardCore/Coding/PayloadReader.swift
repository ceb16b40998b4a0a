/// Strict reading of event payloads: every field is there, of its kind, known and inside its documented range.

/// Why a payload does not hold an event: the field (as a path, `payload.rotations[0].weeks`) and what is wrong.
public struct PayloadError: Error, Equatable, Sendable, CustomStringConvertible {
    public var field: String
    public var reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String { "\"\(field)\" \(reason)" }
}

/// The valid range of every number the journal holds. A value outside its range makes the line damaged, as a bad
/// checksum does, so no arithmetic on a read value can trap: each bound leaves room for the sums readers do.
public enum ValidRange {
    /// `seq` and `lam`: up to 2^53, the largest integer every JSON reader keeps exact; a million events a day would
    /// take 24 million years to get there, and `+ 1` on the largest value cannot overflow. A seq is also above 0.
    public static let counter: ClosedRange<Int64> = 0...(1 << 53)
    /// `ts` and other instants in Unix milliseconds: 1970-01-01 to 9999-12-31 23:59:59.999 UTC.
    public static let instantMilliseconds: ClosedRange<Int64> = 0...253_402_300_799_999
    /// Roster instants (`from_s`, `to_s`) in Unix seconds, over the same span.
    public static let instantSeconds: ClosedRange<Int64> = 0...253_402_300_799
    /// `interval_ms` of an incident: 1 minute to 14 days, as `incident open --every` allows.
    public static let updateInterval: ClosedRange<Int64> = 60_000...(14 * 86_400_000)
    /// `anchor_day` of a rotation, days since 1970-01-01: up to 9999-12-31.
    public static let anchorDay: ClosedRange<Int64> = 0...2_932_896
    /// `weeks` of a rotation, as the roster import allows.
    public static let rotationWeeks: ClosedRange<Int64> = 1...52
    /// `start_min` of a shift: a minute of the local day.
    public static let shiftStart: ClosedRange<Int64> = 0...1439
    /// `end_min` of a shift: 1440 is the end of the day.
    public static let shiftEnd: ClosedRange<Int64> = 0...1440
    /// `days` of a shift: weekdays, 0 = Monday.
    public static let weekday: ClosedRange<Int64> = 0...6
    /// Each of `waits_s`, in seconds: 1 minute to 24 hours, as the roster import allows; at most ten of them.
    public static let escalationWait: ClosedRange<Int64> = 60...86_400
    public static let escalationWaitCount: ClosedRange<Int> = 1...10
    /// `repeats` of an escalation policy.
    public static let escalationRepeats: ClosedRange<Int64> = 0...10
    /// `step` of a page: steps run along a chain of a few people, round at most eleven times.
    public static let pageStep: ClosedRange<Int64> = 0...Int64(Page.maxStepIndex)
    /// A page's priority, P1…P5.
    public static let pagePriority: ClosedRange<Int64> = 1...5
    /// A response-clock target in hours: 1 hour to 90 days.
    public static let clockTargetHours: ClosedRange<Int64> = 1...2_160
    /// Which reminder of an exhausted page a `page.notified` claims (steps past the chain's end are reminders).
    public static let pageReminder: ClosedRange<Int64> = 1...Int64(Page.maxStepIndex)
    /// `nudge` of a `ticket.assignee_notified`: which nudge of the card, from 1.
    public static let nudgeNumber: ClosedRange<Int64> = 1...Int64(Int32.max)
    /// `stuckLimits` values, in working days.
    public static let stuckLimitDays: ClosedRange<Int64> = 1...3_650
    /// `reassigned` of a completed hand-over.
    public static let reassignedCount: ClosedRange<Int64> = 0...Int64(Int32.max)
    /// The format version `v`: at most 1 (a newer one is refused as unsupported; the line format has not changed).
    public static let formatVersion: PartialRangeThrough<Int64> = ...1
}

/// Reads one JSON object of a payload, naming each field by its path so an error says exactly where.
/// It reads either a tree (`JSONValue`) or, on the journal's read path, the line's bytes in place (`JSONObjectSpan`):
/// the decoders cannot tell which, and both give the same events and the same errors.
public struct PayloadReader {
    enum Source {
        case tree(JSONValue)
        case span(JSONObjectSpan)
    }

    /// A field found: a tree value, or the first byte of a value in the span.
    enum Found {
        case value(JSONValue)
        case at(Int)
    }

    let source: Source
    public let path: String

    /// The object as a tree (built from the bytes when read in place: only lists and maps need it).
    public var value: JSONValue {
        switch source {
        case let .tree(v): return v
        case let .span(s): return s.json(at: s.objectStart)
        }
    }

    public init(_ value: JSONValue, path: String = "payload") throws(PayloadError) {
        guard case .object = value else { throw PayloadError(field: path, reason: "is \(PayloadReader.kind(value)), not an object") }
        self.source = .tree(value)
        self.path = path
    }

    /// The object whose first byte is `start`, a member's value in `parent` (bytes `JSONText` accepted).
    package init(in parent: JSONObjectSpan, at start: Int, path: String = "payload") throws(PayloadError) {
        guard let span = parent.object(at: start) else {
            let kind = start < parent.bytes.count ? JSONObjectSpan.kind(of: parent.bytes[start]) : "null"
            throw PayloadError(field: path, reason: "is \(kind), not an object")
        }
        self.source = .span(span)
        self.path = path
    }

    func name(_ key: String) -> String { path + "." + key }

    func fail(_ key: String, _ reason: String) -> PayloadError { PayloadError(field: name(key), reason: reason) }

    static func kind(_ v: JSONValue) -> String {
        switch v {
        case .null: return "null"
        case .bool: return "true or false"
        case .int, .double: return "a number"
        case .string: return "a string"
        case .array: return "a list"
        case .object: return "an object"
        }
    }

    /// The first value under `key`, as the tree's subscript finds it.
    func lookup(_ key: String) -> Found? {
        switch source {
        case let .tree(v): return v[key].map { .value($0) }
        case let .span(s): return s.value(key).map { .at($0) }
        }
    }

    func kind(_ f: Found) -> String {
        switch (f, source) {
        case let (.value(v), _): return PayloadReader.kind(v)
        case let (.at(i), .span(s)): return s.kind(at: i)
        case (.at, .tree): return "null"
        }
    }

    func isNull(_ f: Found) -> Bool {
        switch (f, source) {
        case let (.value(v), _): return v.isNull
        case let (.at(i), .span(s)): return s.isNull(at: i)
        case (.at, .tree): return true
        }
    }

    func stringValue(_ f: Found) -> String? {
        switch (f, source) {
        case let (.value(v), _): return v.stringValue
        case let (.at(i), .span(s)): return s.string(at: i)
        case (.at, .tree): return nil
        }
    }

    func intValue(_ f: Found) -> Int64? {
        switch (f, source) {
        case let (.value(v), _): return v.intValue
        case let (.at(i), .span(s)): return s.int(at: i)
        case (.at, .tree): return nil
        }
    }

    func json(_ f: Found) -> JSONValue {
        switch (f, source) {
        case let (.value(v), _): return v
        case let (.at(i), .span(s)): return s.json(at: i)
        case (.at, .tree): return .null
        }
    }

    func required(_ key: String) throws(PayloadError) -> Found {
        guard let f = lookup(key) else { throw fail(key, "is missing") }
        return f
    }

    /// Absent and null both read as nil: how the encoders write an unset optional.
    func present(_ key: String) -> Found? {
        guard let f = lookup(key), !isNull(f) else { return nil }
        return f
    }

    public func string(_ key: String) throws(PayloadError) -> String {
        let f = try required(key)
        guard let s = stringValue(f) else { throw fail(key, "is \(kind(f)), not a string") }
        return s
    }

    public func optionalString(_ key: String) throws(PayloadError) -> String? {
        guard let f = present(key) else { return nil }
        guard let s = stringValue(f) else { throw fail(key, "is \(kind(f)), not a string or null") }
        return s
    }

    /// A field an edit may clear: absent is nil (unchanged), null is `.some(nil)` (cleared).
    public func clearable(_ key: String) throws(PayloadError) -> String?? {
        guard let f = lookup(key) else { return nil }
        if isNull(f) { return .some(nil) }
        guard let s = stringValue(f) else { throw fail(key, "is \(kind(f)), not a string or null") }
        return .some(s)
    }

    /// A whole number inside `range`, or the error the tree reader gives (`int(_:_:in:)`).
    func int(_ f: Found, _ field: String, in range: ClosedRange<Int64>) throws(PayloadError) -> Int64 {
        guard case .at = f else { return try PayloadReader.int(json(f), field, in: range) }
        guard let n = intValue(f) else { throw PayloadError(field: field, reason: "is \(kind(f)), not a whole number") }
        guard range.contains(n) else {
            throw PayloadError(field: field, reason: "is \(n), outside its valid range \(range.lowerBound)…\(range.upperBound)")
        }
        return n
    }

    public func int(_ key: String, in range: ClosedRange<Int64>) throws(PayloadError) -> Int64 {
        try int(try required(key), name(key), in: range)
    }

    /// Absent and null read as nil; anything else must be a whole number inside `range`.
    public func optionalInt(_ key: String, in range: ClosedRange<Int64>) throws(PayloadError) -> Int64? {
        guard let f = present(key) else { return nil }
        return try int(f, name(key), in: range)
    }

    static func int(_ v: JSONValue, _ field: String, in range: ClosedRange<Int64>) throws(PayloadError) -> Int64 {
        guard let n = v.intValue else {
            throw PayloadError(field: field, reason: "is \(kind(v)), not a whole number")
        }
        guard range.contains(n) else {
            throw PayloadError(field: field, reason: "is \(n), outside its valid range \(range.lowerBound)…\(range.upperBound)")
        }
        return n
    }

    /// A string that must be one of a vocabulary's words.
    public func word<T>(_ key: String, _ parse: (String) -> T?) throws(PayloadError) -> T {
        let s = try string(key)
        guard let t = parse(s) else { throw fail(key, "is \"\(TextSafety.escaped(s))\", not a value this setboard knows") }
        return t
    }

    public func optionalWord<T>(_ key: String, _ parse: (String) -> T?) throws(PayloadError) -> T? {
        guard let s = try optionalString(key) else { return nil }
        guard let t = parse(s) else { throw fail(key, "is \"\(TextSafety.escaped(s))\", not a value this setboard knows") }
        return t
    }

    public func list(_ key: String) throws(PayloadError) -> [JSONValue] {
        let v = json(try required(key))
        guard let a = v.arrayValue else { throw fail(key, "is \(PayloadReader.kind(v)), not a list") }
        return a
    }

    public func optionalList(_ key: String) throws(PayloadError) -> [JSONValue]? {
        guard let v = present(key).map(json) else { return nil }
        guard let a = v.arrayValue else { throw fail(key, "is \(PayloadReader.kind(v)), not a list or null") }
        return a
    }

    /// Each element of a list as an object of its own, named `key[i]`.
    public func objects(_ key: String) throws(PayloadError) -> [PayloadReader] {
        try PayloadReader.objects(try list(key), name(key))
    }

    public func optionalObjects(_ key: String) throws(PayloadError) -> [PayloadReader] {
        try PayloadReader.objects(try optionalList(key) ?? [], name(key))
    }

    static func objects(_ list: [JSONValue], _ field: String) throws(PayloadError) -> [PayloadReader] {
        var out: [PayloadReader] = []
        out.reserveCapacity(list.count)
        for (i, v) in list.enumerated() { out.append(try PayloadReader(v, path: "\(field)[\(i)]")) }
        return out
    }

    public func strings(_ key: String) throws(PayloadError) -> [String] {
        var out: [String] = []
        for (i, v) in try list(key).enumerated() {
            guard let s = v.stringValue else { throw fail("\(key)[\(i)]", "is \(PayloadReader.kind(v)), not a string") }
            out.append(s)
        }
        return out
    }

    public func ints(_ key: String, in range: ClosedRange<Int64>) throws(PayloadError) -> [Int64] {
        var out: [Int64] = []
        for (i, v) in try list(key).enumerated() { out.append(try PayloadReader.int(v, name("\(key)[\(i)]"), in: range)) }
        return out
    }

    public func object(_ key: String) throws(PayloadError) -> PayloadReader {
        try reader(try required(key), path: name(key))
    }

    public func optionalObject(_ key: String) throws(PayloadError) -> PayloadReader? {
        guard let f = present(key) else { return nil }
        return try reader(f, path: name(key))
    }

    /// A nested object, read the way this one is.
    func reader(_ f: Found, path: String) throws(PayloadError) -> PayloadReader {
        switch (f, source) {
        case let (.at(i), .span(s)): return try PayloadReader(in: s, at: i, path: path)
        default: return try PayloadReader(json(f), path: path)
        }
    }

    /// The fields of an object in their stored order, each value with its path.
    public var fields: [(key: String, value: JSONValue, field: String)] {
        switch source {
        case let .tree(v):
            guard case let .object(pairs) = v else { return [] }
            return pairs.map { ($0.0, $0.1, name($0.0)) }
        case let .span(s):
            return s.pairs.map { ($0.0, s.json(at: $0.1), name($0.0)) }
        }
    }
}
