/// Milestone progress from its tasks, and when a milestone is at risk or late: the numbers `show`, the pane and the status agree on.

/// A milestone's tasks counted at one instant, with the verdict and the arithmetic behind it.
public struct MilestoneProgress: Equatable, Sendable {
    public var milestone: Milestone
    public var total: Int
    public var done: Int
    public var isComplete: Bool { total > 0 && done == total }
    /// The due day has ended (UTC) and tasks are still open, or none were ever planned.
    public var isLate: Bool
    /// Not late yet, but the remaining tasks cannot finish by the due day at the pace so far.
    public var isAtRisk: Bool
    /// How the verdict was reached, in words, for `project show`.
    public var reasoning: String

    /// `done/total`, `late`, `at risk` or `on track`, as the pane and `list` show it.
    public var mark: String { isComplete ? "complete" : isLate ? "LATE" : isAtRisk ? "AT RISK" : "on track" }
}

extension Project {
    /// A linked ticket counts as done once it is in DONE (or handed over to its team); an own task once marked done.
    public func isDone(_ task: ProjectTask, board: BoardState) -> Bool {
        switch task.source {
        case let .own(_, done): return done
        case .ticket:
            guard let column = board.ticket(task.key)?.column else { return false }
            return column == .done || column == .handedOver
        }
    }

    /// The pace rule: from the milestone's planning (when it was added) to now, `done` tasks were finished; the
    /// remaining ones at that pace take `remaining × elapsed ÷ done`. At risk when that is longer than what is left
    /// before the end of the due day (UTC). With nothing done yet, at risk once half the time to the due day has
    /// passed. A milestone with no task at all is at risk (its scope is not fixed); after its day it is late.
    public func progress(of m: Milestone, board: BoardState, now: Int64) -> MilestoneProgress {
        let tasks = self.tasks(of: m.id)
        let done = tasks.filter { isDone($0, board: board) }.count
        let dueEnd = (m.due.number + 1) * WorkingTime.dayMs
        var p = MilestoneProgress(milestone: m, total: tasks.count, done: done, isLate: false, isAtRisk: false, reasoning: "")
        if p.isComplete {
            p.reasoning = "all \(tasks.count) tasks done"
            return p
        }
        let remaining = tasks.count - done
        if now >= dueEnd {
            p.isLate = true
            p.reasoning = "due \(m.due.text) has passed with \(remaining) of \(tasks.count) tasks open"
            return p
        }
        let left = dueEnd - now
        let elapsed = max(now - m.added, 1)
        if tasks.isEmpty {
            p.isAtRisk = true
            p.reasoning = "no tasks yet: the scope is not fixed; \(WorkingTime.shortAge(left)) left to the due day"
        } else if done == 0 {
            let window = max(dueEnd - m.added, 1)
            p.isAtRisk = elapsed * 2 >= window
            p.reasoning = "nothing done in \(WorkingTime.shortAge(elapsed)) since planned; "
                + (p.isAtRisk ? "over half the time to \(m.due.text) has passed" : "\(WorkingTime.shortAge(left)) left")
        } else {
            // remaining × elapsed ÷ done, saturating: a huge ratio only means "far too slow".
            let (product, overflow) = Int64(remaining).multipliedReportingOverflow(by: elapsed)
            let needed = overflow ? Int64.max : product / Int64(done)
            p.isAtRisk = needed > left
            p.reasoning = "\(done) of \(tasks.count) done in \(WorkingTime.shortAge(elapsed)); at that pace the \(remaining) left take "
                + "\(WorkingTime.shortAge(needed)), \(WorkingTime.shortAge(left)) remain before the end of \(m.due.text)"
        }
        return p
    }

    public func progress(board: BoardState, now: Int64) -> [MilestoneProgress] {
        milestones.map { progress(of: $0, board: board, now: now) }
    }

    /// The steps (tasks without a milestone): discovery and scoping work.
    public func stepCounts(board: BoardState) -> (done: Int, total: Int) {
        let steps = tasks(of: nil)
        return (steps.filter { isDone($0, board: board) }.count, steps.count)
    }

    /// A task's title: the ticket's, or the own task's.
    public func title(of task: ProjectTask, board: BoardState) -> String {
        switch task.source {
        case let .own(title, _): return title
        case .ticket: return board.ticket(task.key)?.title ?? "(not on this board)"
        }
    }
}

/// A text bar of `width` cells, `#` for done: `[###---]`.
public func progressBar(done: Int, total: Int, width: Int) -> String {
    let width = max(1, width)
    let filled = total > 0 ? min(width, done * width / total) : 0
    return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "]"
}
