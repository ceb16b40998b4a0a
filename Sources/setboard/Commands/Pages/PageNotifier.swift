/// Tells people about pages: claims each due step in the journal, then runs this user's notify command for it once.
import Foundation
import SetBoardCore
import SetBoardApp
import SetBoardJournal

/// Shared by `watch`, `page` and the full-screen board. The claim (`page.notified`, decided under the journal's
/// lock) comes before the command runs, so of several processes seeing the same step due only one tells anyone.
/// Commands run as children that are never waited on inline: a slow webhook must not freeze the board.
/// The command is the running user's own (`notify:` in their config file): nothing read from the shared journal is
/// ever run, since any teammate can write a line there. Without a command the notifier claims nothing, so a
/// process that cannot tell anyone never takes a step from one that can.
final class PageNotifier {
    let store: BoardStore
    let clock: any JournalClock
    let actor: String
    let timeoutMs: Int64
    let command: String?
    /// On a synced board: how long another replica's page step may go untold before this one takes over (`PageDuty`).
    let takeoverAfterMs: Int64

    /// A notify command still running, with where its output goes (never the terminal). `page` is the page's id,
    /// or the incident's when `incidentDue` (the overdue period told about) is set.
    struct Child {
        var pid: pid_t
        var page: String
        var step: Int
        var startedMs: Int64
        var output: String
        var incidentDue: Int64? = nil
        /// Set for a nudged or stuck card's notice (`page` is then the ticket's key): the label its outcome reads as.
        var assigneeNotice: String? = nil
    }

    /// One thing that happened; problems are what `page` warns about on stderr.
    struct Note: Equatable {
        var text: String
        var isProblem: Bool
    }

    var children: [Child] = []
    var counter = 0

    static let defaultTimeoutSeconds = 10

    init(store: BoardStore, clock: any JournalClock, actor: String, command: String?,
         timeoutSeconds: Int = PageNotifier.defaultTimeoutSeconds,
         takeoverAfterMs: Int64? = (try? TUIConfig.load())?.pageTakeoverAfter) {
        self.store = store
        self.takeoverAfterMs = takeoverAfterMs ?? PageDuty.defaultGrace
        self.command = command
        self.clock = clock
        self.actor = actor
        self.timeoutMs = Int64(max(1, timeoutSeconds)) * 1000
    }

    var isIdle: Bool { children.isEmpty }

    /// One pass: collect finished or overdue commands, then claim and start every step now due. Returns what
    /// happened, one line each, for `watch` to print; never throws, since a notifier must outlive its failures.
    func tick() -> [Note] {
        var report: [Note] = []
        do { try store.refresh() } catch { report.append(Note(text: "cannot read the journal: \(error)", isProblem: true)) }
        report += reap()
        if let warning = StoredNotifyCommand.warningOnce(store) { report.append(Note(text: warning, isProblem: true)) }
        guard command != nil else { return report }
        let now = clock.nowMilliseconds()
        // On a synced board each step is told by one replica: the page's sender, or one taking over after the grace.
        let duty = store.pageDuty(grace: takeoverAfterMs)
        for due in store.pages.dueNotifications(at: now, duty: duty) {
            do {
                try store.perform(.recordNotified(id: due.id, step: due.step, duty: duty), actor: actor, now: now)
            } catch is PageError {
                continue // Another process claimed it, or it was acknowledged meanwhile: nothing for us to do.
            } catch {
                report.append(Note(text: "\(due.id): cannot record the notification: \(error)", isProblem: true))
                continue
            }
            guard let page = store.pages.page(due.id) else { continue }
            report += start(page, step: due.step, now: now)
        }
        report += tellOverdueCommanders(now: now)
        report += tellAssignees(now: now)
        return report
    }

    /// The open board runs a pass every few seconds; failures are already in the journal, so nothing is printed
    /// over the screen. A read-only board (someone else's, or damaged) never claims steps.
    var sideTask: TUISideTask {
        TUISideTask(everyMilliseconds: 3_000) { [self] store in
            guard store.journal.readOnlyReason == nil else { return false }
            let before = store.journal.records.count
            _ = tick()
            return store.journal.records.count != before
        }
    }

