/// Project commands and `decide` for them: the gates, who may tick, and readable refusals.

public enum ProjectCommand: Equatable, Sendable {
    case create(title: String, dri: String, stakeholders: [String], description: String, links: [String],
                templates: ProjectTemplates)
    /// `waiver`: pass a gate with open items, for this reason; `reason`: why the project is dropped.
    case setPhase(key: String, phase: ProjectPhase, waiver: String?, reason: String?)
    case mark(key: String, list: ChecklistKind, item: String, state: ItemState)
    case addMilestone(key: String, title: String, due: String)
    /// `target` is `PRJ-3` (a step) or `PRJ-3.M2`.
    case linkTask(ticket: String, target: String)
    case addTask(target: String, title: String)
    case finishTask(task: String)
    /// Stakeholders and links are added and removed one by one, as typed; the event records the lists that result.
    case edit(key: String, title: String?, dri: String?, description: String?, addStakeholders: [String],
              removeStakeholders: [String], addLinks: [String], removeLinks: [String])
}

public enum ProjectError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidText(field: String, reason: String)
    case invalidHandle(String)
    case unknownProject(String)
    case badTarget(String)
    case unknownMilestone(project: String, milestone: String)
    case unknownTicket(String)
    case unknownTask(String)
    case unknownItem(list: ChecklistKind, item: String, known: [String])
    case badDate(String)
    case finished(key: String, phase: ProjectPhase)
    case notNextPhase(key: String, from: ProjectPhase, to: ProjectPhase)
    case gateOpen(key: String, list: ChecklistKind, open: [String])
    case waiverNotNeeded(list: ChecklistKind)
    case waiverWithoutGate(ProjectPhase)
    case reasonNeeded
    case reasonOnlyForDrop
    case notAllowed(actor: String, dri: String, leads: [String])
    case alreadyLinked(ticket: String, target: String)
    case alreadyMarked(item: String, state: ItemState)
    case taskAlreadyDone(String)
    case badTemplates(String)
    case nothingToChange
    case notListed(what: String, value: String)

    public var description: String {
        func e(_ s: String) -> String { TextSafety.escaped(s) }
        switch self {
        case let .invalidText(field, reason): return "the \(field) \(reason)"
        case let .invalidHandle(h): return "\"\(e(h))\" is not a handle: use letters, digits, '.', '_' or '-'"
        case let .unknownProject(k): return "no project \(e(k)) (see `setboard project list`)"
        case let .badTarget(t): return "\"\(e(t))\" is not a project or milestone: write PRJ-3 (a step) or PRJ-3.M2"
        case let .unknownMilestone(p, m): return "\(e(p)) has no milestone \(e(m)) (see `setboard project show \(e(p))`)"
        case let .unknownTicket(k): return "no ticket \(e(k)) on this board (a task of the project's own: `project task add`)"
        case let .unknownTask(t): return "no project task \(e(t)): own tasks are named like PRJ-3.T1"
        case let .unknownItem(list, item, known):
            return "the \(list.rawValue.uppercased()) has no item \"\(e(item))\": use one of " + known.joined(separator: ", ")
        case let .badDate(d): return "\"\(e(d))\" is not a date: use YYYY-MM-DD"
        case let .finished(k, phase): return "\(k) is \(phase.rawValue); a finished project does not change"
        case let .notNextPhase(k, from, to):
            let next = from.next.map { "\($0.rawValue) (or dropped)" } ?? "nothing"
            return "\(k) is \(from.rawValue): it moves on to \(next), not to \(to.rawValue)"
        case let .gateOpen(k, list, open):
            return "\(k) cannot be \(list.gate.rawValue): its \(list.title) has \(open.count) open item\(open.count == 1 ? "" : "s") ("
                + open.joined(separator: ", ") + "); assess them with `project \(list.rawValue) \(k) ITEM=done|n/a`, or pass --waive REASON"
        case let .waiverNotNeeded(list): return "the \(list.title) is complete: nothing to waive"
        case let .waiverWithoutGate(phase): return "moving to \(phase.rawValue) passes no checklist: --waive is for ready and done"
        case .reasonNeeded: return "a dropped project needs a reason: --reason TEXT"
        case .reasonOnlyForDrop: return "--reason is for dropping a project; a waived gate takes --waive REASON"
        case let .notAllowed(actor, dri, leads):
            let who = (["@" + dri] + leads.map { "@" + $0 }).joined(separator: ", ")
            return "\(e(actor)) may not do this: only the project's DRI or a roster lead can (\(e(who)))"
        case let .alreadyLinked(t, target): return "\(e(t)) is already a task of \(e(target))"
        case let .alreadyMarked(item, state): return "\(e(item)) is already \(state.rawValue)"
        case let .taskAlreadyDone(t): return "\(e(t)) is already done"
        case let .badTemplates(why): return "the checklist templates do not hold: \(why)"
        case .nothingToChange: return "nothing to change: give --title, --dri, --description, --stakeholder, --link or their --remove- forms"
        case let .notListed(what, value): return "\(e(value)) is not one of the project's \(what)"
        }
    }
}

