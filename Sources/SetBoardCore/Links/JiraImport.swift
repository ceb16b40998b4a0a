/// `decide` for `import jira`: which issues become tickets, which tickets change, and what a dry run reports.

/// What one import comes to: the events to append in one go, the counts for the summary, and the values the map
/// does not cover (for `--dry-run`).
public struct JiraImportPlan: Equatable, Sendable {
    public var events: [Event] = []
    public var added: [String] = []
    public var changed: [String] = []
    public var unchanged: [String] = []
    /// Kind ("status", "type", "priority", "label", "component", "user") → value → how many issues carry it.
    public var unmapped: [String: [String: Int]] = [:]
    /// What the map's defaults did with an unmapped value, by kind and value ("→ todo (Jira's usual name)").
    public var fallbacks: [String: [String: String]] = [:]

    public init() {}

    /// "3 added, 1 changed, 12 unchanged".
    public var sentence: String { "\(added.count) added, \(changed.count) changed, \(unchanged.count) unchanged" }

    mutating func count(_ kind: String, _ value: String, fallback: String) {
        unmapped[kind, default: [:]][value, default: 0] += 1
        fallbacks[kind, default: [:]][value] = fallback
    }
}

public enum JiraImport {
    public static let maxDescriptionLength = 16_000

    /// Pure: the issues of one export against the board, links and notes as they are under the journal's lock.
    /// An issue whose Jira key the board knows is compared with its ticket: each changed field becomes the ordinary
    /// change event (edit, move, assign) and each comment not yet on the ticket a note; an unknown key opens a ticket
    /// with its Jira origin, created time and comments. A key twice in one export is refused, as is a row that
    /// cannot be a ticket (no summary), naming its row: nothing is written unless all of it holds.
    public static func decide(_ issues: [JiraIssue], rules: JiraRules, board: BoardState, links: LinkState,
                              actor: String, now: Int64) throws(BoardError) -> JiraImportPlan {
        var plan = JiraImportPlan()
        let before = board
        var board = board
        var seen: [String: Int] = [:]
        for issue in issues {
            let jira = issue.key.trimmingWhitespace()
            guard LinkState.isJiraKey(jira.uppercased()) else {
                throw .invalidText(field: "row \(issue.row) Issue key", reason: "\"\(TextSafety.escaped(jira))\" is not a Jira key like MM-123")
            }
            if let first = seen[jira.uppercased()] {
                throw .invalidText(field: "row \(issue.row)", reason: "\(TextSafety.escaped(jira)) appears again (first on row \(first))")
            }
            seen[jira.uppercased()] = issue.row
            let new = ticket(for: issue, rules: rules, plan: &plan)
            var events: [Event]
            do {
                if let key = links.ticket(ofJira: jira) ?? ownKey(jira, board: before, links: links), let t = board.ticket(key) {
                    events = try changes(to: t, new: new, issue: issue, links: links, board: board, rules: rules,
                                         actor: actor, now: now)
                    if events.isEmpty { plan.unchanged.append(jira) } else { plan.changed.append(jira) }
                } else {
                    let created = try Decide.decide(.add(new), state: board, actor: actor, now: now)
                    guard case let .ticketCreated(key, _)? = created.first else { continue }
                    events = created.map { .board($0) }
                    events.append(.link(origin(issue, key: key, rules: rules)))
                    events += notes(issue, key: key, known: [], rules: rules)
                    plan.added.append(jira)
                }
            } catch {
                throw .invalidText(field: "row \(issue.row) (\(TextSafety.escaped(jira)))", reason: error.description)
            }
            for case let .board(e) in events { board.apply(e, seq: board.lastSeq + 1, at: now, by: actor) }
            plan.events += events
        }
        return plan
    }

    /// The ticket the map makes of an issue; every value the map does not cover is counted in `plan`.
    static func ticket(for issue: JiraIssue, rules: JiraRules, plan: inout JiraImportPlan) -> NewTicket {
        var column = Column.todo
        if let status = issue.status, !status.isEmpty {
            if let (c, mapped) = rules.column(of: status) {
                column = c
                if !mapped { plan.count("status", status, fallback: "\(c.rawValue) (Jira's usual name)") }
            } else {
                plan.count("status", status, fallback: "todo (unknown)")
            }
        }
        var type = TicketType.bug
        if let t = issue.type, !t.isEmpty {
            if let (tt, mapped) = rules.type(of: t) {
                type = tt
                if !mapped { plan.count("type", t, fallback: "\(tt.rawValue) (Jira's usual name)") }
            } else {
                plan.count("type", t, fallback: "bug (unknown)")
            }
        }
        let usedValues = Set((rules.tiers.map(\.0) + rules.levels.map(\.0)).map { "\($0.field.rawValue) \($0.value.lowercased())" })
        if let p = issue.priority, !p.isEmpty, !usedValues.contains("priority \(p.lowercased())") {
            plan.count("priority", p, fallback: "no level")
        }
        for label in issue.labels where !usedValues.contains("label \(label.lowercased())") {
            plan.count("label", label, fallback: "ignored")
        }
        for component in issue.components where !usedValues.contains("component \(component.lowercased())")
            && rules.teams[component.lowercased()] == nil {
            plan.count("component", component, fallback: "no team")
        }
        var assignee: String?
        if let a = issue.assignee, !a.isEmpty {
            if let h = rules.handle(of: a) { assignee = h } else { plan.count("user", a, fallback: "unassigned") }
        }
        var title = oneLine(issue.summary, Decide.maxTitleLength)
        if title.isEmpty { title = issue.summary }  // refused by Decide with the row named
        return NewTicket(title: title, description: clipped(issue.description, maxDescriptionLength),
                         tier: rules.tier(for: issue), level: rules.level(for: issue), category: rules.category, type: type,
                         column: column, assignee: assignee, team: rules.team(for: issue), source: .board,
                         component: issue.components.first.map { oneLine($0, 100) }, createdAt: issue.created)
    }