    /// Waits for running commands to finish (each within the timeout), for callers about to exit.
    func drain() -> [Note] {
        var report: [Note] = []
        while !children.isEmpty {
            report += reap()
            if !children.isEmpty { usleep(20_000) }
        }
        return report
    }

    /// A notification under a minute behind its time is on time: passes run every few seconds.
    static let lateAfterMs: Int64 = 60_000

    /// How far behind its time a step is told; 0 when on time.
    static func lateness(_ page: Page, step: Int, now: Int64) -> Int64 {
        let late = now - (page.dueTime(ofStep: step) ?? now)
        return late >= lateAfterMs ? late : 0
    }

    /// "step 2" or "reminder 1", for notes and the notify text.
    static func stepName(_ page: Page, step: Int) -> String {
        step >= page.stepCount ? "reminder \(step - page.stepCount + 1)" : "step \(step + 1)"
    }

    /// The environment a notify command sees: ours plus the page's details. A reminder carries the chain's last
    /// step number with SETBOARD_PAGE_REMINDER set; SETBOARD_PAGE_LATE_S says how late a notifier that started
    /// late tells a step.
    static func environment(_ page: Page, step: Int, now: Int64, base: [String: String]) -> [String: String] {
        var env = base
        let holder = page.recipient(ofStep: step)
        let reminder = step >= page.stepCount ? step - page.stepCount + 1 : nil
        let shownStep = min(step, page.stepCount - 1) + 1
        let late = lateness(page, step: step, now: now)
        env["SETBOARD_PAGE_ID"] = page.id
        env["SETBOARD_PAGE_PRIORITY"] = page.priority.label
        env["SETBOARD_PAGE_SUMMARY"] = page.summary
        env["SETBOARD_PAGE_TICKET"] = page.ticket ?? ""
        env["SETBOARD_PAGE_STEP"] = "\(shownStep)"
        env["SETBOARD_PAGE_STEPS"] = "\(page.stepCount)"
        env["SETBOARD_PAGE_REMINDER"] = reminder.map { "\($0)" } ?? ""
        env["SETBOARD_PAGE_LATE_S"] = "\(late / 1000)"
        env["SETBOARD_PAGE_ROLE"] = holder?.role.rawValue ?? ""
        env["SETBOARD_PAGE_HANDLE"] = holder?.handle ?? ""
        env["SETBOARD_PAGE_OPENED_AT"] = isoSecond(page.opened)
        env["SETBOARD_PAGE_OPENED_BY"] = page.openedBy
        let lateText = late > 0 ? ", \(PageReport.countdown(late)) late" : ""
        let head: String
        if let reminder {
            head = "\(page.id) \(page.priority.label) still unacknowledged after \(PageReport.countdown(now - page.opened)): "
                + "reminding @\(holder?.handle ?? "?") (\(holder?.role.rawValue ?? "?"), reminder \(reminder)\(lateText))"
        } else {
            head = "\(page.id) \(page.priority.label) paging @\(holder?.handle ?? "?") (\(holder?.role.rawValue ?? "?"), "
                + "step \(shownStep) of \(page.stepCount)\(lateText))"
        }
        env["SETBOARD_PAGE_TEXT"] = head + ": \(page.summary)" + (page.ticket.map { " [\($0)]" } ?? "")
        return env
    }

    /// "2026-11-24T10:00:00Z".
    static func isoSecond(_ ms: Int64) -> String {
        let seconds = WorkingTime.floorDiv(ms, 1000) % 60
        return WorkingTime.isoMinute(ms).replacingOccurrences(of: " ", with: "T") + (seconds < 10 ? ":0" : ":") + "\(seconds)Z"
    }

