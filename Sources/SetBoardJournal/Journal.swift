/// The journal protocol shared by the file journal and the in-memory one the tests use, with its clock and errors.
import SetBoardCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the journal reads the time; `SETBOARD_NOW` and the tests pin it.
public protocol JournalClock: Sendable {
    func nowMilliseconds() -> Int64
    /// True when the time is the host's wall clock, which may be wrong: only then does stamping check it against the
    /// journal (see `JournalStamp`). A pinned time (the demo's history, `SETBOARD_NOW`, tests) is meant as given.
    var readsHostClock: Bool { get }
}

extension JournalClock {
    public var readsHostClock: Bool { false }
}

public struct SystemClock: JournalClock {
    public var readsHostClock: Bool { true }
    public init() {}
    public func nowMilliseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }
}

/// The clock that only goes forward, for timeouts, redraw intervals and benchmarks: the wall clock can jump.
public enum MonotonicClock {
    public static func nanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    public static func milliseconds() -> Int64 { Int64(nanoseconds() / 1_000_000) }
}

/// What an append did: the records other writers added since this process last read, and the ones it wrote.
public struct AppendResult: Sendable {
    public var caughtUp: [JournalRecord]
    public var appended: [JournalRecord]
}

/// The first damaged line found in the middle of a journal; the board opens read-only until it is repaired.
public struct JournalDamage: Equatable, Sendable {
    public var line: Int
    public var problem: JournalRecord.LineProblem
    public var damagedLines: Int
}

public protocol Journal: AnyObject {
    /// The events this journal has read since it opened, in file order: after a snapshot, only the newer ones.
    var records: [JournalRecord] { get }
    /// Every event up to where this journal has read, from the start; with `containing`, a journal may skip
    /// events whose stored text lacks those bytes (callers still check what they get).
    func allRecords(containing: [UInt8]?) throws -> [JournalRecord]
    /// Things the user should know (a torn line quarantined, say), printed once on stderr or in the footer.
    var warnings: [String] { get }
    var damage: JournalDamage? { get }
    /// Non-nil when changes are refused: damaged journal or no write permission.
    var readOnlyReason: String? { get }
    /// Reads events other processes appended since the last read or append.
    func readNew() throws -> [JournalRecord]
    /// Under the lock: catch up, let `decide` turn the newest records into new events, and write them durably.
    func append(actor: String, _ decide: ([JournalRecord]) throws -> [NewEvent]) throws -> AppendResult
}

extension Journal {
    public var isReadOnly: Bool { readOnlyReason != nil }
}

public enum JournalError: Error, Equatable, CustomStringConvertible {
    case boardNotFound(String)
    case notABoard(String)
    case alreadyExists(String)
    case readOnly(String)
    case io(operation: String, path: String, errno: Int32)
    /// A call failed while a change was being written: the change is not in the journal.
    case notSaved(operation: String, path: String, errno: Int32)
    /// The journal file was deleted, replaced by another file or cut short under a running board.
    case replaced(String)
    /// A name in a board or cache directory that is not a plain file of the kind setboard made there (a symbolic
    /// link, a FIFO, a hard link, someone else's file): refused, never followed.
    case unsafeFile(path: String, reason: String)
    /// Stamping refused the change: the clock, the journal's counters or the event itself are not fit to write.
    case notStamped(String)

    public var description: String {
        switch self {
        case let .boardNotFound(p):
            return "no board at \(TextSafety.escaped(p)): create one with `setboard init` or try `setboard demo`"
        case let .notABoard(p):
            return "\(TextSafety.escaped(p)) is not a setboard board (no journal.log): use `setboard init --board PATH` to create one"
        case let .alreadyExists(p):
            return "a board with events already exists at \(TextSafety.escaped(p)); refusing to touch it"
        case let .readOnly(reason):
            return "the board is read-only: \(reason)"
        case let .io(op, p, e):
            return "cannot \(op) \(TextSafety.escaped(p)): \(String(cString: strerror(e)))"
        case let .notSaved(op, p, e):
            return "cannot \(op) \(TextSafety.escaped(p)): \(String(cString: strerror(e))) — the change was not saved; "
                + JournalError.advice(e)
        case let .replaced(p):
            return "the journal \(TextSafety.escaped(p)) was deleted, replaced or cut short while open — nothing more can be saved to it; reopen the board"
        case let .unsafeFile(p, reason):
            return "refusing to use \(TextSafety.escaped(p)): \(reason); setboard only opens regular files of its own in a board or cache directory and never follows links there — remove it (ask whoever made it why it is there)"
        case let .notStamped(reason):
            return "the change was not saved: \(reason)"
        }
    }

