/// Strict lines and the one stamping path: a value out of range is damage like a bad checksum, the counters and the
/// clock can never make an append trap or write time backwards, and both journals stamp alike.
import Foundation
import SetBoardCore
import Testing
@testable import SetBoardJournal

/// A host clock a test can set: stamping checks it against the journal, as it does the system clock.
final class HostClock: JournalClock, @unchecked Sendable {
    var ms: Int64
    init(_ ms: Int64) { self.ms = ms }
    func nowMilliseconds() -> Int64 { ms }
    var readsHostClock: Bool { true }
}

@Suite struct StrictRecordTests {
    static let t0: Int64 = 1_795_000_000_000

    /// A whole line with a right checksum around an envelope whose fields the test chooses.
    static func line(seq: String = "2", lam: String = "2", ts: String = "1795000000000", type: String, payload: String) -> [UInt8] {
        lineWithValidChecksum(body(seq: seq, lam: lam, ts: ts, type: type, payload: payload)) + [0x0A]
    }

    /// The JSON of a line, which the parameterised test takes as its (readable) argument.
    static func body(seq: String = "2", lam: String = "2", ts: String = "1795000000000", type: String, payload: String) -> String {
        #"{"v":1,"seq":\#(seq),"id":"x","rid":"r","lam":\#(lam),"ts":\#(ts),"actor":"mallory","type":"\#(type)","payload":\#(payload)}"#
    }

    static let created = #"{"key":"SET-1","title":"t","tier":"other","level":null,"category":"CAT1","type":"bug","column":"todo","assignee":null,"team":null}"#

