/// Tells a card's assignee once per nudge and once per stuck period, through the pages' notify command.
import Foundation
import SetBoardCore
import SetBoardJournal
import SetBoardTerminal

enum AssigneeNoticeText {
    /// The environment a notify command sees for a nudged or stuck card. SETBOARD_PAGE_TEXT and SETBOARD_PAGE_HANDLE
    /// are set too, so one notify command written for pages serves both.
    static func environment(_ ticket: Ticket, _ notice: AssigneeNotice, handle: String,
                            base: [String: String]) -> [String: String] {
        var env = base
        let why = notice.reason == .nudge
            ? "nudged (nudge \(notice.mark))"
            : "stuck in \(ticket.column.title), no change since \(WorkingTime.isoMinute(notice.mark)) UTC"
        let text = "\(ticket.key) \(why): @\(handle), please look at it: \(ticket.title)"
        env["SETBOARD_TICKET_KEY"] = ticket.key
        env["SETBOARD_TICKET_TITLE"] = ticket.title
        env["SETBOARD_TICKET_REASON"] = notice.reason.rawValue
        env["SETBOARD_TICKET_HANDLE"] = handle
        env["SETBOARD_TICKET_TEXT"] = text
        env["SETBOARD_PAGE_HANDLE"] = handle
        env["SETBOARD_PAGE_TEXT"] = text
        return env
    }

    /// What a finished notify command means. As for incidents, a failure is printed, not journalled: the card's
    /// nudge or stuck mark already shows on every board.
    static func outcome(_ label: String, _ outcome: Spawn.Outcome, tail: String, timeoutMs: Int64) -> [PageNotifier.Note] {
        switch outcome {
        case .exited(0):
            return [PageNotifier.Note(text: "\(label): notify command done", isProblem: false)]
        case let .exited(status):
            return [PageNotifier.Note(text: "\(label): the notify command exited with status \(status)"
                                      + TextSafety.escaped(tail), isProblem: true)]
        case let .signalled(signal):
            return [PageNotifier.Note(text: "\(label): the notify command was killed by signal \(signal)"
                                      + TextSafety.escaped(tail), isProblem: true)]
        case .timedOut:
            return [PageNotifier.Note(text: "\(label): the notify command took longer than \(timeoutMs / 1000) s"
                                      + TextSafety.escaped(tail), isProblem: true)]
        }
    }
}

extension PageNotifier {
    /// Claims, then tells, the assignee of each nudged or stuck card: one claim per nudge or stuck period
    /// (`ticket.assignee_notified`, decided under the journal's lock), so several notifiers tell them once.
    func tellAssignees(now: Int64) -> [Note] {
        // The same command that tells people about pages: this user's own config, never the journal.
        guard let command, !command.isEmpty else { return [] }
        var report: [Note] = []
        for notice in AssigneeNotices.due(board: store.state, pages: store.pages, now: now) {
            let key = TextSafety.escaped(notice.key)
            do {
                try store.performEvents(actor: actor) { store in
                    try AssigneeNotices.decide(notice, board: store.state, pages: store.pages, now: now)
                        .map { NewEvent(.page($0)) }
                }
            } catch is AssigneeNoticeNotDue {
                continue // Claimed by another process, or the card changed meanwhile.
            } catch {
                report.append(Note(text: "\(key): cannot record the \(notice.reason.rawValue) notice: \(error)", isProblem: true))
                continue
            }
            guard let ticket = store.state.ticket(notice.key), let handle = ticket.assignee else { continue }
            counter += 1
            let output = FileManager.default.temporaryDirectory
                .appendingPathComponent("setboard-notify-\(getpid())-\(counter).log").path
            let env = AssigneeNoticeText.environment(ticket, notice, handle: handle, base: ProcessInfo.processInfo.environment)
            let label = "\(key) \(notice.reason.rawValue) notice"
            switch Spawn.start("/bin/sh", ["-c", command], environment: env, output: output) {
            case let .success(pid):
                children.append(Child(pid: pid, page: notice.key, step: 0, startedMs: MonotonicClock.milliseconds(),
                                      output: output, assigneeNotice: label))
                let why = notice.reason == .nudge ? "nudged" : "stuck in \(ticket.column.title)"
                report.append(Note(text: "\(key) \(why): telling assignee @\(TextSafety.escaped(handle))", isProblem: false))
            case let .failure(reason):
                report.append(Note(text: "\(label): could not start the notify command: \(reason)", isProblem: true))
            }
        }
        return report
    }
}
