/// Pages as plain-text lines, for `setboard pages`, the roster output and the board's panes alike.

public enum PageReport {
    /// One line per unacknowledged page, oldest first; empty when nothing is paging.
    public static func lines(pages: PageState, now: Int64) -> [String] {
        pages.list().map { line($0, now: now) }
    }

    /// "P-2  P2  @bob (backup, step 2 of 3)  escalates to @carol (lead) in 14m  Login loop  [SET-4]".
    /// Every piece of user text is escaped, so a summary can never move the cursor or change colours.
    /// `beforeSummary` goes in ahead of the summary, so what the reader must see is not cut off by a long one.
    /// `short` words an exhausted page in a few words ("EXHAUSTED: reminds @carol every 15m"), for the board's alert
    /// row, where the `setboard ack` hint after it must still fit at 100 columns.
    public static func line(_ page: Page, now: Int64, beforeSummary: String? = nil, short: Bool = false) -> String {
        var parts = [page.id, page.priority.label]
        if let status = page.status(at: now) {
            let holder = who(status.holder)
            if let by = status.acknowledgedBy {
                let at = status.acknowledgedAt.map { " at \(WorkingTime.isoMinute($0)) UTC" } ?? ""
                parts.append("acknowledged by @\(TextSafety.escaped(by))\(at)")
            } else if status.exhausted && short {
                parts.append("EXHAUSTED: reminds @\(TextSafety.escaped(status.holder.handle)) every \(countdown(page.remindMs))")
            } else if status.exhausted {
                let every = countdown(page.remindMs)
                let next = status.nextReminderAt.map { ", next in \(countdown($0 - now))" } ?? ""
                parts.append("EXHAUSTED: nobody acknowledged; reminding \(holder) every \(every)\(next)")
            } else {
                parts.append("@\(TextSafety.escaped(status.holder.handle)) (\(status.holder.role.rawValue), step \(status.step + 1) of \(status.stepCount))")
                if let due = status.nextEscalationAt {
                    let target = status.nextHolder.map { "escalates to \(who($0))" } ?? "runs out"
                    parts.append("\(target) in \(countdown(due - now))")
                }
            }
        }
        if let beforeSummary { parts.append(beforeSummary) }
        parts.append(TextSafety.escaped(page.summary))
        if let ticket = page.ticket { parts.append("[\(TextSafety.escaped(ticket))]") }
        return parts.joined(separator: "  ")
    }

    /// "@bob (backup)".
    static func who(_ step: OnCallStep) -> String {
        "@\(TextSafety.escaped(step.handle)) (\(step.role.rawValue))"
    }

    /// Whole minutes rounded up, so "in 0m" never shows while the escalation is still ahead: "3m", "1h05m".
    public static func countdown(_ ms: Int64) -> String {
        let minutes = (max(0, ms) + 59_999) / 60_000
        guard minutes >= 60 else { return "\(minutes)m" }
        let rest = minutes % 60
        return "\(minutes / 60)h" + (rest < 10 ? "0\(rest)" : "\(rest)") + "m"
    }
}
