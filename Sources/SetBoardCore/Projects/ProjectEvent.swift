/// Project events with their stable past-tense type strings, strict decoders and journal payloads.

public enum ProjectEvent: Equatable, Sendable {
    /// The checklists are copied from the templates in force when the project is created, so a project's lists
    /// never change under it when a team edits its templates later.
    case created(key: String, title: String, dri: String, stakeholders: [String], description: String, links: [String],
                 dor: [ChecklistTemplateItem], dod: [ChecklistTemplateItem])
    /// `waiver` is the reason a gate was passed with items open; `reason` is why a project was dropped.
    case phaseChanged(key: String, from: ProjectPhase, to: ProjectPhase, waiver: String?, reason: String?)
    case itemMarked(key: String, list: ChecklistKind, item: String, state: ItemState)
    case milestoneAdded(key: String, milestone: String, title: String, due: CycleDay)
    /// A board ticket becomes a task of the project (`milestone` nil: a step); linking it again moves it.
    case taskLinked(key: String, milestone: String?, ticket: String)
    /// A task of the project's own, which is not SET work and never enters the board's columns.
    case taskAdded(key: String, task: String, milestone: String?, title: String)
    case taskDone(key: String, task: String)
    /// The project's own fields changed; nil leaves one as it was, a list is replaced whole.
    case edited(key: String, changes: ProjectChanges)

    public static let types = ["project.created", "project.phase_changed", "project.item_marked",
                               "project.milestone_added", "project.task_linked", "project.task_added", "project.task_done",
                               "project.edited"]

    public var type: String {
        switch self {
        case .created: return "project.created"
        case .phaseChanged: return "project.phase_changed"
        case .itemMarked: return "project.item_marked"
        case .milestoneAdded: return "project.milestone_added"
        case .taskLinked: return "project.task_linked"
        case .taskAdded: return "project.task_added"
        case .taskDone: return "project.task_done"
        case .edited: return "project.edited"
        }
    }

    public var key: String {
        switch self {
        case let .created(k, _, _, _, _, _, _, _), let .phaseChanged(k, _, _, _, _), let .itemMarked(k, _, _, _),
             let .milestoneAdded(k, _, _, _), let .taskLinked(k, _, _), let .taskAdded(k, _, _, _), let .taskDone(k, _),
             let .edited(k, _):
            return k
        }
    }

