/// The header row: the board's name and counts on the left; who is on call, who else is here (or READ-ONLY, or the
/// past being shown) on the right.
import SetBoardCore

extension AppModel {
    func drawHeader(_ grid: inout Grid, context: BoardContext) {
        let w = grid.size.width
        grid.fill(x: 0, y: 0, width: w, height: 1, role: .header)
        let state = context.state
        var left = " \(state.settings.name) · \(state.openCount) open"
        // Right after the open count: the header is cut from the right when who is on call takes its half.
        let breached = state.breachedCount(now: context.now)
        if breached > 0 { left += " · \(breached) breached" }
        let out = context.outOfRuleCount ?? state.outOfRuleCount(in: .todo)
        if out > 0 { left += " · \(out) above a higher tier" }
        let overdue = context.incidents.ordered(at: context.now).filter { $0.isOverdue(at: context.now) }.count
        if overdue > 0 { left += " · \(overdue) incident update\(overdue == 1 ? "" : "s") overdue" }
        if let stale = context.syncWarning { left += " · " + stale }
        if let f = filter { left += " · filter: \(f.text)" }
        var right = context.onCall.flatMap(OnCallViews.header).map { "on call: " + $0 } ?? ""
        if !context.alsoHere.isEmpty {
            let others = "also here: " + context.alsoHere.map { TextSafety.escaped($0) }.joined(separator: ", ")
            right = right.isEmpty ? others : others + " · " + right
        }
        if context.readOnlyReason != nil && context.pastTime == nil { right = "READ-ONLY " + right }
        if let past = context.pastTime {
            // The past is said first and alone on its side: nobody may take it for the board of now.
            right = "THE PAST · as it was at \(past)"
            grid.fill(x: 0, y: 0, width: w, height: 1, role: .alert)
        }
        let role: StyleRole = context.pastTime == nil ? .header : .alert
        let rightWidth = min(DisplayWidth.of(right), context.pastTime == nil ? w / 2 : w * 2 / 3)
        // Two spaces at least between the board's counts and who is on call, so the two never read as one phrase.
        grid.putCut(left, x: 0, y: 0, role: role, width: w - rightWidth - (rightWidth > 0 ? 3 : 1))
        if rightWidth > 0 { grid.putCut(right, x: w - rightWidth - 1, y: 0, role: role, width: rightWidth) }
    }
}
