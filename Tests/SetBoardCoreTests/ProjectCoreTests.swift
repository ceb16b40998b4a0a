/// Projects: decide refuses what the handbook's process does not allow, apply replays phases, checklists, milestones and tasks.
import Testing
@testable import SetBoardCore

@Suite("Projects")
struct ProjectCoreTests {
    static let small = ProjectTemplates(dor: [ChecklistTemplateItem(id: "rfc", text: "RFC written"),
                                              ChecklistTemplateItem(id: "scope", text: "Fixed scope")],
                                        dod: [ChecklistTemplateItem(id: "tested", text: "Fully tested")])

    static let eventSamples: [ProjectEvent] = [
        .created(key: "PRJ-1", title: "New region", dri: "alice", stakeholders: ["bob"], description: "why\nand how",
                 links: ["https://example.com/rfc"], dor: small.dor, dod: small.dod),
        .created(key: "PRJ-2", title: "\u{1B}[31mred", dri: "bob", stakeholders: [], description: "", links: [],
                 dor: small.dor, dod: small.dod),
        .phaseChanged(key: "PRJ-1", from: .discovery, to: .scoping, waiver: nil, reason: nil),
        .phaseChanged(key: "PRJ-1", from: .scoping, to: .ready, waiver: "launch date fixed", reason: nil),
        .phaseChanged(key: "PRJ-2", from: .discovery, to: .dropped, waiver: nil, reason: "no budget"),
        .itemMarked(key: "PRJ-1", list: .dor, item: "rfc", state: .done),
        .itemMarked(key: "PRJ-1", list: .dod, item: "tested", state: .na),
        .milestoneAdded(key: "PRJ-1", milestone: "M1", title: "MVP", due: CycleDay(number: 20_470)),
        .taskLinked(key: "PRJ-1", milestone: "M1", ticket: "SET-1"),
        .taskLinked(key: "PRJ-1", milestone: nil, ticket: "SET-2"),
        .taskAdded(key: "PRJ-1", task: "PRJ-1.T1", milestone: nil, title: "POC deploy"),
        .taskAdded(key: "PRJ-1", task: "PRJ-1.T2", milestone: "M1", title: "Docs"),
        .taskDone(key: "PRJ-1", task: "PRJ-1.T1"),
        .edited(key: "PRJ-1", changes: ProjectChanges(title: "Region 2", dri: "bob", description: "d", stakeholders: [], links: ["x"])),
        .edited(key: "PRJ-1", changes: ProjectChanges(stakeholders: ["carol"])),
    ]

    /// A board with two tickets, a roster whose admin is "lead", and the projects decided so far.
    struct World {
        var board = BoardFixture.initialized()
        var roster = RosterState()
        var projects = ProjectState()

        init(roster withRoster: Bool = false) {
            board.create(1, .other, nil, at: Clock.monday)
            board.create(2, .release, .l2, at: Clock.monday)
            if withRoster {
                roster.apply(.defined(RosterDefinition(admins: ["lead"], engineers: [], rotations: [])))
            }
        }

        @discardableResult
        mutating func run(_ command: ProjectCommand, by actor: String = "alice", at ts: Int64 = Clock.monday) throws(ProjectError) -> [ProjectEvent] {
            let events = try ProjectDecide.decide(command, projects: projects, board: board.state, roster: roster, actor: actor)
            for e in events { projects.apply(e, at: ts, by: actor) }
            return events
        }

        func refusal(_ command: ProjectCommand, by actor: String = "alice") -> ProjectError? {
            do { _ = try ProjectDecide.decide(command, projects: projects, board: board.state, roster: roster, actor: actor); return nil } catch { return error }
        }

        mutating func newProject() throws(ProjectError) -> String {
            let e = try run(.create(title: "Region", dri: "alice", stakeholders: [], description: "", links: [], templates: ProjectCoreTests.small))
            return e[0].key
        }
    }

    @Test func createGivesKeysInOrderAndCopiesTheTemplates() throws {
        var w = World()
        #expect(try w.newProject() == "PRJ-1")
        #expect(try w.newProject() == "PRJ-2")
        let p = try #require(w.projects.project("PRJ-1"))
        #expect(p.phase == .discovery)
        #expect(p.dor.map(\.id) == ["rfc", "scope"])
        #expect(p.dor.allSatisfy { $0.state == .open && $0.by == nil })
    }

