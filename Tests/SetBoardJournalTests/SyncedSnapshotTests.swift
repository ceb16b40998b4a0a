/// A synced board's snapshot: a start from it plus the events after its frontier gives the board a replay of every
/// replica from the start gives; an event that sorts before it, or a replica file that changed, makes it replay.
import Foundation
import SetBoardCore
import Testing
@testable import SetBoardJournal

/// Boards on several "hosts" in one scratch directory, exchanging journals as `sync` does without git: the other
/// board's journal.log is imported into `replicas/` with the same checks.
final class SyncedHosts {
    let dir: ScratchDir
    let clock = FixedClock()
    private(set) var boards: [String: String] = [:]

    init(_ names: [String]) throws {
        dir = try ScratchDir("syncsnap")
        for name in names {
            boards[name] = dir.sub(name)
            try BoardStore(journal: try FileJournal.create(directory: dir.sub(name), clock: clock))
                .perform(.initBoard(name: "SET", prefix: "SET"), actor: name, now: clock.ms)
        }
    }

    func board(_ name: String) -> String { boards[name] ?? "" }

    func rid(_ name: String) throws -> String {
        try String(contentsOfFile: board(name) + "/replica", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func policy(_ name: String, rewriteAfter: Int = 0) -> SnapshotPolicy {
        SnapshotPolicy(cacheHome: dir.sub("cache-" + name), rewriteAfter: rewriteAfter)
    }

    func open(_ name: String, snapshots: Bool, rewriteAfter: Int = 0) throws -> BoardStore {
        try BoardStore.open(directory: board(name), clock: clock,
                            snapshots: snapshots ? policy(name, rewriteAfter: rewriteAfter) : nil)
    }

    /// `to` imports what `from` has written so far; with `record`, `to` then writes what it has seen, as sync does.
    func send(_ from: String, to: String, record: Bool = false) throws {
        let wire = dir.sub("wire-\(from)-\(to)")
        try FileManager.default.createDirectory(atPath: wire, withIntermediateDirectories: true)
        let target = wire + "/" + (try rid(from)) + ".log"
        try? FileManager.default.removeItem(atPath: target)
        try FileManager.default.copyItem(atPath: board(from) + "/journal.log", toPath: target)
        // The bound on clocks is every event that exists; a real sync sees them all in the remote's files.
        let lines = boards.values.map { Bytes.read($0 + "/journal.log").reduce(0) { $1 == 0x0A ? $0 + 1 : $0 } }.reduce(0, +)
        let report = try ReplicaFiles.importFrom(wire, board: board(to), local: try rid(to), localLines: lines,
                                                 fileSystem: PosixFileSystem.shared)
        #expect(report.setAside.isEmpty, "\(report.setAside)")
        guard record else { return }
        let store = try open(to, snapshots: false)
        var seen = store.newestClocks
        seen.removeValue(forKey: try rid(to))
        try store.performEvents(actor: to) { _ in [NewEvent(.sync(.imported(seen: seen)))] }
    }

    func add(_ name: String, _ title: String) throws {
        try open(name, snapshots: false).perform(.add(NewTicket(title: title)), actor: name, now: clock.ms)
    }

    func change(_ name: String, _ command: Command) throws {
        _ = try? open(name, snapshots: false).perform(command, actor: name, now: clock.ms)
    }

    /// `name` writes events of any family (an incident, a link, a note about a key as its board shows it).
    func write(_ name: String, _ events: [NewEvent]) throws {
        try open(name, snapshots: false).append(events, actor: name)
    }

    /// `name` opened from its snapshot (written when missing) against a replay of every replica from the start.
    @discardableResult
    func expectSame(_ name: String, fromSnapshot: Bool?, _ comment: Comment? = nil,
                    sourceLocation: SourceLocation = #_sourceLocation) throws -> BoardStore {
        let snap = try open(name, snapshots: true)
        let full = try open(name, snapshots: false)
        if let fromSnapshot {
            #expect(snap.syncedFromSnapshot == fromSnapshot, comment, sourceLocation: sourceLocation)
        }
        #expect(snap.state == full.state, comment, sourceLocation: sourceLocation)
        #expect(snap.state.allTicketsInBoardOrder.map(\.key) == full.state.allTicketsInBoardOrder.map(\.key), comment,
                sourceLocation: sourceLocation)
        #expect(snap.roster == full.roster && snap.pages == full.pages && snap.incidents == full.incidents, comment,
                sourceLocation: sourceLocation)
        // Every family that names a ticket key, resolved through the renames as the replay resolves it.
        #expect(snap.links == full.links && snap.projects == full.projects && snap.alerts == full.alerts, comment,
                sourceLocation: sourceLocation)
        #expect(snap.keyRenames == full.keyRenames, comment, sourceLocation: sourceLocation)
        #expect(snap.idRenames == full.idRenames, comment, sourceLocation: sourceLocation)
        #expect(snap.replicaEventCounts == full.replicaEventCounts, comment, sourceLocation: sourceLocation)
        #expect(snap.replicasSetAside == full.replicasSetAside, comment, sourceLocation: sourceLocation)
        #expect(snap.newestClocks == full.newestClocks, comment, sourceLocation: sourceLocation)
        #expect(snap.seenByReplica == full.seenByReplica, comment, sourceLocation: sourceLocation)
        if full.isMerged {
            // A replay gives each board event its count as its seq: the snapshot must carry on from the same count.
            #expect(snap.applied == full.applied, comment, sourceLocation: sourceLocation)
        }
        for key in full.state.allTicketsInBoardOrder.map(\.key).prefix(4) {
            #expect(try snap.history(of: key).map(\.id) == full.history(of: key).map(\.id), comment, sourceLocation: sourceLocation)
        }
        // `log` and history mode read every replica's events, those before the snapshot's frontier too.
        let records = try snap.boardRecords(), fullRecords = try full.boardRecords()
        #expect(records.map(\.id) == fullRecords.map(\.id), comment, sourceLocation: sourceLocation)
        #expect(records.map(\.event) == fullRecords.map(\.event), comment, sourceLocation: sourceLocation)
        return snap
    }
}

