/// Alert events: an Alertmanager alert joined a CAT2 ticket, or was resolved; the facts deduplication is built on.

public enum AlertEvent: Equatable, Sendable {
    /// An alert began firing (or fired again after it was resolved) and was added to the ticket `key`. `group` is
    /// Alertmanager's group key, `fingerprint` its id for the alert's label set, `since` its `startsAt`.
    case fired(key: String, group: String, fingerprint: String, name: String, since: Int64?)
    /// The alert stopped firing: Alertmanager said it was resolved, `at` its `endsAt`.
    case resolved(key: String, group: String, fingerprint: String, name: String, at: Int64?)

    public static let types = ["alert.fired", "alert.resolved"]

    /// Bounds on the texts an alert event holds, so a hostile sender cannot make one line huge.
    public static let maxGroupLength = 2_000
    public static let maxNameLength = 300
    public static let maxFingerprintLength = 64

    public var type: String {
        switch self {
        case .fired: return "alert.fired"
        case .resolved: return "alert.resolved"
        }
    }

    /// The ticket the alert belongs to.
    public var key: String {
        switch self {
        case let .fired(key, _, _, _, _), let .resolved(key, _, _, _, _): return key
        }
    }

    public var fingerprint: String {
        switch self {
        case let .fired(_, _, fingerprint, _, _), let .resolved(_, _, fingerprint, _, _): return fingerprint
        }
    }

    /// One line for `log` and `show`, every text from the sender escaped.
    public var summary: String {
        switch self {
        case let .fired(key, _, fingerprint, name, since):
            return "\(TextSafety.escaped(key)) alert \(TextSafety.escaped(name)) firing"
                + (since.map { " since \(WorkingTime.isoMinute($0)) UTC" } ?? "") + " (fingerprint \(TextSafety.escaped(fingerprint)))"
        case let .resolved(key, _, fingerprint, name, at):
            return "\(TextSafety.escaped(key)) alert \(TextSafety.escaped(name)) resolved"
                + (at.map { " at \(WorkingTime.isoMinute($0)) UTC" } ?? "") + " (fingerprint \(TextSafety.escaped(fingerprint)))"
        }
    }

    public var payload: JSONValue {
        switch self {
        case let .fired(key, group, fingerprint, name, since):
            return .object([("key", .string(key)), ("group", .string(group)), ("fingerprint", .string(fingerprint)),
                            ("name", .string(name)), ("since_ms", since.map { .int($0) } ?? .null)])
        case let .resolved(key, group, fingerprint, name, at):
            return .object([("key", .string(key)), ("group", .string(group)), ("fingerprint", .string(fingerprint)),
                            ("name", .string(name)), ("at_ms", at.map { .int($0) } ?? .null)])
        }
    }

    /// The strict decoder the registry calls: `since_ms` and `at_ms` null or inside `ValidRange.instantMilliseconds`;
    /// `fingerprint` 1 to 64 characters, `group` at most 2000 and `name` at most 300, as intake writes them.
    static func decode(_ type: String, _ p: PayloadReader) throws(PayloadError) -> AlertEvent {
        let key = try p.string("key")
        let group = try p.string("group")
        guard (1...maxGroupLength).contains(group.unicodeScalars.count) else {
            throw p.fail("group", "must be 1 to \(maxGroupLength) characters")
        }
        let fingerprint = try p.string("fingerprint")
        guard (1...maxFingerprintLength).contains(fingerprint.unicodeScalars.count) else {
            throw p.fail("fingerprint", "must be 1 to \(maxFingerprintLength) characters")
        }
        let name = try p.string("name")
        guard name.unicodeScalars.count <= maxNameLength else { throw p.fail("name", "is longer than \(maxNameLength) characters") }
        switch type {
        case "alert.fired":
            return .fired(key: key, group: group, fingerprint: fingerprint, name: name,
                          since: try p.optionalInt("since_ms", in: ValidRange.instantMilliseconds))
        case "alert.resolved":
            return .resolved(key: key, group: group, fingerprint: fingerprint, name: name,
                             at: try p.optionalInt("at_ms", in: ValidRange.instantMilliseconds))
        default:
            throw unknownType(type)
        }
    }
}
