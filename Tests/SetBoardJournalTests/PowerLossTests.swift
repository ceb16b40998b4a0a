/// Power cuts at random moments under several writers on a simulated disk: nothing acknowledged is lost, nothing
/// damaged or half-written is accepted, and the board always opens.
import Foundation
import SetBoardCore
import Testing
@testable import SetBoardJournal

struct PowerLossTests {
    /// Trials per run: fast in-process, so CI runs hundreds; `SETBOARD_CRASH_TRIALS=20000` for a long run.
    static var trials: Int {
        ProcessInfo.processInfo.environment["SETBOARD_CRASH_TRIALS"].flatMap { Int($0) }.map { max(1, $0) } ?? 400
    }

    /// A failure prints its seed; `SETBOARD_CRASH_SEED` replays the same workloads, cuts and torn tails.
    static var seed: UInt64 {
        ProcessInfo.processInfo.environment["SETBOARD_CRASH_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 1...UInt64.max)
    }

    @Test func randomPowerCutsNeverLoseAnAcknowledgedEvent() throws {
        let seed = PowerLossTests.seed
        var random = SeededRandom(seed: seed)
        var tally = PowerLossTrial.Tally()
        var failed = false
        let started = Date()
        for n in 0..<PowerLossTests.trials {
            var trial = PowerLossTrial(random: SeededRandom(seed: random.next()))
            let problems = trial.run(tally: &tally)
            if !problems.isEmpty {
                Issue.record("power-loss trial \(n) failed (SETBOARD_CRASH_SEED=\(seed)):\n\(problems.prefix(8).joined(separator: "\n"))")
                failed = true
                break
            }
        }
        print("power loss: \(tally.trials) trials, \(tally.crashes) crashes in \(String(format: "%.1f", Date().timeIntervalSince(started))) s " +
              "(seed \(seed)): \(tally.acknowledged) acknowledged appends, \(tally.lostUnacknowledged) unacknowledged appends lost, " +
              "\(tally.keptUnacknowledged) kept whole, \(tally.tornTails) torn tails quarantined, \(tally.partialGroups) of them inside a group")
        // A run in which no crash ever tore a line, cut a change of several events short, or lost an unacknowledged
        // append would prove little.
        #expect(failed || (tally.acknowledged > 0 && tally.tornTails > 0 && tally.lostUnacknowledged > 0 && tally.partialGroups > 0))
    }

    @Test func aNewBoardSurvivesACrashRightAfterCreate() throws {
        let fs = SimulatedFileSystem()
        let created = try FileJournal.create(directory: SimulatedBoard.directory, clock: FixedClock(), fileSystem: fs)
        fs.crash()
        let board = SimulatedBoard(fs: fs)
        let reopened = try board.open()
        #expect(reopened.replica == created.replica)
        #expect(try appendNote(reopened, 1)?.seq == 1)
    }

    /// Power lost at each call of `create` in turn: running `create` again afterwards always gives a working board.
    @Test func aCrashAnywhereInCreateLeavesABoardThatCreateCanFinish() throws {
        let dry = SimulatedFileSystem()
        _ = try FileJournal.create(directory: SimulatedBoard.directory, clock: FixedClock(), fileSystem: dry)
        var failures: [String] = []
        for cut in 0..<dry.calls {
            let fs = SimulatedFileSystem()
            fs.cutPower(afterCalls: cut)
            _ = try? FileJournal.create(directory: SimulatedBoard.directory, clock: FixedClock(), fileSystem: fs)
            fs.crash(keeping: .randomPrefix(seed: UInt64(cut)))
            do {
                let journal = try FileJournal.create(directory: SimulatedBoard.directory, clock: FixedClock(), fileSystem: fs)
                if try appendNote(journal, 1)?.seq != 1 { failures.append("cut after \(cut) calls: the first event is not seq 1") }
            } catch {
                failures.append("cut after \(cut) calls: \(error)")
            }
        }
        #expect(dry.calls > 10)
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }
}

/// One board on a fresh simulated disk, taken through a few rounds of: open some writers, let them work until the
/// power goes at a random call, lose what was not synced (keeping a random prefix of it), reopen and check.
struct PowerLossTrial {
    struct Tally {
        var trials = 0
        var crashes = 0
        var acknowledged = 0
        var lostUnacknowledged = 0
        var keptUnacknowledged = 0
        var tornTails = 0
        var partialGroups = 0
    }

    var random: SeededRandom
    let board = SimulatedBoard(fs: SimulatedFileSystem())
    /// Every record an append returned, by id: each must be in the journal once, byte for byte, after every crash.
    var acknowledged: [String: JournalRecord] = [:]
    var nextBatch: Int64 = 1
    /// True while an append is in flight: when the power goes then, its events may survive whole or not at all.
    var appending = false
    var problems: [String] = []

