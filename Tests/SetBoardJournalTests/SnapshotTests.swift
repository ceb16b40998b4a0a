/// Snapshots: opening from one gives exactly the replayed board, reads only the journal's tail, and a snapshot that
/// is damaged or no longer matches the journal is set aside with a message and rebuilt.
import Foundation
import SetBoardCore
import Testing
@testable import SetBoardJournal

@Suite struct SnapshotTests {
    let clock = FixedClock()

    /// A board with every family of events: generated tickets (moves, hand-ranks, reroutes), a roster, an incident,
    /// a page and a cycle tick.
    func makeRichBoard(_ dir: ScratchDir, tickets: Int = 400, seed: UInt64 = 7) throws -> String {
        let board = dir.sub("board")
        let store = BoardStore(journal: try FileJournal.create(directory: board, clock: clock))
        let script = BoardGenerator.script(tickets: tickets, seed: seed, now: clock.ms)
        try store.append(script.map { NewEvent(type: $0.event.type, payload: $0.event.payload, at: $0.at, actor: $0.actor) },
                         actor: "alice")
        try store.perform(.add(NewTicket(title: "Zoë 漢字 😀 \u{202E}txt", description: "naïve", tier: .customer)), actor: "zoë",
                          now: clock.ms)
        try store.perform(RosterCommand.define(DemoBoard.roster(now: clock.ms, admins: ["alice"], zones: HostTimeZones())), actor: "alice", now: clock.ms)
        try store.perform(IncidentCommand.open(level: .l1, title: "Login loop \u{1B}[2J", ticket: "SET-1", commander: "bob",
                                               updateInterval: nil), actor: "alice")
        try store.perform(IncidentCommand.postUpdate(id: "INC-1", text: "rolled back"), actor: "alice")
        try store.perform(PageCommand.open(summary: "Push drops", ticket: "SET-2", onCall: OnCall(at: 0, primary: "alice", backup: "bob", lead: "carol"), policy: .standard),
                          actor: "alice", now: clock.ms)
        try store.perform(PageCommand.recordNotified(id: "P-1", step: 0), actor: "alice", now: clock.ms)
        try store.append([NewEvent(.alert(.fired(key: "SET-2", group: "{}:{alertname=\"Push\"}", fingerprint: "f1", name: "Push",
                                                 since: clock.ms))),
                          NewEvent(.alert(.resolved(key: "SET-2", group: "{}:{alertname=\"Push\"}", fingerprint: "f1", name: "Push",
                                                    at: clock.ms)))], actor: "alertmanager")
        #expect(store.alerts.latest["f1"]?.isResolved == true)
        try store.perform(ProjectCommand.create(title: "Region \u{1B}[2J", dri: "alice", stakeholders: ["bob"], description: "why",
                                                links: ["https://example.com"], templates: .handbook), actor: "alice")
        try store.perform(ProjectCommand.mark(key: "PRJ-1", list: .dor, item: "rfc", state: .done), actor: "alice")
        try store.perform(ProjectCommand.addMilestone(key: "PRJ-1", title: "MVP", due: "2027-01-15"), actor: "alice")
        try store.perform(ProjectCommand.linkTask(ticket: "SET-2", target: "PRJ-1.M1"), actor: "alice")
        try store.perform(ProjectCommand.addTask(target: "PRJ-1", title: "POC"), actor: "alice")
        try store.perform(.rank(key: store.state.keys(in: .todo).last ?? "SET-3", position: .top), actor: "bob", now: clock.ms)
        return board
    }

