/// The header row: the board's name and counts on the left, who is on call (or READ-ONLY) on the right.
import SetBoardCore

extension AppModel {
    func drawHeader(_ grid: inout Grid, context: BoardContext) {
        let w = grid.size.width
        grid.fill(x: 0, y: 0, width: w, height: 1, role: .header)
        let state = context.state
        var left = " \(state.settings.name) · \(state.openCount) open"
        let out = context.outOfRuleCount ?? state.outOfRuleCount(in: .todo)
        if out > 0 { left += " · \(out) above a higher tier" }
        let overdue = context.incidents.ordered(at: context.now).filter { $0.isOverdue(at: context.now) }.count
        if overdue > 0 { left += " · \(overdue) incident update\(overdue == 1 ? "" : "s") overdue" }
        if let stale = context.syncWarning { left += " · " + stale }
        if let f = filter { left += " · filter: \(f.text)" }
        var right = context.onCall.flatMap(OnCallViews.header).map { "on call: " + $0 } ?? ""
        if context.readOnlyReason != nil { right = "READ-ONLY " + right }
        let rightWidth = min(DisplayWidth.of(right), w / 2)
        // Two spaces at least between the board's counts and who is on call, so the two never read as one phrase.
        grid.putCut(left, x: 0, y: 0, role: .header, width: w - rightWidth - (rightWidth > 0 ? 3 : 1))
        if rightWidth > 0 { grid.putCut(right, x: w - rightWidth - 1, y: 0, role: .header, width: rightWidth) }
    }
}
