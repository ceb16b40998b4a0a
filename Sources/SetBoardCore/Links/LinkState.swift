/// Each ticket's outside links and Jira origin, replayed from `ticket.imported`/`ticket.linked`/`ticket.noted`.

/// One link of a ticket.
public struct TicketLink: Equatable, Sendable {
    public var url: String
    public var label: String?

    public init(url: String, label: String?) {
        self.url = url
        self.label = label
    }
}

/// Where a ticket came from in Jira.
public struct JiraOrigin: Equatable, Sendable {
    public var jira: String
    public var url: String?
    public var reporter: String?
    public var fixVersions: [String] = []
    public var watchers: [String] = []
}

/// Kept outside `BoardState`, like `AlertState`: the store replays these events with the other families'.
public struct LinkState: Equatable, Sendable {
    /// Ticket key → its Jira origin (from an import, or from a Jira browse link).
    public private(set) var origin: [String: JiraOrigin] = [:]
    /// Jira key (upper case) → ticket key.
    public private(set) var ticketOfJira: [String: String] = [:]
    /// Ticket key → its links, in the order they were added.
    public private(set) var links: [String: [TicketLink]] = [:]
    /// Ticket key → the notes it holds, as (author, time, text), so a re-import adds only new comments.
    public private(set) var notes: [String: [NoteFact]] = [:]
    /// Changes with every event applied, so caches keyed on the board can see a link arrive.
    public private(set) var version = 0

    public struct NoteFact: Equatable, Hashable, Sendable {
        public var author: String?
        public var at: Int64?
        public var text: String
        public init(author: String?, at: Int64?, text: String) {
            self.author = author
            self.at = at
            self.text = text
        }
    }

    public init() {}

    /// The ticket a Jira key names, in any case.
    public func ticket(ofJira jira: String) -> String? { ticketOfJira[jira.uppercased()] }

    public func jiraKey(of key: String) -> String? { origin[key]?.jira }

    public mutating func apply(_ event: LinkEvent) {
        version += 1
        switch event {
        case let .imported(key, jira, url, reporter, fixVersions, watchers):
            if let old = origin[key]?.jira, ticketOfJira[old.uppercased()] == key { ticketOfJira[old.uppercased()] = nil }
            origin[key] = JiraOrigin(jira: jira, url: url, reporter: reporter, fixVersions: fixVersions, watchers: watchers)
            ticketOfJira[jira.uppercased()] = key
        case let .linked(key, url, label):
            links[key, default: []].append(TicketLink(url: url, label: label))
            if origin[key] == nil, let jira = LinkState.jiraKey(inBrowseURL: url), ticketOfJira[jira.uppercased()] == nil {
                origin[key] = JiraOrigin(jira: jira, url: url, reporter: nil)
                ticketOfJira[jira.uppercased()] = key
            }
        case let .noted(key, text, author, at):
            notes[key, default: []].append(NoteFact(author: author, at: at, text: text))
        }
    }

    /// Whether text looks like a Jira issue key: letters and digits starting with a letter, a dash, a number.
    public static func isJiraKey(_ text: String) -> Bool {
        guard let dash = text.lastIndex(of: "-"), text.count <= LinkEvent.maxJiraKeyLength else { return false }
        let project = text[..<dash], number = text[text.index(after: dash)...]
        guard let first = project.first, first.isASCII, first.isLetter else { return false }
        return project.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
            && !number.isEmpty && number.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// `https://jira.example.com/browse/MM-123` → `MM-123`; nil for any other URL.
    public static func jiraKey(inBrowseURL url: String) -> String? {
        let marker = Array("/browse/")
        let chars = Array(url)
        guard chars.count > marker.count,
              let start = (0...(chars.count - marker.count)).first(where: { Array(chars[$0..<($0 + marker.count)]) == marker })
        else { return nil }
        let rest = chars[(start + marker.count)...].prefix { $0 != "?" && $0 != "#" && $0 != "/" }
        let key = String(rest).uppercased()
        return isJiraKey(key) ? key : nil
    }
}