    /// A rich board in `dir`, a snapshot policy with its cache in `dir`, and where the board's snapshot goes.
    func snapshotted(_ dir: ScratchDir, tickets: Int, rewriteAfter: Int = 1_000_000) throws
        -> (board: String, policy: SnapshotPolicy, path: String) {
        let board = try makeRichBoard(dir, tickets: tickets)
        let policy = SnapshotPolicy(cacheHome: dir.sub("cache"), rewriteAfter: rewriteAfter)
        return (board, policy, try #require(SnapshotFile.path(cacheHome: policy.cacheHome, boardDirectory: board)))
    }

    func replayed(_ board: String) throws -> BoardStore {
        BoardStore(journal: try FileJournal.open(directory: board, clock: clock))
    }

    func expectSameBoard(_ a: BoardStore, _ b: BoardStore, _ comment: Comment? = nil) {
        #expect(a.state == b.state, comment)
        #expect(a.state.allTicketsInBoardOrder.map(\.key) == b.state.allTicketsInBoardOrder.map(\.key), comment)
        #expect(a.incidents == b.incidents, comment)
        #expect(a.pages == b.pages, comment)
        #expect(a.roster == b.roster, comment)
        #expect(a.cycle == b.cycle, comment)
        #expect(a.alerts == b.alerts, comment)
        #expect(a.projects == b.projects, comment)
    }

    /// Projects are kept in the snapshot as their journal lines: opened from it, the project state is the replayed
    /// one, and a change after the snapshot (another process) applies on top.
    @Test func projectStateRoundTripsThroughTheSnapshot() throws {
        let dir = try ScratchDir("snap-projects")
        let (board, policy, path) = try snapshotted(dir, tickets: 50)
        try replayed(board).writeSnapshot(to: path)
        let other = try replayed(board)
        try other.perform(ProjectCommand.setPhase(key: "PRJ-1", phase: .scoping, waiver: nil, reason: nil), actor: "alice")
        let fromSnapshot = try BoardStore.open(directory: board, clock: clock, snapshots: policy)
        #expect(fromSnapshot.notes.isEmpty)
        let journal = try #require(fromSnapshot.journal as? FileJournal)
        #expect(journal.records.count == 1, "only the phase change is read from the journal")
        let p = try #require(fromSnapshot.projects.project("PRJ-1"))
        #expect(p.phase == .scoping)
        #expect(p.dor.first { $0.id == "rfc" }?.by == "alice")
        #expect(p.tasks.map(\.key) == ["SET-2", "PRJ-1.T1"])
        #expect(p.milestones.map(\.due.text) == ["2027-01-15"])
        expectSameBoard(fromSnapshot, try replayed(board))
    }

    @Test func theBoardStateSurvivesEncodingExactly() throws {
        for seed: UInt64 in [1, 2, 3, 99] {
            var state = BoardState()
            for step in BoardGenerator.script(tickets: 300, seed: seed, now: clock.ms).enumerated() {
                state.apply(step.element.event, seq: Int64(step.offset + 1), at: step.element.at, by: step.element.actor)
            }
            var w = SnapshotWriter()
            state.encodeSnapshot(into: &w)
            let bytes = w.bytes
            let back = try bytes.withUnsafeBytes { raw in
                var r = SnapshotReader(raw)
                let s = try BoardState(snapshot: &r)
                let atEnd = r.isAtEnd
                #expect(atEnd)
                return s
            }
            #expect(back == state, "seed \(seed)")
            #expect(back.allTicketsInBoardOrder.map(\.key) == state.allTicketsInBoardOrder.map(\.key))
            #expect(back.allTicketsInBoardOrder.map(\.movedByHand) == state.allTicketsInBoardOrder.map(\.movedByHand))
            #expect(state.tickets.values.contains { $0.movedByHand != nil }, "the generated board has hand-ranked cards")
        }
    }

    /// A board opened lazily (as `render` and the full-screen board open it) keeps its tickets undecoded until it
    /// changes or is asked to decode, and is the replayed board throughout; a tail to replay decodes it at once.
    @Test func aBoardOpenedLazilyDecodesOnlyWhenItMust() throws {
        let dir = try ScratchDir("snaplazy")
        let (board, policy, path) = try snapshotted(dir, tickets: 400)
        try replayed(board).writeSnapshot(to: path)

        let lazy = try BoardStore.open(directory: board, clock: clock, snapshots: policy, lazily: true)
        #expect(lazy.state.isPartlyDecoded)
        expectSameBoard(lazy, try replayed(board))
        lazy.decodeAll()
        #expect(!lazy.state.isPartlyDecoded)
        expectSameBoard(lazy, try replayed(board))

        let whole = try BoardStore.open(directory: board, clock: clock, snapshots: policy)
        #expect(!whole.state.isPartlyDecoded, "only callers that draw one screen ask for a lazy board")

        let writer = try BoardStore.open(directory: board, clock: clock, snapshots: policy, lazily: true)
        try writer.perform(.add(NewTicket(title: "Lazily opened, then changed", tier: .hotfix)), actor: "dana", now: clock.ms)
        #expect(writer.state.isPartlyDecoded, "a change decodes its own card, not the board")
        expectSameBoard(writer, try replayed(board))

        let behind = try BoardStore.open(directory: board, clock: clock, snapshots: policy, lazily: true)
        #expect(behind.state.isPartlyDecoded, "the change after the snapshot was replayed onto the undecoded board")
        expectSameBoard(behind, try replayed(board))
        behind.decodeAll()
        expectSameBoard(behind, try replayed(board))

        // The full-screen board brings a snapshot that was behind up to date after its first frame, once.
        behind.catchUpSnapshot()
        let caughtUp = try BoardStore.open(directory: board, clock: clock, snapshots: policy, lazily: true)
        #expect(caughtUp.state.isPartlyDecoded && caughtUp.journal.records.isEmpty)
        expectSameBoard(caughtUp, try replayed(board))
        try FileManager.default.removeItem(atPath: path)
        behind.catchUpSnapshot()
        caughtUp.catchUpSnapshot()
        #expect(!FileManager.default.fileExists(atPath: path), "a snapshot already up to date is not written again")
    }

    /// Writing a snapshot removes the cached snapshots of boards that are gone, and nothing else: not a live board's,
    /// not a directory holding a file setboard did not write, not a directory outside setboard's naming.
    @Test func snapshotsOfBoardsThatAreGoneAreRemoved() throws {
        let dir = try ScratchDir("snapprune")
        let cache = dir.sub("cache")
        let policy = SnapshotPolicy(cacheHome: cache, rewriteAfter: 1_000_000)
        func board(_ name: String) throws -> (board: String, cacheDir: String) {
            let path = dir.sub(name)
            let store = BoardStore(journal: try FileJournal.create(directory: path, clock: clock))
            try store.perform(.initBoard(name: name, prefix: "SET"), actor: "dana", now: clock.ms)
            let snapshot = try #require(SnapshotFile.path(cacheHome: cache, boardDirectory: path))
            try store.writeSnapshot(to: snapshot)
            #expect(FileManager.default.fileExists(atPath: snapshot))
            return (path, String(snapshot.dropLast("/snapshot".count)))
        }
        let kept = try board("kept")
        let gone = try board("gone")
        let guarded = try board("guarded")
        let replaced = try board("replaced")
        #expect(try String(contentsOfFile: kept.cacheDir + "/board", encoding: .utf8) == kept.board)
        try "notes".write(toFile: guarded.cacheDir + "/mine.txt", atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: gone.board)
        try FileManager.default.removeItem(atPath: guarded.board)
        // Another board now lives where `replaced` was: its id differs, so the old snapshot is of no use.
        try FileManager.default.removeItem(atPath: replaced.board)
        _ = try board("replaced")
        // A directory from before setboard kept `board` files: its snapshot of an older format goes, one of the
        // current format stays, and a name that is not setboard's is never looked at.
        let old = cache + "/setboard/0123abcd-0011aabb"
        let current = cache + "/setboard/4567abcd-2233ccdd"
        let foreign = cache + "/setboard/not-ours"
        for d in [old, current, foreign] { try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true) }
        try Data(SnapshotFile.magic + [UInt8](repeating: 0, count: 8) + [1] + [UInt8](repeating: 0, count: 40))
            .write(to: URL(fileURLWithPath: old + "/snapshot"))
        let currentBytes = try Data(contentsOf: URL(fileURLWithPath: kept.cacheDir + "/snapshot"))
        try currentBytes.write(to: URL(fileURLWithPath: current + "/snapshot"))
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: foreign + "/snapshot"))

        _ = try BoardStore.open(directory: kept.board, clock: clock, snapshots: policy)
        #expect(FileManager.default.fileExists(atPath: old + "/snapshot"), "opening alone removes nothing")
        let store = try BoardStore.open(directory: kept.board, clock: clock, snapshots: policy)
        try store.writeSnapshot(to: try #require(store.snapshotPath))
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: cache + "/setboard"))
        let name = { (path: String) in String(path.split(separator: "/").last ?? "") }
        #expect(left.contains(name(kept.cacheDir)) && left.contains(name(guarded.cacheDir)))
        #expect(!left.contains(name(gone.cacheDir)) && !left.contains(name(replaced.cacheDir)))
        #expect(!left.contains(name(old)) && left.contains(name(current)) && left.contains("not-ours"))
        #expect(FileManager.default.fileExists(atPath: guarded.cacheDir + "/mine.txt"))
        #expect(left.count == 5, "\(left.sorted())")
    }

    @Test func openingFromASnapshotGivesTheReplayedBoardAndReadsOnlyTheTail() throws {
        let dir = try ScratchDir("snap")
        let (board, policy, path) = try snapshotted(dir, tickets: 400, rewriteAfter: 1_000_000)
        try replayed(board).writeSnapshot(to: path)

        // Another process adds after the snapshot: the tail must be read and applied.
        let other = try replayed(board)
        try other.perform(.add(NewTicket(title: "After the snapshot", tier: .hotfix, level: .l1)), actor: "carol", now: clock.ms)
        try other.perform(IncidentCommand.setStatus(id: "INC-1", status: .identified), actor: "carol")

        let fromSnapshot = try BoardStore.open(directory: board, clock: clock, snapshots: policy)
        #expect(fromSnapshot.notes.isEmpty)
        let journal = try #require(fromSnapshot.journal as? FileJournal)
        let size = Bytes.read(journal.journalPath).count
        #expect(journal.records.count == 2, "only the two events after the snapshot are read")
        #expect(journal.bytesRead < 2_000, "read \(journal.bytesRead) of \(size) bytes")
        expectSameBoard(fromSnapshot, try replayed(board))

        // Keys go on from the snapshot, and history still comes from the whole file.
        let added = try fromSnapshot.perform(.add(NewTicket(title: "Next")), actor: "alice", now: clock.ms)
        #expect(added.first?.payload["key"]?.stringValue == "SET-403")
        #expect(try fromSnapshot.history(of: "SET-1").map(\.type).first == "ticket.created")
        expectSameBoard(fromSnapshot, try replayed(board))
    }

    @Test func aDamagedSnapshotIsIgnoredWithAMessageAndRebuilt() throws {
        let dir = try ScratchDir("snapbad")
        let (board, policy, path) = try snapshotted(dir, tickets: 120, rewriteAfter: 1_000_000)
        try replayed(board).writeSnapshot(to: path)
        let good = Bytes.read(path)
        let truth = try replayed(board)

        // A flipped byte anywhere, a cut-off file, an empty file and somebody else's file all fail the checks.
        var damaged: [(String, [UInt8])] = []
        for at in stride(from: 0, to: good.count, by: max(1, good.count / 40)) {
            var b = good
            b[at] ^= 0x20
            damaged.append(("byte \(at) flipped", b))
        }
        damaged.append(("cut in half", Array(good.prefix(good.count / 2))))
        damaged.append(("empty", []))
        damaged.append(("not a snapshot", Array("hello\n".utf8)))
        for (what, bytes) in damaged {
            try Bytes.write(bytes, to: path)
            let store = try BoardStore.open(directory: board, clock: clock, snapshots: policy)
            expectSameBoard(store, truth, "\(what)")
            #expect(store.notes.count == 1 && store.notes[0].contains("was not used") && store.notes[0].contains("rebuilt"),
                    "\(what): \(store.notes)")
            #expect(Bytes.read(path) == good, "\(what): the snapshot is rebuilt")
            let again = try BoardStore.open(directory: board, clock: clock, snapshots: policy)
            #expect(again.notes.isEmpty, "\(what): the rebuilt snapshot is used quietly")
            #expect((again.journal as? FileJournal)?.records.isEmpty == true)
        }
    }

    @Test func aSnapshotThatNoLongerMatchesTheJournalIsRebuilt() throws {
        let dir = try ScratchDir("snapmismatch")
        let (board, policy, path) = try snapshotted(dir, tickets: 60, rewriteAfter: 1_000_000)
        let journalPath = board + "/journal.log"
        let original = Bytes.read(journalPath)
        let lines = Bytes.lines(original).complete

        // The journal restored from an older backup (shorter than the snapshot says).
        try replayed(board).writeSnapshot(to: path)
        try Bytes.write(lines.dropLast(3).flatMap { $0 }, to: journalPath)
        var store = try BoardStore.open(directory: board, clock: clock, snapshots: policy)
        #expect(store.notes.first?.contains("shorter than the snapshot") == true, "\(store.notes)")
        expectSameBoard(store, try replayed(board))

        // The same length, but a different last event at the snapshot's place (a rewritten history).
        try Bytes.write(original, to: journalPath)
        try replayed(board).writeSnapshot(to: path)
        var changed = lines
        let last = try JournalRecord.decode(line: Array(changed[changed.count - 1].dropLast())).get()
        var edited = last
        edited.actor = String(last.actor.reversed()).padding(toLength: last.actor.count, withPad: "x", startingAt: 0)
        edited.id = String(last.id.reversed())
        changed[changed.count - 1] = edited.line
        try Bytes.write(changed.flatMap { $0 }, to: journalPath)
        store = try BoardStore.open(directory: board, clock: clock, snapshots: policy)
        #expect(store.notes.first?.contains("no longer has the snapshot's last event") == true, "\(store.notes)")
        expectSameBoard(store, try replayed(board))

        // `journal repair` drops a damaged line in the middle: every later line moves, so the snapshot must not be used.
        try Bytes.write(original, to: journalPath)
        try replayed(board).writeSnapshot(to: path)
        var withDamage = lines
        withDamage[5] = Array("00000000 {\"not\":\"an event\"}\n".utf8)
        try Bytes.write(withDamage.flatMap { $0 }, to: journalPath)
        _ = try JournalMaintenance.repair(directory: board, clock: clock)
        store = try BoardStore.open(directory: board, clock: clock, snapshots: policy)
        #expect(!store.notes.isEmpty, "a repaired journal does not match the old snapshot")
        expectSameBoard(store, try replayed(board))
    }

    @Test func aCopiedBoardGetsItsOwnSnapshotAndSnapshotsAreWrittenAfterLongReplays() throws {
        let dir = try ScratchDir("snapcopy")
        let (board, policy, path) = try snapshotted(dir, tickets: 300, rewriteAfter: 1_000)
        #expect(!FileManager.default.fileExists(atPath: path))
        _ = try BoardStore.open(directory: board, clock: clock, snapshots: policy)
        #expect(FileManager.default.fileExists(atPath: path), "1,500 events replayed: a snapshot is written")

        let copy = dir.sub("copy")
        try FileManager.default.copyItem(atPath: board, toPath: copy)
        let copyPath = try #require(SnapshotFile.path(cacheHome: policy.cacheHome, boardDirectory: copy))
        #expect(copyPath != path)

        // A board small enough to replay quickly gets no snapshot until it grows.
        let small = dir.sub("small")
        let store = BoardStore(journal: try FileJournal.create(directory: small, clock: clock))
        try store.perform(.initBoard(name: "SET board", prefix: "SET"), actor: "alice", now: clock.ms)
        _ = try BoardStore.open(directory: small, clock: clock, snapshots: policy)
        let smallPath = try #require(SnapshotFile.path(cacheHome: policy.cacheHome, boardDirectory: small))
        #expect(!FileManager.default.fileExists(atPath: smallPath))
    }

    @Test func aTicketsHistoryFollowsChangesFromOtherProcesses() throws {
        let dir = try ScratchDir("history")
        let board = try makeRichBoard(dir, tickets: 30)
        let viewer = try replayed(board)
        let before = try viewer.history(of: "SET-1")
        #expect(before.first?.type == "ticket.created")
        let writer = try replayed(board)
        try writer.perform(.assign(key: "SET-1", assignee: "zoë"), actor: "carol", now: clock.ms)
        try writer.perform(.assign(key: "SET-2", assignee: "zoë"), actor: "carol", now: clock.ms)
        try viewer.refresh()
        let after = try viewer.history(of: "SET-1")
        #expect(after.count == before.count + 1)
        #expect(after.last?.actor == "carol" && after.last?.payload["assignee"]?.stringValue == "zoë")
        #expect(after == (try replayed(board).history(of: "SET-1")))
    }

    /// A board big enough to be decoded on two threads reads back whole, and damage in the half decoded on the other
    /// thread is reported like any other.
    @Test func aBoardDecodedOnTwoCoresIsTheSameBoard() throws {
        var state = BoardState()
        for step in BoardGenerator.script(tickets: 3_000, seed: 5, now: clock.ms).enumerated() {
            state.apply(step.element.event, seq: Int64(step.offset + 1), at: step.element.at, by: step.element.actor)
        }
        let position = JournalPosition(offset: 100, lines: 1, lastSeq: state.lastSeq, lastLam: 1, lastLineStart: 0,
                                       lastLineCRC: 1)
        let bytes = SnapshotFile.encode(BoardSnapshot(position: position, board: state, otherEvents: []))
        let back = try SnapshotFile.decode(bytes).get()
        #expect(back.board == state)
        #expect(back.board.allTicketsInBoardOrder.map(\.key) == state.allTicketsInBoardOrder.map(\.key))
        #expect(back.position == position)

        // Break the last ticket (in the second half) and mend the file checksum, so only decoding can tell. Its record
        // is the first place its key is written: the index after the records names only cards on the board.
        var damaged = bytes
        let last = try #require(state.allTicketsInBoardOrder.last)
        let key = [UInt8(last.key.utf8.count)] + Array(last.key.utf8)
        let at = try #require((0..<(damaged.count - key.count)).first { damaged[$0..<($0 + key.count)].elementsEqual(key) })
        damaged[at] = 0x7F // the key's length byte now claims more bytes than the ticket has
        let header = SnapshotFile.magic.count
        let sum = damaged[(header + 8)...].withUnsafeBytes { SnapshotChecksum.ofFile($0) }
        for i in 0..<8 { damaged[header + i] = UInt8(truncatingIfNeeded: sum >> (8 * UInt64(i))) }
        guard case .failure = SnapshotFile.decode(damaged) else {
            Issue.record("a damaged ticket in the second half was read as good")
            return
        }
        // Opened lazily for a first frame, the record is decoded only when asked for, and never read as a ticket.
        var lazy = try SnapshotFile.decode(damaged, lazily: true).get().board
        #expect(lazy.isPartlyDecoded)
        #expect(lazy.ticket(last.key) == nil)
        #expect(lazy.ticket(state.allTicketsInBoardOrder[0].key) == state.allTicketsInBoardOrder.first)
        lazy.decodeAll()
        #expect(lazy.tickets.count == state.tickets.count - 1 && lazy.tickets[last.key] == nil)
    }

    /// A snapshot from another version (its format number or its schema differ) is not read as this version's.
    @Test func aSnapshotFromAnotherVersionIsRebuilt() throws {
        let dir = try ScratchDir("snapversion")
        let (board, policy, path) = try snapshotted(dir, tickets: 50)
        try replayed(board).writeSnapshot(to: path)
        let good = Bytes.read(path)
        let header = SnapshotFile.magic.count
        for (what, at) in [("format", header + 8), ("schema", header + 9)] {
            var other = good
            other[at] ^= 0x01
            let sum = other[(header + 8)...].withUnsafeBytes { SnapshotChecksum.ofFile($0) }
            for i in 0..<8 { other[header + i] = UInt8(truncatingIfNeeded: sum >> (8 * UInt64(i))) }
            try Bytes.write(other, to: path)
            let store = try BoardStore.open(directory: board, clock: clock, snapshots: policy)
            #expect(store.notes.first?.contains("it was written by another version of setboard; rebuilt it") == true,
                    "\(what): \(store.notes)")
            expectSameBoard(store, try replayed(board))
            #expect(Bytes.read(path) == good, "\(what): rebuilt as this version writes it")
        }
    }
}

