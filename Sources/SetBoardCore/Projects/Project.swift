/// Projects (initiatives): phases, Definition of Ready / Done checklists, milestones and their tasks, replayed from the journal.

/// Discovery and scoping are steps, ready needs the DoR, done needs the DoD; dropped ends a project with a reason.
public enum ProjectPhase: String, CaseIterable, Sendable, Comparable {
    case discovery, scoping, ready, executing, done, dropped

    public static func < (a: ProjectPhase, b: ProjectPhase) -> Bool {
        (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)
    }

    public var isFinished: Bool { self == .done || self == .dropped }

    /// The one phase a project moves on to (dropped is reachable from any phase not finished).
    public var next: ProjectPhase? {
        switch self {
        case .discovery: return .scoping
        case .scoping: return .ready
        case .ready: return .executing
        case .executing: return .done
        case .done, .dropped: return nil
        }
    }
}

public enum ChecklistKind: String, CaseIterable, Sendable {
    case dor, dod

    public var title: String { self == .dor ? "Definition of Ready" : "Definition of Done" }
    /// The phase a complete list lets the project move to.
    public var gate: ProjectPhase { self == .dor ? .ready : .done }
}

public enum ItemState: String, CaseIterable, Sendable {
    case open, done, na = "n/a"

    public init?(text: String) {
        switch text.lowercased() {
        case "open": self = .open
        case "done": self = .done
        case "n/a", "na": self = .na
        default: return nil
        }
    }

    /// Done and not applicable both count as assessed.
    public var isAssessed: Bool { self != .open }
}

public struct ChecklistEntry: Equatable, Sendable {
    public var id: String
    public var text: String
    public var state: ItemState = .open
    /// Who last changed the item and when; nil while nobody has.
    public var by: String?
    public var at: Int64?
}

/// A waived gate: the phase moved to with items still open, who decided, why, and which items they were.
public struct PhaseWaiver: Equatable, Sendable {
    public var to: ProjectPhase
    public var reason: String
    public var openItems: [String]
    public var by: String
    public var at: Int64
}

/// A task of a project: a board ticket linked to it (SET work, on the board) or a task of the project's own,
/// which never enters the board's columns and so never the TO DO rule order.
public struct ProjectTask: Equatable, Sendable {
    public enum Source: Equatable, Sendable {
        case ticket
        case own(title: String, done: Bool)
    }
    /// The ticket key, or the own task's key (`PRJ-3.T1`).
    public var key: String
    /// The milestone (`M2`) it belongs to; nil for a step of the project (discovery and scoping work).
    public var milestone: String?
    public var source: Source
    public var linkedAt: Int64
}

public struct Milestone: Equatable, Sendable {
    public var id: String
    public var title: String
    public var due: CycleDay
    public var added: Int64
}

public struct Project: Equatable, Sendable {
    public var key: String
    public var number: Int
    public var title: String
    public var dri: String
    public var stakeholders: [String]
    public var description: String
    public var links: [String]
    public var phase: ProjectPhase = .discovery
    public var dropReason: String?
    public var created: Int64
    public var createdBy: String
    public var updated: Int64
    public var dor: [ChecklistEntry]
    public var dod: [ChecklistEntry]
    public var milestones: [Milestone] = []
    public var tasks: [ProjectTask] = []
    public var waivers: [PhaseWaiver] = []
    public var nextTaskNumber = 1

    public func checklist(_ kind: ChecklistKind) -> [ChecklistEntry] { kind == .dor ? dor : dod }

    public func openItems(_ kind: ChecklistKind) -> [ChecklistEntry] { checklist(kind).filter { !$0.state.isAssessed } }

    public func milestone(_ id: String) -> Milestone? { milestones.first { $0.id == id } }

    public func tasks(of milestone: String?) -> [ProjectTask] { tasks.filter { $0.milestone == milestone } }

    /// The keys of the board tickets linked to the project, for the board's `project:` filter.
    public var ticketKeys: Set<String> {
        Set(tasks.compactMap { $0.source == .ticket ? $0.key : nil })
    }
}

public struct ProjectState: Equatable, Sendable {
    public private(set) var projects: [String: Project] = [:]
    public private(set) var nextNumber = 1
    /// Which project holds each linked board ticket: a ticket is a task of one project at a time.
    public private(set) var projectOfTicket: [String: String] = [:]
    /// How many project events were applied: changes whenever a project did, for caches keyed on it.
    public private(set) var version = 0

