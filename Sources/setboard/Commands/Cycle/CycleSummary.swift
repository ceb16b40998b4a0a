/// The Markdown hand-over summary, built from the journal: open tickets by tier, incidents, stuck tickets, the week, the notes.
import SetBoardCore
import SetBoardJournal

enum CycleSummary {
    /// User text for Markdown: control characters made visible and Markdown syntax escaped, so nothing a person typed
    /// can add a heading, a link or a raw escape sequence to the file.
    static func md(_ s: String) -> String { IncidentReports.md(s) }

    static func team(_ t: CycleTeam) -> String {
        let parts = t.seats.map { "\(md($0.handle)) (\(md($0.shift)) \($0.role.rawValue))" } + (t.lead.map { ["\(md($0)) (lead)"] } ?? [])
        return parts.isEmpty ? "nobody" : parts.joined(separator: ", ")
    }

    /// The tickets stuck on the board, with the time of their last event: taken before the hand-over is appended,
    /// because its reassignments are events too and would make every stuck ticket look freshly touched.
    static func stuck(_ board: BoardState, now: Int64) -> [String: Int64] {
        Dictionary(uniqueKeysWithValues: CycleProposal.openTickets(board).filter { board.isStuck($0, now: now) }.map { ($0.key, $0.updated) })
    }

    static func markdown(window w: CycleWindow, store: BoardStore, now: Int64, stuckSince: [String: Int64]? = nil) throws -> String {
        let board = store.state
        let stuckSince = stuckSince ?? stuck(board, now: now)
        let rotation = store.cycle.rotation(w.id)
        var out = "# SET hand-over: rotation \(md(w.id))\n\n"
        out += "- Rotation: \(WorkingTime.isoMinute(w.start)) → \(WorkingTime.isoMinute(w.end)) UTC\n"
        out += "- Outgoing: \(team(w.outgoing))\n- Incoming: \(team(w.incoming))\n"
        if let h = rotation.handover {
            out += "- Handed over by \(md(h.actor)) at \(WorkingTime.isoMinute(h.at)) UTC; \(CycleItem.count(h.reassigned, "ticket")) reassigned\n"
        }
        out += "- Written: \(WorkingTime.isoMinute(now)) UTC\n"

        let open = CycleProposal.openTickets(board)
        out += "\n## Open tickets by tier\n\n"
        if open.isEmpty { out += "_No open tickets._\n" }
        for tier in board.settings.tierOrder {
            let tickets = open.filter { $0.tier == tier }
            guard !tickets.isEmpty else { continue }
            out += "### \(tier.rawValue) (\(tickets.count))\n\n"
            for t in tickets {
                out += "- " + ticketLine(t, stuckSince: stuckSince[t.key], incidents: store.incidents, now: now) + "\n"
            }
            out += "\n"
        }

        out += open.isEmpty ? "\n## Incidents\n\n" : "## Incidents\n\n"
        let incidents = store.incidents.ordered(at: now)
        if incidents.isEmpty { out += "_No open incidents._\n" }
        for i in incidents {
            out += "- \(i.id) \(i.level.rawValue) \(i.status.rawValue) — \(md(i.title))"
                + (i.ticket.map { " — ticket \($0)" } ?? "")
                + " — teams: \(i.teams.isEmpty ? "none" : i.teams.map(md).joined(separator: ", "))\n"
            if let u = i.updates.last {
                out += "  - Last update \(WorkingTime.isoMinute(u.at)) UTC by \(md(u.actor)): \(md(u.text))\n"
            } else {
                out += "  - No update since it opened \(WorkingTime.isoMinute(i.opened)) UTC\n"
            }
            if i.isOverdue(at: now) { out += "  - Update OVERDUE by \(WorkingTime.shortAge(now - i.updateDue))\n" }
        }

        out += "\n## Stuck tickets\n\n"
        let stuck = open.compactMap { t in stuckSince[t.key].map { (t, $0) } }
        if stuck.isEmpty { out += "_None._\n" }
        for (t, since) in stuck {
            out += "- \(t.key) — \(md(t.title)) — \(t.column.title), no event for \(WorkingTime.shortAge(now - since)) before the hand-over"
                + " — \(t.assignee.map { "@" + md($0) } ?? "nobody")\n"
        }

        out += "\n## What changed this week\n\n"
        out += week(try store.boardRecords().filter { $0.ts >= w.start && $0.ts <= now }, since: w.start)

        out += "\n## Hand-off notes\n\n"
        if rotation.notes.isEmpty { out += "_No notes._\n" }
        for note in rotation.notes {
            out += "_\(md(note.actor)), \(WorkingTime.isoMinute(note.at)) UTC:_\n\n"
            for line in note.text.split(separator: "\n", omittingEmptySubsequences: false) { out += md(String(line)) + "\n" }
            out += "\n"
        }
        return out
    }

