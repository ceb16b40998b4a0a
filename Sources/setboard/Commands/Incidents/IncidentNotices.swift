/// Tells an incident's commander once per overdue period that an update is due, through the pages' notify command.
import Foundation
import SetBoardCore
import SetBoardJournal
import SetBoardTerminal

enum IncidentNotices {
    /// The environment a notify command sees for an overdue incident. SETBOARD_PAGE_TEXT and SETBOARD_PAGE_HANDLE
    /// are set too, so one notify command written for pages serves both.
    static func environment(_ incident: Incident, now: Int64, base: [String: String]) -> [String: String] {
        var env = base
        let commander = incident.commander ?? ""
        let text = "\(incident.id) \(incident.level.rawValue) update OVERDUE by \(WorkingTime.shortAge(now - incident.updateDue)): "
            + "@\(commander), post an update with `setboard incident update \(incident.id)`: \(incident.title)"
        env["SETBOARD_INCIDENT_ID"] = incident.id
        env["SETBOARD_INCIDENT_LEVEL"] = incident.level.rawValue
        env["SETBOARD_INCIDENT_TITLE"] = incident.title
        env["SETBOARD_INCIDENT_COMMANDER"] = commander
        env["SETBOARD_INCIDENT_UPDATE_DUE_AT"] = PageNotifier.isoSecond(incident.updateDue)
        env["SETBOARD_INCIDENT_OVERDUE_S"] = "\(max(0, now - incident.updateDue) / 1000)"
        env["SETBOARD_INCIDENT_TEXT"] = text
        env["SETBOARD_PAGE_HANDLE"] = commander
        env["SETBOARD_PAGE_TEXT"] = text
        return env
    }

    /// What a finished notify command means. Unlike a page step, a failure is not recorded in the journal: the
    /// incident's overdue mark already shows on every board, and the notifier prints the failure.
    static func outcome(_ rawID: String, _ outcome: Spawn.Outcome, tail: String, timeoutMs: Int64) -> [PageNotifier.Note] {
        let id = TextSafety.escaped(rawID)
        switch outcome {
        case .exited(0):
            return [PageNotifier.Note(text: "\(id) overdue notice: notify command done", isProblem: false)]
        case let .exited(status):
            return [PageNotifier.Note(text: "\(id) overdue notice: the notify command exited with status \(status)"
                                      + TextSafety.escaped(tail), isProblem: true)]
        case let .signalled(signal):
            return [PageNotifier.Note(text: "\(id) overdue notice: the notify command was killed by signal \(signal)"
                                      + TextSafety.escaped(tail), isProblem: true)]
        case .timedOut:
            return [PageNotifier.Note(text: "\(id) overdue notice: the notify command took longer than \(timeoutMs / 1000) s"
                                      + TextSafety.escaped(tail), isProblem: true)]
        }
    }
}

extension PageNotifier {
    /// Claims, then tells, each open incident's commander about its current overdue period: one claim per period
    /// (`incident.overdue_notified`, decided under the journal's lock), so several notifiers tell them once.
    func tellOverdueCommanders(now: Int64) -> [Note] {
        // The same command that tells people about pages: this user's own config, never the journal.
        guard let command, !command.isEmpty else { return [] }
        var report: [Note] = []
        for due in store.incidents.dueOverdueNotices(at: now) {
            do {
                try store.performEvents(actor: actor) { store in
                    try IncidentDecide.decideOverdueNotice(id: due.id, due: due.due, incidents: store.incidents, now: now)
                        .map { NewEvent(.incident($0)) }
                }
            } catch is IncidentError {
                continue // Claimed by another process, or updated meanwhile.
            } catch {
                report.append(Note(text: "\(TextSafety.escaped(due.id)): cannot record the overdue notice: \(error)", isProblem: true))
                continue
            }
            guard let incident = store.incidents.incident(due.id), let commander = incident.commander else { continue }
            counter += 1
            let output = FileManager.default.temporaryDirectory
                .appendingPathComponent("setboard-notify-\(getpid())-\(counter).log").path
            let env = IncidentNotices.environment(incident, now: now, base: ProcessInfo.processInfo.environment)
            switch Spawn.start("/bin/sh", ["-c", command], environment: env, output: output) {
            case let .success(pid):
                children.append(Child(pid: pid, page: incident.id, step: 0, startedMs: MonotonicClock.milliseconds(),
                                      output: output, incidentDue: due.due))
                report.append(Note(text: "\(TextSafety.escaped(incident.id)) update overdue by \(WorkingTime.shortAge(now - incident.updateDue)): "
                                   + "telling commander @\(TextSafety.escaped(commander))", isProblem: false))
            case let .failure(reason):
                report.append(Note(text: "\(TextSafety.escaped(incident.id)) overdue notice: could not start the notify command: \(reason)",
                                   isProblem: true))
            }
        }
        return report
    }
}