    public init() {}

    public func project(_ key: String) -> Project? { projects[key] }

    public func nextKey() -> String { "PRJ-\(nextNumber)" }

    /// Unfinished first, then by number: the order of `project list` and the projects pane.
    public var ordered: [Project] {
        projects.values.sorted { a, b in
            if a.phase.isFinished != b.phase.isFinished { return !a.phase.isFinished }
            return a.number < b.number
        }
    }

    /// Never fails: an event about a project or milestone this replay does not know changes nothing.
    public mutating func apply(_ event: ProjectEvent, at ts: Int64, by actor: String) {
        version += 1
        switch event {
        case let .created(key, title, dri, stakeholders, description, links, dor, dod):
            guard projects[key] == nil else { return }
            let number = Int(key.split(separator: "-").last ?? "") ?? nextNumber
            nextNumber = max(nextNumber, number.addingReportingOverflow(1).partialValue)
            projects[key] = Project(
                key: key, number: number, title: title, dri: dri, stakeholders: stakeholders, description: description,
                links: links, created: ts, createdBy: actor, updated: ts,
                dor: dor.map { ChecklistEntry(id: $0.id, text: $0.text) },
                dod: dod.map { ChecklistEntry(id: $0.id, text: $0.text) })
        case let .phaseChanged(key, _, to, waiver, reason):
            change(key, ts) { p in
                if let waiver, let gate = ChecklistKind.allCases.first(where: { $0.gate == to }) {
                    p.waivers.append(PhaseWaiver(to: to, reason: waiver, openItems: p.openItems(gate).map(\.id), by: actor, at: ts))
                }
                p.phase = to
                if to == .dropped { p.dropReason = reason }
            }
        case let .itemMarked(key, list, item, state):
            change(key, ts) { p in
                func mark(_ entries: inout [ChecklistEntry]) {
                    guard let i = entries.firstIndex(where: { $0.id == item }) else { return }
                    entries[i].state = state
                    entries[i].by = actor
                    entries[i].at = ts
                }
                if list == .dor { mark(&p.dor) } else { mark(&p.dod) }
            }
        case let .milestoneAdded(key, milestone, title, due):
            change(key, ts) { p in
                guard p.milestone(milestone) == nil else { return }
                p.milestones.append(Milestone(id: milestone, title: title, due: due, added: ts))
            }
        case let .taskLinked(key, milestone, ticket):
            guard projects[key] != nil else { return }
            if let old = projectOfTicket[ticket], old != key {
                change(old, ts) { p in p.tasks.removeAll { $0.key == ticket && $0.source == .ticket } }
            }
            projectOfTicket[ticket] = key
            change(key, ts) { p in
                if let i = p.tasks.firstIndex(where: { $0.key == ticket }) {
                    p.tasks[i].milestone = milestone
                } else {
                    p.tasks.append(ProjectTask(key: ticket, milestone: milestone, source: .ticket, linkedAt: ts))
                }
            }
        case let .taskAdded(key, task, milestone, title):
            change(key, ts) { p in
                guard !p.tasks.contains(where: { $0.key == task }) else { return }
                p.tasks.append(ProjectTask(key: task, milestone: milestone, source: .own(title: title, done: false), linkedAt: ts))
                if let n = Int(task.split(separator: "T").last ?? "") { p.nextTaskNumber = max(p.nextTaskNumber, n &+ 1) }
            }
        case let .edited(key, c):
            change(key, ts) { p in
                if let t = c.title { p.title = t }
                if let d = c.dri { p.dri = d }
                if let d = c.description { p.description = d }
                if let s = c.stakeholders { p.stakeholders = s }
                if let l = c.links { p.links = l }
            }
        case let .taskDone(key, task):
            change(key, ts) { p in
                guard let i = p.tasks.firstIndex(where: { $0.key == task }), case let .own(title, _) = p.tasks[i].source else { return }
                p.tasks[i].source = .own(title: title, done: true)
            }
        }
    }

    private mutating func change(_ key: String, _ ts: Int64, _ body: (inout Project) -> Void) {
        guard var p = projects[key] else { return }
        body(&p)
        p.updated = max(p.updated, ts)
        projects[key] = p
    }
}