@Suite struct SyncedSnapshotTests {
    /// (a) After an import that brings events, a start uses the snapshot and applies only what came after it.
    @Test func afterAnImportTheBoardOpensFromItsSnapshotPlusTheNewEvents() throws {
        let h = try SyncedHosts(["a", "b"])
        for i in 1...3 { try h.add("a", "a \(i)") }
        // Offline on both: b's SET-1 collides with a's and is renamed in the one order.
        for i in 1...2 { try h.add("b", "b \(i)") }
        try h.send("a", to: "b", record: true)
        try h.send("b", to: "a", record: true)
        let first = try h.expectSame("a", fromSnapshot: false, "no snapshot yet: replayed, then one is written")
        #expect(!first.keyRenames.isEmpty, "the offline keys collided")
        #expect(try h.expectSame("a", fromSnapshot: true).notes.isEmpty)

        // b goes on, having seen everything a wrote (its record of the import too), so its events sort after a's;
        // they name keys as b's board showed them.
        try h.send("a", to: "b")
        try h.change("b", .move(key: "SET-1", to: .inProgress))
        try h.change("b", .assign(key: "SET-4", assignee: "bob"))
        try h.add("b", "b 3")
        try h.send("b", to: "a")
        let store = try h.expectSame("a", fromSnapshot: true, "all of b's new events sort after the snapshot")
        let journal = try #require(store.journal as? FileJournal)
        #expect(journal.records.isEmpty, "this journal is read from the snapshot's position: nothing new there")

        // A change here, then a start again: still from the snapshot.
        try h.change("a", .move(key: "SET-2", to: .done))
        try h.expectSame("a", fromSnapshot: true)

        // The open board (watch) takes in what a later sync brings, on top or by a replay, as a fresh start would.
        let open = try h.open("a", snapshots: true)
        #expect(open.syncedFromSnapshot)
        try h.send("a", to: "b")
        try h.add("b", "b 4")
        try h.change("b", .move(key: "SET-3", to: .inReview))
        try h.send("b", to: "a")
        #expect(try open.refresh())
        let full = try h.open("a", snapshots: false)
        #expect(open.state == full.state)
        #expect(open.keyRenames == full.keyRenames && open.newestClocks == full.newestClocks)
        #expect(open.replicaEventCounts == full.replicaEventCounts)
        #expect(try open.history(of: "SET-3").map(\.id) == full.history(of: "SET-3").map(\.id))
    }

