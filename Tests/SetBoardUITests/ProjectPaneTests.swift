/// The projects pane and a project's detail on the full-screen board: the real driver over a MemoryJournal, screens as literals.
import Testing
import SetBoardCore
import SetBoardJournal
import SetBoardApp
@testable import SetBoardUI

@Suite("Projects pane")
struct ProjectPaneTests {
    /// The crafted board plus two projects: PRJ-1 (alice's, executing, a milestone at risk and a late one) and
    /// PRJ-2 (bob's, in discovery).
    static func board(actor: String = "alice") throws -> BoardHarness {
        let h = try CraftedBoard.make(on: BoardHarness(actor: actor))
        let d = TestTime.day
        func run(_ c: ProjectCommand, _ who: String, at: Int64) throws {
            h.clock.ms = at
            defer { h.clock.ms = TestTime.now }
            try h.store.perform(c, actor: who)
        }
        let t = ProjectTemplates(dor: [ChecklistTemplateItem(id: "rfc", text: "RFC written"),
                                       ChecklistTemplateItem(id: "scope", text: "Fixed scope")],
                                 dod: [ChecklistTemplateItem(id: "tested", text: "Fully tested"),
                                       ChecklistTemplateItem(id: "docs", text: "Docs")])
        let start = TestTime.now - 10 * d
        try run(.create(title: "New region", dri: "alice", stakeholders: ["ce"], description: "", links: [], templates: t), "alice", at: start)
        try run(.create(title: "Cost report", dri: "bob", stakeholders: [], description: "", links: [], templates: t), "bob", at: start)
        try run(.setPhase(key: "PRJ-1", phase: .scoping, waiver: nil, reason: nil), "alice", at: start)
        try run(.mark(key: "PRJ-1", list: .dor, item: "rfc", state: .done), "alice", at: start + d)
        try run(.setPhase(key: "PRJ-1", phase: .ready, waiver: "scope fixed in the kickoff", reason: nil), "alice", at: start + d)
        try run(.setPhase(key: "PRJ-1", phase: .executing, waiver: nil, reason: nil), "alice", at: start + d)
        try run(.addMilestone(key: "PRJ-1", title: "MVP", due: "2026-11-30"), "alice", at: start + d)
        try run(.addMilestone(key: "PRJ-1", title: "Beta", due: "2026-11-20"), "alice", at: start + d)
        try run(.linkTask(ticket: "SET-8", target: "PRJ-1.M1"), "alice", at: start + 2 * d)
        try run(.linkTask(ticket: "SET-5", target: "PRJ-1.M1"), "alice", at: start + 2 * d)
        try run(.addTask(target: "PRJ-1.M1", title: "Runbook"), "alice", at: start + 2 * d)
        try run(.linkTask(ticket: "SET-2", target: "PRJ-1.M2"), "alice", at: start + 2 * d)
        return h
    }

