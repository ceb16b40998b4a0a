/// Draws the board: the screen's parts in their regions (header, alert row, columns or a full-screen view, footer).
import SetBoardCore

extension AppModel {
    /// The whole screen for this moment, drawn from the last `layOut`; it changes nothing. Only the visible cards
    /// are looked at, so a frame costs the same on a board of 50 or 50,000 cards.
    public func render(context: BoardContext, size: Size) -> Grid {
        var grid = Grid(size: size)
        guard size.width >= Layout.minimum.width, size.height >= Layout.minimum.height else {
            drawTooSmall(&grid)
            return grid
        }
        drawHeader(&grid, context: context)
        if let alert = OnCallViews.alert(pages: context.pages, now: context.now, handoverWarning: context.handoverWarning) {
            grid.fill(x: 0, y: 1, width: size.width, height: 1, role: .alert)
            grid.putCut(" " + alert, x: 0, y: 1, role: .alert, width: size.width)
        }
        let regions = Regions(size: size, context: context, pane: pane)
        switch mode {
        case let .detail(key, scroll):
            drawDetail(&grid, key: key, scroll: scroll, area: regions.body, context: context)
        case let .help(scroll):
            drawHelp(&grid, scroll: scroll, area: regions.body)
        case let .project(key, item):
            drawProject(&grid, key: key, item: item, area: regions.body, context: context)
        default:
            if let pane, let area = regions.pane { drawPane(&grid, pane: pane, area: area, context: context) }
            if regions.columns.height > 0 { drawColumns(&grid, area: regions.columns, context: context) }
            if case let .form(form) = mode { drawForm(&grid, form: form, area: regions.body) }
        }
        drawFooter(&grid, context: context)
        return grid
    }

    private func drawTooSmall(_ grid: inout Grid) {
        let size = grid.size
        let lines = ["terminal too small", "need \(Layout.minimum), have \(size)", "enlarge it, or q to quit"]
        for (i, line) in lines.enumerated() {
            let y = size.height / 2 - 1 + i
            let x = max(0, (size.width - DisplayWidth.of(line)) / 2)
            grid.put(line, x: x, y: y, role: i == 0 ? .error : .normal)
        }
    }
}