    init(random: SeededRandom) { self.random = random }

    mutating func run(tally: inout Tally) -> [String] {
        tally.trials += 1
        do {
            let (_, store) = try SimulatedBoard.make(tickets: 0, fs: board.fs)
            for record in store.journal.records { acknowledged[record.id] = record }
            for round in 0..<(1 + random.below(3)) where problems.isEmpty {
                try self.round(round, tally: &tally)
            }
        } catch {
            problems.append("unexpected error: \(error)")
        }
        return problems
    }

    mutating func round(_ round: Int, tally: inout Tally) throws {
        let fs = board.fs
        // About a dozen calls make an append: half the cuts land anywhere from opening the writers to the last step,
        // half right after a write, where the bytes are not synced yet and a crash can tear them.
        if random.chance(50) {
            fs.cutPower(afterCalls: random.below(200))
        } else {
            fs.cutPower(afterCalls: 1 + random.below(12), of: .write)
        }
        let steps = 4 + random.below(12)
        appending = false
        do {
            var stores: [BoardStore] = []
            for _ in 0..<(1 + random.below(3)) { stores.append(try board.openStore()) }
            for _ in 0..<steps {
                let saved: [JournalRecord]
                do {
                    saved = try step(random.pick(stores))
                } catch is BoardError {
                    // Decided against the newest board under the lock, a stale choice is refused: nothing written.
                    continue
                }
                appending = false
                if !saved.isEmpty { tally.acknowledged += 1 }
                for record in saved { acknowledged[record.id] = record }
            }
        } catch where fs.isPoweredOff && error is JournalError {
            // The power cut: the step in flight was not acknowledged, and nothing after it ran.
        }
        let beforeCrash = fs.contents(of: board.journalPath) ?? []
        fs.crash(keeping: .randomPrefix(seed: random.next()))
        tally.crashes += 1
        let afterCrash = fs.contents(of: board.journalPath) ?? []
        check(round, beforeCrash: beforeCrash, afterCrash: afterCrash, tally: &tally)
    }

    /// One change by one writer: add, move or assign a ticket, a group of events in one append, or a refresh.
    mutating func step(_ store: BoardStore) throws -> [JournalRecord] {
        let now = board.clock.ms
        let keys = store.state.tickets.keys.sorted()
        appending = true
        switch random.below(100) {
        case 0..<35:
            return try store.perform(.add(NewTicket(title: "ticket \(random.below(1000))")), actor: "alice", now: now)
        case 35..<55 where !keys.isEmpty:
            let key = random.pick(keys)
            let to = random.pick(Column.allCases.filter { $0 != store.state.ticket(key)?.column })
            return try store.perform(.move(key: key, to: to), actor: "bob", now: now)
        case 55..<65 where !keys.isEmpty:
            return try store.perform(.assign(key: random.pick(keys), assignee: "carol\(random.below(1000))"), actor: "carol", now: now)
        case 65..<85:
            // A change of several events, as a hand-over is: all of them or none may survive a crash.
            let count = 2 + random.below(4)
            let batch = nextBatch
            nextBatch += 1
            let events = (0..<count).map { i in
                NewEvent(type: "test.batch", payload: .object([("batch", .int(batch)), ("i", .int(Int64(i))), ("of", .int(Int64(count)))]))
            }
            return try store.performEvents(actor: "dave") { _ in events }
        default:
            appending = false
            try store.refresh()
            return []
        }
    }

