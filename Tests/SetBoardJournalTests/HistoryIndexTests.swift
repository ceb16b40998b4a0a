/// The history index: a card's history through it is exactly the scanned one, after snapshots, other processes' events
/// and torn tails; it reads only the card's lines; an index that is missing, damaged or wrong is never believed.
import Foundation
import SetBoardCore
import Testing
@testable import SetBoardJournal

@Suite struct HistoryIndexTests {
    let clock = FixedClock()

    /// Random sessions per run; `SETBOARD_HISTORY_TRIALS` for a longer run, `SETBOARD_HISTORY_SEED` to replay one.
    static var trials: Int {
        ProcessInfo.processInfo.environment["SETBOARD_HISTORY_TRIALS"].flatMap { Int($0) }.map { max(1, $0) } ?? 12
    }
    static var seed: UInt64 {
        ProcessInfo.processInfo.environment["SETBOARD_HISTORY_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 1...UInt64.max)
    }

    /// A session of random steps on one board by two processes (two stores, each with its own journal handle):
    /// changes by either (single events and changes of several), refreshes, snapshots, reopening from the snapshot,
    /// a torn last line set aside by the next writer or opener, and the index file deleted or damaged. After every
    /// step, the history of random keys (and now and then every key) through the index must equal the scan of the
    /// same store, and the positions it gives must hold those very events.
    @Test func theIndexedHistoryIsExactlyTheScannedHistory() throws {
        let seed = HistoryIndexTests.seed
        var random = SeededRandom(seed: seed)
        var tally = (steps: 0, compared: 0, fromFile: 0, torn: 0, reopened: 0)
        for trial in 0..<HistoryIndexTests.trials {
            var rng = SeededRandom(seed: random.next())
            let problems = try runSession(&rng, tally: &tally)
            if !problems.isEmpty {
                let said = problems.prefix(6).joined(separator: "\n")
                Issue.record("history trial \(trial) failed (SETBOARD_HISTORY_SEED=\(seed)):\n\(said)")
                return
            }
        }
        print("history index: \(tally.steps) steps, \(tally.compared) histories compared, \(tally.fromFile) through the "
              + "index file, \(tally.torn) torn tails, \(tally.reopened) reopens (seed \(seed))")
        // A run that never used the index file, never reopened or never tore a tail would prove little.
        #expect(tally.fromFile > 0 && tally.torn > 0 && tally.reopened > 0)
    }

    private func runSession(_ rng: inout SeededRandom,
                            tally: inout (steps: Int, compared: Int, fromFile: Int, torn: Int, reopened: Int)) throws -> [String] {
        let dir = try ScratchDir("hist")
        let board = dir.sub("board")
        let policy = SnapshotPolicy(cacheHome: dir.sub("cache"), rewriteAfter: Int.random(in: 5...60, using: &rng))
        let first = BoardStore(journal: try FileJournal.create(directory: board, clock: clock))
        try first.perform(.initBoard(name: "SET board", prefix: "SET"), actor: "alice", now: clock.ms)
        var a = try BoardStore.open(directory: board, clock: clock, snapshots: policy)
        var b = try BoardStore.open(directory: board, clock: clock, snapshots: policy)
        let indexPath = HistoryIndexFile.path(besideSnapshot: try #require(a.snapshotPath))
        var problems: [String] = []

        func change(_ store: BoardStore) throws {
            let count = store.state.tickets.count
            let key = "SET-\(1 + Int.random(in: 0..<max(1, count), using: &rng))"
            let actor = ["alice", "bob", "carol"].randomElement(using: &rng) ?? "alice"
            let command: Command
            switch Int.random(in: 0..<10, using: &rng) {
            case 0, 1, 2: command = .add(NewTicket(title: "t\(rng.next() % 1000) \"key\":\"\(key)\"", tier: .other))
            case 3, 4: command = .move(key: key, to: Column.allCases.randomElement(using: &rng) ?? .inProgress)
            case 5: command = .assign(key: key, assignee: actor)
            case 6: command = .nudge(key: key)
            case 7:
                // A change of several events: two tickets in one append, its lines marked as one group.
                _ = try? store.performEvents(actor: actor) { _ in
                    [NewEvent(type: "ticket.nudged", payload: .object([("key", .string(key))])),
                     NewEvent(type: "ticket.nudged", payload: .object([("key", .string("SET-1"))]))]
                }
                return
            case 8:
                _ = try? store.perform(IncidentCommand.open(level: .l2, title: "incident", ticket: key, commander: actor,
                                                            updateInterval: nil), actor: actor)
                return
            default: command = .edit(key: key, changes: TicketChanges(title: "retitled \(rng.next() % 100)"))
            }
            _ = try? store.perform(command, actor: actor, now: clock.ms)
        }

        func compare(_ store: BoardStore, _ name: String, step: Int, all: Bool) throws {
            let count = store.state.tickets.count
            var keys = all ? (1...max(1, count)).map { "SET-\($0)" } : (0..<3).map { _ in
                "SET-\(1 + Int.random(in: 0..<max(1, count + 1), using: &rng))"
            }
            keys.append("INC-1")
            for key in keys {
                let indexed = try store.history(of: key)
                let scanned = try store.scannedHistory(of: key)
                tally.compared += 1
                if indexed != scanned {
                    problems.append("step \(step), store \(name), \(key): indexed seqs \(indexed.map(\.seq)), scanned \(scanned.map(\.seq))")
                    return
                }
                if let spans = try store.eventPositions(of: key) {
                    let file = try #require(store.journal as? FileJournal)
                    let lines = try file.lines(at: spans)
                    let read = lines.compactMap { $0.flatMap { try? JournalRecord.decode(line: $0).get() } }
                    if read != scanned {
                        problems.append("step \(step), store \(name), \(key): positions hold seqs \(read.map(\.seq)), scanned \(scanned.map(\.seq))")
                        return
                    }
                }
            }
            if store.historyIndex.readsFile { tally.fromFile += 1 }
        }

        for step in 0..<Int.random(in: 20...70, using: &rng) {
            tally.steps += 1
            let kind = Int.random(in: 0..<20, using: &rng)
            switch kind {
            case 0..<7: try change(a)
            case 7..<11: try change(b)
            case 11, 12: _ = try a.refresh()
            case 13: try a.writeSnapshot(to: try #require(a.snapshotPath))
            case 14:
                a = try BoardStore.open(directory: board, clock: clock, snapshots: policy)
                tally.reopened += 1
            case 15:
                b = try BoardStore.open(directory: board, clock: clock, snapshots: policy)
                tally.reopened += 1
            case 16:
                // A crash mid-write: half a line at the end. The next writer (or opener) sets it aside.
                var line = JournalRecord(seq: 999_999, id: "x", rid: "r", lam: 1, ts: 1, actor: "x", type: "ticket.nudged",
                                         payload: .object([("key", .string("SET-1"))])).line
                line.removeLast(Int.random(in: 1..<(line.count - 1), using: &rng))
                try Bytes.append(line, to: board + "/journal.log")
                tally.torn += 1
                if Bool.random(using: &rng) {
                    a = try BoardStore.open(directory: board, clock: clock, snapshots: policy)
                    tally.reopened += 1
                } else {
                    try change(b)
                }
            case 17:
                // A snapshot from before the index, or an index lost: the board opens and the index is rebuilt.
                try? FileManager.default.removeItem(atPath: indexPath)
                a = try BoardStore.open(directory: board, clock: clock, snapshots: policy)
                tally.reopened += 1
            case 18:
                // A damaged index file: a flipped byte somewhere after its header.
                var bytes = Bytes.read(indexPath)
                if bytes.count > HistoryIndexFile.headerSize {
                    let at = Int.random(in: HistoryIndexFile.headerSize..<bytes.count, using: &rng)
                    bytes[at] ^= UInt8(1 << Int.random(in: 0..<8, using: &rng))
                    try Bytes.write(bytes, to: indexPath)
                }
                a = try BoardStore.open(directory: board, clock: clock, snapshots: policy)
                tally.reopened += 1
            default: a.catchUpSnapshot()
            }
            let all = Int.random(in: 0..<8, using: &rng) == 0
            try compare(a, "a", step: step, all: all)
            try compare(b, "b", step: step, all: all)
            guard problems.isEmpty else { return problems }
        }
        // Once both have read everything, both agree with a store that replays the journal from its first line.
        _ = try a.refresh()
        _ = try b.refresh()
        let replayed = BoardStore(journal: try FileJournal.open(directory: board, clock: clock))
        for n in 1...max(1, replayed.state.tickets.count) {
            let truth = try replayed.scannedHistory(of: "SET-\(n)")
            if try a.history(of: "SET-\(n)") != truth || b.history(of: "SET-\(n)") != truth {
                problems.append("at the end, SET-\(n) differs from a full replay's scan")
                break
            }
        }
        return problems
    }

    /// A board of `tickets` generated tickets, snapshotted with its index.
    func snapshotted(_ dir: ScratchDir, tickets: Int) throws -> (board: String, policy: SnapshotPolicy, snapshot: String) {
        let board = dir.sub("board")
        let store = BoardStore(journal: try FileJournal.create(directory: board, clock: clock))
        let script = BoardGenerator.script(tickets: tickets, seed: 5, now: clock.ms)
        try store.append(script.map { NewEvent(type: $0.event.type, payload: $0.event.payload, at: $0.at, actor: $0.actor) },
                         actor: "alice")
        let policy = SnapshotPolicy(cacheHome: dir.sub("cache"))
        let path = try #require(SnapshotFile.path(cacheHome: policy.cacheHome, boardDirectory: board))
        try #require(try store.writeSnapshot(to: path) != nil)
        return (board, policy, path)
    }

    @Test func aCardsHistoryReadsOnlyItsOwnLines() throws {
        let dir = try ScratchDir("histread")
        let (board, policy, snapshot) = try snapshotted(dir, tickets: 2_000)
        #expect(FileManager.default.fileExists(atPath: HistoryIndexFile.path(besideSnapshot: snapshot)))
        let store = try BoardStore.open(directory: board, clock: clock, snapshots: policy)
        let file = try #require(store.journal as? FileJournal)
        try store.perform(.nudge(key: "SET-1500"), actor: "bob", now: clock.ms) // one event after the snapshot
        let journalBytes = Bytes.read(file.journalPath).count
        let before = file.bytesReread
        let history = try store.history(of: "SET-1500")
        let read = file.bytesReread - before
        #expect(store.historyIndex.readsFile)
        #expect(history == (try store.scannedHistory(of: "SET-1500")))
        #expect(history.count >= 2 && history.last?.type == "ticket.nudged")
        // The card's lines (about 300 bytes each) and nothing else, out of a journal of several hundred KB.
        #expect(read < 300 * history.count + 4_096, "read \(read) of \(journalBytes) bytes")
        #expect(journalBytes > 200_000)
        let spans = try #require(try store.eventPositions(of: "SET-1500"))
        #expect(spans.count == history.count)
    }

    @Test func aSnapshotWithoutAnIndexStillOpensAndGetsOne() throws {
        let dir = try ScratchDir("histold")
        let (board, policy, snapshot) = try snapshotted(dir, tickets: 300)
        let indexPath = HistoryIndexFile.path(besideSnapshot: snapshot)
        try FileManager.default.removeItem(atPath: indexPath)
        let store = try BoardStore.open(directory: board, clock: clock, snapshots: policy)
        #expect(store.notes.isEmpty, "the snapshot itself is still used")
        let file = try #require(store.journal as? FileJournal)
        #expect(file.startPosition != nil)
        #expect(try store.history(of: "SET-42") == (try store.scannedHistory(of: "SET-42")))
        #expect(FileManager.default.fileExists(atPath: indexPath), "the index is rebuilt beside the snapshot")
        let next = try BoardStore.open(directory: board, clock: clock, snapshots: policy)
        #expect(try next.history(of: "SET-42") == (try store.scannedHistory(of: "SET-42")))
        #expect(next.historyIndex.readsFile)
    }

    /// The index written with a caught-up snapshot is extended from the old file's bytes; it must be exactly the file
    /// that encoding the merged postings writes: keys only in the file, only added, in both; an empty side; many keys.
    @Test func extendingAnIndexFileWritesWhatTheMergedPostingsWould() throws {
        let dir = try ScratchDir("histext")
        var rng = SeededRandom(seed: 0x5EED_0014)
        let old = JournalPosition(offset: 100, lines: 3, lastSeq: 3, lastLam: 3, lastLineStart: 60, lastLineCRC: 7)
        let new = JournalPosition(offset: 900, lines: 30, lastSeq: 30, lastLam: 31, lastLineStart: 850, lastLineCRC: 9)
        var compared = (both: 0, added: 0)
        for trial in 0..<40 {
            // Few hashes, so added postings land on keys the file has as often as on new ones.
            let hashes = UInt64(1 + rng.next() % (trial < 20 ? 8 : 300))
            let baseCount = trial % 10 == 0 ? 0 : Int(rng.next() % 400)
            let addedCount = trial % 10 == 1 ? 0 : Int(rng.next() % 60)
            let base = (0..<baseCount).map { _ in HistoryPosting(hash: rng.next() % hashes, span: rng.next() % (1 << 40)) }.sorted()
            let added = (0..<addedCount).map { _ in
                HistoryPosting(hash: rng.next() % (hashes + 3), span: (1 << 41) + rng.next() % (1 << 40))
            }.sorted()
            let path = dir.path + "/history-\(trial)"
            try Bytes.write(HistoryIndexFile.encode(position: old, postings: base), to: path)
            var why: String?
            let reader = try #require(HistoryIndexReader(path: path, fileSystem: PosixFileSystem.shared, why: &why), "\(why ?? "")")
            let extended = try #require(try reader.encodeExtended(with: added, position: new), "trial \(trial)")
            #expect(extended == HistoryIndexFile.encode(position: new, postings: HistoryIndex.merge(base, added)), "trial \(trial)")
            if Set(base.map(\.hash)).intersection(added.map(\.hash)).isEmpty == false { compared.both += 1 }
            if !added.isEmpty { compared.added += 1 }
        }
        #expect(compared.both > 5 && compared.added > 20, "the trials must cover keys on both sides")
    }

    /// An index file with one posting's bytes changed is refused when extended, as when read whole.
    @Test func extendingADamagedIndexFileIsRefused() throws {
        let dir = try ScratchDir("histextbad")
        let position = JournalPosition(offset: 100, lines: 3, lastSeq: 3, lastLam: 3, lastLineStart: 60, lastLineCRC: 7)
        let postings = (0..<50).map { HistoryPosting(hash: UInt64($0 % 7), span: UInt64($0) * 1_000) }.sorted()
        var bytes = HistoryIndexFile.encode(position: position, postings: postings)
        bytes[bytes.count - 3] ^= 0x40
        let path = dir.path + "/history"
        try Bytes.write(bytes, to: path)
        var why: String?
        let reader = try #require(HistoryIndexReader(path: path, fileSystem: PosixFileSystem.shared, why: &why))
        #expect(try reader.allPostings() == nil)
        #expect(try reader.encodeExtended(with: [HistoryPosting(hash: 1, span: 1 << 50)], position: position) == nil)
    }

    /// An index whose entries point at another card's lines (its checksums recomputed, as a stale or wrong file
    /// would have them) is caught by the check that each line names the key: the scan answers instead.
    @Test func anIndexPointingAtAnotherCardsLinesIsNeverBelieved() throws {
        let dir = try ScratchDir("histwrong")
        let (board, policy, snapshot) = try snapshotted(dir, tickets: 300)
        let indexPath = HistoryIndexFile.path(besideSnapshot: snapshot)
        let reader = try #require({ var why: String?; return HistoryIndexReader(path: indexPath, fileSystem: PosixFileSystem.shared, why: &why) }())
        let postings = try #require(try reader.allPostings())
        let (h7, h8) = (HistoryIndexFile.hash("SET-7"), HistoryIndexFile.hash("SET-8"))
        // SET-7's events filed under SET-8's hash and the other way round.
        let swapped = postings.map { p in
            HistoryPosting(hash: p.hash == h7 ? h8 : p.hash == h8 ? h7 : p.hash, span: p.span)
        }.sorted()
        try Bytes.write(HistoryIndexFile.encode(position: reader.position, postings: swapped), to: indexPath)
        let store = try BoardStore.open(directory: board, clock: clock, snapshots: policy)
        let history = try store.history(of: "SET-7")
        #expect(!history.isEmpty && history.allSatisfy { $0.payload["key"]?.stringValue == "SET-7" })
        #expect(history == (try store.scannedHistory(of: "SET-7")))
        #expect(store.historyIndex.isUnusable)
    }

    /// The journal changed under the index (a line of the card damaged in place): the line fails its checksum, and
    /// the history is the scan's, which leaves the damaged line out as well.
    @Test func aJournalThatNoLongerMatchesTheIndexIsScanned() throws {
        let dir = try ScratchDir("histstale")
        let (board, policy, _) = try snapshotted(dir, tickets: 300)
        let opened = try BoardStore.open(directory: board, clock: clock, snapshots: policy)
        let spans = try #require(try opened.eventPositions(of: "SET-9"))
        let target = try #require(spans.first)
        var bytes = Bytes.read(board + "/journal.log")
        bytes[target.offset + target.length - 3] ^= 0x01
        try Bytes.write(bytes, to: board + "/journal.log")
        let store = try BoardStore.open(directory: board, clock: clock, snapshots: policy)
        let history = try store.history(of: "SET-9")
        #expect(history == (try store.scannedHistory(of: "SET-9")))
        #expect(history.count == spans.count - 1)
        #expect(store.historyIndex.isUnusable)
    }

    @Test func theCacheOfAGoneBoardIsPrunedWithItsIndex() throws {
        let dir = try ScratchDir("histprune")
        let (board, policy, snapshot) = try snapshotted(dir, tickets: 50)
        let cacheDir = String(snapshot[..<(snapshot.lastIndex(of: "/") ?? snapshot.startIndex)])
        #expect(FileManager.default.fileExists(atPath: cacheDir + "/history"))
        try FileManager.default.removeItem(atPath: board)
        let other = dir.sub("other")
        let store = BoardStore(journal: try FileJournal.create(directory: other, clock: clock))
        try store.perform(.initBoard(name: "b", prefix: "SET"), actor: "alice", now: clock.ms)
        let path = try #require(SnapshotFile.path(cacheHome: policy.cacheHome, boardDirectory: other))
        try store.writeSnapshot(to: path)
        #expect(!FileManager.default.fileExists(atPath: cacheDir))
    }
}
