// Incident, page and project ids handed out offline on two replicas: both survive the sync, under distinct ids.
import Foundation
import SetBoardCore
import Testing
@testable import SetBoardJournal

@Suite struct ReplicaIDRenameTests {
    /// What one host writes offline: INC-1, P-1 and PRJ-1 (each the next free id on its own board), and an event
    /// about each of them as its board shows it.
    static func offline(_ tag: String) -> [NewEvent] {
        [NewEvent(.incident(.opened(id: "INC-1", level: .l2, title: "down \(tag)", ticket: nil, commander: nil,
                                    updateInterval: 3_600_000))),
         NewEvent(.incident(.updatePosted(id: "INC-1", text: "update \(tag)"))),
         NewEvent(.page(.opened(id: "P-1", summary: "help \(tag)", ticket: nil,
                                chain: [OnCallStep(role: .primary, handle: "alice")], policy: .standard))),
         NewEvent(.page(.acknowledged(id: "P-1", by: "ack\(tag)"))),
         NewEvent(.project(.created(key: "PRJ-1", title: "project \(tag)", dri: "alice", stakeholders: [], description: "",
                                    links: [], dor: [ChecklistTemplateItem(id: "r", text: "ready")],
                                    dod: [ChecklistTemplateItem(id: "d", text: "done")]))),
         NewEvent(.project(.taskAdded(key: "PRJ-1", task: "PRJ-1.T1", milestone: nil, title: "task \(tag)")))]
    }

    /// Each host's incident, page and project, by the tag in its title, with what was written about it.
    static func summary(_ store: BoardStore) -> [String] {
        func task(_ task: ProjectTask) -> String {
            if case let .own(title, _) = task.source { return "\(task.key):\(title)" }
            return task.key
        }
        return store.incidents.incidents.values.map { "\($0.title) \($0.id) \($0.updates.map(\.text))" }.sorted()
            + store.pages.list(includeAcknowledged: true).map { "\($0.summary) \($0.id) \($0.acknowledgedBy ?? "-")" }.sorted()
            + store.projects.projects.values.map { "\($0.title) \($0.key) \($0.tasks.map(task))" }.sorted()
    }