    public var payload: JSONValue {
        func opt(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
        func strings(_ list: [String]) -> JSONValue { .array(list.map { .string($0) }) }
        func items(_ list: [ChecklistTemplateItem]) -> JSONValue {
            .array(list.map { .object([("id", .string($0.id)), ("text", .string($0.text))]) })
        }
        switch self {
        case let .created(k, title, dri, stakeholders, description, links, dor, dod):
            return .object([("project", .string(k)), ("title", .string(title)), ("dri", .string(dri)),
                            ("stakeholders", strings(stakeholders)), ("description", .string(description)),
                            ("links", strings(links)), ("dor", items(dor)), ("dod", items(dod))])
        case let .phaseChanged(k, from, to, waiver, reason):
            return .object([("project", .string(k)), ("from", .string(from.rawValue)), ("to", .string(to.rawValue)),
                            ("waiver", opt(waiver)), ("reason", opt(reason))])
        case let .itemMarked(k, list, item, state):
            return .object([("project", .string(k)), ("list", .string(list.rawValue)), ("item", .string(item)),
                            ("state", .string(state.rawValue))])
        case let .milestoneAdded(k, m, title, due):
            return .object([("project", .string(k)), ("milestone", .string(m)), ("title", .string(title)),
                            ("due_day", .int(due.number))])
        case let .taskLinked(k, m, ticket):
            // "key" names the ticket, so the ticket's history (Enter, `show`) lists the link.
            return .object([("project", .string(k)), ("milestone", opt(m)), ("key", .string(ticket))])
        case let .taskAdded(k, task, m, title):
            return .object([("project", .string(k)), ("task", .string(task)), ("milestone", opt(m)), ("title", .string(title))])
        case let .taskDone(k, task):
            return .object([("project", .string(k)), ("task", .string(task))])
        case let .edited(k, c):
            return .object([("project", .string(k)), ("title", opt(c.title)), ("dri", opt(c.dri)),
                            ("description", opt(c.description)), ("stakeholders", c.stakeholders.map(strings) ?? .null),
                            ("links", c.links.map(strings) ?? .null)])
        }
    }

    /// The strict decoder the registry calls: keys are `PRJ-N`, milestones `M<n>`, own tasks `PRJ-N.T<n>`, a due
    /// day inside `ValidRange.anchorDay`, checklists within `ProjectTemplates`' limits.
    static func decode(_ type: String, _ p: PayloadReader) throws(PayloadError) -> ProjectEvent {
        let key = try p.word("project") { ProjectRef.isProjectKey($0) ? $0 : nil }
        func milestone(_ field: String) throws(PayloadError) -> String? {
            try p.optionalWord(field) { ProjectRef.isMilestoneID($0) ? $0 : nil }
        }
        switch type {
        case "project.created":
            let dor = try checklist(p, "dor"), dod = try checklist(p, "dod")
            let stakeholders = try p.strings("stakeholders")
            guard stakeholders.allSatisfy(Decide.isValidHandle) else { throw p.fail("stakeholders", "holds a value that is not a handle") }
            return .created(key: key, title: try p.string("title"), dri: try p.word("dri") { Decide.isValidHandle($0) ? $0 : nil },
                            stakeholders: stakeholders, description: try p.string("description"),
                            links: try p.strings("links"), dor: dor, dod: dod)
        case "project.phase_changed":
            let to = try p.word("to", ProjectPhase.init(rawValue:))
            let reason = try p.optionalString("reason")
            guard (to == .dropped) == (reason != nil) else {
                throw p.fail("reason", to == .dropped ? "is missing for a dropped project" : "is set for a phase that is not dropped")
            }
            return .phaseChanged(key: key, from: try p.word("from", ProjectPhase.init(rawValue:)), to: to,
                                 waiver: try p.optionalString("waiver"), reason: reason)
        case "project.item_marked":
            return .itemMarked(key: key, list: try p.word("list", ChecklistKind.init(rawValue:)),
                               item: try p.word("item") { ChecklistTemplateItem.isValidID($0) ? $0 : nil },
                               state: try p.word("state", ItemState.init(rawValue:)))
        case "project.milestone_added":
            guard let m = try milestone("milestone") else { throw p.fail("milestone", "is missing") }
            return .milestoneAdded(key: key, milestone: m, title: try p.string("title"),
                                   due: CycleDay(number: try p.int("due_day", in: ValidRange.anchorDay)))
        case "project.task_linked":
            return .taskLinked(key: key, milestone: try milestone("milestone"), ticket: try p.string("key"))
        case "project.task_added":
            let task = try p.word("task") { ProjectRef.isOwnTask($0, of: key) ? $0 : nil }
            return .taskAdded(key: key, task: task, milestone: try milestone("milestone"), title: try p.string("title"))
        case "project.task_done":
            return .taskDone(key: key, task: try p.word("task") { ProjectRef.isOwnTask($0, of: key) ? $0 : nil })
        case "project.edited":
            func list(_ field: String) throws(PayloadError) -> [String]? { p.present(field) == nil ? nil : try p.strings(field) }
            let c = ProjectChanges(title: try p.optionalString("title"),
                                   dri: try p.optionalWord("dri") { Decide.isValidHandle($0) ? $0 : nil },
                                   description: try p.optionalString("description"), stakeholders: try list("stakeholders"),
                                   links: try list("links"))
            guard c.stakeholders?.allSatisfy(Decide.isValidHandle) ?? true else {
                throw p.fail("stakeholders", "holds a value that is not a handle")
            }
            guard !c.isEmpty else { throw p.fail("title", "is missing, and so is every other change") }
            return .edited(key: key, changes: c)
        default:
            throw unknownType(type)
        }
    }

    static func checklist(_ p: PayloadReader, _ field: String) throws(PayloadError) -> [ChecklistTemplateItem] {
        var items: [ChecklistTemplateItem] = []
        for item in try p.objects(field) {
            items.append(ChecklistTemplateItem(id: try item.string("id"), text: try item.string("text")))
        }
        if let problem = ProjectTemplates.problem(with: items, list: field) { throw p.fail(field, problem) }
        return items
    }

    /// One line for `setboard log`, user text escaped.
    public var summary: String {
        func e(_ s: String) -> String { TextSafety.escaped(s) }
        switch self {
        case let .created(k, title, dri, _, _, _, dor, dod):
            return "created project \(e(k)): \(e(title)), DRI @\(e(dri)) (DoR \(dor.count) items, DoD \(dod.count))"
        case let .phaseChanged(k, from, to, waiver, reason):
            return "\(e(k)) \(from.rawValue) → \(to.rawValue)" + (reason.map { ": \(e($0))" } ?? "")
                + (waiver.map { " (open items waived: \(e($0)))" } ?? "")
        case let .itemMarked(k, list, item, state):
            return "\(e(k)) \(list.rawValue.uppercased()) \(e(item)): \(state.rawValue)"
        case let .milestoneAdded(k, m, title, due):
            return "\(e(k)) milestone \(e(m)) added: \(e(title)), due \(due.text)"
        case let .taskLinked(k, m, ticket):
            return "\(e(ticket)) linked to \(e(k))" + (m.map { ".\(e($0))" } ?? " as a step")
        case let .taskAdded(k, task, m, title):
            return "\(e(k)) task \(e(task)) added" + (m.map { " to \(e($0))" } ?? " as a step") + ": \(e(title))"
        case let .taskDone(k, task):
            return "\(e(k)) task \(e(task)) done"
        case let .edited(k, c):
            var parts: [String] = []
            if let t = c.title { parts.append("title \(e(t))") }
            if let d = c.dri { parts.append("DRI @\(e(d))") }
            if c.description != nil { parts.append("description") }
            if let s = c.stakeholders { parts.append("stakeholders " + (s.isEmpty ? "none" : s.map { "@" + e($0) }.joined(separator: ", "))) }
            if let l = c.links { parts.append("\(l.count) link\(l.count == 1 ? "" : "s")") }
            return "\(e(k)) edited: " + parts.joined(separator: "; ")
        }
    }
}

/// What `project edit` changes; nil is unchanged, and the lists are written whole.
public struct ProjectChanges: Equatable, Sendable {
    public var title: String?
    public var dri: String?
    public var description: String?
    public var stakeholders: [String]?
    public var links: [String]?

