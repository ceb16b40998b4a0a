/// `decide` for Alertmanager intake: which tickets a notification opens or adds to, what it resolves, what it pages.

/// What one notification comes to: the events to append, and what to tell the sender.
public struct AlertIntake: Equatable, Sendable {
    public var events: [Event] = []
    /// The ticket opened for the group, if one was.
    public var opened: String?
    /// The ticket new alerts were added to (the opened one, or the group's open ticket).
    public var ticket: String?
    public var fired = 0
    public var resolved = 0
    /// Alerts already on the board as they are: Alertmanager repeating itself.
    public var repeated = 0
    /// The page opened for the ticket, if the map's page rules asked for one.
    public var page: String?
    /// Why a page the rules asked for could not open (nobody on call): the ticket is recorded all the same.
    public var pageProblem: String?
    /// The level the ticket was raised to by a more severe alert joining it.
    public var raisedLevel: Level?

    public init() {}

    /// One line for the sender and the log.
    public var sentence: String {
        var parts: [String] = []
        if let opened { parts.append("opened \(opened)") }
        if fired > 0, let ticket { parts.append("\(fired) firing alert\(fired == 1 ? "" : "s") on \(ticket)") }
        if resolved > 0 { parts.append("\(resolved) resolved") }
        if repeated > 0 { parts.append("\(repeated) already recorded") }
        if let raisedLevel, let ticket { parts.append("\(ticket) raised to \(raisedLevel.rawValue)") }
        if let page { parts.append("paged \(page)") }
        if let pageProblem { parts.append("no page: \(pageProblem)") }
        return parts.isEmpty ? "nothing to record" : parts.joined(separator: ", ")
    }
}

public enum AlertDecide {
    public static let maxDescriptionLength = 4_000

    /// Pure: the board, alerts and pages as they are under the journal's lock, the roster's answer at `now`.
    /// Firing alerts the board holds as firing are repeats and write nothing; new ones (or ones firing again after
    /// a resolution) join the open ticket of their group, or of their fingerprint, or open a CAT2 ticket. A resolved
    /// alert the board holds as firing gets `alert.resolved` on its ticket.
    public static func decide(_ n: WebhookNotification, rules: AlertRules, alerts: AlertState, board: BoardState,
                              pages: PageState, onCall: OnCall?, policy: EscalationPolicy, actor: String,
                              now: Int64) throws(BoardError) -> AlertIntake {
        var intake = AlertIntake()
        var seen: Set<String> = []
        var fresh: [WebhookAlert] = []
        var ending: [(WebhookAlert, AlertOccurrence)] = []
        for a in n.alerts where seen.insert(a.fingerprint).inserted {
            let known = alerts.latest[a.fingerprint]
            if a.firing {
                if let known, !known.isResolved || (a.startsAt ?? now) <= (known.since ?? Int64.min) {
                    intake.repeated += 1
                } else {
                    fresh.append(a)
                }
            } else if let known, !known.isResolved {
                ending.append((a, known))
            } else {
                intake.repeated += 1
            }
        }
        let group = clipped(n.groupKey, AlertEvent.maxGroupLength)
        var events: [Event] = []
        var board = board
        if !fresh.isEmpty {
            let key: String
            if let open = openTicket(group: group, fresh: fresh, alerts: alerts, board: board) {
                key = open
            } else {
                let new = ticket(for: n, fresh: fresh, rules: rules)
                let created = try Decide.decide(.add(new), state: board, actor: actor, now: now)
                for e in created { board.apply(e, seq: board.lastSeq + 1, at: now, by: actor) }
                events += created.map { .board($0) }
                guard case let .ticketCreated(k, _)? = created.first else { return intake }
                key = k
                intake.opened = k
            }
            intake.ticket = key
            // A new alert of an open ticket that the map rates more severe (severity=critical after a warning) raises
            // the ticket's level, as an ordinary edit; a milder one never lowers it.
            if intake.opened == nil, let level = rules.level(for: fresh), let t = board.ticket(key), t.level.map({ level < $0 }) ?? true {
                let edit = BoardEvent.ticketEdited(key: key, changes: TicketChanges(level: .some(level)))
                board.apply(edit, seq: board.lastSeq + 1, at: now, by: actor)
                events.append(.board(edit))
                intake.raisedLevel = level
            }
            for a in fresh {
                events.append(.alert(.fired(key: key, group: group, fingerprint: a.fingerprint,
                                            name: clipped(a.name, AlertEvent.maxNameLength), since: a.startsAt)))
            }
            intake.fired = fresh.count
            let paged = pages.list(includeAcknowledged: true).contains { $0.ticket == key }
            if !paged, let priority = rules.pagePriority(for: fresh) {
                let summary = clipped(board.ticket(key)?.title ?? key, PageDecide.maxSummaryLength)
                do {
                    let opened = try PageDecide.decide(.open(summary: summary, ticket: key, onCall: onCall, policy: policy,
                                                             priority: priority),
                                                       pages: pages, board: board, actor: actor, now: now)
                    events += opened.map { .page($0) }
                    intake.page = opened.first?.id
                } catch {
                    intake.pageProblem = error.description
                }
            }
        }
        for (a, known) in ending {
            events.append(.alert(.resolved(key: known.key, group: known.group, fingerprint: a.fingerprint,
                                           name: known.name, at: a.endsAt)))
            intake.resolved += 1
        }
        intake.events = events
        return intake
    }

