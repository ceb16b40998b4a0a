/// The full-screen board's smaller defects seen in issue 16: help that scrolls, a tier picked not typed, header wording.
import Testing
import SetBoardCore
import SetBoardJournal
@testable import SetBoardUI

@Suite struct SmallScreenFixTests {
    /// At 80×24 the help is longer than the screen: its last row says how much is below, and PgDn shows the rest,
    /// down to `q quit` and the marks.
    @Test func theHelpAt80x24ScrollsToEveryKey() throws {
        let h = try CraftedBoard.make()
        h.model.open(view: .help)
        #expect(h.screen(80, 24) == #"""
         SET board · 7 open · 1 above a higher tier
         Keys (remap them under `keys:` in config.yaml)

         Move around
           j ↓          select the card below
           k ↑          select the card above
           h ←          previous column
           l →          next column
           g Home       first card
           G End        last card
           PgDn ^D      a page down
           PgUp ^U      a page up
           Tab          next column (tabs on narrow screens)
           S-Tab        previous column

         Reorder
           J            move the card down
           K            move the card up
           H            move the card to the previous column
           L            move the card to the next column
           =            restore rule order (asks first)

         ↓ 33 more lines · j/k or PgDn/PgUp scroll
         j/k scroll · PgDn/PgUp page · any other key closes the help
        """#)
        h.press(.pageDown)
        #expect(h.screen(80, 24) == #"""
         SET board · 7 open · 1 above a higher tier

         Work
           Enter        details of the card
           a            add a ticket
           e            edit the card
           c            claim: assign to me
           n            nudge a stuck card
           t            take over the card
           /            filter: text, tier:T, cat:CAT2, @handle, mine, project:PRJ-3

         Panes
           i            incidents pane (again: hide)
           r            roster pane (again: hide)
           P            projects pane (again: hide); Enter opens a project
           u            post an update to the incident
           C            change the incident's commander (incidents pane)

         On call
           A            acknowledge the page in the alert row
           p            page the SET primary about the card
           I            open an incident from the card (L1/L2)
         ↓ 13 more lines · j/k or PgDn/PgUp scroll
         j/k scroll · PgDn/PgUp page · any other key closes the help
        """#)
        h.press(.char("G"))
        let end = h.screen(80, 24)
        #expect(end.contains("  1-7          in the detail view: cycle a checklist item"))
        #expect(end.contains("  #            linked to an open incident"))
        h.press(.char("x"))
        #expect(h.model.mode == .board)
    }

    /// Every key of the key map is on one of the help's pages at 80×24.
    @Test func everyKeyIsReachableInTheHelpAt80x24() throws {
        let h = try CraftedBoard.make()
        h.model.open(view: .help)
        var seen = Set<String>()
        for _ in 0..<6 {
            seen.formUnion(h.screen(80, 24).split(separator: "\n").map { String($0) })
            h.press(.pageDown)
        }
        for entry in KeyMap.default.entries {
            #expect(seen.contains { $0.hasSuffix(" " + entry.help) }, "\(entry.action) is never shown")
        }
    }

    /// The tier is picked, not typed over `other`: typing `hotfix` picks hotfix, Space cycles, and the form also asks
    /// for the category and a description, which the new ticket gets.
    @Test func theAddFormPicksTheTierAndAsksCategoryAndDescription() throws {
        let h = try CraftedBoard.inRuleOrder()
        h.press(.char("a"))
        h.type("Emoji picker freezes")
        h.press(.tab)
        h.type("hotfix")
        #expect(h.grid().lines()[17].hasPrefix(" Tier:        <hotfix>  Space/←→ or type: community escalation"))
        h.press(.char(" "))
        h.press(.left)
        h.press(.right)
        h.press(.left)
        guard case let .form(form) = h.model.mode else {
            Issue.record("the form closed")
            return
        }
        #expect(form.fields.map(\.label) == ["Title", "Tier", "Level", "Assignee", "Category", "Description"])
        #expect(form.fields[1].value == "hotfix")
        h.press([.tab, .tab, .tab])
        h.type("cat2")
        h.press(.tab)
        h.type("Freezes when the picker opens")
        h.press(.enter)
        let created = try #require(h.store.state.ticket("SET-9"))
        #expect(created.tier == .hotfix)
        #expect(created.category == .cat2)
        #expect(created.description == "Freezes when the picker opens")
        #expect(h.grid().lines()[23] == " saved · added SET-9")
    }

    /// The header never runs its counts into "on call:": at least two spaces between them.
    @Test func theHeaderKeepsItsCountsApartFromWhoIsOnCall() throws {
        let h = try CraftedBoard.make()
        var context = h.context()
        context.onCall = OnCall(at: 0, primary: "alice", backup: "bob")
        context.now += 30 * TestTime.hour
        // 111 columns: the 71 of the counts, the 39 of who is on call and the last blank, so the two just touch.
        let header = h.model.drawn(context: context, size: Size(width: 111, height: 30)).lines()[0]
        #expect(!header.contains("overdue on call"))
        #expect(header.hasSuffix("…  on call: alice (primary) · bob (backup)"))
        let wide = h.model.drawn(context: context, size: Size(width: 140, height: 30)).lines()[0]
        #expect(wide.contains("1 incident update overdue  "))
    }

    /// Two cards moved by hand: the question says "cards … lose their place"; one card "loses its place".
    @Test func restoreAsksInTheRightNumber() throws {
        let h = try CraftedBoard.make()
        h.press(.char("="))
        #expect(h.screen().hasSuffix("\n Restore rule order in TO DO? 1 card moved by hand loses its place. y/n"))
        h.press(.char("n"))
        h.press([.char("j"), .char("j"), .char("J")])
        h.press(.char("="))
        #expect(h.screen().hasSuffix("\n Restore rule order in TO DO? 2 cards moved by hand lose their place. y/n"))
    }
}

extension AppModel {
    /// A frame for a context the test made: the layout step on a copy, then the view.
    func drawn(context: BoardContext, size: Size) -> Grid {
        var model = self
        model.layOut(context: context, size: size)
        return model.render(context: context, size: size)
    }
}