    /// (b) An event that arrives late and sorts before what the snapshot holds: the start replays from the start
    /// (never the snapshot with the event on top), and the snapshot is rebuilt.
    @Test func aLateEventThatSortsBeforeTheSnapshotForcesAReplay() throws {
        let h = try SyncedHosts(["a", "b", "c"])
        try h.add("c", "c, written offline long ago") // clock 1: sorts before nearly everything
        for i in 1...4 { try h.add("a", "a \(i)") }
        for i in 1...3 { try h.add("b", "b \(i)") }
        try h.send("b", to: "a", record: true)
        try h.expectSame("a", fromSnapshot: false)
        try h.expectSame("a", fromSnapshot: true)
        try h.send("c", to: "a")
        let late = try h.expectSame("a", fromSnapshot: false, "c's event sorts before the snapshot's greatest")
        #expect(late.notes.isEmpty, "a late event is ordinary, not a problem to report")
        #expect(late.state.allTicketsInBoardOrder.contains { $0.title == "c, written offline long ago" })
        try h.expectSame("a", fromSnapshot: true, "the rebuilt snapshot is used by the next start")
    }

    /// A page another replica opened keeps its time on a synced board, opened later from a replay or a snapshot:
    /// its escalation does not start again at every start.
    @Test func aPageFromAnotherReplicaKeepsItsTimeAtEveryStart() throws {
        let h = try SyncedHosts(["a", "b"])
        try h.add("a", "a 1")
        try h.open("b", snapshots: false).perform(PageCommand.open(summary: "Push drops", ticket: nil,
                                                                    onCall: OnCall(at: 0, primary: "alice", backup: "bob", lead: "carol"),
                                                                    policy: .standard), actor: "b", now: h.clock.ms)
        try h.send("b", to: "a")
        let later = FixedClock(ms: h.clock.ms + 3_600_000)
        for snapshots in [false, true, true] {
            let store = try BoardStore.open(directory: h.board("a"), clock: later,
                                            snapshots: snapshots ? h.policy("a") : nil)
            #expect(store.pages.page("P-1")?.opened == h.clock.ms, "snapshots \(snapshots)")
        }
    }

    /// The same for a page that reaches a synced board already open (`watch`, the full-screen board), on top or by
    /// a replay that a late event forces: its time is its event's, as on every other replica and at every start,
    /// not the moment this board happened to read it.
    @Test func aPageReachingAnOpenSyncedBoardKeepsItsTime() throws {
        let h = try SyncedHosts(["a", "b", "c"])
        try h.add("c", "c, offline") // sorts before the page: sent last, it forces the open board to replay
        try h.add("b", "b 1")
        try h.send("b", to: "a")
        try h.expectSame("a", fromSnapshot: false)
        let later = FixedClock(ms: h.clock.ms + 3_600_000)
        let open = try BoardStore.open(directory: h.board("a"), clock: later, snapshots: h.policy("a"))
        #expect(open.syncedFromSnapshot)
        try h.open("b", snapshots: false).perform(PageCommand.open(summary: "Push drops", ticket: nil,
                                                                    onCall: OnCall(at: 0, primary: "alice", backup: "bob", lead: "carol"),
                                                                    policy: .standard), actor: "b", now: h.clock.ms)
        try h.send("b", to: "a")
        #expect(try open.refresh())
        #expect(open.pages.page("P-1")?.opened == h.clock.ms, "taken in on top")
        try h.send("c", to: "a")
        #expect(try open.refresh())
        #expect(!open.syncedFromSnapshot, "c's event sorts before the board: replayed")
        #expect(open.pages.page("P-1")?.opened == h.clock.ms, "replayed")
        #expect(open.pages == (try h.open("a", snapshots: false)).pages)
    }

