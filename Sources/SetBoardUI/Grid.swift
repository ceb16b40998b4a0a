/// The screen as a value: a grid of styled cells that views draw into and the terminal (or `render`) prints.
import SetBoardCore

/// What a cell means, not how it looks: a Theme turns roles into colours, so views never pick colours.
public enum StyleRole: String, CaseIterable, Hashable, Sendable {
    case normal, header, footer, columnTitle, columnTitleFocused, border, card, cardSelected, dim,
         tierCommunity, tierEscalation, tierHotfix, tierRelease, tierCustomer, tierOther,
         level, assignee, stuck, handMoved, incident, error, message, tab, tabSelected, overlay, overlayTitle,
         pane, paneTitle, paneSelected, overdue, alert
}

/// One terminal cell: a whole grapheme that is already safe to print, or the right half of a wide one.
public struct Cell: Hashable, Sendable {
    public var text: String
    /// 1 or 2 for a character, 0 for the continuation half of a wide character.
    public var width: Int
    public var role: StyleRole

    public init(text: String, width: Int, role: StyleRole) {
        self.text = text
        self.width = width
        self.role = role
    }

    public static let blank = Cell(text: " ", width: 1, role: .normal)
    public static func blank(_ role: StyleRole) -> Cell { Cell(text: " ", width: 1, role: role) }
}

public struct Size: Hashable, Sendable, CustomStringConvertible {
    public var width: Int
    public var height: Int
    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
    }
    public var description: String { "\(width)x\(height)" }
}

public struct Grid: Equatable, Sendable {
    public let size: Size
    public private(set) var cells: [Cell]

    public init(size: Size, fill: Cell = .blank) {
        self.size = size
        cells = Array(repeating: fill, count: size.width * size.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { contains(x, y) ? cells[y * size.width + x] : .blank }
        set { set(newValue, x: x, y: y) }
    }

    func contains(_ x: Int, _ y: Int) -> Bool { x >= 0 && y >= 0 && x < size.width && y < size.height }

    /// Writes one cell and repairs any wide character it cuts in half, so a row never holds half a glyph.
    private mutating func set(_ cell: Cell, x: Int, y: Int) {
        guard contains(x, y), cell.width > 0 else { return }
        let width = cell.width == 2 && x + 1 < size.width ? 2 : 1
        let cell = width == cell.width ? cell : Cell(text: " ", width: 1, role: cell.role)
        for cx in x..<(x + width) { breakWide(at: cx, y: y) }
        cells[y * size.width + x] = cell
        if width == 2 { cells[y * size.width + x + 1] = Cell(text: "", width: 0, role: cell.role) }
    }

    /// Before a cell is overwritten: if it is half of a wide character, the other half becomes a space.
    private mutating func breakWide(at x: Int, y: Int) {
        let i = y * size.width + x
        let old = cells[i]
        if old.width == 0, x > 0 {
            cells[i - 1] = Cell(text: " ", width: 1, role: cells[i - 1].role)
        } else if old.width == 2, x + 1 < size.width {
            cells[i + 1] = Cell(text: " ", width: 1, role: old.role)
        }
        cells[i] = Cell(text: " ", width: 1, role: old.role)
    }

    /// Writes text from (x, y) on one row, escaping anything unsafe; a wide character that does not fit whole is
    /// replaced by a space. Returns the number of cells used.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, role: StyleRole, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < size.height else { return 0 }
        let limit = min(maxWidth ?? Int.max, size.width - x)
        guard limit > 0 else { return 0 }
        var used = 0
        for character in TextSafety.escaped(text) {
            let w = DisplayWidth.of(character)
            if w == 0 { continue }
            if used + w > limit {
                if w == 2 && used < limit { set(.blank(role), x: x + used, y: y); used += 1 }
                break
            }
            if x + used >= 0 { set(Cell(text: String(character), width: w, role: role), x: x + used, y: y) }
            used += w
        }
        return used
    }

    /// Text cut to `width` cells with "…" when it does not fit.
    public mutating func putCut(_ text: String, x: Int, y: Int, role: StyleRole, width: Int) {
        guard width > 0 else { return }
        let safe = TextSafety.escaped(text)
        if DisplayWidth.of(safe) <= width {
            put(safe, x: x, y: y, role: role, maxWidth: width)
        } else {
            let used = put(safe, x: x, y: y, role: role, maxWidth: width - 1)
            put("…", x: x + used, y: y, role: role, maxWidth: 1)
        }
    }

    /// Paints a rectangle with blanks of a role (backgrounds of bars, selections and overlays).
    public mutating func fill(x: Int, y: Int, width: Int, height: Int, role: StyleRole) {
        for row in max(0, y)..<min(size.height, y + height) {
            for col in max(0, x)..<min(size.width, x + width) { set(.blank(role), x: col, y: row) }
        }
    }

    /// Plain text per row, trailing spaces trimmed: what `render` prints and what screen tests compare.
    public func lines() -> [String] {
        (0..<size.height).map { y in
            var line = ""
            for x in 0..<size.width where cells[y * size.width + x].width > 0 {
                line += cells[y * size.width + x].text
            }
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    public func plainText() -> String { lines().joined(separator: "\n") }

    /// Cells that differ from `old` (all of them when the size changed): what a terminal has to redraw.
    public func changedPositions(since old: Grid?) -> [(x: Int, y: Int)] {
        var result: [(x: Int, y: Int)] = []
        guard let old, old.size == size else {
            for y in 0..<size.height { for x in 0..<size.width { result.append((x, y)) } }
            return result
        }
        for i in cells.indices where cells[i] != old.cells[i] { result.append((i % size.width, i / size.width)) }
        return result
    }
}

/// How many terminal cells a character takes: 2 for East Asian wide and emoji, 0 for lone joiners and marks.
public enum DisplayWidth {
    public static func of(_ c: Character) -> Int {
        // Printable ASCII, nearly every character drawn, is one cell; the Unicode property lookups below were a
        // third of the time of drawing a frame.
        if let a = c.asciiValue, a >= 0x20, a < 0x7F { return 1 }
        guard let first = c.unicodeScalars.first else { return 0 }
        if c.unicodeScalars.contains(where: { $0.value == 0xFE0F }) && c.unicodeScalars.count > 1 { return 2 }
        if c.unicodeScalars.count > 1 && c.unicodeScalars.contains(where: { $0.value == 0x200D }) { return 2 }
        return of(scalar: first)
    }

    public static func of(_ s: String) -> Int {
        if TextSafety.isPrintableASCII(s) { return s.utf8.count }
        return s.reduce(0) { $0 + of($1) }
    }

    static func of(scalar s: Unicode.Scalar) -> Int {
        let v = s.value
        if v >= 0x20 && v < 0x7F { return 1 }
        switch s.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if v == 0x200B { return 0 }
        if s.properties.isEmojiPresentation { return 2 }
        switch v {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF,
             0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3,
             0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }
}
