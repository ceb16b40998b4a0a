/// A Jira issue as an export describes it, the `jira:` map's rules as values, and Jira's date formats.

/// One comment of a Jira issue (`07/Dec/26 10:15 AM;jdoe;text` in the export).
public struct JiraComment: Equatable, Sendable {
    public var at: Int64?
    public var author: String?
    public var text: String

    public init(at: Int64?, author: String?, text: String) {
        self.at = at
        self.author = author
        self.text = text
    }

    /// Jira writes a comment cell as `date;author;body`; anything else is the body alone.
    public init(cell: String) {
        let parts = cell.split(separator: ";", maxSplits: 2, omittingEmptySubsequences: false)
        if parts.count == 3, let at = JiraDate.parse(String(parts[0])) {
            let author = String(parts[1]).trimmingWhitespace()
            self.init(at: at, author: author.isEmpty ? nil : author, text: String(parts[2]))
        } else {
            self.init(at: nil, author: nil, text: cell)
        }
    }
}

/// The fields of an issue the import reads; every value as Jira wrote it.
public struct JiraIssue: Equatable, Sendable {
    /// The export's row (1 = the first after the header), for error messages.
    public var row: Int
    public var key: String
    public var summary: String
    public var description: String = ""
    public var type: String?
    public var status: String?
    public var priority: String?
    public var labels: [String] = []
    public var components: [String] = []
    public var fixVersions: [String] = []
    public var watchers: [String] = []
    public var assignee: String?
    public var reporter: String?
    public var created: Int64?
    public var comments: [JiraComment] = []
    /// The fields whose column the export does not have ("description", "status", "issue type", "priority", "labels",
    /// "components", "assignee", "reporter", "fix versions", "watchers"): a re-import leaves those alone, so an
    /// export of the current fields only never clears the rest.
    public var absent: Set<String> = []

    public init(row: Int, key: String, summary: String) {
        self.row = row
        self.key = key
        self.summary = summary
    }
}

/// `label hotfix`, `priority Highest`, `component Cloud`: what a tier or level rule matches.
public struct JiraMatch: Equatable, Sendable, CustomStringConvertible {
    public enum Field: String, CaseIterable, Sendable { case label, priority, component, type }
    public var field: Field
    public var value: String

    public init(field: Field, value: String) {
        self.field = field
        self.value = value
    }

    /// "label hotfix" → label `hotfix`; nil when the first word is not a field or nothing follows it.
    public init?(text: String) {
        let trimmed = text.trimmingWhitespace()
        guard let space = trimmed.firstIndex(of: " "), let field = Field(rawValue: trimmed[..<space].lowercased()) else { return nil }
        let value = String(trimmed[space...]).trimmingWhitespace()
        guard !value.isEmpty else { return nil }
        self.init(field: field, value: value)
    }

    /// Jira's values are matched without regard to case, as Jira itself shows them in any case.
    public func matches(_ issue: JiraIssue) -> Bool {
        let v = value.lowercased()
        switch field {
        case .label: return issue.labels.contains { $0.lowercased() == v }
        case .component: return issue.components.contains { $0.lowercased() == v }
        case .priority: return issue.priority?.lowercased() == v
        case .type: return issue.type?.lowercased() == v
        }
    }

    public var description: String { "\(field.rawValue) \(value)" }
}

/// The `jira:` section of the map file as values. Keys of the dictionaries are lower-cased Jira values.
public struct JiraRules: Equatable, Sendable {
    /// Jira's address (`https://jira.example.com`): each imported ticket links to `<url>/browse/<key>`.
    public var url: String?
    public var statuses: [String: Column] = [:]
    public var types: [String: TicketType] = [:]
    public var defaultTier: Tier = .other
    public var tiers: [(JiraMatch, Tier)] = []
    public var levels: [(JiraMatch, Level)] = []
    public var users: [String: String] = [:]
    /// Component → owning team.
    public var teams: [String: String] = [:]
    public var category: Category = .cat1
    /// Lower-cased Jira value → as the map wrote it, so `export csv` writes "Alice Example", not "alice example".
    public var spelled: [String: String] = [:]

    public init() {}

    public static let none = JiraRules()

    public static func == (a: JiraRules, b: JiraRules) -> Bool {
        a.url == b.url && a.statuses == b.statuses && a.types == b.types && a.defaultTier == b.defaultTier
            && a.tiers.elementsEqual(b.tiers, by: ==) && a.levels.elementsEqual(b.levels, by: ==)
            && a.users == b.users && a.teams == b.teams && a.category == b.category
    }