    /// An event of another replica that repeats the id of one the snapshot's board holds is dropped by a replay (the
    /// first in the order wins): the start from the snapshot and the open board replay too, rather than apply it.
    @Test func anEventRepeatingAnIdTheSnapshotHoldsForcesAReplay() throws {
        let h = try SyncedHosts(["a", "b", "c"])
        for i in 1...3 { try h.add("a", "a \(i)") }
        try h.add("b", "b 1")
        try h.send("b", to: "a")
        try h.expectSame("a", fromSnapshot: false)
        let open = try h.open("a", snapshots: true)
        #expect(open.syncedFromSnapshot)
        let copied = try #require(try open.allRecords().last?.id)
        // c's only event: a new ticket under an id a's journal already has, above every clock.
        let forged = JournalRecord(seq: 1, id: copied, rid: try h.rid("c"), lam: 6, ts: h.clock.ms, actor: "mallory",
                                   event: .board(.ticketCreated(key: "SET-9", ticket: NewTicket(title: "repeated id"))))
        try Data(forged.line).write(to: URL(fileURLWithPath: h.board("c") + "/journal.log"))
        try h.send("c", to: "a")
        let store = try h.expectSame("a", fromSnapshot: false, "a possible duplicate sends the start to a replay")
        #expect(!store.state.allTicketsInBoardOrder.contains { $0.title == "repeated id" })
        #expect(try open.refresh())
        // The open board's counter goes on from where it was (the UI keys its caches on it), so its cards are compared.
        #expect(open.state.allTicketsInBoardOrder == store.state.allTicketsInBoardOrder, "the open board replays too")
        #expect(!open.state.allTicketsInBoardOrder.contains { $0.title == "repeated id" })
    }

