// What changed on the board between two moments (`setboard diff`): two replayed states compared, ticket by ticket.

/// The differences between the board at one moment and at a later one, each list in key-number order.
public struct BoardDiff: Equatable, Sendable {
    public struct Move: Equatable, Sendable {
        public var key: String
        public var from: Column
        public var to: Column
    }

    public struct Reassignment: Equatable, Sendable {
        public var key: String
        public var from: String?
        public var to: String?
    }

    public struct Rerank: Equatable, Sendable {
        public var key: String
        public var by: String
        public var at: Int64
    }

    /// Tickets that did not exist at the start.
    public var added: [Ticket] = []
    /// Tickets in another column at the end, other than DONE (those are `closed`).
    public var moved: [Move] = []
    public var reassigned: [Reassignment] = []
    /// Cards put out of rule order by hand in the window (their newest hand move is in it).
    public var rerankedByHand: [Rerank] = []
    /// Tickets that reached DONE in the window.
    public var closed: [Ticket] = []
    public var incidentsOpened: [Incident] = []
    public var incidentsResolved: [Incident] = []

    public var isEmpty: Bool {
        added.isEmpty && moved.isEmpty && reassigned.isEmpty && rerankedByHand.isEmpty && closed.isEmpty
            && incidentsOpened.isEmpty && incidentsResolved.isEmpty
    }

    public init(from old: BoardState, _ oldIncidents: IncidentState, to new: BoardState, _ newIncidents: IncidentState,
                since: Int64) {
        let before = old.tickets
        for ticket in new.tickets.values.sorted(by: { $0.number < $1.number }) {
            guard let was = before[ticket.key] else {
                added.append(ticket)
                continue
            }
            if ticket.column != was.column {
                if ticket.column == .done { closed.append(ticket) } else {
                    moved.append(Move(key: ticket.key, from: was.column, to: ticket.column))
                }
            }
            if ticket.assignee != was.assignee {
                reassigned.append(Reassignment(key: ticket.key, from: was.assignee, to: ticket.assignee))
            }
            if let hand = ticket.movedByHand, hand.at > since, hand != was.movedByHand {
                rerankedByHand.append(Rerank(key: ticket.key, by: hand.actor, at: hand.at))
            }
        }
        // A ticket added in the window and already closed counts as both.
        for ticket in added where ticket.column == .done { closed.append(ticket) }
        let incidents = newIncidents.incidents.values.sorted { $0.number < $1.number }
        for incident in incidents {
            let was = oldIncidents.incident(incident.id)
            if was == nil { incidentsOpened.append(incident) }
            if !incident.isOpen && (was?.isOpen ?? true) { incidentsResolved.append(incident) }
        }
    }
}