    public init(title: String? = nil, dri: String? = nil, description: String? = nil, stakeholders: [String]? = nil,
                links: [String]? = nil) {
        self.title = title
        self.dri = dri
        self.description = description
        self.stakeholders = stakeholders
        self.links = links
    }

    public var isEmpty: Bool { self == ProjectChanges() }
}

/// How projects, milestones and own tasks are named: `PRJ-3`, `PRJ-3.M2`, `PRJ-3.T1`.
public enum ProjectRef {
    static func digits(_ s: Substring) -> Bool {
        !s.isEmpty && s.count <= 9 && s.allSatisfy { $0.isASCII && $0.isNumber } && s.first != "0"
    }

    public static func isProjectKey(_ s: String) -> Bool { s.hasPrefix("PRJ-") && digits(s.dropFirst(4)) }

    public static func isMilestoneID(_ s: String) -> Bool { s.hasPrefix("M") && digits(s.dropFirst()) }

    public static func isOwnTask(_ s: String, of project: String) -> Bool {
        s.hasPrefix(project + ".T") && digits(s.dropFirst(project.count + 2))
    }

    /// `PRJ-3` or `PRJ-3.M2` (the milestone part upper-cased as typed in any case): the project and the milestone.
    public static func parseTarget(_ text: String) -> (project: String, milestone: String?)? {
        let parts = text.uppercased().split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let first = parts.first, isProjectKey(first) else { return nil }
        if parts.count == 1 { return (first, nil) }
        guard parts.count == 2, isMilestoneID(parts[1]) else { return nil }
        return (first, parts[1])
    }
}
