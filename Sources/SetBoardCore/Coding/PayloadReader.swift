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
public struct PayloadReader {
    public let value: JSONValue
    public let path: String

    public init(_ value: JSONValue, path: String = "payload") throws(PayloadError) {
        guard case .object = value else { throw PayloadError(field: path, reason: "is \(PayloadReader.kind(value)), not an object") }
        self.value = value
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

    func required(_ key: String) throws(PayloadError) -> JSONValue {
        guard let v = value[key] else { throw fail(key, "is missing") }
        return v
    }

    /// Absent and null both read as nil: how the encoders write an unset optional.
    func present(_ key: String) -> JSONValue? {
        guard let v = value[key], !v.isNull else { return nil }
        return v
    }

    public func string(_ key: String) throws(PayloadError) -> String {
        let v = try required(key)
        guard let s = v.stringValue else { throw fail(key, "is \(PayloadReader.kind(v)), not a string") }
        return s
    }

    public func optionalString(_ key: String) throws(PayloadError) -> String? {
        guard let v = present(key) else { return nil }
        guard let s = v.stringValue else { throw fail(key, "is \(PayloadReader.kind(v)), not a string or null") }
        return s
    }

    /// A field an edit may clear: absent is nil (unchanged), null is `.some(nil)` (cleared).
    public func clearable(_ key: String) throws(PayloadError) -> String?? {
        guard let v = value[key] else { return nil }
        if v.isNull { return .some(nil) }
        guard let s = v.stringValue else { throw fail(key, "is \(PayloadReader.kind(v)), not a string or null") }
        return .some(s)
    }

    public func int(_ key: String, in range: ClosedRange<Int64>) throws(PayloadError) -> Int64 {
        try PayloadReader.int(try required(key), name(key), in: range)
    }

    /// Absent and null read as nil; anything else must be a whole number inside `range`.
    public func optionalInt(_ key: String, in range: ClosedRange<Int64>) throws(PayloadError) -> Int64? {
        guard let v = present(key) else { return nil }
        return try PayloadReader.int(v, name(key), in: range)
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
        let v = try required(key)
        guard let a = v.arrayValue else { throw fail(key, "is \(PayloadReader.kind(v)), not a list") }
        return a
    }

    public func optionalList(_ key: String) throws(PayloadError) -> [JSONValue]? {
        guard let v = present(key) else { return nil }
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
        try PayloadReader(try required(key), path: name(key))
    }

    public func optionalObject(_ key: String) throws(PayloadError) -> PayloadReader? {
        guard let v = present(key) else { return nil }
        return try PayloadReader(v, path: name(key))
    }

    /// The fields of an object in their stored order, each value with its path.
    public var fields: [(key: String, value: JSONValue, field: String)] {
        guard case let .object(pairs) = value else { return [] }
        return pairs.map { ($0.0, $0.1, name($0.0)) }
    }
}