    private func start(_ page: Page, step: Int, now: Int64) -> [Note] {
        guard let command, let holder = page.recipient(ofStep: step) else { return [] }
        counter += 1
        let output = FileManager.default.temporaryDirectory
            .appendingPathComponent("setboard-notify-\(getpid())-\(counter).log").path
        let env = PageNotifier.environment(page, step: step, now: now, base: ProcessInfo.processInfo.environment)
        let late = PageNotifier.lateness(page, step: step, now: now)
        let name = PageNotifier.stepName(page, step: step)
        switch Spawn.start("/bin/sh", ["-c", command], environment: env, output: output) {
        case let .success(pid):
            children.append(Child(pid: pid, page: page.id, step: step, startedMs: MonotonicClock.milliseconds(), output: output))
            let again = step >= page.stepCount ? " again, unacknowledged for \(PageReport.countdown(now - page.opened))" : ""
            let lateText = late > 0 ? ", \(PageReport.countdown(late)) late" : ""
            return [Note(text: "\(page.id) \(name): telling @\(TextSafety.escaped(holder.handle)) (\(holder.role.rawValue))"
                         + again + lateText, isProblem: false)]
        case let .failure(reason):
            return fail(page.id, step: step, reason: "could not start the notify command: \(reason)")
        }
    }

    /// Reaps finished children, kills those past the timeout, and records every failure in the journal.
    func reap() -> [Note] {
        var report: [Note] = []
        children.removeAll { child in
            let outcome: Spawn.Outcome
            if let finished = Spawn.poll(child.pid) {
                outcome = finished
            } else if MonotonicClock.milliseconds() - child.startedMs >= timeoutMs {
                Spawn.killGroup(child.pid)
                outcome = .timedOut
            } else {
                return false
            }
            let tail = Spawn.lastLine(of: child.output)
            try? FileManager.default.removeItem(atPath: child.output)
            if let label = child.assigneeNotice {
                report += AssigneeNoticeText.outcome(label, outcome, tail: tail, timeoutMs: timeoutMs)
                return true
            }
            if child.incidentDue != nil {
                report += IncidentNotices.outcome(child.page, outcome, tail: tail, timeoutMs: timeoutMs)
                return true
            }
            switch outcome {
            case .exited(0):
                report.append(Note(text: "\(child.page) \(name(child.page, child.step)): notify command done", isProblem: false))
            case let .exited(status):
                report += fail(child.page, step: child.step, reason: "the notify command exited with status \(status)" + tail)
            case let .signalled(signal):
                report += fail(child.page, step: child.step, reason: "the notify command was killed by signal \(signal)" + tail)
            case .timedOut:
                report += fail(child.page, step: child.step, reason: "the notify command took longer than \(timeoutMs / 1000) s" + tail)
            }
            return true
        }
        return report
    }

    private func name(_ id: String, _ step: Int) -> String {
        store.pages.page(id).map { PageNotifier.stepName($0, step: step) } ?? "step \(step + 1)"
    }

    private func fail(_ id: String, step: Int, reason: String) -> [Note] {
        do {
            try store.perform(.recordNotifyFailure(id: id, step: step, reason: reason), actor: actor, now: clock.nowMilliseconds())
        } catch {
            return [Note(text: "\(id) \(name(id, step)): \(TextSafety.escaped(reason)) (and it could not be recorded: \(error))",
                         isProblem: true)]
        }
        return [Note(text: "\(id) \(name(id, step)): \(TextSafety.escaped(reason))", isProblem: true)]
    }
}

/// Notify commands that an older setboard stored in the journal (a roster's `escalation.notify`, copied into each
/// page it opened). They are never run; the user hears once per process that they are ignored and where the
/// command belongs now.
enum StoredNotifyCommand {
    nonisolated(unsafe) private static var warned = false

    static let warning = "this board's journal holds a notify command from an older setboard; it is ignored, since "
        + "anything a teammate writes there would run under your account: put `notify:` in "
        + "$XDG_CONFIG_HOME/setboard/config.yaml of the account that runs `setboard watch`"

    /// True when the roster or a page still carries a stored command.
    static func isPresent(in store: BoardStore) -> Bool {
        if store.roster.policy.notifyCommand != nil { return true }
        return store.pages.list(includeAcknowledged: false).contains { $0.policy.notifyCommand != nil }
    }

    /// The warning the first time this process finds a stored command, nil afterwards. Only the main thread asks.
    static func warningOnce(_ store: BoardStore) -> String? {
        guard !warned, isPresent(in: store) else { return nil }
        warned = true
        return warning
    }
}