    /// A board key in the Issue key column (a ticket `export csv` wrote before it had a Jira key) names that ticket,
    /// when the ticket was there before this import began.
    static func ownKey(_ jira: String, board: BoardState, links: LinkState) -> String? {
        let key = jira.uppercased()
        return board.ticket(key) != nil && links.origin[key] == nil ? key : nil
    }

    /// The ordinary change events that bring ticket `t` to what the export says, plus its new comments.
    static func changes(to t: Ticket, new: NewTicket, issue: JiraIssue, links: LinkState, board: BoardState,
                        rules: JiraRules, actor: String, now: Int64) throws(BoardError) -> [Event] {
        var out: [BoardEvent] = []
        let gone = issue.absent
        // Tier and level come from rules over several columns: with one of those missing they cannot be judged.
        let ruleFields = Set((rules.tiers.map(\.0) + rules.levels.map(\.0)).map { m -> String in
            switch m.field {
            case .label: return "labels"
            case .component: return "components"
            case .priority: return "priority"
            case .type: return "issue type"
            }
        })
        let judged = gone.isDisjoint(with: ruleFields)
        let wanted = TicketChanges(title: new.title, description: gone.contains("description") ? nil : new.description,
                                   tier: judged ? new.tier : nil, level: judged ? .some(new.level) : nil,
                                   type: gone.contains("issue type") ? nil : new.type,
                                   team: gone.contains("components") ? nil : new.team.map { .some($0) })
        let effective = try Decide.effectiveChanges(wanted, to: t)
        if !effective.isEmpty { out.append(.ticketEdited(key: t.key, changes: effective)) }
        if t.isOnBoard && !gone.contains("status") && t.column != new.column {
            out.append(.ticketMoved(key: t.key, from: t.column, to: new.column))
        }
        // An empty Assignee cell unassigns; a name the map does not know leaves the ticket's assignee alone.
        let cell = issue.assignee?.trimmingWhitespace() ?? ""
        if gone.contains("assignee") {
            // no Assignee column: left as it is
        } else if cell.isEmpty, t.assignee != nil {
            out.append(.ticketAssigned(key: t.key, assignee: nil))
        } else if let a = new.assignee, a != t.assignee {
            _ = try Decide.decide(.assign(key: t.key, assignee: a), state: board, actor: actor, now: now)
            out.append(.ticketAssigned(key: t.key, assignee: a))
        }
        var other: [Event] = []
        // The origin (link, reporter, fix versions, watchers) recorded again when the export says otherwise; a ticket
        // matched by its board key (exported before it had a Jira key) keeps having none.
        let recorded = origin(issue, key: t.key, rules: rules)
        if let held = links.origin[t.key], case let .imported(key, jira, url, reporter, fixVersions, watchers) = recorded {
            let merged = JiraOrigin(jira: jira, url: url ?? held.url,
                                    reporter: gone.contains("reporter") ? held.reporter : reporter,
                                    fixVersions: gone.contains("fix versions") ? held.fixVersions : fixVersions,
                                    watchers: gone.contains("watchers") ? held.watchers : watchers)
            if merged != held {
                other.append(.link(.imported(key: key, jira: merged.jira, url: merged.url, reporter: merged.reporter,
                                             fixVersions: merged.fixVersions, watchers: merged.watchers)))
            }
        }
        let held = (links.notes[t.key] ?? []).map { NoteIdentity(at: $0.at, text: $0.text) }
        return out.map { .board($0) } + other + notes(issue, key: t.key, known: Set(held), rules: rules)
    }

    /// The `ticket.imported` event an issue gives: every text bounded as the decoder requires.
    static func origin(_ issue: JiraIssue, key: String, rules: JiraRules) -> LinkEvent {
        let jira = clipped(issue.key.trimmingWhitespace(), LinkEvent.maxJiraKeyLength)
        func names(_ list: [String]) -> [String] { Array(list.compactMap(name).prefix(LinkEvent.maxListCount)) }
        return .imported(key: key, jira: jira, url: rules.browseURL(of: jira).map { clipped($0, LinkEvent.maxURLLength) },
                         reporter: issue.reporter.flatMap { rules.handle(of: $0) ?? name($0) },
                         fixVersions: names(issue.fixVersions), watchers: names(issue.watchers).map { rules.handle(of: $0) ?? $0 })
    }

    /// A comment is known by its time and text: a map that later names its author's handle must not add it again.
    struct NoteIdentity: Hashable {
        var at: Int64?
        var text: String
    }

    /// A note for every comment the ticket does not hold yet; authors the map knows become handles.
    static func notes(_ issue: JiraIssue, key: String, known: Set<NoteIdentity>, rules: JiraRules) -> [Event] {
        var known = known
        var out: [Event] = []
        for c in issue.comments {
            let text = clipped(c.text.trimmingWhitespace(), LinkEvent.maxNoteLength)
            guard !text.isEmpty, known.insert(NoteIdentity(at: c.at, text: text)).inserted else { continue }
            let author = c.author.flatMap { rules.handle(of: $0) ?? name($0) }
            out.append(.link(.noted(key: key, text: text, author: author, at: c.at)))
        }
        return out
    }

    static func name(_ text: String) -> String? {
        let n = oneLine(text, LinkEvent.maxNameLength)
        return n.isEmpty ? nil : n
    }

    static func oneLine(_ text: String, _ limit: Int) -> String { AlertDecide.oneLine(text, limit) }

    static func clipped(_ text: String, _ limit: Int) -> String { AlertDecide.clipped(text, limit) }
}