    @Test func idsMadeOfflineOnTwoHostsBothSurviveUnderDistinctIds() throws {
        let w = try TwoReplicas()
        try w.a.append(Self.offline("a"), actor: "alice")
        try w.b.append(Self.offline("b"), actor: "bob")
        try w.syncAll()
        let stores = [w.a, w.b, try w.reopened(w.a), try w.reopened(w.b)]
        for store in stores {
            #expect(store.incidents.incidents.count == 2, "\(Self.summary(store))")
            #expect(store.pages.list(includeAcknowledged: true).count == 2)
            #expect(store.projects.projects.count == 2)
            let lines = Self.summary(store)
            for tag in ["a", "b"] {
                // Each host's follow-up event stayed on its own incident, page and project.
                #expect(lines.contains { $0.hasPrefix("down \(tag) INC-") && $0.hasSuffix("[\"update \(tag)\"]") }, "\(lines)")
                #expect(lines.contains { $0.hasPrefix("help \(tag) P-") && $0.hasSuffix(" ack\(tag)") }, "\(lines)")
                #expect(lines.contains { $0.hasPrefix("project \(tag) PRJ-") && $0.contains(":task \(tag)") }, "\(lines)")
            }
            #expect(Set(store.incidents.incidents.keys) == ["INC-1", "INC-2"])
            #expect(Set(store.pages.list(includeAcknowledged: true).map(\.id)) == ["P-1", "P-2"])
            #expect(Set(store.projects.projects.keys) == ["PRJ-1", "PRJ-2"])
            #expect(lines == Self.summary(w.a), "every host shows the same incidents, pages and projects")
            #expect(store.idRenames.map { "\($0.space) \($0.from)>\($0.to)" }.sorted()
                    == ["incident INC-1>INC-2", "page P-1>P-2", "project PRJ-1>PRJ-2"])
        }
        // After the sync, the host whose ids moved names them by their new ids; the other host's stay put.
        let renamed = try #require(w.a.idRenames.first { $0.space == .incident })
        let later = renamed.origin.rid == w.rid(w.a) ? w.a : w.b
        let tag = later === w.a ? "a" : "b"
        try later.append([NewEvent(.incident(.updatePosted(id: "INC-2", text: "later \(tag)"))),
                          NewEvent(.incident(.updatePosted(id: "INC-1", text: "on the other")))], actor: "carol")
        try w.syncAll()
        for store in [w.a, w.b, try w.reopened(w.a)] {
            #expect(store.incidents.incident("INC-2")?.title == "down \(tag)")
            #expect(store.incidents.incident("INC-2")?.updates.map(\.text) == ["update \(tag)", "later \(tag)"])
            #expect(store.incidents.incident("INC-1")?.updates.last?.text == "on the other")
        }
    }

    /// A synced board opened from its snapshot holds the renamed ids as a replay does, and events after its frontier
    /// that name a moved id follow it.
    @Test func aSnapshotStartKeepsTheIdRenamesAsAReplay() throws {
        let h = try SyncedHosts(["a", "b"])
        try h.write("a", Self.offline("a"))
        try h.write("b", Self.offline("b"))
        try h.send("a", to: "b", record: true)
        try h.send("b", to: "a", record: true)
        try h.send("a", to: "b", record: true)
        try h.send("b", to: "a")
        for name in ["a", "b"] { try h.expectSame(name, fromSnapshot: false, "the first start writes the snapshot") }
        let onA = try h.open("a", snapshots: false)
        #expect(onA.idRenames.count == 3)
        let renamed = try #require(onA.idRenames.first { $0.space == .page })
        let later = try h.rid("a") == renamed.origin.rid ? "a" : "b"
        for name in ["a", "b"] {
            for i in 1...3 { try h.add(name, "\(name) later \(i)") }
            try h.write(name, [NewEvent(.page(.notified(id: name == later ? "P-2" : "P-1", step: 0, handle: "alice"))),
                               NewEvent(.project(.taskAdded(key: name == later ? "PRJ-2" : "PRJ-1", task: name == later ? "PRJ-2.T2" : "PRJ-1.T2",
                                                            milestone: nil, title: "second \(name)")))])
        }
        try h.send("b", to: "a")
        try h.send("a", to: "b")
        for name in ["a", "b"] {
            let store = try h.expectSame(name, fromSnapshot: true, "\(name): every new event sorts after the frontier")
            #expect(store.idRenames == onA.idRenames)
            #expect(store.pages.page("P-2")?.summary == "help \(later)")
            #expect(store.pages.page("P-2")?.notified[0] == "alice" && store.pages.page("P-1")?.notified[0] == "alice")
            #expect(store.projects.project("PRJ-2")?.tasks.map(\.key) == ["PRJ-2.T1", "PRJ-2.T2"])
            #expect(store.projects.project("PRJ-2")?.title == "project \(later)")
        }
    }

    /// The frontier's id renames read back as written; an id that is not one of its space's is a damaged snapshot.
    @Test func theFrontierKeepsIdRenamesAndRefusesDamagedOnes() {
        func decoded(_ renames: [KeyRename]) -> ReplicaFrontier? {
            let frontier = ReplicaFrontier(localRead: true, marks: [], last: nil, applied: 3, believable: Int64.min,
                                           renames: [], seenSteps: [:], idHashes: [],
                                           origins: ReplicaFrontier.encodeOrigins([:]), idRenames: renames)
            var w = SnapshotWriter(capacity: 64)
            frontier.encode(into: &w)
            return w.bytes.withUnsafeBytes { raw in
                var r = SnapshotReader(raw)
                return try? ReplicaFrontier(decoding: &r)
            }
        }
        let renames = [KeyRename(from: "INC-1", to: "INC-2", origin: EventOrigin(rid: "aa", lam: 3),
                                 holder: [EventOrigin(rid: "bb", lam: 2)], space: .incident),
                       KeyRename(from: "PRJ-1", to: "PRJ-3", origin: EventOrigin(rid: "bb", lam: 9), holder: [], space: .project)]
        #expect(decoded(renames)?.idRenames == renames)
        for (from, to) in [("INC-1", "P-2"), ("P-1", "INC-2"), ("PRJ-01", "PRJ-2"), ("INC-1", "INC-99999999999")] {
            let space: IDSpace = from.hasPrefix("P-") ? .page : from.hasPrefix("PRJ") ? .project : .incident
            let bad = [KeyRename(from: from, to: to, origin: EventOrigin(rid: "aa", lam: 3), holder: [], space: space)]
            #expect(decoded(bad) == nil, "\(from)>\(to)")
        }
    }
}
