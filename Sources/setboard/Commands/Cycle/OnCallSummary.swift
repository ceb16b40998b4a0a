/// `setboard oncall summary`: the on-call summary and hand-off notes of one SET week, drafted from the journal.
import ArgumentParser
import SetBoardCore
import SetBoardJournal

struct OnCallGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "oncall", abstract: "The on-call engineer's write-ups, drafted from the journal.",
        subcommands: [OnCallSummaryCommand.self], defaultSubcommand: OnCallSummaryCommand.self)
}

struct OnCallSummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Draft the week's on-call summary: pages, incidents, tickets and hand-off notes.",
        discussion: """
            The week is the roster's SET week holding --week (default: now), hand-off to hand-off; a week still \
            running is drafted up to now. Pages are listed with their time to acknowledge; incidents opened, \
            updated and resolved; tickets taken in, handed over and closed; the response-clock breaches (a target \
            of `settings` missed during the week, met late or still running); then the hand-off notes.
            """)
    @OptionGroup var options: BoardOptions
    @Option(help: ArgumentHelp("The SET week holding this date (default: the current week).", valueName: "date"))
    var week: String?
    @Flag(help: "Print Markdown instead of plain text.") var md = false

    func run() throws {
        try reportingFailures {
            let session = try Session(options, reading: true)
            let window = try CycleLookup.requireWindow(store: session.store, week: week, now: session.now)
            let draft = try OnCallSummary(window: window, store: session.store, now: session.now)
            print(md ? draft.markdown : draft.text, terminator: "")
        }
    }
}

/// The facts of one week, each section a title and its lines; the lines are rendered escaped for the terminal or
/// for Markdown, so the same facts give both forms.
struct OnCallSummary {
    typealias Escape = (String) -> String
    let window: CycleWindow
    let until: Int64
    let sections: [(title: String, lines: (Escape) -> [String])]

