/// Behaviour as key sequences on the board: select, reorder, move, claim, restore; journal, state and screen after.
import Testing
import SetBoardCore
import SetBoardJournal
@testable import SetBoardUI

@Suite struct KeySequenceTests {
    func board() throws -> BoardHarness { try CraftedBoard.inRuleOrder() }

    @Test func shiftJTwiceMovesTheTopCardTwoDownByHand() throws {
        let h = try board()
        let before = h.journal.records.count
        #expect(h.selected == "SET-1")
        h.press([.char("J"), .char("J")])
        #expect(h.recordTypes.dropFirst(before) == ["ticket.ranked", "ticket.ranked"])
        #expect(h.store.state.keys(in: .todo) == ["SET-2", "SET-4", "SET-1", "SET-5"])
        #expect(h.selected == "SET-1")
        #expect(h.store.state.ticket("SET-1")?.movedByHand?.actor == "alice")
        let lines = h.grid().lines()
        #expect(lines[0] == " SET board · 7 open · 2 above a higher tier")
        #expect(lines[8] == ">SET-1 COM L1^#")
        #expect(lines[9] == " Login loop o…")
        #expect(lines[23] == " saved · SET-1 #3 of 4 in TO DO: moved by hand by alice 0m ago, against the rul…")
        let wide = h.grid(400, 24).lines()[23]
        #expect(wide.hasPrefix(" saved · SET-1 #3 of 4 in TO DO: moved by hand by alice 0m ago, against the rule order"))
        #expect(wide.hasSuffix("`=` restores rule order"))
    }

    @Test func restoringRuleOrderAsksFirstAndWritesOneEvent() throws {
        let h = try board()
        h.press([.char("J"), .char("J")])
        let count = h.journal.records.count
        h.press(.char("="))
        #expect(h.model.mode == .confirmRestore(.todo))
        #expect(h.screen().hasSuffix("\n Restore rule order in TO DO? 1 card moved by hand loses its place. y/n"))
        h.press(.char("y"))
        #expect(h.recordTypes.dropFirst(count) == ["board.order_restored"])
        #expect(h.store.state.keys(in: .todo) == ["SET-1", "SET-2", "SET-4", "SET-5"])
        #expect(h.store.state.isInRuleOrder(.todo))
        #expect(h.selected == "SET-1")
        let lines = h.grid().lines()
        #expect(lines[2] == ">SET-1 COM L1 #  SET-3 HOT L1    SET-6 OTH       SET-7 CUS L1    SET-8 REL L4")
        #expect(lines[23] == " saved · TO DO is in rule order again")
        #expect(!lines[0].contains("above a higher tier"))
    }

    @Test func answeringNoToRestoreWritesNothing() throws {
        let h = try board()
        h.press([.char("J"), .char("J")])
        let count = h.journal.records.count
        h.press([.char("="), .char("n")])
        #expect(h.journal.records.count == count)
        #expect(h.store.state.keys(in: .todo) == ["SET-2", "SET-4", "SET-1", "SET-5"])
        #expect(h.model.mode == .board)
        #expect(h.grid().lines()[23] == " rule order left as it is")
    }

    @Test func restoreOnABoardInRuleOrderSaysSoAndWritesNothing() throws {
        let h = try board()
        let count = h.journal.records.count
        #expect(h.press(.char("=")).isEmpty)
        #expect(h.model.mode == .board)
        #expect(h.journal.records.count == count)
        #expect(h.grid().lines()[23] == " TO DO is already in rule order")
    }

    @Test func shiftKAtTheTopSaysSoAndWritesNothing() throws {
        let h = try board()
        let count = h.journal.records.count
        #expect(h.press(.char("K")).isEmpty)
        #expect(h.journal.records.count == count)
        #expect(h.grid().lines()[23] == " SET-1 is already at the top")
    }

    @Test func shiftLAndShiftHMoveTheCardAndTheSelectionFollows() throws {
        let h = try board()
        h.press(.char("j"))
        #expect(h.selected == "SET-2")
        let count = h.journal.records.count
        h.press(.char("L"))
        #expect(h.recordTypes.dropFirst(count) == ["ticket.moved"])
        #expect(h.store.state.ticket("SET-2")?.column == .inProgress)
        #expect(h.model.focus == .inProgress)
        #expect(h.selected == "SET-2")
        #expect(h.store.state.keys(in: .inProgress) == ["SET-3", "SET-2"])
        let lines = h.grid().lines()
        #expect(lines[1] == " TO DO 3         IN PROGRESS 2   IN REVIEW 1     HANDED OVER 1   DONE 1")
        #expect(lines[5] == " SET-4 REL L3   >SET-2 HOT L2")
        #expect(lines[23] == " saved · SET-2 moved to IN PROGRESS")
        h.press(.char("H"))
        #expect(h.store.state.ticket("SET-2")?.column == .todo)
        #expect(h.model.focus == .todo)
        #expect(h.selected == "SET-2")
        #expect(h.store.state.keys(in: .todo) == ["SET-1", "SET-2", "SET-4", "SET-5"])
        #expect(h.recordTypes.dropFirst(count) == ["ticket.moved", "ticket.moved"])
    }