    mutating func check(_ round: Int, beforeCrash: [UInt8], afterCrash: [UInt8], tally: inout Tally) {
        func fail(_ what: String) { problems.append("round \(round): \(what)") }
        let journal: FileJournal
        do { journal = try board.open() } catch {
            fail("the board does not open after the crash: \(error)")
            return
        }
        if let reason = journal.readOnlyReason { fail("read-only after the crash: \(reason)") }
        let records = journal.records
        let kept = records.flatMap(\.line)

        if Set(records.map(\.id)).count != records.count { fail("an event is in the journal twice") }
        let byID = Dictionary(records.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let lost = acknowledged.values.filter { byID[$0.id] != $0 }.map(\.seq).sorted()
        if !lost.isEmpty { fail("acknowledged events lost or changed: seqs \(lost.prefix(10))") }
        if records.map(\.seq) != (0..<records.count).map({ Int64($0) + 1 }) {
            fail("seqs are not 1…n: \(records.map(\.seq))")
        }
        // Only whole lines that were written may be accepted: the journal is a prefix of what was there before.
        if !beforeCrash.starts(with: kept) { fail("the journal holds lines that were never written") }
        if board.journalBytes != kept { fail("the journal file is not exactly its accepted lines") }
        if board.fs.durableContents(of: board.journalPath) != kept { fail("the cut-back journal is not on disk") }

        let tail = Array(afterCrash.dropFirst(kept.count))
        if !afterCrash.starts(with: kept) { fail("reopening changed the accepted lines") }
        if !tail.isEmpty {
            tally.tornTails += 1
            if tail.contains(0x0A) { tally.partialGroups += 1 }
            let quarantined = board.fs.durableContents(of: board.quarantinePath) ?? []
            if !Bytes.contains(quarantined, tail) { fail("the \(tail.count) torn bytes are not safely in the quarantine file") }
            if journal.warnings.count != 1 { fail("no warning about the torn tail: \(journal.warnings)") }
        } else if !journal.warnings.isEmpty {
            fail("a warning with nothing torn: \(journal.warnings)")
        }

        var batches: [Int64: (seen: Int, of: Int64)] = [:]
        for r in records where r.type == "test.batch" {
            guard let b = r.payload["batch"]?.intValue, let of = r.payload["of"]?.intValue else { continue }
            batches[b, default: (0, of)].seen += 1
        }
        for (b, v) in batches where Int64(v.seen) != v.of { fail("batch \(b) is in the journal in part: \(v.seen) of \(v.of) events") }

        let state = BoardStore(journal: journal).state
        let keys = (1..<state.nextNumber).map { "SET-\($0)" }
        if state.tickets.count != keys.count || keys.contains(where: { state.ticket($0) == nil }) {
            fail("ticket keys are not SET-1…SET-\(state.nextNumber - 1): \(state.tickets.keys.sorted())")
        }

        if appending {
            let survivors = records.filter { acknowledged[$0.id] == nil }
            if survivors.isEmpty { tally.lostUnacknowledged += 1 } else { tally.keptUnacknowledged += 1 }
        }
        // What survived a crash is on disk now, so every later crash must keep it too.
        for record in records where acknowledged[record.id] == nil { acknowledged[record.id] = record }
    }
}

/// Snapshots are a cache written beside the journal: a power cut at any call of an open that rewrites one leaves a
/// board that opens, from a good snapshot or from the journal, to exactly the replayed state.
struct SnapshotPowerLossTests {
    static let cache = "/home/alice/.cache"

    /// A board on a fresh disk with an older snapshot on disk and 40 events after it, so the next open rewrites it.
    func board() throws -> SimulatedBoard {
        let (board, store) = try SimulatedBoard.make(tickets: 5)
        let policy = SnapshotPolicy(cacheHome: Self.cache, rewriteAfter: 1)
        _ = try BoardStore.open(directory: board.directory, clock: board.clock, snapshots: policy, fileSystem: board.fs)
        for n in 0..<40 {
            try store.perform(.add(NewTicket(title: "after the snapshot \(n)")), actor: "alice", now: board.clock.ms)
        }
        return board
    }

    @Test func aPowerCutWhileASnapshotIsWrittenNeverChangesTheBoard() throws {
        let policy = SnapshotPolicy(cacheHome: Self.cache, rewriteAfter: 10)
        let dry = try board()
        let expected = try dry.openStore().state
        let before = dry.fs.calls
        _ = try BoardStore.open(directory: dry.directory, clock: dry.clock, snapshots: policy, fileSystem: dry.fs)
        let calls = dry.fs.calls - before
        #expect(calls > 10)
        #expect(dry.fs.names(in: Self.cache + "/setboard").count == 1, "no snapshot was written")

        var failures: [String] = []
        for cut in 0..<calls {
            let board = try board()
            board.fs.cutPower(afterCalls: cut)
            _ = try? BoardStore.open(directory: board.directory, clock: board.clock, snapshots: policy, fileSystem: board.fs)
            board.fs.crash(keeping: .randomPrefix(seed: UInt64(cut)))
            do {
                let store = try BoardStore.open(directory: board.directory, clock: board.clock, snapshots: policy, fileSystem: board.fs)
                if store.state != expected { failures.append("cut after \(cut) calls: the board differs from its replay") }
                let again = try BoardStore.open(directory: board.directory, clock: board.clock, snapshots: policy, fileSystem: board.fs)
                if again.state != expected || !again.notes.isEmpty {
                    failures.append("cut after \(cut) calls: the snapshot written after the crash is not used: \(again.notes)")
                }
            } catch {
                failures.append("cut after \(cut) calls: \(error)")
            }
        }
        #expect(failures.isEmpty, "\(failures.prefix(5).joined(separator: "\n"))")
    }
}