    @Test func handbookTemplatesHoldAndNameTheHandbookItems() {
        #expect(ProjectTemplates.problem(with: ProjectTemplates.handbook.dor, list: "dor") == nil)
        #expect(ProjectTemplates.problem(with: ProjectTemplates.handbook.dod, list: "dod") == nil)
        #expect(ProjectTemplates.handbook.dor.map(\.id).contains("rfc"))
        #expect(ProjectTemplates.handbook.dod.map(\.id).contains("playbooks"))
    }

    @Test func readyNeedsACompleteDoRUnlessWaivedWithAReason() throws {
        var w = World()
        let key = try w.newProject()
        try w.run(.setPhase(key: key, phase: .scoping, waiver: nil, reason: nil))
        #expect(w.refusal(.setPhase(key: key, phase: .ready, waiver: nil, reason: nil))
            == .gateOpen(key: key, list: .dor, open: ["rfc", "scope"]))
        try w.run(.mark(key: key, list: .dor, item: "rfc", state: .done), at: Clock.monday + Clock.hour)
        try w.run(.setPhase(key: key, phase: .ready, waiver: "scope agreed verbally", reason: nil), at: Clock.monday + 2 * Clock.hour)
        let p = try #require(w.projects.project(key))
        #expect(p.phase == .ready)
        #expect(p.waivers == [PhaseWaiver(to: .ready, reason: "scope agreed verbally", openItems: ["scope"], by: "alice",
                                          at: Clock.monday + 2 * Clock.hour)])
        #expect(p.dor[0].by == "alice" && p.dor[0].at == Clock.monday + Clock.hour)
    }

    @Test func doneNeedsACompleteDoDAndNAcounts() throws {
        var w = World()
        let key = try w.newProject()
        try w.run(.setPhase(key: key, phase: .scoping, waiver: nil, reason: nil))
        try w.run(.mark(key: key, list: .dor, item: "rfc", state: .done))
        try w.run(.mark(key: key, list: .dor, item: "scope", state: .na))
        try w.run(.setPhase(key: key, phase: .ready, waiver: nil, reason: nil))
        #expect(w.refusal(.setPhase(key: key, phase: .ready, waiver: "x", reason: nil)) == .notNextPhase(key: key, from: .ready, to: .ready))
        try w.run(.setPhase(key: key, phase: .executing, waiver: nil, reason: nil))
        #expect(w.refusal(.setPhase(key: key, phase: .done, waiver: nil, reason: nil)) == .gateOpen(key: key, list: .dod, open: ["tested"]))
        try w.run(.mark(key: key, list: .dod, item: "tested", state: .done))
        #expect(w.refusal(.setPhase(key: key, phase: .done, waiver: "x", reason: nil)) == .waiverNotNeeded(list: .dod))
        try w.run(.setPhase(key: key, phase: .done, waiver: nil, reason: nil))
        #expect(w.projects.project(key)?.phase == .done)
        #expect(w.refusal(.mark(key: key, list: .dod, item: "tested", state: .open)) == .finished(key: key, phase: .done))
    }

    @Test func phasesMoveOneStepAndDroppingNeedsAReason() throws {
        var w = World()
        let key = try w.newProject()
        #expect(w.refusal(.setPhase(key: key, phase: .executing, waiver: nil, reason: nil))
            == .notNextPhase(key: key, from: .discovery, to: .executing))
        #expect(w.refusal(.setPhase(key: key, phase: .dropped, waiver: nil, reason: nil)) == .reasonNeeded)
        #expect(w.refusal(.setPhase(key: key, phase: .scoping, waiver: "x", reason: nil)) == .waiverWithoutGate(.scoping))
        try w.run(.setPhase(key: key, phase: .dropped, waiver: nil, reason: "no budget"))
        #expect(w.projects.project(key)?.dropReason == "no budget")
    }

    @Test func onlyTheDRIOrARosterLeadTicks() throws {
        var w = World(roster: true)
        let key = try w.newProject()
        #expect(w.refusal(.mark(key: key, list: .dor, item: "rfc", state: .done), by: "mallory")
            == .notAllowed(actor: "mallory", dri: "alice", leads: ["lead"]))
        #expect(w.refusal(.setPhase(key: key, phase: .scoping, waiver: nil, reason: nil), by: "mallory") != nil)
        try w.run(.mark(key: key, list: .dor, item: "RFC", state: .done), by: "lead")
        #expect(w.projects.project(key)?.dor[0].by == "lead")
        #expect(w.refusal(.mark(key: key, list: .dor, item: "rfc", state: .done)) == .alreadyMarked(item: "rfc", state: .done))
        #expect(w.refusal(.mark(key: key, list: .dor, item: "nope", state: .done)) == .unknownItem(list: .dor, item: "nope", known: ["rfc", "scope"]))
    }

    @Test func tasksLinkToOneProjectAtATimeAndOwnTasksStayOffTheBoard() throws {
        var w = World()
        let a = try w.newProject(), b = try w.newProject()
        try w.run(.addMilestone(key: a, title: "MVP", due: "2026-01-20"))
        #expect(w.refusal(.addMilestone(key: a, title: "x", due: "2026-02-30")) == .badDate("2026-02-30"))
        try w.run(.linkTask(ticket: "set-1", target: "prj-1.m1"))
        #expect(w.refusal(.linkTask(ticket: "SET-1", target: "PRJ-1.M1")) == .alreadyLinked(ticket: "SET-1", target: "PRJ-1.M1"))
        #expect(w.refusal(.linkTask(ticket: "SET-9", target: a)) == .unknownTicket("SET-9"))
        #expect(w.refusal(.linkTask(ticket: "SET-1", target: "PRJ-1.M7")) == .unknownMilestone(project: a, milestone: "M7"))
        #expect(w.refusal(.linkTask(ticket: "SET-1", target: "PRJ-1/M1")) == .badTarget("PRJ-1/M1"))
        try w.run(.linkTask(ticket: "SET-1", target: b))
        #expect(w.projects.project(a)?.tasks.isEmpty == true)
        #expect(w.projects.project(b)?.ticketKeys == ["SET-1"])
        let boardBefore = w.board.state
        try w.run(.addTask(target: "PRJ-1.M1", title: "Write the runbook"))
        try w.run(.finishTask(task: "prj-1.t1"))
        #expect(w.board.state == boardBefore, "an own task never touches the board, so never TO DO's order")
        #expect(w.projects.project(a)?.tasks.first?.source == .own(title: "Write the runbook", done: true))
        #expect(w.refusal(.finishTask(task: "PRJ-1.T1")) == .taskAlreadyDone("PRJ-1.T1"))
    }

    @Test func editChangesFieldsAndListsOneByOne() throws {
        var w = World()
        let key = try w.newProject()
        try w.run(.edit(key: key, title: nil, dri: nil, description: "why", addStakeholders: ["bob", "carol"],
                        removeStakeholders: [], addLinks: ["https://rfc"], removeLinks: []))
        try w.run(.edit(key: key, title: "Region v2", dri: "bob", description: nil, addStakeholders: [],
                        removeStakeholders: ["bob"], addLinks: [], removeLinks: []))
        let p = try #require(w.projects.project(key))
        #expect(p.title == "Region v2" && p.dri == "bob" && p.description == "why")
        #expect(p.stakeholders == ["carol"] && p.links == ["https://rfc"])
        #expect(w.refusal(.edit(key: key, title: "x", dri: nil, description: nil, addStakeholders: [], removeStakeholders: [],
                                addLinks: [], removeLinks: [])) == .notAllowed(actor: "alice", dri: "bob", leads: []))
        #expect(w.refusal(.edit(key: key, title: nil, dri: nil, description: nil, addStakeholders: [], removeStakeholders: [],
                                addLinks: [], removeLinks: []), by: "bob") == .nothingToChange)
        #expect(w.refusal(.edit(key: key, title: nil, dri: nil, description: nil, addStakeholders: [], removeStakeholders: ["zed"],
                                addLinks: [], removeLinks: []), by: "bob") == .notListed(what: "stakeholders", value: "zed"))
    }

    @Test func progressAtRiskAndLateFollowThePaceRule() throws {
        var w = World()
        let key = try w.newProject()
        // Planned Monday 2026-01-05, due Friday 2026-01-16 (ends 2026-01-17 00:00 UTC): 12 days.
        try w.run(.addMilestone(key: key, title: "MVP", due: "2026-01-16"))
        for n in 1...2 { try w.run(.linkTask(ticket: "SET-\(n)", target: "PRJ-1.M1")) }
        try w.run(.addTask(target: "PRJ-1.M1", title: "docs"))
        try w.run(.addTask(target: "PRJ-1.M1", title: "review"))
        var p = try #require(w.projects.project(key))
        let m = p.milestones[0]
        // Day 3, nothing done: under half the window, on track.
        #expect(p.progress(of: m, board: w.board.state, now: Clock.monday + 3 * Clock.day).isAtRisk == false)
        // Day 7, nothing done: over half gone, at risk.
        #expect(p.progress(of: m, board: w.board.state, now: Clock.monday + 7 * Clock.day).isAtRisk == true)
        // One of four done by day 4: three left take 12 days, 8 remain: at risk.
        try w.run(.finishTask(task: "PRJ-1.T1"))
        p = try #require(w.projects.project(key))
        let slow = p.progress(of: m, board: w.board.state, now: Clock.monday + 4 * Clock.day)
        #expect(slow.done == 1 && slow.total == 4 && slow.isAtRisk && !slow.isLate)
        #expect(slow.reasoning.contains("12d"))
        // Three of four done by day 4 (SET-1 in DONE counts): one left takes 1d8h, on track.
        w.board.record(.ticketMoved(key: "SET-1", from: .todo, to: .done), at: Clock.monday + Clock.day)
        try w.run(.finishTask(task: "PRJ-1.T2"))
        p = try #require(w.projects.project(key))
        let fast = p.progress(of: m, board: w.board.state, now: Clock.monday + 4 * Clock.day)
        #expect(fast.done == 3 && !fast.isAtRisk && fast.mark == "on track")
        // After the due day with one open: late.
        let late = p.progress(of: m, board: w.board.state, now: Clock.monday + 12 * Clock.day)
        #expect(late.isLate && late.mark == "LATE")
    }

    @Test func textInReportsAndSummariesIsEscaped() {
        for e in Self.eventSamples { #expect(!e.summary.unicodeScalars.contains { TextSafety.isUnsafe($0) }) }
        var s = ProjectState()
        s.apply(Self.eventSamples[1], at: Clock.monday, by: "bob")
        let p = s.project("PRJ-2")!
        let text = ProjectReports.show(p, board: BoardState(), now: Clock.monday) + ProjectReports.line(p, board: BoardState(), now: Clock.monday)
        #expect(!text.unicodeScalars.contains { $0 == "\u{1B}" })
    }

    @Test func weeklyStatusListsProgressChangesAndOpenItems() throws {
        var w = World()
        let key = try w.newProject()
        try w.run(.addMilestone(key: key, title: "MVP", due: "2026-01-09"))
        try w.run(.linkTask(ticket: "SET-1", target: "PRJ-1.M1"))
        let events = [StatusEvent(at: Clock.monday + Clock.hour, actor: "alice",
                                  event: .project(.milestoneAdded(key: key, milestone: "M1", title: "MVP", due: CycleDay(number: 20_462)))),
                      StatusEvent(at: Clock.monday - Clock.day, actor: "alice", event: .project(.itemMarked(key: key, list: .dor, item: "rfc", state: .done)))]
        let text = ProjectStatus.draft(projects: w.projects, board: w.board.state, events: events,
                                       week: CycleDay(number: 20_460), now: Clock.monday + 3 * Clock.day, markdown: false)
        #expect(text.hasPrefix("PROJECTS · week of 2026-01-05 to 2026-01-11\n"))
        #expect(text.contains("M1 MVP: 0/1 [----------] due 2026-01-09 · AT RISK"))
        #expect(text.contains("milestone M1 added: MVP, due 2026-01-09"))
        #expect(!text.contains("DOR rfc"), "last week's change is not this week's")
        #expect(text.contains("DOR open: rfc, scope"))
        let md = ProjectStatus.draft(projects: w.projects, board: w.board.state, events: events,
                                     week: CycleDay(number: 20_460), now: Clock.monday + 3 * Clock.day, markdown: true)
        #expect(md.contains("## PRJ-1 Region · discovery · DRI @alice"))
    }
}