    /// The column of a status: the map's, else one Jira's usual names stand for; nil when neither knows it.
    public func column(of status: String) -> (column: Column, mapped: Bool)? {
        let s = status.lowercased().trimmingWhitespace()
        if let c = statuses[s] { return (c, true) }
        if let c = Column(text: s) { return (c, false) }
        switch s {
        case "open", "new", "backlog", "reopened", "selected for development", "to do": return (.todo, false)
        case "closed", "resolved", "won't do", "won't fix", "cancelled", "canceled": return (.done, false)
        case "in review", "code review", "review", "in qa", "testing": return (.inReview, false)
        default: return nil
        }
    }

    public func type(of jiraType: String) -> (type: TicketType, mapped: Bool)? {
        let s = jiraType.lowercased().trimmingWhitespace()
        if let t = types[s] { return (t, true) }
        switch s {
        case "bug", "defect", "incident", "problem": return (.bug, false)
        case "feature", "new feature", "story", "improvement", "epic": return (.feature, false)
        case "question", "support", "service request": return (.question, false)
        default: return nil
        }
    }

    public func tier(for issue: JiraIssue) -> Tier { tiers.first { $0.0.matches(issue) }?.1 ?? defaultTier }

    public func level(for issue: JiraIssue) -> Level? { levels.filter { $0.0.matches(issue) }.map(\.1).min() }

    public func handle(of user: String) -> String? { users[user.lowercased().trimmingWhitespace()] }

    public func team(for issue: JiraIssue) -> String? {
        issue.components.lazy.compactMap { self.teams[$0.lowercased().trimmingWhitespace()] }.first
    }

    public func browseURL(of key: String) -> String? {
        guard var base = url, !base.isEmpty else { return nil }
        while base.hasSuffix("/") { base.removeLast() }
        return base + "/browse/" + key
    }
}

/// Jira's dates: its export's `07/Dec/26 10:15 AM` (day/month name/two-digit year, 12-hour clock), the same with a
/// four-digit year or a 24-hour clock, and ISO 8601. Taken as UTC.
public enum JiraDate {
    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    public static func parse(_ text: String) -> Int64? {
        let t = text.trimmingWhitespace()
        if t.isEmpty { return nil }
        if let iso = WorkingTime.parseISO8601(t) { return iso }
        let parts = t.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count >= 1, parts.count <= 3 else { return nil }
        let date = parts[0].split(separator: "/", omittingEmptySubsequences: false)
        guard date.count == 3, let day = Int64(date[0]), (1...31).contains(day),
              let monthIndex = months.firstIndex(of: date[1].lowercased()), let y = Int64(date[2]), date[2].count == 2 || date[2].count == 4
        else { return nil }
        let year = date[2].count == 2 ? 2000 + y : y
        guard (1970...9999).contains(year) else { return nil }
        var hour: Int64 = 0, minute: Int64 = 0
        if parts.count >= 2 {
            let clock = parts[1].split(separator: ":", omittingEmptySubsequences: false)
            guard clock.count == 2, let h = Int64(clock[0]), let m = Int64(clock[1]), (0...59).contains(m) else { return nil }
            hour = h
            minute = m
            if parts.count == 3 {
                let half = parts[2].uppercased()
                guard (1...12).contains(h), half == "AM" || half == "PM" else { return nil }
                hour = h % 12 + (half == "PM" ? 12 : 0)
            } else {
                guard (0...23).contains(h) else { return nil }
            }
        }
        let days = WorkingTime.days(year: year, month: Int64(monthIndex + 1), day: day)
        let (cy, cm, cd) = WorkingTime.civil(fromDays: days)
        guard cy == year, cm == Int64(monthIndex + 1), cd == day else { return nil }  // 31/Feb is no date
        return (days * 86_400 + hour * 3_600 + minute * 60) * 1_000
    }

    /// `07/Dec/26 10:15 AM`, the format `export csv` writes so Jira and `import jira` read it back.
    public static func format(_ ms: Int64) -> String {
        let day = WorkingTime.floorDiv(ms, WorkingTime.dayMs)
        let (y, m, d) = WorkingTime.civil(fromDays: day)
        let inDay = ms - day * WorkingTime.dayMs
        let h = inDay / 3_600_000, mi = inDay / 60_000 % 60
        let h12 = h % 12 == 0 ? 12 : h % 12
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let month = months[Int(m - 1)]
        return "\(two(d))/\(month.prefix(1).uppercased() + month.dropFirst())/\(two(y % 100)) \(h12):\(two(mi)) \(h < 12 ? "AM" : "PM")"
    }
}
