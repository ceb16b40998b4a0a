/// Snapshots: the replayed board at a journal position, kept per user as a cache so a big board opens without replay.
import CSearch
import Dispatch
import SetBoardCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The board at one journal position. Tickets are stored as replayed state; the few events of the other families
/// (incidents, pages, roster, cycle) are kept as their journal lines and replayed on load, so those families need
/// no second encoding that could drift from their replay.
public struct BoardSnapshot: Sendable {
    public var position: JournalPosition
    public var board: BoardState
    public var otherEvents: [JournalRecord]
    /// Set on a synced board's snapshot: how far it read every replica's file, and what the replay had derived.
    public var frontier: ReplicaFrontier?

    public init(position: JournalPosition, board: BoardState, otherEvents: [JournalRecord]) {
        self.position = position
        self.board = board
        self.otherEvents = otherEvents
    }
}

/// Where snapshots live and how they are written and read.
public enum SnapshotFile {
    static let magic = Array("setboard snapshot\n".utf8)
    /// 3: the checksum reads four words at a time. 4: the file's checksum is `SnapshotChecksum.ofFile`, sixteen
    /// bytes a multiply, and the index's keys may be sixteen-byte records (`SnapshotWriter.keyRecord`); a snapshot of
    /// 3 or before is set aside as another version's and rebuilt.
    static let formatVersion: UInt64 = 4

    /// `$XDG_CACHE_HOME/setboard/<board id>/snapshot`: per user, so a board shared by several accounts never trips
    /// over another user's file. The id joins the board's replica id with a checksum of its real path, so a copied
    /// board directory gets its own snapshot.
    public static func path(cacheHome: String, boardDirectory: String,
                            fileSystem fs: any FileSystem = PosixFileSystem.shared) -> String? {
        boardID(boardDirectory, fileSystem: fs).map { cacheHome + "/setboard/" + $0 + "/snapshot" }
    }