    /// The newest ticket of the group still open, else the newest open ticket one of the alerts went to before.
    static func openTicket(group: String, fresh: [WebhookAlert], alerts: AlertState, board: BoardState) -> String? {
        func isOpen(_ key: String) -> Bool {
            guard let t = board.ticket(key) else { return false }
            return t.column != .done && t.isOnBoard
        }
        if let key = (alerts.ticketsOfGroup[group] ?? []).reversed().first(where: isOpen) { return key }
        return fresh.lazy.compactMap { alerts.latest[$0.fingerprint]?.key }.first(where: isOpen)
    }

    /// The CAT2 ticket for a group's new alerts: "alertname: summary" as its title, the description, labels and
    /// links as its description, tier, level and team from the map.
    static func ticket(for n: WebhookNotification, fresh: [WebhookAlert], rules: AlertRules) -> NewTicket {
        let first = fresh[0]
        let name = n.groupLabels.first { $0.0 == "alertname" }?.1 ?? first.name
        let summary = n.commonAnnotation("summary") ?? first.annotation("summary")
        let title = oneLine(summary.map { "\(name): \($0)" } ?? name, Decide.maxTitleLength)
        var lines: [String] = []
        if let d = n.commonAnnotation("description") ?? first.annotation("description") { lines.append(d) }
        let labels = (n.commonLabels.isEmpty ? first.labels : n.commonLabels).map { "\($0.0)=\($0.1)" }
        lines.append("Labels: " + labels.joined(separator: ", "))
        lines.append("Alertmanager group: \(n.groupKey)")
        if !first.generatorURL.isEmpty { lines.append("Source: \(first.generatorURL)") }
        if !n.externalURL.isEmpty { lines.append("Alertmanager: \(n.externalURL)") }
        let team = rules.team(for: fresh).map { oneLine($0, 100) }.flatMap { $0.isEmpty ? nil : $0 }
        return NewTicket(title: title.isEmpty ? "alert \(first.fingerprint)" : title,
                         description: clipped(lines.joined(separator: "\n"), maxDescriptionLength),
                         tier: rules.tier(for: fresh), level: rules.level(for: fresh), category: .cat2, type: .bug,
                         column: .todo, team: team)
    }

    /// Line breaks become spaces, then the text is trimmed and cut to `limit` characters.
    static func oneLine(_ text: String, _ limit: Int) -> String {
        let flat = String(String.UnicodeScalarView(text.unicodeScalars.map { s in
            s == "\n" || s == "\r" || s == "\u{2028}" || s == "\u{2029}" || s == "\u{85}" || s == "\u{0B}" || s == "\u{0C}" ? " " : s
        }))
        return clipped(flat.trimmingWhitespace(), limit).trimmingWhitespace()
    }

    static func clipped(_ text: String, _ limit: Int) -> String {
        text.unicodeScalars.count <= limit ? text : String(String.UnicodeScalarView(text.unicodeScalars.prefix(limit)))
    }
}