    /// Both hosts make SET-1 offline; after syncing, each writes an incident, a link and a note about SET-1 as its
    /// board now shows it (the ticket that kept the key), and the other imports them after its snapshot's frontier.
    /// Which ticket such an event means depends on what its writer had seen when it wrote (its seen steps), so the
    /// snapshot must carry those steps: a start from it puts every event where a replay does.
    @Test func eventsOfEveryFamilyAfterTheFrontierFollowTheRenameAsInAReplay() throws {
        let h = try SyncedHosts(["a", "b"])
        try h.add("a", "made on a")
        try h.add("b", "made on b")
        try h.send("a", to: "b", record: true)
        try h.send("b", to: "a", record: true)
        try h.send("a", to: "b", record: true)
        // a takes in b's record of that import too: both snapshots then end at the same clock, and whatever either
        // host writes next sorts after both frontiers, whichever replica id is the smaller.
        try h.send("b", to: "a")
        for name in ["a", "b"] { try h.expectSame(name, fromSnapshot: false, "the first start writes the snapshot") }
        let onA = try h.open("a", snapshots: false)
        let rename = try #require(onA.keyRenames.first)
        #expect(rename.from == "SET-1")
        let holder = try #require(onA.state.ticket("SET-1")?.title)
        for name in ["a", "b"] {
            // More events first, so that the incident's clock sorts after everything the other host's snapshot holds.
            for i in 1...3 { try h.add(name, "\(name) later \(i)") }
            try h.write(name, [
                NewEvent(.incident(.opened(id: "INC-\(name)", level: .l2, title: "down on \(name)", ticket: "SET-1",
                                           commander: nil, updateInterval: 3_600_000))),
                NewEvent(.link(.linked(key: "SET-1", url: "https://example.com/\(name)", label: nil))),
                NewEvent(.link(.noted(key: "SET-1", text: "note of \(name)", author: nil, at: nil))),
            ])
        }
        try h.send("b", to: "a")
        try h.send("a", to: "b")
        for name in ["a", "b"] {
            let store = try h.expectSame(name, fromSnapshot: true, "\(name): every new event sorts after the frontier")
            #expect(store.state.ticket("SET-1")?.title == holder)
            #expect(store.incidents.incidents.values.filter { $0.ticket == "SET-1" }.map(\.id).sorted() == ["INC-a", "INC-b"],
                    "\(name): both hosts meant the ticket that kept the key")
            #expect(Set((store.links.links["SET-1"] ?? []).map(\.url)) == ["https://example.com/a", "https://example.com/b"])
            #expect((store.links.notes[rename.to] ?? []).isEmpty, "\(name): no note moved to the renamed ticket")
        }
    }

    /// The snapshot keeps other events as applied, keys already resolved, so a start applies them as stored. Here
    /// b's SET-1 and SET-2 are both renamed (SET-1 to SET-2, its SET-2 to SET-3) and b's note on SET-1 is kept as on
    /// SET-2: resolving it again would move it on to SET-3, b's other ticket.
    @Test func aNoteKeptInTheSnapshotIsNotMovedASecondTime() throws {
        let h = try SyncedHosts(["a", "b"])
        try h.add("a", "a one")
        // An empty record of a sync first, so that b's tickets sort after a's whatever the replica ids.
        try h.write("b", [NewEvent(.sync(.imported(seen: [:])))])
        try h.add("b", "b one")
        try h.add("b", "b two")
        try h.write("b", [NewEvent(.link(.noted(key: "SET-1", text: "on b one", author: nil, at: nil)))])
        try h.send("b", to: "a")
        let replayed = try h.expectSame("a", fromSnapshot: false)
        #expect(replayed.keyRenames.map { "\($0.from)>\($0.to)" } == ["SET-1>SET-2", "SET-2>SET-3"])
        let store = try h.expectSame("a", fromSnapshot: true)
        let key = try #require(store.state.allTicketsInBoardOrder.first { $0.title == "b one" }?.key)
        #expect(store.links.notes[key]?.map(\.text) == ["on b one"], "\(store.links.notes)")
    }

    /// The frontier's seen steps read back as written; a step out of order, a clock out of range or a name that is
    /// not a replica id makes the snapshot damaged (rebuilt), never a guess.
    @Test func theFrontierKeepsSeenStepsAndRefusesDamagedOnes() {
        func decoded(_ steps: [String: [SeenStep]]) -> ReplicaFrontier? {
            let frontier = ReplicaFrontier(localRead: true, marks: [], last: nil, applied: 3, believable: Int64.min,
                                           renames: [], seenSteps: steps, idHashes: [],
                                           origins: ReplicaFrontier.encodeOrigins([:]))
            var w = SnapshotWriter(capacity: 64)
            frontier.encode(into: &w)
            return w.bytes.withUnsafeBytes { raw in
                var r = SnapshotReader(raw)
                return try? ReplicaFrontier(decoding: &r)
            }
        }
        let good = ["aa": [SeenStep(lam: 3, vector: ["bb": 2]), SeenStep(lam: 7, vector: ["bb": 5, "cc": 1])],
                    "bb": [SeenStep(lam: 4, vector: [:])]]
        #expect(decoded(good)?.seenSteps == good)
        let damaged: [[String: [SeenStep]]] = [
            ["aa": [SeenStep(lam: -1, vector: [:])]],
            ["aa": [SeenStep(lam: 1 << 60, vector: [:])]],
            ["aa": [SeenStep(lam: 3, vector: ["bb": -2])]],
            ["aa": [SeenStep(lam: 7, vector: [:]), SeenStep(lam: 3, vector: [:])]],
            ["Not A Replica": [SeenStep(lam: 1, vector: [:])]],
            ["aa": [SeenStep(lam: 1, vector: ["b b": 1])]],
        ]
        for steps in damaged { #expect(decoded(steps) == nil, "\(steps)") }
    }

    /// `log` and history mode (`boardRecords()`) on a board opened from its snapshot: the other replicas' events the
    /// snapshot covers are read from their files, not lost with the frontier.
    @Test func boardRecordsAfterASnapshotStartHoldEveryReplicasEvents() throws {
        let h = try SyncedHosts(["a", "b"])
        for i in 1...2 { try h.add("a", "a \(i)") }
        for i in 1...2 { try h.add("b", "b \(i)") }
        try h.write("b", [NewEvent(.link(.noted(key: "SET-1", text: "b's note", author: nil, at: nil)))])
        try h.send("b", to: "a", record: true)
        try h.expectSame("a", fromSnapshot: false)
        let store = try h.open("a", snapshots: true)
        #expect(store.syncedFromSnapshot)
        let records = try store.boardRecords()
        let rid = try h.rid("b")
        let fromB = records.filter { $0.rid == rid }
        let written = try h.open("b", snapshots: false).allRecords().map(\.id)
        #expect(fromB.map(\.id) == written, "b's board, tickets and note, all before the frontier: \(fromB.map(\.type))")
        #expect(records.map(\.seq) == Array(1...Int64(records.count)), "numbered by their place in the one order")
        #expect(!store.keyRenames.isEmpty, "b's tickets collided with a's")
        let key = try #require(store.state.allTicketsInBoardOrder.first { $0.title == "b 1" }?.key)
        #expect(fromB.contains { record in
            if case let .link(.noted(noted, "b's note", _, _))? = record.event { return noted == key }
            return false
        }, "the note is told with the key it was applied to (\(key))")
    }

    enum Damage: String, CaseIterable, Sendable { case shrunk, rewritten, damagedLine, vanished, tailDamaged }

    /// (c) A replica file that no longer begins with the bytes the snapshot read (shorter, rewritten, gone) makes
    /// the snapshot unused, with a note; a damaged file is set aside and reported as without a snapshot.
    @Test(arguments: Damage.allCases)
    func aReplicaFileThatChangedLeavesTheSnapshotUnused(_ damage: Damage) throws {
        let h = try SyncedHosts(["a", "b", "c"])
        for i in 1...3 { try h.add("a", "a \(i)") }
        try h.send("a", to: "b")
        try h.send("a", to: "c")
        for i in 1...3 { try h.add("b", "b \(i)") }
        try h.add("c", "c 1")
        try h.send("b", to: "a")
        try h.send("c", to: "a")
        try h.expectSame("a", fromSnapshot: false)
        try h.expectSame("a", fromSnapshot: true)
        let file = h.board("a") + "/replicas/" + (try h.rid("b")) + ".log"
        var bytes = Bytes.read(file)
        let lastLine = (bytes.dropLast().lastIndex(of: 0x0A) ?? -1) + 1
        switch damage {
        case .shrunk:
            bytes.removeSubrange(lastLine...)
        case .rewritten:
            // The same length and whole lines that check, but another event: a history rewritten.
            let old = Array("b 3".utf8), new = Array("b 9".utf8)
            let at = try #require(bytes.indices.first { bytes[$0...].starts(with: old) })
            bytes.replaceSubrange(at..<(at + 3), with: new)
            let body = Array(bytes[(lastLine + 9)..<(bytes.count - 1)])
            bytes.replaceSubrange(lastLine..<(lastLine + 8), with: CRC32.hex(CRC32.checksum(body)))
        case .damagedLine:
            bytes[lastLine / 2] ^= 0x20
        case .vanished:
            bytes = []
        case .tailDamaged:
            bytes += Array("0000zzzz {\"broken\n".utf8)
        }
        if damage == .vanished {
            try FileManager.default.removeItem(atPath: file)
        } else {
            try Data(bytes).write(to: URL(fileURLWithPath: file))
        }
        let store = try h.expectSame("a", fromSnapshot: false, "\(damage)")
        switch damage {
        case .shrunk, .rewritten, .damagedLine, .vanished:
            #expect(store.notes.contains { $0.contains("was not used") }, "\(damage): \(store.notes)")
        case .tailDamaged:
            #expect(store.notes.isEmpty, "the frontier still holds; the new bytes are what is damaged")
        }
        if damage == .damagedLine || damage == .tailDamaged {
            #expect(store.replicasSetAside[try h.rid("b")] != nil, "reported as without a snapshot: \(store.replicasSetAside)")
        }
    }

    /// Random changes on three replicas, random imports in random orders; after every step the replica that moved
    /// opens from its snapshot (or rebuilds one) to exactly the board a replay of everything gives.
    @Test(arguments: [1, 2, 3])
    func randomChangesAndImportsOpenFromTheSnapshotAsAReplayWould(_ round: Int) throws {
        let seed = UInt64(ProcessInfo.processInfo.environment["SETBOARD_SYNC_SEED"] ?? "") ?? UInt64.random(in: 0...UInt64.max)
        var rng = SeededRandom(seed: seed &+ UInt64(round))
        let names = ["a", "b", "c"]
        let h = try SyncedHosts(names)
        let columns: [Column] = [.todo, .inProgress, .inReview, .done]
        var fromSnapshot = 0
        var opened = 0
        for step in 0..<30 {
            let name = names[Int(rng.next() % 3)]
            let keys = try h.open(name, snapshots: false).state.allTicketsInBoardOrder.map(\.key)
            let pick = keys.isEmpty ? nil : keys[Int(rng.next() % UInt64(keys.count))]
            switch rng.next() % 11 {
            case 0, 1: try h.add(name, "\(name) \(step)")
            case 9, 10:
                // An incident under the next free id as this board shows it: replicas offline hand out the same one.
                let incidents = try h.open(name, snapshots: false).incidents
                try h.write(name, [NewEvent(.incident(.opened(id: incidents.nextID(), level: .l1, title: "\(name) inc \(step)",
                                                              ticket: nil, commander: nil, updateInterval: 3_600_000)))])
                opened += 1
            case 2 where pick != nil: try h.change(name, .move(key: pick!, to: columns[Int(rng.next() % 4)]))
            case 3 where pick != nil: try h.change(name, .assign(key: pick!, assignee: ["alice", "bob"][Int(rng.next() % 2)]))
            case 4 where pick != nil: try h.change(name, .rank(key: pick!, position: .top))
            case 5 where pick != nil:
                // Events of other families naming the key as this board shows it: a rename must reach them the
                // same way from the snapshot as in a replay.
                switch rng.next() % 4 {
                case 0:
                    // The next free id as this board shows it: two replicas offline hand out the same one.
                    let incidents = try h.open(name, snapshots: false).incidents
                    try h.write(name, [NewEvent(.incident(.opened(id: incidents.nextID(), level: .l2, title: "down \(step)",
                                                                  ticket: pick!, commander: nil, updateInterval: 3_600_000)))])
                    opened += 1
                case 3:
                    // An update on an incident as this board names it: it must follow that incident if its id moves.
                    let ids = try h.open(name, snapshots: false).incidents.incidents.keys.sorted()
                    guard !ids.isEmpty else { break }
                    try h.write(name, [NewEvent(.incident(.updatePosted(id: ids[Int(rng.next() % UInt64(ids.count))],
                                                                        text: "\(name) update \(step)")))])
                case 1: try h.write(name, [NewEvent(.link(.linked(key: pick!, url: "https://example.com/\(step)", label: nil)))])
                default: try h.write(name, [NewEvent(.link(.noted(key: pick!, text: "note \(step)", author: nil, at: nil)))])
                }
            default:
                let from = names.filter { $0 != name }[Int(rng.next() % 2)]
                try h.send(from, to: name, record: rng.next() % 2 == 0)
            }
            let store = try h.expectSame(name, fromSnapshot: nil, "seed \(seed), step \(step), \(name)")
            if store.syncedFromSnapshot { fromSnapshot += 1 }
        }
        for to in names { for from in names where from != to { try h.send(from, to: to, record: true) } }
        for name in names {
            let store = try h.expectSame(name, fromSnapshot: nil, "seed \(seed), the full round, \(name)")
            // No incident lost to a collision: every one opened is there, under ids 1...n.
            #expect(store.incidents.incidents.keys.sorted { $0.count != $1.count ? $0.count < $1.count : $0 < $1 }
                    == (0..<opened).map { "INC-\($0 + 1)" }, "seed \(seed), \(name)")
        }
        #expect(fromSnapshot > 0, "seed \(seed): some starts used the snapshot")
    }
}
