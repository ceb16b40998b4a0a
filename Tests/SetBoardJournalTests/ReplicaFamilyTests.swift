// Two replicas of one board in one process: a key handed out offline on both, then every family's events follow it.
import Foundation
import SetBoardCore
import Testing
@testable import SetBoardJournal

/// Two boards (replicas) under one scratch directory; `sync` does what `setboard sync` does without git: the other
/// board's journal is imported as its replica file, the store catches up, and `sync.imported` records what it saw.
final class TwoReplicas {
    let dir: ScratchDir
    var a: BoardStore
    var b: BoardStore
    let now = FixedClock().ms

    init() throws {
        dir = try ScratchDir("replicas")
        a = BoardStore(journal: try FileJournal.create(directory: dir.sub("a"), clock: FixedClock()))
        b = BoardStore(journal: try FileJournal.create(directory: dir.sub("b"), clock: FixedClock()))
        try a.perform(.initBoard(name: "SET board", prefix: "SET"), actor: "alice", now: now)
        try b.perform(.initBoard(name: "SET board", prefix: "SET"), actor: "bob", now: now)
    }

    func rid(_ store: BoardStore) -> String { (store.journal as! FileJournal).replica }

    /// Brings `from`'s events into `to`.
    func sync(from: BoardStore, to: BoardStore) throws {
        let remote = dir.sub("remote")
        try FileManager.default.createDirectory(atPath: remote, withIntermediateDirectories: true)
        let source = (from.journal as! FileJournal).journalPath
        try Bytes.write(Bytes.read(source), to: remote + "/\(rid(from)).log")
        let target = to.journal as! FileJournal
        let report = try ReplicaFiles.importFrom(remote, board: target.directory, local: target.replica,
                                                 localLines: Int(target.position?.lines ?? 0), fileSystem: PosixFileSystem.shared)
        #expect(report.setAside.isEmpty, "\(report.setAside)")
        try to.refresh()
        var seen = to.newestClocks
        seen.removeValue(forKey: target.replica)
        try to.append([NewEvent(.sync(.imported(seen: seen)))], actor: "sync")
    }

    /// Both ways, then back, as two hosts running `setboard sync` in turn.
    func syncAll() throws {
        try sync(from: a, to: b)
        try sync(from: b, to: a)
        try sync(from: a, to: b)
    }

    /// The same board opened afresh: every replica replayed from the start in the one order.
    func reopened(_ store: BoardStore) throws -> BoardStore {
        let file = store.journal as! FileJournal
        let fresh = BoardStore(journal: try FileJournal.open(directory: file.directory, clock: FixedClock()))
        try fresh.attachReplicas()
        return fresh
    }

    /// The key a ticket of this title has on `store`.
    func key(_ title: String, on store: BoardStore) -> String? {
        store.state.tickets.values.first { $0.title == title }?.key
    }
}

@Suite("Key renames reach every family")
struct ReplicaFamilyTests {
    enum Family: String, CaseIterable, Sendable {
        case incident, page, alert, link, note, jiraOrigin, project, assigneeNotice
    }

    /// The event a replica writes about the ticket it knows as `key`, tagged with `tag` so each side's can be found.
    static func event(_ family: Family, key: String, tag: String) -> [NewEvent] {
        switch family {
        case .incident:
            return [NewEvent(.incident(.opened(id: "INC-\(tag)", level: .l1, title: "down \(tag)", ticket: key,
                                               commander: nil, updateInterval: 3_600_000)))]
        case .page:
            return [NewEvent(.page(.opened(id: "P-\(tag)", summary: "help \(tag)", ticket: key,
                                           chain: [OnCallStep(role: .primary, handle: "alice")], policy: .standard)))]
        case .alert:
            return [NewEvent(.alert(.fired(key: key, group: "g\(tag)", fingerprint: "fp\(tag)", name: "alert \(tag)", since: nil)))]
        case .link:
            return [NewEvent(.link(.linked(key: key, url: "https://example.com/\(tag)", label: nil)))]
        case .note:
            return [NewEvent(.link(.noted(key: key, text: "note \(tag)", author: nil, at: nil)))]
        case .jiraOrigin:
            return [NewEvent(.link(.imported(key: key, jira: "MM-\(tag)", url: nil, reporter: nil)))]
        case .project:
            return [NewEvent(.project(.created(key: "PRJ-\(tag)", title: "p \(tag)", dri: "alice", stakeholders: [],
                                               description: "", links: [], dor: [ChecklistTemplateItem(id: "r", text: "ready")],
                                               dod: [ChecklistTemplateItem(id: "d", text: "done")]))),
                    NewEvent(.project(.taskLinked(key: "PRJ-\(tag)", milestone: nil, ticket: key)))]
        case .assigneeNotice:
            return [NewEvent(.page(.assigneeNotified(key: key, reason: .nudge, mark: Int64(tag) ?? 0, handle: "alice")))]
        }
    }