    /// The name of a board's directory in the cache; nil for a board without a replica id.
    static func boardID(_ boardDirectory: String, fileSystem fs: any FileSystem) -> String? {
        let replicaText = (try? fs.readAll(boardDirectory + "/replica", limit: 4096)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let replica = String(replicaText.filter { $0.isLetter || $0.isNumber || $0 == "-" }.prefix(64))
        guard !replica.isEmpty, let real = fs.realPath(boardDirectory) else { return nil }
        return replica + "-" + String(decoding: CRC32.hex(CRC32.checksum(Array(real.utf8))), as: UTF8.self)
    }

    /// Removes the cached snapshots of boards that are gone: a directory whose `board` file names a board that no
    /// longer exists (or is now another board), or one without that file (written before setboard kept it) whose
    /// snapshot is of an older format and so of no use. A directory holding anything else is left alone: only
    /// setboard's own files are ever removed, and only under `<cache>/setboard`. Failures are ignored; it is a cache.
    static func pruneAbandoned(cacheRoot root: String, except own: String, fileSystem fs: any FileSystem) {
        for name in fs.listDirectory(root) ?? [] where name != own && isBoardID(name) {
            let dir = root + "/" + name
            // lstat: a link named like a board's cache is not followed into some other directory to delete there.
            guard let st = fs.linkStatus(dir), st.isDirectory, st.owner == geteuid(), let files = fs.listDirectory(dir),
                  files.allSatisfy({ $0 == "snapshot" || $0 == "board" || $0 == "history" || $0.hasPrefix("snapshot.tmp-")
                      || $0.hasPrefix("history.tmp-") }) else { continue }
            if files.contains("board") {
                guard let board = try? fs.readAll(dir + "/board", limit: 4096),
                      boardID(String(decoding: board, as: UTF8.self), fileSystem: fs) != name else { continue }
            } else if files.contains("snapshot"), isCurrentFormat(dir + "/snapshot", fileSystem: fs) {
                continue
            }
            for file in files { try? fs.removeEntry(dir + "/" + file) }
            try? fs.removeEntry(dir)
        }
    }

    /// `<replica id>-<8 hex digits>`, as `boardID` names them.
    private static func isBoardID(_ name: String) -> Bool {
        let parts = name.split(separator: "-")
        guard parts.count >= 2, let last = parts.last, last.count == 8 else { return false }
        return last.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    private static func isCurrentFormat(_ path: String, fileSystem fs: any FileSystem) -> Bool {
        guard let file = try? fs.open(path, flags: O_RDONLY),
              let head = try? file.read(from: 0, count: magic.count + 8 + 10), head.starts(with: magic),
              head.count > magic.count + 8 else { return false }
        return head.withUnsafeBytes { raw in
            var r = SnapshotReader(UnsafeRawBufferPointer(rebasing: raw[(magic.count + 8)...]))
            return (try? r.uint()) == formatVersion
        }
    }

    public static func encode(_ snapshot: BoardSnapshot) -> [UInt8] {
        // Room for the whole file at once, the checksum filled in at the end: growing by doubling and copying the body
        // behind the magic held up to three copies at once (200,000 tickets: 26 MB each). Room not written is
        // never touched, so a generous guess costs nothing.
        var w = SnapshotWriter(capacity: magic.count + 8 + snapshot.board.snapshotSizeGuess + (1 << 16))
        w.append(magic)
        w.word64(0)
        let bodyStart = w.bytes.count
        w.uint(formatVersion)
        w.uint(BoardState.snapshotSchema)
        let p = snapshot.position
        w.int(p.offset); w.int(p.lines); w.int(p.lastSeq); w.int(p.lastLam); w.int(p.lastLineStart)
        w.uint(UInt64(p.lastLineCRC))
        snapshot.board.encodeSnapshot(into: &w)
        w.uint(UInt64(snapshot.otherEvents.count))
        for record in snapshot.otherEvents { w.raw(record.line) }
        // After the rest, so a board that never synced writes the same bytes as before.
        snapshot.frontier?.encode(into: &w)
        let sum = w.bytes.withUnsafeBytes { SnapshotChecksum.ofFile(UnsafeRawBufferPointer(rebasing: $0[bodyStart...])) }
        w.setWord64(sum, at: magic.count)
        return w.bytes
    }

    /// Reads a snapshot file. `lazily` leaves its tickets undecoded until a change or a whole-board read needs
    /// them, for a first frame that decodes only the cards it shows.
    public static func decode(_ bytes: [UInt8], lazily: Bool = false) -> Result<BoardSnapshot, SnapshotDecodingError> {
        decode(FileBytes(copying: bytes), lazily: lazily)
    }

    /// Reads a snapshot from the bytes of its file (mapped, as `read` gives them, or in memory).
    public static func decode(_ bytes: FileBytes, lazily: Bool = false) -> Result<BoardSnapshot, SnapshotDecodingError> {
        // The buffer is read through pointers below, which do not keep the bytes (perhaps a mapping) alive.
        defer { withExtendedLifetime(bytes) {} }
        let raw = bytes.buffer
        guard raw.count > magic.count + 8, raw.starts(with: magic) else {
            return .failure(SnapshotDecodingError("it is not a setboard snapshot"))
        }
        var stored: UInt64 = 0
        for i in 0..<8 { stored |= UInt64(raw[magic.count + i]) << (8 * UInt64(i)) }
        let body = UnsafeRawBufferPointer(rebasing: raw[(magic.count + 8)...])
        var r = SnapshotReader(body)
        do throws(SnapshotDecodingError) {
            // The version before the checksum: another version's file may sum its bytes another way, and is
            // then reported as from another version, not as damaged.
            guard try r.uint() == formatVersion else { throw SnapshotDecodingError("it was written by another version of setboard") }
            guard SnapshotChecksum.ofFile(body) == stored else { throw SnapshotDecodingError("its checksum does not match (damaged bytes)") }
            guard try r.uint() == BoardState.snapshotSchema else { throw SnapshotDecodingError("it was written by another version of setboard") }
            let offset = try r.intValue(), lines = try r.intValue(), lastSeq = try r.int(), lastLam = try r.int()
            let lastLineStart = try r.intValue()
            guard let crc = UInt32(exactly: try r.uint()) else { throw SnapshotDecodingError("its position is damaged") }
            let position = JournalPosition(offset: offset, lines: lines, lastSeq: lastSeq, lastLam: lastLam,
                                           lastLineStart: lastLineStart, lastLineCRC: crc)
            let board = try BoardState(snapshot: &r, decodeParts: SnapshotFile.decodeInParallel,
                                       lazily: lazily ? (bytes, magic.count + 8) : nil)
            var others: [JournalRecord] = []
            for _ in 0..<(try r.count()) {
                guard case let .success(record) = JournalRecord.decode(line: Array(try r.raw().dropLast())) else {
                    throw SnapshotDecodingError("one of its events is damaged")
                }
                others.append(record)
            }
            let frontier = r.isAtEnd ? nil : try ReplicaFrontier(decoding: &r)
            guard r.isAtEnd else { throw SnapshotDecodingError("it has bytes after its end") }
            var snapshot = BoardSnapshot(position: position, board: board, otherEvents: others)
            snapshot.frontier = frontier
            return .success(snapshot)
        } catch {
            return .failure(error)
        }
    }

    /// Decodes the first half of the tickets here and the second on another core at the same time: DESIGN.md's
    /// targets assume one core, but a board opening is the one moment the second core would otherwise sit idle.
    static func decodeInParallel(_ parts: [(bytes: UnsafeRawBufferPointer, count: Int)]) throws(SnapshotDecodingError)
        -> [[Ticket]] {
        guard parts.count == 2, parts[1].count >= 1_000 else {
            return try parts.map { (part) throws(SnapshotDecodingError) in try BoardState.decodeTickets(part.bytes, count: part.count) }
        }
        let other = OtherHalf(bytes: parts[1].bytes, count: parts[1].count)
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global(qos: .userInitiated).async {
            other.decode()
            done.signal()
        }
        let first: Result<[Ticket], SnapshotDecodingError>
        do throws(SnapshotDecodingError) {
            first = .success(try BoardState.decodeTickets(parts[0].bytes, count: parts[0].count))
        } catch {
            first = .failure(error)
        }
        done.wait() // the other thread reads the caller's bytes, so it must finish before they can go away
        return [try first.get(), try other.result.get()]
    }

    /// The half decoded on the other thread. The bytes are read-only and outlive the wait for it; the result is
    /// written by that thread before the semaphore is signalled and read by the caller after waiting on it.
    private final class OtherHalf: @unchecked Sendable {
        let bytes: UnsafeRawBufferPointer
        let count: Int
        var result: Result<[Ticket], SnapshotDecodingError> = .failure(SnapshotDecodingError("not decoded"))
        init(bytes: UnsafeRawBufferPointer, count: Int) {
            self.bytes = bytes
            self.count = count
        }
        func decode() {
            do throws(SnapshotDecodingError) {
                result = .success(try BoardState.decodeTickets(bytes, count: count))
            } catch {
                result = .failure(error)
            }
        }
    }

    /// Nil when there is no snapshot file; the bytes otherwise. Only a regular file of this user's is read: a
    /// snapshot is shown as the board without replaying the journal, so one written by anyone else would be a forged
    /// board.
    /// The file is mapped where the file system can, after the same checks (`open` refuses links and anything but
    /// a regular file).
    public static func read(_ path: String, fileSystem fs: any FileSystem = PosixFileSystem.shared) throws(JournalError) -> FileBytes? {
        guard fs.linkStatus(path) != nil else { return nil }
        let file = try fs.open(path, flags: O_RDONLY)
        let st = try file.status()
        guard st.owner == geteuid() else {
            throw JournalError.unsafeFile(path: path, reason: "it belongs to another account (uid \(st.owner))")
        }
        return try file.mapReadOnly(count: try file.size())
    }

    /// Why the cache that holds `path` (`<cache>/setboard/<board id>/snapshot`) cannot be trusted, or nil when it
    /// can. The two directories setboard makes must be real directories (not links) of this user's that nobody
    /// else can write; the cache home above them must belong to this user or root and, if others can write it,
    /// be sticky (as /tmp is), so nobody can swap the directories under it. Missing directories are no problem:
    /// they are created private when the first snapshot is written.
    public static func cacheProblem(_ path: String, fileSystem fs: any FileSystem = PosixFileSystem.shared) -> String? {
        let dir = parent(path), root = parent(dir), home = parent(root)
        let me = geteuid()
        if let st = fs.status(home) {
            if !st.isDirectory { return "\(TextSafety.escaped(home)) is not a directory" }
            if st.owner != me && st.owner != 0 { return "\(TextSafety.escaped(home)) belongs to another account (uid \(st.owner))" }
            if st.permissions & 0o022 != 0 && st.permissions & S_ISVTX == 0 {
                return "others can write in \(TextSafety.escaped(home)) and it is not sticky"
            }
        }
        for d in [root, dir] {
            guard let st = fs.linkStatus(d) else { continue }
            if !st.isDirectory { return "\(TextSafety.escaped(d)) is \(st.kind.words), not a directory" }
            if st.owner != me { return "\(TextSafety.escaped(d)) belongs to another account (uid \(st.owner))" }
            if st.permissions & 0o022 != 0 { return "others can write in \(TextSafety.escaped(d)) (run `chmod go-w` on it)" }
        }
        return nil
    }

    private static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Creates `<cache>/setboard/<board id>` private (0700) where missing, then checks the whole cache again.
    static func makeCacheDirectory(for path: String, fileSystem fs: any FileSystem) throws(JournalError) -> String {
        let dir = parent(path), root = parent(dir)
        if !fs.isDirectory(parent(root)) { try fs.makeDirectories(parent(root)) }
        for d in [root, dir] where fs.linkStatus(d) == nil {
            do throws(JournalError) {
                try fs.makeDirectory(d, mode: 0o700)
                try fs.syncDirectory(parent(d))
            } catch let JournalError.io(_, _, code) where code == EEXIST {}
        }
        if let problem = cacheProblem(path, fileSystem: fs) {
            throw JournalError.unsafeFile(path: dir, reason: "the snapshot cache cannot be trusted: " + problem)
        }
        return dir
    }

    /// Written whole or not at all: a temp file, fsync, rename over the old one, fsync of the directory. Given the
    /// board's directory, a `board` file beside the snapshot names it, so a later write can tell a snapshot whose
    /// board is gone and remove it (see `pruneAbandoned`).
    public static func write(_ snapshot: BoardSnapshot, to path: String, board: String? = nil,
                             fileSystem fs: any FileSystem = PosixFileSystem.shared) throws(JournalError) {
        let directory = try makeCacheDirectory(for: path, fileSystem: fs)
        if let board, let real = fs.realPath(board), (try? fs.readAll(directory + "/board", limit: 4096)) != Array(real.utf8) {
            try fs.writeDurably(Array(real.utf8), to: directory + "/board", directory: directory, mode: 0o600)
        }
        try fs.writeDurably(encode(snapshot), to: path, directory: directory, mode: 0o600)
        if board != nil, let slash = directory.lastIndex(of: "/") {
            pruneAbandoned(cacheRoot: String(directory[..<slash]), except: String(directory[directory.index(after: slash)...]),
                           fileSystem: fs)
        }
    }
}

/// How a board is opened with snapshots: where the cache is, and after how many replayed events a new one is written.
public struct SnapshotPolicy: Sendable {
    public var cacheHome: String
    /// Replaying this many events costs about 10 ms in a release build; below it a new snapshot is not worth a write.
    public var rewriteAfter: Int
    public init(cacheHome: String, rewriteAfter: Int = 1_000) {
        self.cacheHome = cacheHome
        self.rewriteAfter = rewriteAfter
    }
}

extension BoardStore {
    /// Opens a board, starting from this user's snapshot when it still matches the journal, and writes a fresh
    /// snapshot when many events had to be replayed. A snapshot that cannot be used is reported in `notes`, never
    /// trusted: the board is then replayed from the journal, which is always the truth.
    /// `lazily` is for the full-screen board and `render`: the tickets stay undecoded, each decoded when read, a
    /// changed one kept decoded, until `decodeAll()`.
    public static func open(directory: String, clock: any JournalClock, snapshots: SnapshotPolicy?, lazily: Bool = false,
                            fileSystem fs: any FileSystem = PosixFileSystem.shared) throws -> BoardStore {
        if ReplicaFiles.hasReplicas(board: directory, fileSystem: fs) {
            // A synced board: its snapshot carries a frontier over every replica's file (ReplicaFrontier.swift).
            return try openSynced(directory: directory, clock: clock, snapshots: snapshots, lazily: lazily, fileSystem: fs)
        }
        guard let snapshots,
              let path = SnapshotFile.path(cacheHome: snapshots.cacheHome, boardDirectory: directory, fileSystem: fs) else {
            let store = try replaying(try FileJournal.openUnread(directory: directory, clock: clock, start: nil, fileSystem: fs),
                                      snapshot: nil, clock: clock)
            try store.attachReplicas()
            return store
        }
        if let problem = SnapshotFile.cacheProblem(path, fileSystem: fs) {
            // Someone else could have put a forged board there, or could swap the files: use no snapshot at all.
            let store = try replaying(try FileJournal.openUnread(directory: directory, clock: clock, start: nil, fileSystem: fs),
                                      snapshot: nil, clock: nil)
            store.notes = ["not using snapshots: \(problem); every start replays the whole journal until it is fixed"]
            try store.attachReplicas()
            return store
        }
        var notes: [String] = []
        var snapshot: BoardSnapshot?
        var mustRewrite = false
        func setAside(_ reason: String) {
            notes.append("the snapshot \(TextSafety.escaped(path)) was not used: \(reason); rebuilt it from the journal")
            mustRewrite = true
        }
        do {
            if let bytes = try SnapshotFile.read(path, fileSystem: fs) {
                switch SnapshotFile.decode(bytes, lazily: lazily) {
                case let .success(s) where s.frontier != nil:
                    setAside("it holds other replicas' events, and this board has no replicas/ now")
                case let .success(s): snapshot = s
                case let .failure(problem): setAside(problem.description)
                }
            }
        } catch {
            notes.append("the snapshot \(TextSafety.escaped(path)) could not be read (\(error)); rebuilt it from the journal")
            mustRewrite = true
        }
        let journal = try FileJournal.openUnread(directory: directory, clock: clock, start: snapshot?.position, fileSystem: fs)
        let store = try replaying(journal, snapshot: snapshot, clock: clock)
        if let snapshot, journal.startRejected == nil {
            store.snapshotSeq = snapshot.position.lastSeq
        } else if let reason = journal.startRejected {
            setAside(reason)
        }
        try store.attachReplicas()
        if !store.isMerged && (mustRewrite || journal.eventsRead >= snapshots.rewriteAfter) {
            store.historyIndex.path = HistoryIndexFile.path(besideSnapshot: path)
            store.historyIndex.fileSystem = fs
            do {
                try store.writeSnapshot(to: path)
            } catch {
                notes.append("could not write the snapshot (\(error)); the board is fine, it only opens more slowly")
            }
        }
        store.notes = notes
        store.snapshotPath = path
        store.historyIndex.path = HistoryIndexFile.path(besideSnapshot: path)
        store.historyIndex.fileSystem = fs
        return store
    }

    /// Brings this user's snapshot up to the journal when opening had to replay board events after it, so the next
    /// first frame is drawn from the snapshot alone. The full-screen board calls it once its first frame is up;
    /// commands leave it to the policy's count. A cache that cannot be written only makes the next start slower.
    /// True when it wrote one.
    @discardableResult
    public func catchUpSnapshot() -> Bool {
        if isMerged { return catchUpSyncedSnapshot() }
        guard let path = snapshotPath, let file = journal as? FileJournal, let position = file.position else { return false }
        guard position.lastSeq != snapshotSeq else {
            // A snapshot from before the history index (or whose index is gone) gets one now, not at the first Enter.
            _ = try? historyIndex.positions(of: "", in: file)
            return false
        }
        guard (try? writeSnapshot(to: path)) != nil else { return false }
        // The write (the history index's postings, the snapshot's bytes) took memory the open board no longer needs,
        // and glibc keeps freed memory in the heap unless asked: at 200,000 tickets the full-screen board held 76 MB
        // after it, 53 MB before.
        _ = setboard_trim_heap()
        return true
    }

    /// Writes the snapshot of what this store has read and returns the seq it reaches; nil (nothing written) for an
    /// empty or damaged journal, whose state is partial.
    @discardableResult
    public func writeSnapshot(to path: String) throws(JournalError) -> Int64? {
        // A board replayed with other replicas' events needs their files' frontier too.
        if isMerged { return try writeSyncedSnapshot(to: path) }
        guard let file = journal as? FileJournal, let position = file.position else { return nil }
        // The index first: a snapshot without its index is still used (the index is rebuilt), and an index left
        // without its snapshot names another position and is ignored.
        do {
            try writeHistoryIndex(besideSnapshot: path, position: position)
        } catch {
            notes.append("could not write the history index (\(error)); a card's history is read from the whole journal")
        }
        try SnapshotFile.write(BoardSnapshot(position: position, board: state, otherEvents: otherEvents), to: path,
                               board: file.directory, fileSystem: file.fileSystem)
        snapshotSeq = position.lastSeq
        return position.lastSeq
    }
}