public enum ProjectDecide {
    public static let maxTitleLength = 200
    public static let maxDescriptionLength = 20_000
    public static let maxReasonLength = 1_000
    public static let maxLinks = 32
    public static let maxStakeholders = 64

    public static func decide(_ command: ProjectCommand, projects: ProjectState, board: BoardState, roster: RosterState,
                              actor: String) throws(ProjectError) -> [ProjectEvent] {
        switch command {
        case let .create(title, dri, stakeholders, description, links, templates):
            let t = try line(title, field: "title", max: maxTitleLength)
            guard Decide.isValidHandle(dri) else { throw .invalidHandle(dri) }
            guard stakeholders.count <= maxStakeholders else { throw .invalidText(field: "stakeholder list", reason: "is longer than \(maxStakeholders)") }
            for s in stakeholders where !Decide.isValidHandle(s) { throw .invalidHandle(s) }
            let d = description.trimmingWhitespace()
            guard d.unicodeScalars.count <= maxDescriptionLength else {
                throw .invalidText(field: "description", reason: "is longer than \(maxDescriptionLength) characters")
            }
            guard links.count <= maxLinks else { throw .invalidText(field: "link list", reason: "is longer than \(maxLinks)") }
            let checkedLinks = try links.map { (l) throws(ProjectError) in try line(l, field: "link", max: 2_000) }
            if let problem = ProjectTemplates.problem(with: templates.dor, list: "dor")
                ?? ProjectTemplates.problem(with: templates.dod, list: "dod") { throw .badTemplates(problem) }
            var seen: Set<String> = []
            return [.created(key: projects.nextKey(), title: t, dri: dri, stakeholders: stakeholders.filter { seen.insert($0).inserted },
                             description: d, links: checkedLinks,
                             dor: templates.dor.map { ChecklistTemplateItem(id: $0.id, text: $0.text.trimmingWhitespace()) },
                             dod: templates.dod.map { ChecklistTemplateItem(id: $0.id, text: $0.text.trimmingWhitespace()) })]
        case let .setPhase(key, phase, waiver, reason):
            let p = try open(key, projects)
            try allowed(actor, p, roster)
            if phase == .dropped {
                guard let reason else { throw .reasonNeeded }
                guard waiver == nil else { throw .waiverWithoutGate(phase) }
                return [.phaseChanged(key: key, from: p.phase, to: .dropped, waiver: nil,
                                      reason: try line(reason, field: "reason", max: maxReasonLength))]
            }
            guard reason == nil else { throw .reasonOnlyForDrop }
            guard p.phase.next == phase else { throw .notNextPhase(key: key, from: p.phase, to: phase) }
            let gate = ChecklistKind.allCases.first { $0.gate == phase }
            var why: String?
            if let waiver {
                guard let gate else { throw .waiverWithoutGate(phase) }
                guard !p.openItems(gate).isEmpty else { throw .waiverNotNeeded(list: gate) }
                why = try line(waiver, field: "waiver reason", max: maxReasonLength)
            } else if let gate, !p.openItems(gate).isEmpty {
                throw .gateOpen(key: key, list: gate, open: p.openItems(gate).map(\.id))
            }
            return [.phaseChanged(key: key, from: p.phase, to: phase, waiver: why, reason: nil)]
        case let .mark(key, list, item, state):
            let p = try open(key, projects)
            try allowed(actor, p, roster)
            guard let entry = p.checklist(list).first(where: { $0.id == item.lowercased() }) else {
                throw .unknownItem(list: list, item: item, known: p.checklist(list).map(\.id))
            }
            guard entry.state != state else { throw .alreadyMarked(item: entry.id, state: state) }
            return [.itemMarked(key: key, list: list, item: entry.id, state: state)]
        case let .addMilestone(key, title, dueText):
            let p = try open(key, projects)
            try allowed(actor, p, roster)
            let t = try line(title, field: "milestone title", max: maxTitleLength)
            // The text must read back as itself: the parser rolls 2026-02-30 over into March.
            let dueTrimmed = dueText.trimmingWhitespace()
            guard let due = CycleDay(text: dueTrimmed), due.text == dueTrimmed,
                  ValidRange.anchorDay.contains(due.number) else { throw .badDate(dueText) }
            return [.milestoneAdded(key: key, milestone: "M\(p.milestones.count + 1)", title: t, due: due)]
        case let .linkTask(ticketText, targetText):
            let ticket = ticketText.uppercased()
            guard board.ticket(ticket) != nil else { throw .unknownTicket(ticketText) }
            let (key, milestone) = try target(targetText, projects)
            if let owner = projects.projectOfTicket[ticket], owner == key,
               projects.project(key)?.tasks.first(where: { $0.key == ticket })?.milestone == milestone {
                throw .alreadyLinked(ticket: ticket, target: key + (milestone.map { "." + $0 } ?? ""))
            }
            return [.taskLinked(key: key, milestone: milestone, ticket: ticket)]
        case let .addTask(targetText, title):
            let (key, milestone) = try target(targetText, projects)
            let t = try line(title, field: "task title", max: maxTitleLength)
            guard let p = projects.project(key) else { throw .unknownProject(key) }
            return [.taskAdded(key: key, task: "\(key).T\(p.nextTaskNumber)", milestone: milestone, title: t)]
        case let .edit(key, title, dri, description, add, remove, addLinks, removeLinks):
            let p = try open(key, projects)
            try allowed(actor, p, roster)
            let changes = try edit(p, title: title, dri: dri, description: description, add: add, remove: remove,
                                   addLinks: addLinks, removeLinks: removeLinks)
            return [.edited(key: p.key, changes: changes)]
        case let .finishTask(taskText):
            let task = taskText.uppercased()
            guard let dot = task.firstIndex(of: "."), let p = projects.project(String(task[..<dot])),
                  let own = p.tasks.first(where: { $0.key == task }), case let .own(_, done) = own.source else {
                throw .unknownTask(taskText)
            }
            guard !p.phase.isFinished else { throw .finished(key: p.key, phase: p.phase) }
            guard !done else { throw .taskAlreadyDone(task) }
            return [.taskDone(key: p.key, task: task)]
        }
    }

