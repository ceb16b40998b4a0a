// Incident, page and project ids that two replicas handed out offline: the later creation moves, later events follow.
import SetBoardCore

extension ReplicaReplay {
    /// An event of the incident, page or project family as its writer meant it, once its ticket keys are resolved:
    /// a creation under an id the board already holds takes the next free id of its space (`KeyRenames.moveCreation`),
    /// and any other event naming a moved id follows it by the rule ticket keys follow (what had the writer seen).
    func mapIDs(_ event: Event, _ record: JournalRecord, store: BoardStore) -> Event {
        if let (space, id) = event.createdID, store.holds(id, in: space) {
            let next = store.nextID(in: space)
            guard let moved = renames.moveCreation(of: id, in: space, rid: record.rid, lam: record.lam, next: next,
                                                   holderOrigin: { store.creationOrigin(of: id, in: space) }) else { return event }
            return event.withIDs { $1 == id ? moved : $1 }
        }
        guard !renames.noIDRenames, event.createdID == nil else { return event }
        return event.withIDs { renames.resolve($1, in: $0, by: record.rid, at: record.lam) }
    }
}

extension BoardStore {
    /// True when the board already has an incident, page or project of this id.
    func holds(_ id: String, in space: IDSpace) -> Bool {
        switch space {
        case .ticket: return state.ticket(id) != nil
        case .incident: return incidents.incident(id) != nil
        case .page: return pages.page(id) != nil
        case .project: return projects.project(id) != nil
        }
    }

    /// The next free id of the space, as its state hands it out.
    func nextID(in space: IDSpace) -> String {
        switch space {
        case .ticket: return state.nextKey()
        case .incident: return incidents.nextID()
        case .page: return pages.nextID()
        case .project: return projects.nextKey()
        }
    }

    /// Where the incident, page or project that holds `id` was created: the first creation of it among the events
    /// applied, which hold every creation as applied (moved ids included), whether replayed, put on top of a board
    /// or placed from a snapshot. Read only when a creation collides, which is rare.
    func creationOrigin(of id: String, in space: IDSpace) -> EventOrigin? {
        for record in otherEvents {
            if let created = record.event?.createdID, created.space == space, created.id == id {
                return EventOrigin(rid: record.rid, lam: record.lam)
            }
        }
        return nil
    }

    /// Incidents, pages and projects created offline under an id another replica had taken, and where each went.
    public var idRenames: [KeyRename] { replicas?.renames.idRenames ?? [] }
}