/// The snapshot as the first frame reads it: mapped from its file, and rejected whole when any byte of it is damaged.
@Suite struct SnapshotMappingTests {
    let clock = FixedClock()

    /// A board of `tickets` generated cards with a few hand-ranked and some off the board, and its snapshot's bytes.
    func snapshotBytes(tickets: Int) -> (state: BoardState, bytes: [UInt8]) {
        var state = BoardState()
        for step in BoardGenerator.script(tickets: tickets, seed: 11, now: clock.ms).enumerated() {
            state.apply(step.element.event, seq: Int64(step.offset + 1), at: step.element.at, by: step.element.actor)
        }
        let position = JournalPosition(offset: 100, lines: 1, lastSeq: state.lastSeq, lastLam: 1, lastLineStart: 0,
                                       lastLineCRC: 1)
        return (state, SnapshotFile.encode(BoardSnapshot(position: position, board: state, otherEvents: [])))
    }

    /// Every byte of the file, in every section (header, settings, both runs of tickets, the index's keys, tiers,
    /// record starts and key table), flipped in turn: the lazy read a first frame makes refuses each one, so no
    /// damaged byte can reach a screen.
    @Test func aByteFlippedAnywhereIsCaughtByTheLazyRead() throws {
        let (state, good) = snapshotBytes(tickets: 60)
        let lazy = try SnapshotFile.decode(good, lazily: true).get().board
        #expect(lazy.isPartlyDecoded, "the snapshot has an index, so the lazy read is the one under test")
        #expect(lazy == state)
        var missed: [Int] = []
        for at in good.indices {
            var damaged = good
            damaged[at] ^= 0x20
            if case .success = SnapshotFile.decode(damaged, lazily: true) { missed.append(at) }
        }
        let missedCount = missed.count
        #expect(missedCount == 0, "flipped bytes read as a good snapshot: \(missed.prefix(20)) of \(good.count)")
    }

