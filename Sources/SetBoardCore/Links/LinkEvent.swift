/// Link events: where a ticket came from outside (a Jira issue), the links people add, and notes brought in with it.

public enum LinkEvent: Equatable, Sendable {
    /// The ticket `key` was brought in from the Jira issue `jira` (its browse `url` when the map names Jira's
    /// address), first reported by `reporter`, with its fix versions and watchers; what `show JIRA-KEY` and a
    /// re-import find it by. A re-import that finds these changed records the event again.
    case imported(key: String, jira: String, url: String?, reporter: String?, fixVersions: [String] = [], watchers: [String] = [])
    /// A link to somewhere outside, with an optional label. A Jira browse URL (`…/browse/MM-123`) also gives the
    /// ticket its Jira key when it has none.
    case linked(key: String, url: String, label: String?)
    /// A note in the ticket's history: a Jira comment brought in by the import, by `author` at `at`.
    case noted(key: String, text: String, author: String?, at: Int64?)

    public static let types = ["ticket.imported", "ticket.linked", "ticket.noted"]

    /// Bounds, so one line of a hostile export or a pasted link cannot make a journal line huge.
    public static let maxURLLength = 2_000
    public static let maxLabelLength = 200
    public static let maxJiraKeyLength = 64
    public static let maxNoteLength = 16_000
    public static let maxNameLength = 200
    /// At most this many fix versions and watchers each.
    public static let maxListCount = 100

    public var type: String {
        switch self {
        case .imported: return "ticket.imported"
        case .linked: return "ticket.linked"
        case .noted: return "ticket.noted"
        }
    }

    public var key: String {
        switch self {
        case let .imported(key, _, _, _, _, _), let .linked(key, _, _), let .noted(key, _, _, _): return key
        }
    }

    /// One line for `log`, `show` and the detail view's history; every outside text escaped.
    public var summary: String {
        func e(_ text: String) -> String { TextSafety.escaped(text) }
        switch self {
        case let .imported(key, jira, url, reporter, fixVersions, watchers):
            return "\(e(key)) imported from Jira \(e(jira))" + (url.map { " (\(e($0)))" } ?? "")
                + (reporter.map { ", reported by \(e($0))" } ?? "")
                + (fixVersions.isEmpty ? "" : ", fix versions " + fixVersions.map(e).joined(separator: ", "))
                + (watchers.isEmpty ? "" : ", watchers " + watchers.map(e).joined(separator: ", "))
        case let .linked(key, url, label):
            return "\(e(key)) linked " + (label.map { "\(e($0)): " } ?? "") + e(url)
        case let .noted(key, text, author, at):
            var head = "\(e(key)) note"
            if let author { head += " from \(e(author))" }
            if let at { head += " (\(WorkingTime.isoMinute(at)) UTC)" }
            return head + ": " + e(text)
        }
    }

    public var payload: JSONValue {
        func opt(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
        switch self {
        case let .imported(key, jira, url, reporter, fixVersions, watchers):
            var pairs: [(String, JSONValue)] = [("key", .string(key)), ("jira", .string(jira)), ("url", opt(url)),
                                                ("reporter", opt(reporter))]
            // Written only when there are some, so most lines stay short.
            if !fixVersions.isEmpty { pairs.append(("fix_versions", .array(fixVersions.map { .string($0) }))) }
            if !watchers.isEmpty { pairs.append(("watchers", .array(watchers.map { .string($0) }))) }
            return .object(pairs)
        case let .linked(key, url, label):
            return .object([("key", .string(key)), ("url", .string(url)), ("label", opt(label))])
        case let .noted(key, text, author, at):
            return .object([("key", .string(key)), ("text", .string(text)), ("author", opt(author)),
                            ("at_ms", at.map { .int($0) } ?? .null)])
        }
    }

    /// The strict decoder the registry calls: every text inside its bound, `at_ms` null or a valid instant.
    static func decode(_ type: String, _ p: PayloadReader) throws(PayloadError) -> LinkEvent {
        func bounded(_ field: String, _ text: String, _ range: ClosedRange<Int>) throws(PayloadError) -> String {
            guard range.contains(text.unicodeScalars.count) else {
                throw p.fail(field, "must be \(range.lowerBound) to \(range.upperBound) characters")
            }
            return text
        }
        func optionalBounded(_ field: String, _ limit: Int) throws(PayloadError) -> String? {
            guard let text = try p.optionalString(field) else { return nil }
            return try bounded(field, text, 1...limit)
        }
        let key = try p.string("key")
        switch type {
        case "ticket.imported":
            let jira = try bounded("jira", try p.string("jira"), 1...maxJiraKeyLength)
            func names(_ field: String) throws(PayloadError) -> [String] {
                guard let list = try p.optionalList(field) else { return [] }
                guard list.count <= maxListCount else { throw p.fail(field, "holds more than \(maxListCount) names") }
                var out: [String] = []
                for (i, v) in list.enumerated() {
                    guard let text = v.stringValue, (1...maxNameLength).contains(text.unicodeScalars.count) else {
                        throw p.fail("\(field)[\(i)]", "is not a name of 1 to \(maxNameLength) characters")
                    }
                    out.append(text)
                }
                return out
            }
            return .imported(key: key, jira: jira, url: try optionalBounded("url", maxURLLength),
                             reporter: try optionalBounded("reporter", maxNameLength),
                             fixVersions: try names("fix_versions"), watchers: try names("watchers"))
        case "ticket.linked":
            let url = try bounded("url", try p.string("url"), 1...maxURLLength)
            return .linked(key: key, url: url, label: try optionalBounded("label", maxLabelLength))
        case "ticket.noted":
            let text = try bounded("text", try p.string("text"), 1...maxNoteLength)
            return .noted(key: key, text: text, author: try optionalBounded("author", maxNameLength),
                          at: try p.optionalInt("at_ms", in: ValidRange.instantMilliseconds))
        default:
            throw unknownType(type)
        }
    }
}
