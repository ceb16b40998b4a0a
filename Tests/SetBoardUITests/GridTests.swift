/// The Grid keeps every row whole: wide characters are never split, text is escaped, and diffs list only changes.
import Testing
import SetBoardCore
@testable import SetBoardUI

@Suite struct GridTests {
    @Test func aWideCharacterThatDoesNotFitAtTheLastColumnBecomesASpace() {
        var grid = Grid(size: Size(width: 5, height: 1))
        let used = grid.put("abcd数", x: 0, y: 0, role: .normal)
        #expect(used == 5)
        #expect(grid[4, 0] == Cell(text: " ", width: 1, role: .normal))
        #expect(grid.lines() == ["abcd"])
        #expect(grid.cells.allSatisfy { $0.width == 1 })
        grid[4, 0] = Cell(text: "据", width: 2, role: .card)
        #expect(grid[4, 0] == Cell(text: " ", width: 1, role: .card))
        grid[3, 0] = Cell(text: "据", width: 2, role: .card)
        #expect(grid.lines() == ["abc据"])
    }

    @Test func aWideCharacterBeyondMaxWidthIsReplacedByOneSpaceNotHalfAGlyph() {
        var grid = Grid(size: Size(width: 10, height: 1), fill: Cell(text: ".", width: 1, role: .normal))
        let used = grid.put("a数据", x: 0, y: 0, role: .card, maxWidth: 4)
        #expect(used == 4)
        #expect(grid.lines() == ["a数 ......"])
        #expect(grid[3, 0].role == .card)
    }

    @Test func aWideCharacterTakesTwoCellsWithAContinuationHalf() {
        var grid = Grid(size: Size(width: 6, height: 1))
        #expect(grid.put("数据", x: 1, y: 0, role: .normal) == 4)
        #expect(grid[1, 0] == Cell(text: "数", width: 2, role: .normal))
        #expect(grid[2, 0].width == 0)
        #expect(grid[3, 0] == Cell(text: "据", width: 2, role: .normal))
        #expect(grid.lines() == [" 数据"])
    }

    @Test func overwritingTheRightHalfOfAWideCharacterBlanksItsLeftHalf() {
        var grid = Grid(size: Size(width: 6, height: 1))
        grid.put("数据", x: 0, y: 0, role: .normal)
        grid.put("x", x: 1, y: 0, role: .normal)
        #expect(grid[0, 0] == Cell(text: " ", width: 1, role: .normal))
        #expect(grid[1, 0].text == "x")
        #expect(grid.lines() == [" x据"])
    }

    @Test func overwritingTheLeftHalfOfAWideCharacterBlanksItsRightHalf() {
        var grid = Grid(size: Size(width: 6, height: 1))
        grid.put("数据", x: 0, y: 0, role: .normal)
        grid.put("y", x: 2, y: 0, role: .normal)
        #expect(grid[3, 0] == Cell(text: " ", width: 1, role: .normal))
        #expect(grid.lines() == ["数y"])
    }

    @Test func aWideCharacterWrittenAcrossTwoOthersBlanksBothOuterHalves() {
        var grid = Grid(size: Size(width: 6, height: 1))
        grid.put("数据", x: 0, y: 0, role: .normal)
        grid.put("库", x: 1, y: 0, role: .normal)
        #expect(grid.lines() == [" 库"])
        #expect(grid[0, 0].width == 1)
        #expect(grid[3, 0].width == 1)
        #expect(grid.cells.filter { $0.width == 0 }.count == 1)
    }

    @Test func fillOverHalfAWideCharacterLeavesNoOrphanHalf() {
        var grid = Grid(size: Size(width: 4, height: 2))
        grid.put("数据", x: 0, y: 0, role: .normal)
        grid.fill(x: 1, y: 0, width: 2, height: 1, role: .cardSelected)
        #expect(grid.cells.prefix(4).allSatisfy { $0.width == 1 && $0.text == " " })
        #expect(grid[1, 0].role == .cardSelected)
        #expect(grid[3, 0].role == .normal)
    }

    @Test func controlCharactersAreWrittenEscapedNeverRaw() {
        var grid = Grid(size: Size(width: 30, height: 1))
        grid.put("a\u{1B}[2Jb\u{07}\u{202E}", x: 0, y: 0, role: .normal)
        #expect(grid.lines() == ["a\\x1b[2Jb\\x07\\u{202e}"])
        #expect(!grid.cells.contains { $0.text.unicodeScalars.contains(where: TextSafety.isUnsafe) })
    }