    /// A board opened lazily from a snapshot with a damaged card record is the replayed board, and the snapshot is
    /// rebuilt: the record is one no first frame would have decoded, so only the checksum can tell.
    @Test func aLazyOpenOfADamagedSnapshotReplaysTheJournal() throws {
        let dir = try ScratchDir("snapmapbad")
        let tests = SnapshotTests()
        let (board, policy, path) = try tests.snapshotted(dir, tickets: 300)
        let truth = try tests.replayed(board)
        try truth.writeSnapshot(to: path)
        let good = Bytes.read(path)
        // A byte of a card's title, in the records a first frame mostly leaves undecoded.
        let last = try #require(truth.state.allTicketsInBoardOrder.last)
        let title = Array(last.title.utf8)
        let at = try #require((0..<(good.count - title.count)).first { good[$0..<($0 + title.count)].elementsEqual(title) })
        var damaged = good
        damaged[at] ^= 0x01
        try Bytes.write(damaged, to: path)
        let store = try BoardStore.open(directory: board, clock: clock, snapshots: policy, lazily: true)
        tests.expectSameBoard(store, truth)
        #expect(store.notes.count == 1 && store.notes[0].contains("checksum"), "\(store.notes)")
        #expect(Bytes.read(path) == good, "the snapshot is rebuilt")
    }