    static func edit(_ p: Project, title: String?, dri: String?, description: String?, add: [String], remove: [String],
                     addLinks: [String], removeLinks: [String]) throws(ProjectError) -> ProjectChanges {
        var c = ProjectChanges()
        if let title { c.title = try line(title, field: "title", max: maxTitleLength) }
        if let dri {
            guard Decide.isValidHandle(dri) else { throw .invalidHandle(dri) }
            c.dri = dri
        }
        if let description {
            let d = description.trimmingWhitespace()
            guard d.unicodeScalars.count <= maxDescriptionLength else {
                throw .invalidText(field: "description", reason: "is longer than \(maxDescriptionLength) characters")
            }
            c.description = d
        }
        if !add.isEmpty || !remove.isEmpty {
            var list = p.stakeholders
            for s in remove {
                guard let i = list.firstIndex(of: s) else { throw .notListed(what: "stakeholders", value: s) }
                list.remove(at: i)
            }
            for s in add where !list.contains(s) {
                guard Decide.isValidHandle(s) else { throw .invalidHandle(s) }
                list.append(s)
            }
            guard list.count <= maxStakeholders else { throw .invalidText(field: "stakeholder list", reason: "is longer than \(maxStakeholders)") }
            c.stakeholders = list
        }
        if !addLinks.isEmpty || !removeLinks.isEmpty {
            var list = p.links
            for l in removeLinks {
                guard let i = list.firstIndex(of: l) else { throw .notListed(what: "links", value: l) }
                list.remove(at: i)
            }
            for l in addLinks { list.append(try line(l, field: "link", max: 2_000)) }
            guard list.count <= maxLinks else { throw .invalidText(field: "link list", reason: "is longer than \(maxLinks)") }
            c.links = list
        }
        guard !c.isEmpty else { throw .nothingToChange }
        return c
    }

    /// Only the DRI or a roster lead (its admins and rotation leads) assesses checklists, moves phases and plans milestones.
    static func allowed(_ actor: String, _ p: Project, _ roster: RosterState) throws(ProjectError) {
        let leads = roster.definition?.editors ?? []
        guard actor == p.dri || leads.contains(actor) else {
            throw .notAllowed(actor: actor, dri: p.dri, leads: leads.sorted())
        }
    }

    static func open(_ key: String, _ projects: ProjectState) throws(ProjectError) -> Project {
        guard let p = projects.project(key.uppercased()) else { throw .unknownProject(key) }
        guard !p.phase.isFinished else { throw .finished(key: p.key, phase: p.phase) }
        return p
    }

    static func target(_ text: String, _ projects: ProjectState) throws(ProjectError) -> (String, String?) {
        guard let (key, milestone) = ProjectRef.parseTarget(text) else { throw .badTarget(text) }
        let p = try open(key, projects)
        if let milestone, p.milestone(milestone) == nil { throw .unknownMilestone(project: key, milestone: milestone) }
        return (key, milestone)
    }

    static func line(_ text: String, field: String, max: Int) throws(ProjectError) -> String {
        let t = text.trimmingWhitespace()
        guard !t.isEmpty else { throw .invalidText(field: field, reason: "is empty") }
        guard !t.contains(where: \.isNewline) else { throw .invalidText(field: field, reason: "must be one line") }
        guard t.unicodeScalars.count <= max else { throw .invalidText(field: field, reason: "is longer than \(max) characters") }
        return t
    }
}
