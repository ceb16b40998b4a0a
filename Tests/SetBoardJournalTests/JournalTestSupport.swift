/// Shared helpers for the journal tests: a pinned clock, a scratch directory, raw file bytes and hand-built lines.
import Foundation
import SetBoardCore
@testable import SetBoardJournal
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A clock that never moves, so timestamps in the journal and the quarantine header are reproducible.
struct FixedClock: JournalClock {
    var ms: Int64 = 1_795_000_000_000
    func nowMilliseconds() -> Int64 { ms }
}

/// A fresh directory under the system temp dir, removed (with everything in it) when the value goes away.
final class ScratchDir {
    let url: URL
    var path: String { url.path }

    init(_ label: String = "jrnl") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("setboard-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        // A test may have made the tree read-only; give write access back so it can be removed.
        chmod(path, 0o700)
        try? FileManager.default.removeItem(at: url)
    }

    func sub(_ name: String) -> String { url.appendingPathComponent(name).path }
}

enum Bytes {
    static func read(_ path: String) -> [UInt8] {
        (try? Data(contentsOf: URL(fileURLWithPath: path))).map { [UInt8]($0) } ?? []
    }

    /// Rewrites the file in place (same inode, as a crash or a stray editor would leave it), creating it if needed.
    static func write(_ bytes: [UInt8], to path: String) throws {
        try put(bytes, to: path, flags: O_WRONLY | O_CREAT | O_TRUNC)
    }

    static func append(_ bytes: [UInt8], to path: String) throws {
        try put(bytes, to: path, flags: O_WRONLY | O_APPEND)
    }

    private static func put(_ bytes: [UInt8], to path: String, flags: Int32) throws {
        let fd = open(path, flags, 0o600)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(fd) }
        let written = bytes.withUnsafeBytes { rawWrite(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw POSIXError(.EIO) }
    }

    /// Every line with its trailing newline, plus whatever follows the last newline (possibly empty).
    static func lines(_ bytes: [UInt8]) -> (complete: [[UInt8]], tail: [UInt8]) {
        var complete: [[UInt8]] = []
        var start = 0
        for (i, b) in bytes.enumerated() where b == 0x0A {
            complete.append(Array(bytes[start...i]))
            start = i + 1
        }
        return (complete, Array(bytes[start...]))
    }

    /// True when `needle` occurs somewhere in `haystack`.
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= haystack.count else { return needle.isEmpty }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if Array(haystack[start..<(start + needle.count)]) == needle { return true }
        }
        return false
    }
}

/// The POSIX `write`, reachable under a name the `Bytes.write` member does not shadow.
private func rawWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int { write(fd, buffer, count) }

/// The permission bits of a file (including setgid), or nil when it cannot be stat'ed.
func permissionBits(_ path: String) -> mode_t? {
    var st = stat()
    guard stat(path, &st) == 0 else { return nil }
    return st.st_mode & 0o7777
}

/// A CRC-32 written bit by bit, independent of the table-driven one under test.
func referenceCRC32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for b in bytes {
        crc ^= UInt32(b)
        for _ in 0..<8 { crc = (crc >> 1) ^ (0xEDB8_8320 & (0 &- (crc & 1))) }
    }
    return ~crc
}

/// A journal line (without newline) whose checksum is right for `body`, however wrong the body itself is.
func lineWithValidChecksum(_ body: String) -> [UInt8] {
    let bytes = Array(body.utf8)
    let hex = String(referenceCRC32(bytes), radix: 16)
    return Array((String(repeating: "0", count: 8 - hex.count) + hex).utf8) + [0x20] + bytes
}

/// A record with fixed ids, so a journal written from these is the same bytes on every run.
func fixedRecord(seq: Int64, note: String = "event") -> JournalRecord {
    let digits = String(seq)
    return JournalRecord(seq: seq, id: "01a20000-0000-7000-8000-" + String(repeating: "0", count: 12 - digits.count) + digits, rid: "feedc0de", lam: seq,
                  ts: 1_795_000_000_000 + seq * 1000, actor: "alice", type: "test.noted",
                  payload: .object([("n", .int(seq)), ("note", .string(note))]))
}

/// Creates a board directory (journal, lock, replica) via FileJournal and then writes `records` into it verbatim.
func makeBoard(at dir: String, records: [JournalRecord]) throws -> [[UInt8]] {
    _ = try FileJournal.create(directory: dir, clock: FixedClock())
    let lines = records.map(\.line)
    try Bytes.write(lines.flatMap { $0 }, to: dir + "/journal.log")
    return lines
}

/// Appends one test event through the journal's own path and returns the record written.
@discardableResult
func appendNote(_ journal: FileJournal, _ n: Int64) throws -> JournalRecord? {
    try journal.append(actor: "tester") { _ in
        [NewEvent(type: "test.noted", payload: .object([("n", .int(n))]))]
    }.appended.first
}