    @Test func shiftHInTheFirstColumnWritesNothing() throws {
        let h = try board()
        let count = h.journal.records.count
        #expect(h.press(.char("H")).isEmpty)
        #expect(h.journal.records.count == count)
        #expect(h.grid().lines()[23] == " SET-1 is already in the first column")
    }

    @Test func hjklMoveTheSelectionAcrossColumnsAndCards() throws {
        let h = try board()
        h.press([.char("l"), .char("l"), .char("l")])
        #expect(h.model.focus == .handedOver)
        #expect(h.selected == "SET-7")
        h.press([.char("l"), .char("l")])
        #expect(h.model.focus == .done)
        h.press([.char("h"), .char("h"), .char("h"), .char("h"), .char("h")])
        #expect(h.model.focus == .todo)
        h.press([.char("G")])
        #expect(h.selected == "SET-5")
        h.press([.char("j")])
        #expect(h.selected == "SET-5")
        h.press([.char("k"), .char("g")])
        #expect(h.selected == "SET-1")
        h.press(.tab)
        #expect(h.model.focus == .inProgress)
        h.press([.backTab, .backTab])
        #expect(h.model.focus == .done)
    }

    @Test func cAssignsTheCardToThePersonAtTheKeyboard() throws {
        let h = try board()
        h.press(.char("j"))
        let count = h.journal.records.count
        #expect(h.press(.char("c")) == [.perform(.assign(key: "SET-2", assignee: "alice"))])
        #expect(h.recordTypes.dropFirst(count) == ["ticket.assigned"])
        #expect(h.store.state.ticket("SET-2")?.assignee == "alice")
        let lines = h.grid().lines()
        #expect(lines[7] == " @alice    24h")
        #expect(lines[23] == " saved · SET-2 assigned to alice")
    }

    @Test func claimingYourOwnCardIsRefusedInTheFooterAndWritesNothing() throws {
        let h = try board()
        let count = h.journal.records.count
        h.press(.char("c"))
        #expect(h.journal.records.count == count)
        #expect(h.grid(120, 24).lines()[23] == " not saved: SET-1 is already assigned to alice")
    }

    @Test func qQuits() throws {
        let h = try board()
        #expect(h.press(.char("q")) == [.quit])
        h.press(.enter)
        #expect(h.press(.char("q")) == [])
        #expect(h.model.mode == .board)
    }

    @Test(arguments: [Key.char("z"), .char("Z"), .char("%"), .function(9), .ctrl("x"), .delete, .resize])
    func unknownKeysChangeNothing(key: Key) throws {
        let h = try board()
        h.press(.char("j"))
        let count = h.journal.records.count
        let state = h.store.state
        let before = h.grid().lines()
        #expect(h.press(key).isEmpty)
        #expect(h.journal.records.count == count)
        #expect(h.store.state == state)
        #expect(h.model.mode == .board)
        #expect(h.selected == "SET-2")
        let after = h.grid().lines()
        #expect(after.dropLast() == before.dropLast())
        if case .char = key {
            #expect(after[23] == " \(key.name): not a board key (? shows them all)")
        } else {
            #expect(after[23] == before[23])
        }
    }

    @Test func nudgeAndTakeOverAStuckCard() throws {
        let h = try board()
        h.press(.char("G"))
        #expect(h.selected == "SET-5")
        #expect(h.grid().lines()[11] == ">SET-5 CUS L2 !")
        let count = h.journal.records.count
        h.press(.char("n"))
        #expect(h.recordTypes.dropFirst(count) == ["ticket.nudged"])
        #expect(h.grid().lines()[11] == ">SET-5 CUS L2")
        h.press(.char("t"))
        #expect(h.recordTypes.dropFirst(count) == ["ticket.nudged", "ticket.taken_over"])
        #expect(h.store.state.ticket("SET-5")?.assignee == "alice")
        #expect(h.grid().lines()[23] == " saved · you took over SET-5")
    }

    @Test func theDetailScrollComesBackAtOnceAfterScrollingPastTheEnd() throws {
        let h = try board()
        h.model.open(view: .detail("SET-3"))
        h.press(Array(repeating: .char("j"), count: 30))
        let bottom = h.screen()
        h.press(.char("k"))
        #expect(h.screen() != bottom)
    }
}