    /// The description for a caller that already says the change was not saved (the board's footer does).
    public var whyNotSaved: String {
        guard case let .notSaved(op, p, e) = self else { return description }
        return "cannot \(op) \(TextSafety.escaped(p)): \(String(cString: strerror(e))) — " + JournalError.advice(e)
    }

    /// What the user can do about a failed write, by its cause.
    static func advice(_ code: Int32) -> String {
        switch code {
        case ENOSPC, EDQUOT: return "free some space and try again"
        case EROFS: return "the file system is mounted read-only: remount it read-write (or ask an admin), then try again"
        case EIO: return "the disk reported an error: check it and the system log (dmesg), then try again"
        case EACCES, EPERM: return "check the permissions of the board directory, then try again"
        default: return "try again; if it keeps failing, check the disk"
        }
    }
}

/// Where a journal stands when it stamps new events: the newest seq, Lamport clock and time it has read or written.
public struct JournalHead: Equatable, Sendable {
    public var seq: Int64
    public var lam: Int64
    public var ts: Int64
    public init(seq: Int64 = 0, lam: Int64 = 0, ts: Int64 = 0) {
        self.seq = seq; self.lam = lam; self.ts = ts
    }

    /// Moves the head past a record read or written.
    public mutating func advance(past record: JournalRecord) {
        seq = max(seq, record.seq)
        lam = max(lam, record.lam)
        ts = max(ts, record.ts)
    }
}

/// The one place new events get their seq, Lamport clock, time, ids, actor and change-group marks: the file journal
/// and the in-memory one both call it, so they cannot drift.
///
/// Clock skew, for a clock that reads the host (`JournalClock.readsHostClock`): a time at most `tolerance` behind
/// the journal's newest event is stamped at that event's time, so times never go backwards in the file (clocks a
/// few seconds apart, an NTP step). Further behind, the change is refused: the message names both times, so people
/// can see which clock to fix. A clock far ahead cannot be told from a board left alone for a while, so it is
/// written as it reads; only a time outside `ValidRange.instantMilliseconds` is refused (it would make the line
/// damaged). Pinned clocks are taken as given.
public enum JournalStamp {
    /// How far behind the newest event a host clock may be before a change is refused: five minutes.
    public static let tolerance: Int64 = 5 * 60_000

