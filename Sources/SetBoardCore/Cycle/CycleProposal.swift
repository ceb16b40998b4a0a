/// Who takes which open SET ticket at the start of a rotation and at its hand-over, and which incidents need the newcomers.

/// One proposed change of assignee.
public struct CycleReassignment: Equatable, Sendable {
    public var key: String
    public var from: String?
    public var to: String

    public init(key: String, from: String?, to: String) {
        self.key = key
        self.from = from
        self.to = to
    }
}

/// An open incident the incoming team must join, and who of them is not in it yet.
public struct CycleInvitation: Equatable, Sendable {
    public var incident: String
    public var handles: [String]
}

/// An open incident whose commander the hand-over proposes to change to the incoming primary.
public struct CycleCommanderChange: Equatable, Sendable {
    public var incident: String
    public var from: String?
    public var to: String
}

public enum CycleProposal {
    /// The `--map` key that stands for "tickets nobody is assigned to".
    public static let unassigned = "-"

    /// Open SET tickets: on the board and not DONE, in board order.
    public static func openTickets(_ board: BoardState) -> [Ticket] {
        Column.allCases.filter { $0 != .done }.flatMap { board.cards(in: $0) }.filter(\.isOnBoard)
    }

    /// The start review's list: open tickets with nobody, or somebody outside the current team, assigned.
    public static func unowned(_ tickets: [Ticket], members: Set<String>) -> [Ticket] {
        tickets.filter { t in t.assignee.map { !members.contains($0) } ?? true }
    }

    /// Parses `old=new` pairs; `old` may be `-` for unassigned tickets. Later pairs win.
    public static func mappings(_ typed: [String]) throws(CycleError) -> [String: String] {
        var out: [String: String] = [:]
        for m in typed {
            let parts = m.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, Decide.isValidHandle(parts[1]),
                  parts[0] == unassigned || Decide.isValidHandle(parts[0]) else { throw .invalidMapping(m) }
            out[parts[0]] = parts[1]
        }
        return out
    }

    /// Each ticket an outgoing SET member holds goes to the incoming seat with the same shift index and role (lead to
    /// lead), or to the incoming first-shift primary when the incoming team lacks that seat. Tickets nobody holds, or
    /// held by people outside the outgoing team (an owning team's engineer, say), are left alone: handing the whole
    /// backlog to one newcomer would bury their real work. Someone who is in the incoming team too (the next week of
    /// the same rotation) keeps their tickets: only the tickets of people who leave SET move. `overrides` (old
    /// assignee → new, `-` for nobody) win; tickets that would not change are left out.
    public static func reassignments(_ tickets: [Ticket], window: CycleWindow,
                                     overrides: [String: String] = [:]) throws(CycleError) -> [CycleReassignment] {
        guard let fallback = window.incoming.firstPrimary else { throw .noIncomingTeam(window.id) }
        let used = Set(tickets.map { $0.assignee ?? unassigned })
        let staying = Set(window.incoming.handles)
        if let unused = overrides.keys.sorted().first(where: { !used.contains($0) }) { throw .unusedMapping(unused) }
        return tickets.compactMap { t in
            let bySeat = t.assignee.flatMap { staying.contains($0) ? nil : window.outgoing.seat(of: $0) }
                .map { window.incoming.handle(shiftIndex: $0.shiftIndex, role: $0.role) ?? fallback }
            guard let to = overrides[t.assignee ?? unassigned] ?? bySeat, to != t.assignee else { return nil }
            return CycleReassignment(key: t.key, from: t.assignee, to: to)
        }
    }

    /// Open incidents (oldest first) with the incoming handles they do not list yet. Each person is invited by handle,
    /// not as one "SET" team: "SET" stays invited from earlier rotations, which would hide that the newcomers never joined.
    public static func invitations(_ incidents: IncidentState, window: CycleWindow) -> [CycleInvitation] {
        let people = window.incoming.handles
        return incidents.incidents.values.filter(\.isOpen).sorted { $0.number < $1.number }.compactMap { i in
            let missing = people.filter { !i.teams.contains($0) }
            return missing.isEmpty ? nil : CycleInvitation(incident: i.id, handles: missing)
        }
    }

    /// Open incidents (oldest first) whose commander is not the incoming primary, each proposed to pass to them: the
    /// person on call for the week leads what is still open. Empty when the incoming team has no primary.
    public static func commanders(_ incidents: IncidentState, window: CycleWindow) -> [CycleCommanderChange] {
        guard let primary = window.incoming.firstPrimary else { return [] }
        return incidents.incidents.values.filter(\.isOpen).sorted { $0.number < $1.number }.compactMap { i in
            i.commander == primary ? nil : CycleCommanderChange(incident: i.id, from: i.commander, to: primary)
        }
    }
}