    init(window w: CycleWindow, store: BoardStore, now: Int64) throws {
        window = w
        let until = min(now, w.end)
        self.until = until
        let all = try store.boardRecords()
        let week = all.filter { $0.ts >= w.start && $0.ts <= until }

        var pages: [Page] = []
        var opened: [(id: String, level: Level, title: String)] = []
        var updates: [String: Int] = [:], updated: [String] = []
        var resolved: [(id: String, to: IncidentStatus)] = []
        var takenIn: [(key: String, title: String)] = []
        var handed: [(key: String, team: String)] = []
        var closed: [String] = []
        // The clocks need every ticket's past, so the whole journal is replayed up to the week's end.
        var clocks = ClockBreachReplay(from: w.start, until: until)
        for r in all {
            if case let .board(event)? = r.event { clocks.apply(event, seq: r.seq, at: r.ts, by: r.actor) }
        }
        let breaches = clocks.breaches
        for r in week {
            switch r.event {
            case let .page(.opened(id, _, _, _, _, _))?: if let p = store.pages.page(id) { pages.append(p) }
            case let .incident(.opened(id, level, title, _, _, _))?: opened.append((id, level, title))
            case let .incident(.updatePosted(id, _))?:
                if updates[id] == nil { updated.append(id) }
                updates[id, default: 0] += 1
            case let .incident(.statusChanged(id, from, to))? where from.isOpen && !to.isOpen: resolved.append((id, to))
            case let .board(.ticketCreated(key, ticket))?: takenIn.append((key, ticket.title))
            case let .board(.ticketHandedOver(key, team))?: handed.append((key, team))
            case let .board(.ticketRerouted(key, _, team, _))?: handed.append((key, team))
            case let .board(.ticketMoved(key, _, to))? where to == .done && !closed.contains(key): closed.append(key)
            default: break
            }
        }
        let incidents = store.incidents
        let previous = CycleLookup.previousWindow(store: store, before: w)
        let handedTo = previous.map { store.cycle.rotation($0.id).notes } ?? []
        let own = store.cycle.rotation(w.id).notes

        // Minutes matter for a time to acknowledge: "1h 05m", not the board's rounded "1h".
        func age(_ ms: Int64) -> String {
            let minutes = max(0, ms) / 60_000
            if minutes < 60 { return "\(minutes)m" }
            let m = minutes % 60
            return minutes < 48 * 60 ? "\(minutes / 60)h \(m < 10 ? "0" : "")\(m)m" : "\(minutes / 1440)d \(minutes / 60 % 24)h"
        }
        func notes(_ list: [CycleNote], _ e: Escape) -> [String] {
            list.filter { !$0.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }.map { n in
                "\(e(n.actor)), \(WorkingTime.isoMinute(n.at)) UTC: "
                    + n.text.split(separator: "\n").map { e(String($0)) }.joined(separator: " / ")
            }
        }
        let pageLines: (Escape) -> [String] = { e in
            pages.map { p in
                let ack = p.acknowledgedAt.map { "acknowledged by \(e(p.acknowledgedBy ?? "?")) after \(age($0 - p.opened))" }
                    ?? "NOT acknowledged (\(age(until - p.opened)) since it opened)"
                return "\(p.id) \(p.priority.label) \(e(p.summary))" + (p.ticket.map { " (\($0))" } ?? "")
                    + " — opened \(WorkingTime.isoMinute(p.opened)) UTC by \(e(p.openedBy)) — \(ack)"
            }
        }
        let incidentLines: (Escape) -> [String] = { e in
            var out: [String] = []
            out.append("opened: \(opened.count)" + (opened.isEmpty ? "" : " — " + opened.map { "\($0.id) \($0.level.rawValue) \(e($0.title))" }.joined(separator: "; ")))
            out.append("updated: \(updated.count)" + (updated.isEmpty ? "" : " — " + updated.map { id in
                "\(id) (\(CycleItem.count(updates[id] ?? 0, "update")))" }.joined(separator: "; ")))
            out.append("resolved: \(resolved.count)" + (resolved.isEmpty ? "" : " — " + resolved.map { "\($0.id) (\($0.to.rawValue))" }.joined(separator: "; ")))
            let open = incidents.ordered(at: until).filter { $0.status.isOpen }
            out.append("still open: \(open.count)" + (open.isEmpty ? "" : " — " + open.map { "\($0.id) \($0.level.rawValue) \($0.status.rawValue)" }.joined(separator: "; ")))
            return out
        }
        let ticketLines: (Escape) -> [String] = { e in
            ["taken in: \(takenIn.count)" + (takenIn.isEmpty ? "" : " — " + takenIn.map { "\($0.key) \(e($0.title))" }.joined(separator: "; ")),
             "handed over: \(handed.count)" + (handed.isEmpty ? "" : " — " + handed.map { "\($0.key) → \(e($0.team))" }.joined(separator: "; ")),
             "closed: \(closed.count)" + (closed.isEmpty ? "" : " — " + closed.joined(separator: "; "))]
        }
        sections = [
            ("Pages (\(pages.count))", { e in pages.isEmpty ? ["none"] : pageLines(e) }),
            ("Incidents", incidentLines),
            ("Tickets", ticketLines),
            ("Response-clock breaches (\(breaches.count))", { _ in
                breaches.isEmpty ? ["none"] : breaches.map { b in
                    "\(b.key) \(b.kind.title): target passed \(WorkingTime.isoMinute(b.deadline)) UTC"
                        + (b.deadline < w.start ? " (before this week), " : ", ")
                        + (b.stopped.map { "met \(age($0 - b.deadline)) late" } ?? "still running (\(age(until - b.deadline)) late)")
                }
            }),
            ("Hand-off notes handed to this week" + (previous.map { " (rotation \($0.id))" } ?? ""),
             { e in let n = notes(handedTo, e); return n.isEmpty ? ["none"] : n }),
            ("Hand-off notes from this week", { e in let n = notes(own, e); return n.isEmpty ? ["none yet"] : n }),
        ]
    }

    private func heading(_ e: Escape) -> [String] {
        ["On-call summary: SET week \(e(window.id))",
         "\(WorkingTime.isoMinute(window.start)) → \(WorkingTime.isoMinute(window.end)) UTC, drafted from the journal up to \(WorkingTime.isoMinute(until)) UTC",
         "On call: \(window.outgoing.seats.map { "\(e($0.handle)) (\(e($0.shift)) \($0.role.rawValue))" }.joined(separator: ", "))"
            + (window.outgoing.lead.map { ", \(e($0)) (lead)" } ?? "")]
    }

    var text: String {
        let e: Escape = { TextSafety.escaped($0) }
        let head = heading(e)
        var out = head.joined(separator: "\n") + "\n"
        for s in sections { out += "\n\(s.title)\n" + s.lines(e).map { "  \($0)\n" }.joined() }
        return out
    }

    var markdown: String {
        let e: Escape = { CycleSummary.md($0) }
        let head = heading(e)
        var out = "# \(head[0])\n\n" + head.dropFirst().map { "- \($0)\n" }.joined()
        for s in sections { out += "\n## \(s.title)\n\n" + s.lines(e).map { "- \($0)\n" }.joined() }
        return out
    }
}