    @Test func theKeyOpensThePaneWithPhaseDRIBarsAndMarks() throws {
        let h = try Self.board()
        h.press(.char("P"))
        #expect(h.model.pane == .projects)
        #expect(h.screen(100, 12) == #"""
         SET board · 7 open · 1 above a higher tier
         TODO 4  PROG 1  REVW 1  HAND 1  DONE 1  TO DO                 PROJECTS 2 open · Enter · P hide
         SET-4 REL L3                                              ^   PRJ-1 executing @alice !
         Customer X: 500 on save \x1b[2J\x1b]0;pwned\x07                 New region
         unassigned                                               2d     M1 [##------] 1/3 11-30 AT RISK
         SET-1 COM L1                                              #     M2 [--------] 0/1 11-20 LATE
         Login loop on the community server                            PRJ-2 discovery @bob
         @alice upd 2h                                            2h     Cost report


         ↓2
         q quit · ? help · J move · Enter open · a add · / filter · c claim · i incidents · r roster
        """#)
        h.press(.char("P"))
        #expect(h.model.pane == nil)
    }

    @Test func enterOpensTheDetailWithItsChecklistsAndWaiver() throws {
        let h = try Self.board()
        h.press([.char("P"), .enter])
        #expect(h.model.mode == .project(key: "PRJ-1", item: 0))
        #expect(h.screen(90, 24) == #"""
         SET board · 7 open · 1 above a higher tier
         PRJ-1  executing  DRI @alice
         New region
         stakeholders: @ce
         milestones:
           M1 MVP  due 2026-11-30
             M1 [######--------------] 1/3 11-30 AT RISK
           M2 Beta  due 2026-11-20
             M2 [--------------------] 0/1 11-20 LATE
         waived to ready by @alice with 1 open: scope fixed in the kickoff
         you are the DRI: j/k picks an item, d done · n n/a · o open · space cycles

         Definition of Ready: 1 open
         > [x] rfc: RFC written (done by @alice 2026-11-15 10:00)
           [ ] scope: Fixed scope

         Definition of Done: 2 open
           [ ] tested: Fully tested
           [ ] docs: Docs




         j/k item · d done · n n/a · o open · space cycle · Esc back
        """#)
    }

    @Test func theDRITicksByKeyThroughTheDriverAndOthersAreRefused() throws {
        let h = try Self.board()
        h.press([.char("P"), .enter, .char("j"), .char("j"), .char("d")])
        #expect(h.recordTypes.last == "project.item_marked")
        let tested = h.store.projects.project("PRJ-1")?.dod.first
        #expect(tested?.state == .done && tested?.by == "alice" && tested?.at == TestTime.now)
        #expect(h.screen(90, 24).hasSuffix(" saved · PRJ-1 DOD tested: done"))
        h.press([.char("j"), .char(" "), .char(" ")])
        #expect(h.store.projects.project("PRJ-1")?.dod.last?.state == .na)
        #expect(h.screen(90, 24).contains("> [-] docs: Docs (n/a by @alice 2026-11-24 10:00)"))

        let other = try Self.board(actor: "mallory")
        other.press([.char("P"), .enter, .char("j"), .char("d")])
        #expect(other.recordTypes.last != "project.item_marked")
        #expect(other.screen(120, 24).contains("not saved: mallory may not do this: only the project's DRI or a roster lead can (@alice)"))
        #expect(other.screen(120, 24).contains("only @alice (the DRI) or a roster lead can assess items"))
    }

    @Test func aRosterLeadTicksToo() throws {
        let h = try Self.board(actor: "lead")
        try h.store.perform(RosterCommand.define(DemoBoard.roster(now: TestTime.now, admins: ["lead"], zones: HostTimeZones())),
                            actor: "lead", now: TestTime.now)
        h.press([.char("P"), .enter, .char("j"), .char("n")])
        #expect(h.store.projects.project("PRJ-1")?.dor.last?.state == .na)
        #expect(h.store.projects.project("PRJ-1")?.dor.last?.by == "lead")
        #expect(h.screen(100, 24).contains("you lead the roster: j/k picks an item"))
    }

    /// The handbook's lists are longer than a screen: the detail scrolls to keep the item under the cursor shown.
    @Test func theCursorStaysOnScreenOverTheHandbooksLists() throws {
        let h = BoardHarness()
        try h.perform(.initBoard(name: "SET board", prefix: "SET"))
        try h.store.perform(ProjectCommand.create(title: "Long lists", dri: "alice", stakeholders: [], description: "",
                                                  links: [], templates: .handbook), actor: "alice")
        h.press([.char("P"), .enter, .char("G")])
        let bottom = h.screen(80, 24)
        #expect(bottom.contains("> [ ] launch: Launch questionnaire or playbook"))
        #expect(!bottom.contains("PRJ-1  discovery"))
        h.press(.char("g"))
        #expect(h.screen(80, 24).contains("> [ ] context: Context"))
        #expect(h.screen(80, 24).contains("PRJ-1  discovery  DRI @alice"))
    }

    @Test func theBoardFiltersToOneProjectsTickets() throws {
        let h = try Self.board()
        h.press(.char("/"))
        h.type("project:prj-1")
        h.press(.enter)
        let shown = Column.allCases.flatMap { h.model.visibleKeys($0, h.context()) }
        #expect(shown == ["SET-2", "SET-5", "SET-8"])
        #expect(h.screen(100, 24).hasSuffix(" filter project:prj-1: 3 cards (Esc clears)"))
    }

    @Test func helpListsTheProjectsKey() throws {
        let h = try Self.board()
        h.press(.char("?"))
        #expect(h.screen(100, 60).contains("  P            projects pane (again: hide); Enter opens a project"))
    }
}