    /// Mapping is a capability of the file system: the real one maps the file, the simulated one (under the
    /// power-loss tests) reads it into memory; both give the file's bytes, an empty file included.
    @Test func bothFileSystemsGiveTheFilesBytes() throws {
        let dir = try ScratchDir("snapmap")
        let bytes = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
        let path = dir.sub("file")
        try Bytes.write(bytes, to: path)
        let posix = PosixFileSystem()
        let mapped = try posix.open(path, flags: O_RDONLY).mapReadOnly(count: bytes.count)
        #expect(Array(mapped.buffer) == bytes)
        #expect(try posix.open(path, flags: O_RDONLY).mapReadOnly(count: bytes.count + 10).count == bytes.count,
                "no mapping reaches past the file's end, where a read would fault")
        try Bytes.write([], to: path)
        #expect(try posix.open(path, flags: O_RDONLY).mapReadOnly(count: 0).count == 0)

        let simulated = SimulatedFileSystem()
        try simulated.makeDirectories("/sim")
        try simulated.writeDurably(bytes, to: "/sim/file", directory: "/sim", mode: 0o600)
        let read = try simulated.open("/sim/file", flags: O_RDONLY).mapReadOnly(count: bytes.count)
        #expect(Array(read.buffer) == bytes)
        // Asked for more than the file holds, both give what there is.
        #expect(try simulated.open("/sim/file", flags: O_RDONLY).mapReadOnly(count: bytes.count + 10).count == bytes.count)
    }
}