    /// A board whose second line is `line`; the first is a valid board.created.
    func board(with line: [UInt8]) throws -> ScratchDir {
        let dir = try ScratchDir("strict")
        _ = try FileJournal.create(directory: dir.path, clock: FixedClock())
        let first = Self.line(seq: "1", lam: "1", type: "board.created", payload: #"{"name":"B","prefix":"SET"}"#)
        try Bytes.write(first + line, to: dir.path + "/journal.log")
        return dir
    }

    @Test(arguments: [
        (Self.body(type: "incident.opened",
                   payload: #"{"id":"INC-1","level":"L1","title":"t","ticket":null,"commander":null,"interval_ms":9223372036854775807}"#),
         "event seq 2: \"payload.interval_ms\" is 9223372036854775807, outside its valid range 60000…1209600000"),
        (Self.body(ts: "-9223372036854775808", type: "ticket.created", payload: Self.created),
         "event seq 2: \"ts\" is -9223372036854775808, outside its valid range 0…253402300799999"),
        (Self.body(seq: "9223372036854775807", type: "ticket.created", payload: Self.created),
         "\"seq\" is 9223372036854775807, outside its valid range 0…9007199254740992"),
        (Self.body(lam: "9223372036854775807", type: "ticket.created", payload: Self.created),
         "event seq 2: \"lam\" is 9223372036854775807, outside its valid range 0…9007199254740992"),
        (Self.body(type: "board.order_restored", payload: #"{"column":"attic"}"#),
         "event seq 2: \"payload.column\" is \"attic\", not a value this setboard knows"),
        (Self.body(type: "roster.defined", payload: #"{"admins":[],"fallback":"lead","engineers":[],"rotations":[{"name":"r","zone":"UTC","anchor_day":9223372036854775807,"weeks":2,"handoff":"Mon 09:00","handover_due":"Fri 17:00","lead":"a","pattern":"paired","next_team":null,"shifts":[]}]}"#),
         "event seq 2: \"payload.rotations[0].anchor_day\" is 9223372036854775807, outside its valid range 0…2932896"),
    ])
    func anOutOfRangeValueIsADamagedLineLikeABadChecksum(_ body: String, _ problem: String) throws {
        let dir = try board(with: lineWithValidChecksum(body) + [0x0A])
        let journal = try FileJournal.open(directory: dir.path, clock: FixedClock())
        let damage = try #require(journal.damage)
        #expect(damage.line == 2)
        #expect(damage.problem.description == problem)
        #expect(journal.readOnlyReason?.contains(problem) == true)
        #expect(journal.records.map(\.seq) == [1])
        #expect(throws: JournalError.self) { try appendNote(journal, 1) }

        let verify = try JournalMaintenance.verify(directory: dir.path)
        #expect(verify.damaged.map(\.line) == [2])
        #expect(verify.damaged.first?.problem.description == problem)
        let repair = try JournalMaintenance.repair(directory: dir.path, clock: FixedClock())
        #expect(repair.movedLines == 1 && repair.keptEvents == 1)
        let repaired = try FileJournal.open(directory: dir.path, clock: FixedClock())
        #expect(repaired.damage == nil)
        #expect(try appendNote(repaired, 2)?.seq == 2)
    }

    @Test func aSeqAtTheTopOfItsRangeRefusesTheNextAppendInsteadOfTrapping() throws {
        let top = ValidRange.counter.upperBound
        let dir = try board(with: Self.line(seq: String(top), lam: String(top), type: "ticket.created", payload: Self.created))
        let journal = try FileJournal.open(directory: dir.path, clock: FixedClock())
        #expect(journal.damage == nil)
        #expect(throws: JournalError.notStamped("the journal's seq or Lamport clock has reached its limit (\(top)); it takes no more events")) {
            try appendNote(journal, 1)
        }
    }

    @Test func theInMemoryJournalMarksAChangeOfSeveralEventsAsTheFileJournalDoes() throws {
        let memory = MemoryJournal(clock: FixedClock())
        let dir = try ScratchDir("stamp")
        let file = try FileJournal.create(directory: dir.path, clock: FixedClock())
        let events = [NewEvent(.board(.boardCreated(name: "B", prefix: "SET"))),
                      NewEvent(.board(.ticketCreated(key: "SET-1", ticket: NewTicket(title: "a")))),
                      NewEvent(.board(.ticketNudged(key: "SET-1")))]
        let inMemory = try memory.append(actor: "a") { _ in events }.appended
        let onDisk = try file.append(actor: "a") { _ in events }.appended
        #expect(inMemory.map(\.group) == [JournalGroup(index: 0, size: 3), JournalGroup(index: 1, size: 3), JournalGroup(index: 2, size: 3)])
        #expect(inMemory.map(\.group) == onDisk.map(\.group))
        #expect(inMemory.map(\.seq) == onDisk.map(\.seq))
        #expect(inMemory.map(\.event) == events.map(\.event))
    }

    @Test func anEventWhosePayloadDoesNotHoldIsNeverWritten() throws {
        let memory = MemoryJournal(clock: FixedClock())
        let bad = NewEvent(type: "incident.opened", payload: .object([("id", .string("INC-1"))]))
        #expect(bad.problem?.field == "payload.level")
        #expect(throws: JournalError.self) { try memory.append(actor: "a") { _ in [bad] } }
        #expect(memory.storage.records.isEmpty)
    }

    /// Clock skew on write, for both journals: a little behind is stamped at the newest event, far behind is refused
    /// with both times, ahead is written as it reads, and a time outside what a line can hold is refused.
    @Test func aClockBehindTheJournalIsStampedAtItsNewestEventOrRefused() throws {
        let dir = try ScratchDir("skew")
        let clock = HostClock(Self.t0)
        let journals: [any Journal] = [MemoryJournal(clock: clock), try FileJournal.create(directory: dir.path, clock: clock)]
        for journal in journals {
            clock.ms = Self.t0
            let first = try journal.append(actor: "a") { _ in [NewEvent(.board(.ticketNudged(key: "SET-1")))] }.appended
            #expect(first.map(\.ts) == [Self.t0])

            clock.ms = Self.t0 - 2 * 60_000
            let behind = try journal.append(actor: "a") { _ in [NewEvent(.board(.ticketNudged(key: "SET-1")))] }.appended
            #expect(behind.map(\.ts) == [Self.t0], "never earlier than the newest event")

            clock.ms = Self.t0 - 10 * 60_000
            let refused = #expect(throws: JournalError.self) {
                try journal.append(actor: "a") { _ in [NewEvent(.board(.ticketNudged(key: "SET-1")))] }
            }
            #expect(refused.map { "\($0)" }?.contains("is 10m behind the journal's newest event (\(WorkingTime.isoMinute(Self.t0)) UTC)") == true,
                    "\(String(describing: refused))")

            clock.ms = Self.t0 + 3 * 86_400_000
            let ahead = try journal.append(actor: "a") { _ in [NewEvent(.board(.ticketNudged(key: "SET-1")))] }.appended
            #expect(ahead.map(\.ts) == [Self.t0 + 3 * 86_400_000])

            clock.ms = Int64.max
            #expect(throws: JournalError.self) {
                try journal.append(actor: "a") { _ in [NewEvent(.board(.ticketNudged(key: "SET-1")))] }
            }
        }
    }

    /// A pinned clock (the demo's history, `SETBOARD_NOW`) is meant as given: it may write into the past.
    @Test func aPinnedClockMayWriteThePast() throws {
        let memory = MemoryJournal(clock: FixedClock(ms: Self.t0))
        _ = try memory.append(actor: "a") { _ in [NewEvent(.board(.ticketNudged(key: "SET-1")), at: Self.t0 + 86_400_000)] }
        let past = try memory.append(actor: "a") { _ in [NewEvent(.board(.ticketNudged(key: "SET-1")))] }.appended
        #expect(past.map(\.ts) == [Self.t0])
    }

    /// The store applies the typed events it decided: the records it returns carry them, as decided.
    @Test func performAppliesTheEventsItDecided() throws {
        let store = BoardStore(journal: MemoryJournal(clock: FixedClock()))
        try store.perform(.initBoard(name: "B", prefix: "SET"), actor: "a", now: Self.t0)
        let records = try store.perform(.add(NewTicket(title: "one")), actor: "a", now: Self.t0)
        #expect(records.map(\.event) == [.board(.ticketCreated(key: "SET-1", ticket: NewTicket(title: "one")))])
        #expect(store.state.ticket("SET-1")?.title == "one")
    }
}