    public static func stamp(_ events: [NewEvent], after head: JournalHead, clock: any JournalClock, ids: any IDSource,
                             replica: String, actor: String) throws(JournalError) -> [JournalRecord] {
        let now = clock.nowMilliseconds()
        let range = ValidRange.instantMilliseconds
        guard range.contains(now) else {
            throw .notStamped("the clock reads \(now) ms since 1970, outside the times a journal can hold (years 1970 to 9999); set the clock right")
        }
        var ts = now
        if clock.readsHostClock && now < head.ts {
            guard head.ts - now <= tolerance else {
                throw .notStamped("this computer's clock (\(WorkingTime.isoMinute(now)) UTC) is \(WorkingTime.shortAge(head.ts - now)) behind the journal's newest event (\(WorkingTime.isoMinute(head.ts)) UTC); check the clock (`timedatectl`) — if it is right, the clock of whoever wrote that event was ahead")
            }
            ts = head.ts
        }
        let count = Int64(events.count)
        guard head.seq <= ValidRange.counter.upperBound - count, head.lam <= ValidRange.counter.upperBound - count else {
            throw .notStamped("the journal's seq or Lamport clock has reached its limit (\(ValidRange.counter.upperBound)); it takes no more events")
        }
        var records: [JournalRecord] = []
        records.reserveCapacity(events.count)
        for (i, new) in events.enumerated() {
            if let problem = new.problem {
                throw .notStamped("the event \(TextSafety.escaped(new.type)) does not hold: \(problem)")
            }
            if let at = new.at, !range.contains(at) {
                throw .notStamped("the event \(TextSafety.escaped(new.type)) is dated \(at) ms since 1970, outside the times a journal can hold")
            }
            let at = new.at ?? ts
            let i64 = Int64(i)
            // Several events are one change: marked so that readers take all of their lines or none.
            let group = events.count > 1 ? JournalGroup(index: i64, size: count) : nil
            records.append(JournalRecord(v: JournalRecord.formatVersion, seq: head.seq + i64 + 1,
                                         id: EventIDText(ids.eventID(ms: at)), rid: replica, lam: head.lam + i64 + 1, ts: at, actor: new.actor ?? actor,
                                         type: new.type, payload: new.payload, event: new.event, group: group))
        }
        return records
    }
}

/// The OS account of the effective user: the journal's `actor`, never `$USER`, which anyone can set.
public func currentOSAccount() -> String {
    let uid = geteuid()
    if let pw = getpwuid(uid), let name = pw.pointee.pw_name {
        return String(cString: name)
    }
    return "uid\(uid)"
}

/// Where a journal gets each event's id: random in use, a seeded sequence in tests so their records repeat exactly.
public protocol IDSource: AnyObject, Sendable {
    /// A new UUIDv7 for an event stamped at `ms`.
    func eventID(ms: Int64) -> String
}

/// The system's random numbers: ids nobody can guess or repeat.
public final class SystemIDSource: IDSource {
    public static let shared = SystemIDSource()
    public init() {}
    public func eventID(ms: Int64) -> String {
        var g = SystemRandomNumberGenerator()
        return UUIDv7.make(ms: ms, using: &g)
    }
}

/// The same ids in the same order for the same seed (Core's `SeededRandom`), for tests. A journal appends from one
/// thread, so the state needs no lock; do not share one between journals used from several threads.
public final class SeededIDSource: IDSource, @unchecked Sendable {
    private var generator: SeededRandom

    public init(seed: UInt64) { generator = SeededRandom(seed: seed) }

    public func eventID(ms: Int64) -> String { UUIDv7.make(ms: ms, using: &generator) }

}

/// Time-ordered unique ids (RFC 9562 version 7): 48 bits of milliseconds, then random bits.
public enum UUIDv7 {
    public static func make(ms: Int64) -> String {
        var g = SystemRandomNumberGenerator()
        return make(ms: ms, using: &g)
    }

    public static func make<G: RandomNumberGenerator>(ms: Int64, using g: inout G) -> String {
        var bytes = [UInt8](repeating: 0, count: 16)
        let t = UInt64(max(0, ms))
        for i in 0..<6 { bytes[i] = UInt8((t >> UInt64(40 - 8 * i)) & 0xFF) }
        for i in 6..<16 { bytes[i] = UInt8.random(in: 0...255, using: &g) }
        bytes[6] = 0x70 | (bytes[6] & 0x0F)
        bytes[8] = 0x80 | (bytes[8] & 0x3F)
        let hex = bytes.map { b -> String in
            let s = String(b, radix: 16)
            return s.count == 1 ? "0" + s : s
        }.joined()
        let c = Array(hex)
        return String(c[0..<8]) + "-" + String(c[8..<12]) + "-" + String(c[12..<16]) + "-" + String(c[16..<20]) + "-" + String(c[20..<32])
    }

    /// A short random replica id for a board directory.
    public static func replicaID() -> String {
        var g = SystemRandomNumberGenerator()
        return (0..<8).map { _ in
            let s = String(UInt8.random(in: 0...255, using: &g), radix: 16)
            return s.count == 1 ? "0" + s : s
        }.joined()
    }
}
