/// Screen tests: the crafted board rendered at fixed sizes, compared with exactly what a person would see.
import Testing
import SetBoardCore
@testable import SetBoardUI

@Suite struct ScreenTests {
    /// Five columns of 15 cells: titles and handles cut with … while ages keep their place, the CJK title cut between whole characters, the hostile
    /// title escaped, marks ^ (SET-4 moved by hand), # (SET-1's open incident) and ! (SET-5 untouched for 6 days).
    @Test func theBoardAt80x24() throws {
        let h = try CraftedBoard.make()
        #expect(h.screen(80, 24) == #"""
         SET board · 7 open · 1 above a higher tier
         TO DO 4         IN PROGRESS 1   IN REVIEW 1     HANDED OVER 1   DONE 1
        >SET-4 REL L3 ^  SET-3 HOT L1    SET-6 OTH       SET-7 CUS L1    SET-8 REL L4
         Customer X: …   🔥 hotfix 🚀…   Typo in admi…   Push drops o…   Search misses…
         unassigned 2d   @bob       3h   @dave      5h   unassigned 4h   @carol      6h
         SET-1 COM L1 #
         Login loop o…
         @alice     2h
         SET-2 HOT L2
         数据库迁移失…
         unassign… 24h
         SET-5 CUS L2 !
         Export times…
         unassigned 8d









         q quit · ? help · J move · Enter open · a add · / filter · c claim
        """#)
    }

    /// One column with the others as tabs; the hostile title is escaped and cut, never raw; the last row says two cards (SET-2, SET-5) are below.
    @Test func theBoardAt40x12ShowsOneColumnWithTabs() throws {
        let h = try CraftedBoard.make()
        #expect(h.screen(40, 12) == #"""
         SET board · 7 open · 1 above a higher…
         TODO 4  PROG 1  REVW 1  HAND 1  DONE 1
        >SET-4 REL L3                         ^
         Customer X: 500 on save \x1b[2J\x1b]0…
         unassigned                          2d
         SET-1 COM L1                         #
         Login loop on the community server
         @alice upd 2h                       2h


         ↓2
         q quit · ? help · J move · Enter open
        """#)
    }

    @Test func theBoardAt120x40() throws {
        let h = try CraftedBoard.make()
        #expect(h.screen(120, 40) == #"""
         SET board · 7 open · 1 above a higher tier
         TO DO 4                 IN PROGRESS 1           IN REVIEW 1             HANDED OVER 1           DONE 1
        >SET-4 REL L3        ^   SET-3 HOT L1            SET-6 OTH               SET-7 CUS L1            SET-8 REL L4
         Customer X: 500 on s…   🔥 hotfix 🚀 deploy     Typo in admin console   Push drops on iOS       Search misses posts
         unassigned         2d   @bob res 4d        3h   @dave              5h   unassigned         4h   @carol              6h
         SET-1 COM L1        #
         Login loop on the co…
         @alice upd 2h      2h
         SET-2 HOT L2
         数据库迁移失败 on 升…
         unassigned        24h
         SET-5 CUS L2        !
         Export times out at …
         unassigned         8d

























         q quit · ? help · J move · Enter open · a add · / filter · c claim · i incidents · r roster
        """#)
    }

    @Test func aTooSmallTerminalSaysWhatItNeeds() throws {
        let h = try CraftedBoard.make()
        #expect(h.screen(30, 10) == #"""




              terminal too small
            need 40x12, have 30x10
           enlarge it, or q to quit



        """#)
    }

    @Test func theDetailViewAt80x24() throws {
        let h = try CraftedBoard.make()
        h.model.open(view: .detail("SET-3"))
        #expect(h.screen(80, 24) == #"""
         SET board · 7 open · 1 above a higher tier
         SET-3  hotfix L1  IN PROGRESS  @bob
         🔥 hotfix 🚀 deploy
         why here: #1 of 1 in IN PROGRESS, in the order cards arrived (hotfix · L1 · 3h
         old)
         category CAT1 · type bug
         created 2026-11-24 07:00 · updated 2026-11-24 08:00

         Description
           Roll back the 10.4.1 deploy.
           Then redeploy.

         Investigation checklist · 6 missing
           1 [x] Mattermost version
           2 [ ] Database type and version  MISSING
           3 [ ] Configuration  MISSING
           4 [ ] Relevant logs  MISSING
           5 [ ] CPU profile  MISSING
           6 [ ] Heap profile  MISSING
           7 [ ] Stack trace  MISSING

         History
           2026-11-24 07:00 @alice SET-3 created in IN PROGRESS: hotfix L1 CAT1 bug " …
         j/k scroll · 1-7 checklist · e edit · c claim · u incident update · Esc back
        """#)
    }

    @Test func theHelpViewAt80x24() throws {
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
    }
}
