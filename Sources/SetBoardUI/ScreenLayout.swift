/// Where each part of the screen goes, and the layout step that settles scrolls and selection before a frame is drawn.
import SetBoardCore

public enum Layout {
    public static let minimum = Size(width: 40, height: 12)
    /// Narrower than this per column, the board shows one column at a time with tabs.
    static let minColumnWidth = 14
    static let cardHeight = 3
    static let sidePaneWidth = 38
}

struct Rect: Equatable {
    var x: Int
    var y: Int
    var width: Int
    var height: Int
}

/// The screen's regions for one frame: the same answer for the layout step and for the views that draw it.
struct Regions {
    /// Everything between the header (and alert row) and the footer.
    var body: Rect
    var pane: Rect?
    /// What is left of the body for the columns (height 0 when a pane takes it all).
    var columns: Rect

    init(size: Size, context: BoardContext, pane: Pane?) {
        let top = OnCallViews.alert(pages: context.pages, now: context.now, handoverWarning: context.handoverWarning) == nil ? 1 : 2
        body = Rect(x: 0, y: top, width: size.width, height: size.height - 1 - top)
        columns = body
        guard pane != nil else { return }
        if size.width >= 100 {
            // Wide screens give the pane room for whole roster lines; the columns keep the rest.
            let paneWidth = max(Layout.sidePaneWidth, min(56, size.width / 3))
            self.pane = Rect(x: size.width - paneWidth, y: body.y, width: paneWidth, height: body.height)
            columns.width -= paneWidth + 1
        } else if body.height >= 18 {
            self.pane = Rect(x: 0, y: body.y + body.height - 8, width: size.width, height: 8)
            columns.height -= 9
        } else {
            self.pane = body
            columns.height = 0
        }
    }

    /// Every column side by side when each gets `minColumnWidth`, else only the focused one under a row of tabs.
    static func columnAreas(_ area: Rect, focus: Column) -> (tabs: Rect?, columns: [(Column, Rect)]) {
        let columns = Column.allCases
        let gap = 1
        let colWidth = (area.width - gap * (columns.count - 1)) / columns.count
        guard colWidth < Layout.minColumnWidth else {
            return (nil, columns.enumerated().map { i, column in
                let x = area.x + i * (colWidth + gap)
                let width = i == columns.count - 1 ? area.width - x : colWidth
                return (column, Rect(x: x, y: area.y, width: width, height: area.height))
            })
        }
        return (Rect(x: area.x, y: area.y, width: area.width, height: 1),
                [(focus, Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1))])
    }
}

/// A column as the last layout step left it: the cards it shows and where its window over them starts.
struct ColumnLayout: Equatable {
    var keys: [String]
    var current: Int?
    var first: Int
    var fit: Int
    var showTitle: Bool
    var scrolls: Bool
}

/// What the layout step settled for the frame the views draw next.
struct FrameLayout {
    var columns: [Column: ColumnLayout] = [:]
    /// Cards per column, for the tabs of a narrow screen.
    var counts: [Column: Int] = [:]
    /// The detail view's lines, worded once per frame: they include the ticket's history, read from the journal.
    var detailLines: [PaneLine] = []
}

extension AppModel {
    /// Settles everything a frame depends on: the selection after others' changes, each column's scroll, the
    /// detail and help scroll within their text, the page sizes keys use. `render` then only reads.
    public mutating func layOut(context: BoardContext, size: Size) {
        resolvePendingSelection(context)
        frame = FrameLayout()
        guard size.width >= Layout.minimum.width, size.height >= Layout.minimum.height else { return }
        let regions = Regions(size: size, context: context, pane: pane)
        let body = regions.body
        switch mode {
        // The scroll is kept within what there is to show, so one k after scrolling past the end moves at once.
        case let .detail(key, scroll):
            guard let t = context.state.ticket(key) else {
                mode = .detail(key: key, scroll: 0)
                return
            }
            frame.detailLines = DetailText.lines(t, context: context, width: body.width - 2)
            mode = .detail(key: key, scroll: max(0, min(scroll, frame.detailLines.count - body.height)))
        case let .help(scroll):
            let lines = helpLines().count
            let room = lines > body.height ? max(1, body.height - 1) : body.height
            mode = .help(scroll: max(0, min(scroll, lines - room)))
            helpPage = max(1, body.height - 2)
        default:
            guard regions.columns.height > 0 else { return }
            let (tabs, areas) = Regions.columnAreas(regions.columns, focus: focus)
            if tabs != nil {
                for column in Column.allCases { frame.counts[column] = visibleKeys(column, context).count }
            }
            for (column, area) in areas {
                frame.columns[column] = layOutColumn(column, area: area, showTitle: tabs == nil, context: context)
            }
        }
    }

    private mutating func layOutColumn(_ column: Column, area: Rect, showTitle: Bool, context: BoardContext) -> ColumnLayout {
        let list = visibleKeys(column, context)
        let rows = area.height - (showTitle ? 1 : 0)
        // A column that scrolls gives up its last row to say how many cards are hidden, so the count never
        // covers a card's marks or age.
        let scrolls = list.count > rows / Layout.cardHeight
        let fit = max(1, (scrolls ? rows - 1 : rows) / Layout.cardHeight)
        if column == focus { lastPage = fit }
        guard !list.isEmpty else {
            return ColumnLayout(keys: list, current: nil, first: 0, fit: fit, showTitle: showTitle, scrolls: scrolls)
        }
        let current = currentIndex(in: column, list: list) ?? 0
        var first = scrollTop[column] ?? 0
        if current < first { first = current }
        if current >= first + fit { first = current - fit + 1 }
        first = max(0, min(first, max(0, list.count - fit)))
        scrollTop[column] = first
        return ColumnLayout(keys: list, current: current, first: first, fit: fit, showTitle: showTitle, scrolls: scrolls)
    }
}