    static func ticketLine(_ t: Ticket, stuckSince: Int64?, incidents: IncidentState, now: Int64) -> String {
        var marks: [String] = []
        if let inc = incidents.openIncident(forTicket: t.key) { marks.append(inc.id) }
        if let since = stuckSince { marks.append("stuck \(WorkingTime.shortAge(now - since))") }
        return "\(t.key) \(t.level?.rawValue ?? "--") — \(md(t.title)) — \(t.column.title) — "
            + (t.assignee.map { "@" + md($0) } ?? "nobody") + (marks.isEmpty ? "" : " (" + marks.joined(separator: ", ") + ")")
    }

    /// Plural names for the week's event types; a type missing here (a newer one) is shown as its journal name.
    static let labels: [String: String] = [
        "board.created": "board created", "board.settings_changed": "settings changes",
        "ticket.created": "tickets created", "ticket.moved": "tickets moved", "ticket.ranked": "tickets reordered by hand",
        "ticket.assigned": "assignments", "ticket.edited": "edits", "ticket.checklist_marked": "checklist marks",
        "ticket.nudged": "nudges", "ticket.taken_over": "take-overs", "board.order_restored": "rule order restored",
        "ticket.handed_over": "hand-overs to owning teams", "board.routing_defined": "routing changes",
        "ticket.rerouted": "reroutes off the board", "incident.opened": "incidents opened",
        "incident.update_posted": "incident updates", "incident.status_changed": "incident status changes",
        "incident.team_invited": "incident invitations", "incident.commander_changed": "commander changes",
        "cycle.item_ticked": "cycle checklist ticks", "cycle.notes_recorded": "hand-off notes",
        "cycle.handover_completed": "hand-over completed",
    ]

    /// What an event is about: its ticket, or its incident. A newer setboard's event is read for a `key` as stored.
    static func subject(_ r: JournalRecord) -> String? {
        switch r.event {
        case let .board(e)?: return e.ticketKey
        case let .incident(e)?: return e.id
        case let .page(.assigneeNotified(key, _, _, _))?: return key
        case let .alert(e)?: return e.key
        case let .project(e)?: return e.key
        case let .link(e)?: return e.key
        case .sync?: return nil
        case .page?, .roster?, .cycle?: return nil
        case nil: return r.payload["key"]?.stringValue
        }
    }

    /// Events since the rotation began, one line per type with how many and what they were about, in journal order.
    static func week(_ records: [JournalRecord], since: Int64) -> String {
        guard !records.isEmpty else { return "_Nothing since \(WorkingTime.isoMinute(since)) UTC._\n" }
        var types: [String] = []
        var counts: [String: Int] = [:]
        var subjects: [String: [String]] = [:]
        for r in records {
            if counts[r.type] == nil { types.append(r.type) }
            counts[r.type, default: 0] += 1
            if let s = subject(r), !(subjects[r.type] ?? []).contains(s) {
                subjects[r.type, default: []].append(s)
            }
        }
        var out = "\(records.count) events since \(WorkingTime.isoMinute(since)) UTC:\n\n"
        for type in types {
            let about = subjects[type] ?? []
            let list = about.prefix(12).map(md).joined(separator: ", ") + (about.count > 12 ? ", …" : "")
            out += "- \(labels[type] ?? md(type)) × \(counts[type] ?? 0)" + (about.isEmpty ? "" : ": " + list) + "\n"
        }
        return out
    }
}