    /// What `store` holds for the ticket `key` of this family, as a text naming the tags it carries.
    static func holds(_ family: Family, key: String, on store: BoardStore) -> [String] {
        switch family {
        case .incident:
            return store.incidents.incidents.values.filter { $0.ticket == key }.map(\.id).sorted()
        case .page:
            return store.pages.list(includeAcknowledged: true).filter { $0.ticket == key }.map(\.id).sorted()
        case .alert:
            return store.alerts.alerts(of: key).map(\.fingerprint).sorted()
        case .link:
            return (store.links.links[key] ?? []).map(\.url).sorted()
        case .note:
            return (store.links.notes[key] ?? []).map(\.text).sorted()
        case .jiraOrigin:
            return store.links.jiraKey(of: key).map { [$0] } ?? []
        case .project:
            return store.projects.projects.values.filter { p in p.tasks.contains { $0.key == key } }.map(\.key).sorted()
        case .assigneeNotice:
            return store.pages.assigneeNotices.filter { $0.key == key }.map { "\($0.mark)" }.sorted()
        }
    }

    static func expected(_ family: Family, tag: String) -> String {
        switch family {
        case .incident: return "INC-\(tag)"
        case .page: return "P-\(tag)"
        case .alert: return "fp\(tag)"
        case .link: return "https://example.com/\(tag)"
        case .note: return "note \(tag)"
        case .jiraOrigin: return "MM-\(tag)"
        case .project: return "PRJ-\(tag)"
        case .assigneeNotice: return tag
        }
    }

    /// Both hosts create SET-1 offline and write an event of one family about it; after sync one of the two tickets
    /// is renamed, and each host's event is on its own ticket, on both hosts, whether caught up or opened afresh.
    @Test(arguments: Family.allCases)
    func anEventAboutAKeyMadeOfflineFollowsItsTicket(_ family: Family) throws {
        let w = try TwoReplicas()
        try w.a.perform(.add(NewTicket(title: "made on a")), actor: "alice", now: w.now)
        try w.b.perform(.add(NewTicket(title: "made on b")), actor: "bob", now: w.now)
        try w.a.append(Self.event(family, key: "SET-1", tag: "1"), actor: "alice")
        try w.b.append(Self.event(family, key: "SET-1", tag: "2"), actor: "bob")
        try w.syncAll()
        for store in [w.a, w.b, try w.reopened(w.a), try w.reopened(w.b)] {
            #expect(store.keyRenames.count == 1, "\(store.replicasSetAside)")
            let onA = try #require(w.key("made on a", on: store))
            let onB = try #require(w.key("made on b", on: store))
            #expect(onA != onB)
            #expect(Self.holds(family, key: onA, on: store) == [Self.expected(family, tag: "1")], "\(family) of a")
            #expect(Self.holds(family, key: onB, on: store) == [Self.expected(family, tag: "2")], "\(family) of b")
        }
        // After the sync each host names the other's ticket by its new key, and its own as before.
        let renamed = try #require(w.a.keyRenames.first)
        let later = renamed.origin.rid == w.rid(w.a) ? w.a : w.b
        try later.append(Self.event(family, key: renamed.to, tag: "3"), actor: "carol")
        try w.syncAll()
        let title = later === w.a ? "made on a" : "made on b"
        for store in [w.a, w.b] {
            let key = try #require(w.key(title, on: store))
            #expect(Self.holds(family, key: key, on: store).contains(Self.expected(family, tag: "3")))
        }
    }
}
