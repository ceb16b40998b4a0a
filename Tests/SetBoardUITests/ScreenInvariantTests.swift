/// What must hold on every screen at every size: no raw control bytes, no half glyphs, and big boards draw the same.
import Testing
import SetBoardCore
import SetBoardJournal
@testable import SetBoardUI

@Suite struct ScreenInvariantTests {
    /// Every wide cell is followed by its continuation half and every continuation half follows a wide cell.
    static func wideCharactersAreWhole(_ grid: Grid) -> Bool {
        for y in 0..<grid.size.height {
            for x in 0..<grid.size.width {
                let cell = grid[x, y]
                if cell.width == 2 && (x + 1 >= grid.size.width || grid[x + 1, y].width != 0) { return false }
                if cell.width == 0 && (x == 0 || grid[x - 1, y].width != 2) { return false }
            }
        }
        return true
    }

    static func hasRawControl(_ grid: Grid) -> Bool {
        grid.cells.contains { $0.text.unicodeScalars.contains(where: TextSafety.isUnsafe) }
    }

    /// Every width from 40 to 130 moves the cuts over the CJK and emoji titles; none may split a glyph or print ESC.
    @Test func noSizeSplitsAWideCharacterOrPrintsAControlCharacter() throws {
        let h = try CraftedBoard.make()
        let views: [ViewRequest] = [.board, .detail("SET-2"), .detail("SET-3"), .detail("SET-4"), .help]
        for view in views {
            h.model.open(view: view)
            for width in 40...130 {
                for height in [12, 24] {
                    let grid = h.grid(width, height)
                    #expect(grid.size == Size(width: width, height: height))
                    #expect(Self.wideCharactersAreWhole(grid), "\(view) at \(width)x\(height)")
                    #expect(!Self.hasRawControl(grid), "\(view) at \(width)x\(height)")
                    #expect(grid.lines().allSatisfy { DisplayWidth.of($0) <= width }, "\(view) at \(width)x\(height)")
                }
            }
        }
    }

    @Test func theHostileTitleIsShownEscapedInTheDetailView() throws {
        let h = try CraftedBoard.make()
        h.model.open(view: .detail("SET-4"))
        let lines = h.grid(80, 24).lines()
        #expect(lines[2] == #" Customer X: 500 on save \x1b[2J\x1b]0;pwned\x07"#)
        #expect(lines[5] == " marks: moved by hand by @bob")
        #expect(!lines.joined().unicodeScalars.contains(where: TextSafety.isUnsafe))
    }

    @Test func theIncidentsPaneSitsBelowTheColumnsAt80x24() throws {
        let h = try CraftedBoard.make()
        h.press(.char("i"))
        let lines = h.grid(80, 24).lines()
        #expect(lines[2] == " SET-4 REL L3 ^  SET-3 HOT L1    SET-6 OTH       SET-7 CUS L1    SET-8 REL L4")
        #expect(lines[15] == " INCIDENTS 1 open · u update · i hide")
        #expect(lines[16] == " INC-1 L1 investigating · update in 23h")
        #expect(lines[18] == "   cmdr @alice · SET-1 · C changes")
        h.press(.char("i"))
        #expect(h.model.pane == nil)
        #expect(h.grid(80, 24).lines()[2].hasPrefix(">SET-4"))
    }

    /// A board of 20,000 tickets draws at the same size and keeps up with 100 presses of j; speed is for benchmarks.
    @Test func aBigBoardDrawsAndScrollsLikeASmallOne() throws {
        let h = BoardHarness()
        let script = BoardGenerator.script(tickets: 20_000, events: 40_000, now: TestTime.now)
        try h.store.append(script.map { NewEvent(type: $0.event.type, payload: $0.event.payload, at: $0.at, actor: $0.actor) },
                           actor: "alice")
        #expect(h.store.state.tickets.count == 20_000)
        let todo = h.store.state.keys(in: .todo)
        try #require(todo.count > 101)
        let first = h.grid(80, 24)
        #expect(first.size == Size(width: 80, height: 24))
        #expect(first.lines()[1].hasPrefix(" TO DO \(todo.count) "))
        #expect(h.selected == todo[0])
        for _ in 0..<100 { h.press(.char("j")) }
        #expect(h.selected == todo[100])
        let after = h.grid(80, 24)
        #expect(after.size == first.size)
        #expect(after != first)
        #expect(after.lines().contains { $0.hasPrefix(">" + todo[100] + " ") })
        #expect(after.lines().contains { $0.contains("↑") })
        #expect(Self.wideCharactersAreWhole(after))
        h.press(.char("G"))
        #expect(h.selected == todo.last)
        #expect(h.grid(40, 12).lines().contains { $0.hasPrefix(">" + (todo.last ?? "?") + " ") })
    }
}
