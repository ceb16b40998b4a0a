// Who else has a board open: one small file per running board under `<board>/presence/`, never journaled.
import SetBoardCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One viewer as its presence file says: who, which process on which host, and when it last said so.
public struct PresenceEntry: Equatable, Sendable {
    public var handle: String
    public var pid: Int64
    public var host: String
    /// Unix milliseconds of the last heartbeat.
    public var heartbeat: Int64

    /// "alice\t4242\thost-a\t1764000000000\n": tab-separated, one line; nothing in it is ever executed.
    var line: String { "\(handle)\t\(pid)\t\(host)\t\(heartbeat)\n" }

    /// Strict: four fields, a pid and a time in range, names without control characters; anything else is no entry.
    static func parse(_ bytes: [UInt8]) -> PresenceEntry? {
        guard bytes.count <= Presence.maxFileSize, bytes.last == 0x0A else { return nil }
        let fields = String(decoding: bytes.dropLast(), as: UTF8.self).split(separator: "\t", omittingEmptySubsequences: false)
        guard fields.count == 4, let pid = Int64(fields[1]), (1...Int64(Int32.max)).contains(pid),
              let beat = Int64(fields[3]), ValidRange.instantMilliseconds.contains(beat),
              !fields[0].isEmpty, fields[0].count <= 64, fields[2].count <= 255 else { return nil }
        return PresenceEntry(handle: String(fields[0]), pid: pid, host: String(fields[2]), heartbeat: beat)
    }
}

/// This process's presence on one board, and what it sees of the others'.
///
/// `<board>/presence/<random hex>`: created exclusively (a name nobody could have planted a link at), opened without
/// following links, with the journal's mode (0660 on a team's shared board, else 0600), rewritten with a fresh
/// heartbeat every few seconds and removed on leaving. An entry whose heartbeat is older than `timeout`, or whose
/// process on this host is gone, is ignored. Presence never takes the journal's lock and never runs on the path of
/// a change; a user who may not write the board (or a full disk) simply does not announce itself.
public final class Presence {
    public static let timeout: Int64 = 15_000
    public static let heartbeatEvery: Int64 = 3_000
    static let maxFileSize = 512
    public let directory: String
    private let fileSystem: any FileSystem
    private let handle: String
    private let host: String
    /// Our own file while we announce ourselves; nil when we cannot.
    public private(set) var ownPath: String?
    private var ownFile: (any OpenFile)?
    private var lastBeat: Int64?

    public init(board: String, handle: String, fileSystem: any FileSystem = PosixFileSystem.shared) {
        directory = board + "/presence"
        self.fileSystem = fileSystem
        self.handle = String(TextSafety.escaped(handle).filter { $0 != "\t" }.prefix(64))
        var name = [CChar](repeating: 0, count: 256)
        gethostname(&name, name.count - 1)
        let bytes = name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        host = String(TextSafety.escaped(String(decoding: bytes, as: UTF8.self)).prefix(255))
    }

    /// Creates our file (once) and writes a fresh heartbeat when one is due; failures only mean we are not announced.
    public func heartbeat(now: Int64) {
        if let last = lastBeat, now - last < Presence.heartbeatEvery, ownFile != nil { return }
        lastBeat = now
        do {
            if ownFile == nil { try announce() }
            guard let file = ownFile else { return }
            let entry = PresenceEntry(handle: handle, pid: Int64(getpid()), host: host, heartbeat: now)
            try file.truncate(to: 0)
            try file.writeAll(Array(entry.line.utf8))
        } catch {
            ownFile = nil
            if let path = ownPath { try? fileSystem.removeEntry(path) }
            ownPath = nil
        }
    }

    private func announce() throws(JournalError) {
        let board = String(directory.dropLast("/presence".count))
        // A read-only user (or a read-only mount) stays silent without trying to write.
        guard fileSystem.access(board, W_OK) == 0 || fileSystem.linkStatus(directory)?.isDirectory == true else { return }
        let mode = fileSystem.fileMode(forDirectory: board)
        if fileSystem.linkStatus(directory) == nil {
            do throws(JournalError) {
                // Sticky, so on a shared board nobody removes another's entry; setgid keeps the board's group.
                let shared = mode == 0o660
                try fileSystem.makeDirectory(directory, mode: shared ? 0o3770 : 0o700)
                if shared { Presence.setSharedMode(directory) }
            } catch let JournalError.io(_, _, code) where code == EEXIST {}
        }
        guard let st = fileSystem.linkStatus(directory), st.isDirectory else {
            throw JournalError.unsafeFile(path: directory, reason: "it is not a directory")
        }
        let (created, path) = try fileSystem.createUnique(prefix: directory + "/", mode: mode)
        let inode = try created.inode()
        // Reopened to append, so each heartbeat truncates and writes from the start; the same file or nothing.
        let file = try fileSystem.open(path, flags: O_WRONLY | O_APPEND)
        guard try file.inode() == inode else { throw JournalError.unsafeFile(path: path, reason: "it was replaced") }
        ownFile = file
        ownPath = path
    }

    /// Removes our file: the board is closing.
    public func leave() {
        ownFile = nil
        if let path = ownPath { try? fileSystem.removeEntry(path) }
        ownPath = nil
    }

    /// Everyone else with the board open now: live entries other than ours, oldest heartbeat first. Unreadable,
    /// oversized, odd or stale entries are skipped; nothing is followed or opened but regular files.
    public func others(now: Int64) -> [PresenceEntry] {
        guard let names = fileSystem.listDirectory(directory) else { return [] }
        var found: [PresenceEntry] = []
        for name in names.prefix(1_000) where Presence.isEntryName(name) {
            let path = directory + "/" + name
            guard path != ownPath, let st = fileSystem.linkStatus(path), st.kind == .regular,
                  let bytes = try? fileSystem.readAll(path, limit: Presence.maxFileSize),
                  let entry = PresenceEntry.parse(bytes) else { continue }
            guard now - entry.heartbeat <= Presence.timeout, entry.heartbeat - now <= Presence.timeout else { continue }
            if entry.host == host {
                // A board on this host that died without leaving is known at once, without waiting for the timeout.
                if kill(pid_t(entry.pid), 0) != 0 && errno == ESRCH { continue }
            }
            found.append(entry)
        }
        return found.sorted { ($0.handle, $0.heartbeat) < ($1.handle, $1.heartbeat) }
    }

    /// The handles to show, a handle open twice said once with its count: ["bob", "carol ×2"].
    public static func names(_ entries: [PresenceEntry]) -> [String] {
        var counts: [(String, Int)] = []
        for e in entries {
            if let i = counts.firstIndex(where: { $0.0 == e.handle }) { counts[i].1 += 1 } else { counts.append((e.handle, 1)) }
        }
        return counts.map { $0.1 > 1 ? "\($0.0) ×\($0.1)" : $0.0 }
    }

    /// The umask takes group write off a new directory; on a shared board the team needs it. Set through a
    /// descriptor opened without following links, so a name swapped in since `mkdir` is never changed.
    private static func setSharedMode(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fchmod(fd, 0o3770)
        close(fd)
    }

    static func isEntryName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 16 && name.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}