    @Test func putOutsideTheGridWritesNothing() {
        var grid = Grid(size: Size(width: 3, height: 2))
        #expect(grid.put("abc", x: 0, y: 2, role: .normal) == 0)
        #expect(grid.put("abc", x: 3, y: 0, role: .normal) == 0)
        #expect(grid.put("abc", x: 0, y: -1, role: .normal) == 0)
        #expect(grid == Grid(size: Size(width: 3, height: 2)))
        #expect(grid.put("abcdef", x: -2, y: 1, role: .normal) == 5)
        #expect(grid.lines() == ["", "cde"])
    }

    @Test func putCutEndsWithAnEllipsisOnlyWhenTheTextIsTooLong() {
        var grid = Grid(size: Size(width: 12, height: 3))
        grid.putCut("short", x: 0, y: 0, role: .normal, width: 5)
        grid.putCut("longer text", x: 0, y: 1, role: .normal, width: 5)
        grid.putCut("数据库迁移", x: 0, y: 2, role: .normal, width: 6)
        #expect(grid.lines() == ["short", "long…", "数据 …"])
    }

    @Test func linesTrimTrailingSpacesButKeepInnerAndLeadingOnes() {
        var grid = Grid(size: Size(width: 10, height: 3))
        grid.put("a  b", x: 2, y: 0, role: .normal)
        grid.fill(x: 0, y: 1, width: 10, height: 1, role: .header)
        grid.put("end", x: 7, y: 2, role: .normal)
        #expect(grid.lines() == ["  a  b", "", "       end"])
        #expect(grid.plainText() == "  a  b\n\n       end")
    }

    @Test func changedPositionsListsOnlyTheCellsThatChanged() {
        var old = Grid(size: Size(width: 8, height: 3))
        old.put("hello", x: 0, y: 0, role: .normal)
        var new = old
        new.put("help", x: 0, y: 0, role: .normal)
        new.put("x", x: 7, y: 2, role: .normal)
        new.fill(x: 0, y: 1, width: 1, height: 1, role: .header)
        let changed = new.changedPositions(since: old).map { "\($0.x),\($0.y)" }
        #expect(changed == ["3,0", "0,1", "7,2"])
        #expect(new.changedPositions(since: new).isEmpty)
    }

    @Test func changedPositionsListsEveryCellWithoutAPreviousGridOrAfterAResize() {
        let grid = Grid(size: Size(width: 4, height: 3))
        #expect(grid.changedPositions(since: nil).count == 12)
        #expect(grid.changedPositions(since: Grid(size: Size(width: 3, height: 4))).count == 12)
    }

    @Test func aSizeIsNeverNegative() {
        #expect(Size(width: -3, height: 5) == Size(width: 0, height: 5))
        #expect(Grid(size: Size(width: -1, height: -1)).lines().isEmpty)
    }
}

@Suite struct DisplayWidthTests {
    @Test(arguments: [
        ("a", 1), ("~", 1), ("é", 1), ("e\u{301}", 1), ("ß", 1),
        ("数", 2), ("한", 2), ("Ａ", 2), ("。", 2), ("ア", 2),
        ("🔥", 2), ("🚀", 2), ("👍🏽", 2), ("❤️", 2), ("🇯🇵", 2), ("1️⃣", 2),
        ("👨‍👩‍👧", 2), ("🧑‍💻", 2),
        ("\u{301}", 0), ("\u{200B}", 0), ("\u{200D}", 0),
    ])
    func widthOfOneCharacter(text: String, width: Int) throws {
        let c = try #require(text.first)
        #expect(text.count == 1)
        #expect(DisplayWidth.of(c) == width)
    }

    @Test func widthOfAStringIsTheSumOfItsCharacters() {
        #expect(DisplayWidth.of("") == 0)
        #expect(DisplayWidth.of("SET-42") == 6)
        #expect(DisplayWidth.of(CraftedBoard.cjkTitle) == 2 * 7 + 4 + 2 * 2)
        #expect(DisplayWidth.of(CraftedBoard.emojiTitle) == 2 + 8 + 2 + 7)
        #expect(DisplayWidth.of("cafe\u{301} 👨‍👩‍👧") == 4 + 1 + 2)
    }

    @Test func aZWJFamilyIsOneWideGlyphOnTheGrid() {
        var grid = Grid(size: Size(width: 4, height: 1))
        #expect(grid.put("👨‍👩‍👧x", x: 0, y: 0, role: .normal) == 3)
        #expect(grid[0, 0].text == "👨‍👩‍👧")
        #expect(grid[1, 0].width == 0)
        #expect(grid.lines() == ["👨‍👩‍👧x"])
    }
}
