/// `setboard project …`: projects with a DRI, phases gated by the Definition of Ready / Done, milestones, tasks and the weekly status.
import ArgumentParser
import SetBoardCore
import SetBoardFiles
import SetBoardJournal

extension ProjectPhase: ExpressibleByArgument {
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

struct ProjectGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "project",
        abstract: "Plan initiatives: projects with a DRI, DoR/DoD checklists, milestones, tasks, weekly status.",
        discussion: """
            A project goes discovery → scoping → ready → executing → done (or dropped, with a reason). Moving to \
            ready needs a complete Definition of Ready, to done a complete Definition of Done, unless the move \
            is waived with a reason (recorded and shown). Only the DRI or a roster lead assesses items and moves \
            phases. Tasks are board tickets linked to a milestone or to the project as a step; a task of the \
            project's own (`project task add`) is not SET work and never enters the TO DO order.
            """,
        subcommands: [NewProject.self, EditProject.self, ListProjects.self, ShowProject.self, Phase.self, MilestoneGroup.self, TaskGroup.self,
                      Checklist<DoR>.self, Checklist<DoD>.self, Status.self]
    )

    /// "3", "prj-3" or "PRJ-3" to an existing project key.
    static func key(_ typed: String, in session: Session) throws -> String {
        let candidate = Int(typed).map { "PRJ-\($0)" } ?? typed.uppercased()
        guard session.store.projects.project(candidate) != nil else { throw ProjectError.unknownProject(typed) }
        return candidate
    }

    /// The board's own templates (`project-templates.yaml` in the board directory) or the handbook's. Read through
    /// the board's file layer: a link or a FIFO planted under that name is refused, never followed.
    static func templates(boardDirectory: String) throws -> ProjectTemplates {
        let path = boardDirectory + "/" + ProjectTemplatesYAML.fileName
        let fs = PosixFileSystem.shared
        guard fs.linkStatus(path) != nil else { return .handbook }
        let bytes = try fs.readAll(path, limit: 1 << 20)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw CLIFailure("\(TextSafety.escaped(path)) is not UTF-8 text")
        }
        do { return try ProjectTemplatesYAML.parse(text) } catch let p as FileProblem {
            throw CLIFailure("\(TextSafety.escaped(path)): \(p.description)")
        }
    }

    struct NewProject: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "new", abstract: "Start a project in discovery; prints its key.",
            discussion: """
                Its DoR and DoD are copied from the board's project-templates.yaml when there is one (a list of \
                `id: text` items under `dor:` and `dod:`), else from the handbook.
                """)
        @OptionGroup var options: BoardOptions
        @Argument(help: "A one-line title.") var title: String
        @Option(help: "The directly responsible individual's handle.") var dri: String
        @Option(name: .customLong("stakeholder"), help: "A stakeholder's handle (repeat for more).") var stakeholders: [String] = []
        @Option(help: "What the project is for.") var description: String = ""
        @Option(name: .customLong("link"), help: "A link to its RFC, epic or document (repeat for more).") var links: [String] = []

        func run() throws {
            try reportingFailures {
                let session = try Session(options)
                let templates = try ProjectGroup.templates(boardDirectory: options.path)
                func handle(_ h: String) -> String { h.hasPrefix("@") ? String(h.dropFirst()) : h }
                let records = try session.store.perform(
                    .create(title: title, dri: handle(dri), stakeholders: stakeholders.map(handle), description: description,
                            links: links, templates: templates), actor: session.actor)
                if case let .project(e)? = records.first?.event { print(e.key) }
            }
        }
    }

    struct EditProject: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit", abstract: "Change a project's title, DRI, description, stakeholders or links.",
            discussion: "Only the DRI or a roster lead; a finished project does not change.")
        @OptionGroup var options: BoardOptions
        @Argument(help: "Project key.") var project: String
        @Option(help: "A new one-line title.") var title: String?
        @Option(help: "Hand the project to another DRI.") var dri: String?
        @Option(help: "A new description.") var description: String?
        @Option(name: .customLong("stakeholder"), help: "Add a stakeholder (repeat for more).") var add: [String] = []
        @Option(name: .customLong("remove-stakeholder"), help: "Remove a stakeholder.") var remove: [String] = []
        @Option(name: .customLong("link"), help: "Add a link.") var links: [String] = []
        @Option(name: .customLong("remove-link"), help: "Remove a link.") var removeLinks: [String] = []

        func run() throws {
            try reportingFailures {
                let session = try Session(options)
                let key = try ProjectGroup.key(project, in: session)
                func handle(_ h: String) -> String { h.hasPrefix("@") ? String(h.dropFirst()) : h }
                try session.store.perform(.edit(key: key, title: title, dri: dri.map(handle), description: description,
                                                addStakeholders: add.map(handle), removeStakeholders: remove.map(handle),
                                                addLinks: links, removeLinks: removeLinks), actor: session.actor)
                print("\(key) edited")
            }
        }
    }

    struct ListProjects: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List projects: phase, DRI, milestones with progress, at-risk and late marks.")
        @OptionGroup var options: BoardOptions
        @Flag(help: "Print a JSON array.") var json = false

        func run() throws {
            try reportingFailures {
                let session = try Session(options, reading: true)
                let list = session.store.projects.ordered
                if json {
                    print(JSONValue.array(list.map { ProjectReports.json($0, board: session.state, now: session.now) }).printableEncoded())
                } else if list.isEmpty {
                    print("no projects (start one with `setboard project new TITLE --dri HANDLE`)")
                } else {
                    for p in list { print(ProjectReports.line(p, board: session.state, now: session.now)) }
                }
            }
        }
    }

    struct ShowProject: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show a project: milestones and how at-risk is computed, tasks, checklists, waivers.")
        @OptionGroup var options: BoardOptions
        @Argument(help: "Project key, e.g. PRJ-3.") var project: String

        func run() throws {
            try reportingFailures {
                let session = try Session(options, reading: true)
                let key = try ProjectGroup.key(project, in: session)
                guard let p = session.store.projects.project(key) else { throw ProjectError.unknownProject(key) }
                print(ProjectReports.show(p, board: session.state, now: session.now), terminator: "")
                for note in SyncNotes.idRenames(of: key, in: .project, store: session.store) { printError("note: " + note) }
            }
        }
    }

    struct Phase: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "phase", abstract: "Move a project to its next phase, or drop it.",
            discussion: """
                Ready needs every Definition of Ready item done or n/a, done every Definition of Done item; \
                --waive REASON moves on with items open, and the waiver, its reason and the open items are \
                recorded and shown. Dropping needs --reason.
                """)
        @OptionGroup var options: BoardOptions
        @Argument(help: "Project key.") var project: String
        @Argument(help: "The phase: \(ProjectPhase.allValueStrings.joined(separator: ", ")).") var phase: ProjectPhase
        @Option(help: "Pass the gate with open checklist items, for this reason.") var waive: String?
        @Option(help: "Why the project is dropped.") var reason: String?

        func run() throws {
            try reportingFailures {
                let session = try Session(options)
                let key = try ProjectGroup.key(project, in: session)
                try session.store.perform(.setPhase(key: key, phase: phase, waiver: waive, reason: reason), actor: session.actor)
                print("\(key) is now \(phase.rawValue)" + (waive != nil ? " (open items waived)" : ""))
            }
        }
    }

    struct MilestoneGroup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "milestone", abstract: "Plan a project's delivery milestones.", subcommands: [Add.self])

        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "add", abstract: "Add a milestone with its estimated delivery date; prints its key (PRJ-3.M1).")
            @OptionGroup var options: BoardOptions
            @Argument(help: "Project key.") var project: String
            @Argument(help: "What the milestone delivers, one line.") var title: String
            @Option(help: ArgumentHelp("The estimated delivery date (required).", valueName: "YYYY-MM-DD")) var due: String

            func run() throws {
                try reportingFailures {
                    let session = try Session(options)
                    let key = try ProjectGroup.key(project, in: session)
                    let records = try session.store.perform(.addMilestone(key: key, title: title, due: due), actor: session.actor)
                    if case let .project(.milestoneAdded(k, m, _, d))? = records.first?.event { print("\(k).\(m) due \(d.text)") }
                }
            }
        }
    }

    struct TaskGroup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "task", abstract: "A project's tasks: board tickets linked to it, or tasks of its own.",
            subcommands: [Link.self, Add.self, Done.self])

        struct Link: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "link", abstract: "Link a board ticket to a milestone (PRJ-3.M2) or to the project as a step (PRJ-3).",
                discussion: "A ticket is a task of one project at a time; linking it again moves it. The card stays where the rules put it.")
            @OptionGroup var options: BoardOptions
            @Argument(help: "Ticket key, e.g. SET-12.") var ticket: String
            @Argument(help: "PRJ-3 or PRJ-3.M2.") var target: String

            func run() throws {
                try reportingFailures {
                    let session = try Session(options)
                    let key = try session.key(ticket)
                    try session.store.perform(.linkTask(ticket: key, target: target), actor: session.actor)
                    print("\(key) is a task of \(TextSafety.escaped(target.uppercased()))")
                }
            }
        }

        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "add", abstract: "Add a task of the project's own (not SET work, never on the board); prints its key.")
            @OptionGroup var options: BoardOptions
            @Argument(help: "PRJ-3 (a step) or PRJ-3.M2.") var target: String
            @Argument(help: "The task, one line.") var title: String

            func run() throws {
                try reportingFailures {
                    let session = try Session(options)
                    let records = try session.store.perform(.addTask(target: target, title: title), actor: session.actor)
                    if case let .project(.taskAdded(_, task, _, _))? = records.first?.event { print(task) }
                }
            }
        }

        struct Done: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "done", abstract: "Mark a task of the project's own done (a linked ticket is done in DONE).")
            @OptionGroup var options: BoardOptions
            @Argument(help: "Task key, e.g. PRJ-3.T1.") var task: String

            func run() throws {
                try reportingFailures {
                    let session = try Session(options)
                    try session.store.perform(.finishTask(task: task), actor: session.actor)
                    print("\(TextSafety.escaped(task.uppercased())) done")
                }
            }
        }
    }

    protocol ChecklistName { static var kind: ChecklistKind { get } }
    enum DoR: ChecklistName { static var kind: ChecklistKind { .dor } }
    enum DoD: ChecklistName { static var kind: ChecklistKind { .dod } }

    struct Checklist<List: ChecklistName>: ParsableCommand {
        static var configuration: CommandConfiguration {
            CommandConfiguration(
                commandName: List.kind.rawValue,
                abstract: "Show the \(List.kind.title), or assess items: ITEM=done, ITEM=n/a or ITEM=open.",
                discussion: "Only the project's DRI or a roster lead assesses items; who did it and when is recorded.")
        }
        @OptionGroup var options: BoardOptions
        @Argument(help: "Project key.") var project: String
        @Argument(help: "Assessments such as rfc=done security=n/a.") var items: [String] = []

        func run() throws {
            try reportingFailures {
                let session = try Session(options, reading: items.isEmpty)
                let key = try ProjectGroup.key(project, in: session)
                var marks: [(String, ItemState)] = []
                for item in items {
                    let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
                    guard parts.count == 2, let state = ItemState(text: parts[1]) else {
                        throw CLIFailure("\"\(TextSafety.escaped(item))\": write ITEM=done, ITEM=n/a or ITEM=open")
                    }
                    marks.append((parts[0], state))
                }
                for (item, state) in marks {
                    try session.store.perform(.mark(key: key, list: List.kind, item: item, state: state), actor: session.actor)
                }
                guard let p = session.store.projects.project(key) else { throw ProjectError.unknownProject(key) }
                print(ProjectReports.checklist(p, List.kind), terminator: "")
            }
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status", abstract: "Draft the weekly status update from the journal.",
            discussion: """
                Per project: milestone progress and dates, the at-risk and late ones with why, what changed in \
                the week (project events and its tickets' moves), and the open DoR or DoD items. A past week \
                is told as the board stood at its end: its tasks, dates and checklists as they were then.
                """)
        @OptionGroup var options: BoardOptions
        @Option(help: ArgumentHelp("Any day of the week to report (Monday to Sunday, UTC); default this week.", valueName: "YYYY-MM-DD"))
        var week: String?
        @Flag(help: "Markdown, to paste into the team's update.") var md = false

        func run() throws {
            try reportingFailures {
                let session = try Session(options, reading: true)
                let day: CycleDay
                if let week {
                    guard let d = CycleDay(text: week), d.text == week else { throw ProjectError.badDate(week) }
                    day = d
                } else {
                    day = CycleDay(number: WorkingTime.floorDiv(session.now, WorkingTime.dayMs))
                }
                let events = try session.store.boardRecords().compactMap { r in
                    r.event.map { StatusEvent(at: r.ts, actor: r.actor, event: $0) }
                }
                // A past week is told as it stood at its end: its projects and their tickets as the journal had them.
                let end = (ProjectStatus.weekStart(of: day).number + 7) * WorkingTime.dayMs - 1
                let then = end < session.now
                    ? try BoardStore.openPast(at: end, directory: options.path, snapshots: BoardOptions.snapshotPolicy)
                    : session.store
                print(ProjectStatus.draft(projects: then.projects, board: then.state, events: events, week: day,
                                          now: session.now, markdown: md), terminator: "")
            }
        }
    }
}
