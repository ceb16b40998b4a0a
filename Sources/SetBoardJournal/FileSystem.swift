/// The file operations the journal makes, behind one protocol, so a test can put a simulated disk under a real board.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open file as the journal uses it. Errors say which call failed on which path, as `JournalError.io`.
public protocol OpenFile: AnyObject {
    var path: String { get }
    /// `fstat(2)` of the open file: what it is, who owns it, how many names it has.
    func status() throws(JournalError) -> FileStatus
    func size() throws(JournalError) -> Int
    func inode() throws(JournalError) -> UInt64
    /// Reads `count` bytes from `offset` (fewer if the file is shorter).
    func read(from offset: Int, count: Int) throws(JournalError) -> [UInt8]
    /// Reads up to `count` bytes from `offset` into memory the caller owns; returns how many (fewer at the end).
    func read(from offset: Int, count: Int, into buffer: UnsafeMutableRawPointer) throws(JournalError) -> Int
    /// Writes every byte at the file's position (its end, when opened with `O_APPEND`).
    func writeAll(_ bytes: [UInt8]) throws(JournalError)
    /// `fdatasync`: the bytes are on disk when it returns.
    func syncData() throws(JournalError)
    /// `fsync`: the bytes and the file's metadata are on disk when it returns.
    func sync() throws(JournalError)
    func truncate(to length: Int) throws(JournalError)
    func setMode(_ mode: mode_t) throws(JournalError)
    /// Blocks until the caller holds the exclusive `flock`; it is released when the file is closed (deinit).
    func lockExclusive() throws(JournalError)
    /// The first `count` bytes of the file, read-only, without copying them where the file system can map them
    /// (`mmap`); others (a simulated disk) read them into memory, which is what the default does.
    func mapReadOnly(count: Int) throws(JournalError) -> FileBytes
}

/// Read-only bytes of a file, mapped or read into memory, released when the last reference goes. Shared across
/// threads: nothing writes them after they are made.
public final class FileBytes: @unchecked Sendable {
    public let buffer: UnsafeRawBufferPointer
    private let release: (UnsafeRawBufferPointer) -> Void

    /// Bytes whose memory `release` frees (or unmaps) when they are no longer used.
    init(buffer: UnsafeRawBufferPointer, release: @escaping (UnsafeRawBufferPointer) -> Void) {
        self.buffer = buffer
        self.release = release
    }

    /// A copy of bytes already in memory.
    public convenience init(copying bytes: [UInt8]) {
        let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 16)
        bytes.withUnsafeBytes { memory.copyMemory(from: $0) }
        self.init(buffer: UnsafeRawBufferPointer(memory), release: { $0.deallocate() })
    }

    public var count: Int { buffer.count }

    deinit { release(buffer) }
}

/// What `stat` says about a path.
public struct FileStatus: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case regular, directory, symbolicLink, fifo, device, socket

        /// How a refusal names it: "it is a symbolic link".
        public var words: String {
            switch self {
            case .regular: return "a regular file"
            case .directory: return "a directory"
            case .symbolicLink: return "a symbolic link"
            case .fifo: return "a named pipe (FIFO)"
            case .device: return "a device"
            case .socket: return "a socket"
            }
        }
    }

    public var kind: Kind
    /// Permission bits, setgid and sticky included.
    public var permissions: mode_t
    public var inode: UInt64
    public var owner: uid_t
    /// Hard links: a file setboard writes into must have exactly one, or the same bytes could be somewhere else too.
    public var links: Int
    /// When its bytes last changed, in nanoseconds (the simulated file system counts changes instead): with the inode
    /// and the size, what tells a reader that a file it read before was written since.
    public var modified: Int64

    public var isDirectory: Bool { kind == .directory }

    public init(kind: Kind, permissions: mode_t, inode: UInt64, owner: uid_t = geteuid(), links: Int = 1, modified: Int64 = 0) {
        self.kind = kind
        self.permissions = permissions
        self.inode = inode
        self.owner = owner
        self.links = links
        self.modified = modified
    }

    public init(isDirectory: Bool, permissions: mode_t, inode: UInt64) {
        self.init(kind: isDirectory ? .directory : .regular, permissions: permissions, inode: inode)
    }

    /// From a `stat` buffer, for the real file system.
    init(_ st: stat) {
        let kind: Kind
        switch st.st_mode & S_IFMT {
        case S_IFREG: kind = .regular
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .symbolicLink
        case S_IFIFO: kind = .fifo
        case S_IFSOCK: kind = .socket
        default: kind = .device
        }
        #if canImport(Darwin)
        let modified = Int64(st.st_mtimespec.tv_sec) &* 1_000_000_000 &+ Int64(st.st_mtimespec.tv_nsec)
        #else
        let modified = Int64(st.st_mtim.tv_sec) &* 1_000_000_000 &+ Int64(st.st_mtim.tv_nsec)
        #endif
        self.init(kind: kind, permissions: st.st_mode & 0o7777, inode: UInt64(st.st_ino), owner: st.st_uid,
                  links: Int(st.st_nlink), modified: modified)
    }
}

/// The calls on paths. The real one is `PosixFileSystem`; `SimulatedFileSystem` keeps everything in memory and can lose
/// what was not synced, as a power cut does.
public protocol FileSystem: AnyObject {
    /// `open(2)` with its flags (`O_RDONLY`, `O_WRONLY | O_CREAT | O_APPEND`, …); `mode` applies to a new file.
    /// Every file a board or cache holds may have been planted by someone else, so unless `O_DIRECTORY` is asked
    /// for, this never follows a symbolic link in the last component, never blocks on a FIFO or device, and opens
    /// only regular files: anything else throws `JournalError.unsafeFile` naming the path.
    func open(_ path: String, flags: Int32, mode: mode_t) throws(JournalError) -> any OpenFile
    /// `mkdir(2)` of one directory; an existing one fails with `EEXIST`.
    func makeDirectory(_ path: String, mode: mode_t) throws(JournalError)
    /// `rename(2)`: atomically puts `from` in the place of `to`.
    func rename(_ from: String, to: String) throws(JournalError)
    /// `fsync(2)` of a directory, so the entries created, renamed or removed in it survive a power cut.
    func syncDirectory(_ path: String) throws(JournalError)
    /// `access(2)`: 0 when allowed, else the errno (`ENOENT`, `EACCES`, `EROFS`, …). `how` is `F_OK` or `W_OK`.
    func access(_ path: String, _ how: Int32) -> Int32
    /// `stat(2)`, following symbolic links; nil when the path cannot be stat'ed.
    func status(_ path: String) -> FileStatus?
    /// `lstat(2)`: the entry itself, a symbolic link as a link; nil when the path cannot be stat'ed.
    func linkStatus(_ path: String) -> FileStatus?
    /// `link(2)`: a second name for the file `existing` (never following a link there); fails with `EEXIST` when
    /// `new` exists, so it never replaces anything.
    func link(_ existing: String, to new: String) throws(JournalError)
    /// `realpath(3)`: the absolute path with symbolic links and `..` resolved; nil when it does not exist.
    func realPath(_ path: String) -> String?
    /// The names in a directory, sorted, without `.` and `..`; nil when it cannot be read.
    func listDirectory(_ path: String) -> [String]?
    /// `unlink(2)` of a file, or `rmdir(2)` of an empty directory.
    func removeEntry(_ path: String) throws(JournalError)
}

extension OpenFile {
    public func mapReadOnly(count: Int) throws(JournalError) -> FileBytes { try readIntoMemory(count: count) }

    /// The first `count` bytes (fewer if the file is shorter) read into memory of their own.
    public func readIntoMemory(count: Int) throws(JournalError) -> FileBytes {
        let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 16)
        guard count > 0, let base = memory.baseAddress else {
            return FileBytes(buffer: UnsafeRawBufferPointer(rebasing: memory[..<0]), release: { _ in memory.deallocate() })
        }
        let read: Int
        do throws(JournalError) {
            read = try self.read(from: 0, count: count, into: base)
        } catch {
            memory.deallocate()
            throw error
        }
        return FileBytes(buffer: UnsafeRawBufferPointer(rebasing: memory[..<read]), release: { _ in memory.deallocate() })
    }

    public func read(from offset: Int, count: Int, into buffer: UnsafeMutableRawPointer) throws(JournalError) -> Int {
        let bytes = try read(from: offset, count: count)
        bytes.withUnsafeBytes { raw in
            if let base = raw.baseAddress { buffer.copyMemory(from: base, byteCount: raw.count) }
        }
        return bytes.count
    }
}

extension FileSystem {
    public func open(_ path: String, flags: Int32) throws(JournalError) -> any OpenFile {
        try open(path, flags: flags, mode: 0o600)
    }

    public func fileExists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    public func isDirectory(_ path: String) -> Bool { status(path)?.isDirectory == true }

    /// A board directory that is setgid and group-writable is shared by a team: its files are 0660, else 0600.
    public func fileMode(forDirectory dir: String) -> mode_t {
        guard let st = status(dir) else { return 0o600 }
        let shared = (st.permissions & S_ISGID) != 0 && (st.permissions & S_IWGRP) != 0
        return shared ? 0o660 : 0o600
    }

    /// A whole small file; one longer than `limit` is refused rather than read into memory.
    public func readAll(_ path: String, limit: Int = 64 << 20) throws(JournalError) -> [UInt8] {
        let f = try open(path, flags: O_RDONLY)
        let size = try f.size()
        guard size <= limit else { throw JournalError.unsafeFile(path: path, reason: "it is larger (\(size) bytes) than such a file can be") }
        return try f.read(from: 0, count: size)
    }

    /// Opens a file setboard writes into (the journal, the quarantine): regular, and with no second name, so a hard
    /// link to someone's private file planted in the board cannot receive the board's bytes.
    public func openForWriting(_ path: String, flags: Int32) throws(JournalError) -> any OpenFile {
        let f = try open(path, flags: flags & ~O_CREAT)
        let st = try f.status()
        guard st.links == 1 else {
            throw JournalError.unsafeFile(path: path, reason: "it has \(st.links) hard links, so it is also another file")
        }
        return f
    }

    /// Opens `path` if it exists; otherwise creates it exclusively (`O_EXCL`: never an existing file or a link
    /// planted in the meantime) and sets `mode` past the umask. Only a file this call created is ever chmod'ed:
    /// changing the mode of an existing file is how a planted name once made someone's SSH key group-readable.
    public func openOrCreate(_ path: String, flags: Int32, mode: mode_t) throws(JournalError) -> (file: any OpenFile, created: Bool) {
        let access = flags & ~(O_CREAT | O_EXCL)
        var lastError = JournalError.io(operation: "open", path: path, errno: EEXIST)
        for _ in 0..<4 {
            do throws(JournalError) {
                return (access & O_ACCMODE == O_RDONLY ? try open(path, flags: access) : try openForWriting(path, flags: access), false)
            } catch let JournalError.io(_, _, code) where code == ENOENT {}
            do throws(JournalError) {
                let f = try open(path, flags: access | O_CREAT | O_EXCL, mode: mode)
                // O_CREAT's mode passes through the umask; on a shared board a 0640 file would shut the team out.
                try? f.setMode(mode)
                return (f, true)
            } catch let JournalError.io(operation, p, code) where code == EEXIST {
                // Someone made it between the two calls: open theirs, with the same checks.
                lastError = .io(operation: operation, path: p, errno: code)
            }
        }
        throw lastError
    }

    /// Creates a new file named `prefix` + random hex, exclusively: a name nobody could have guessed and planted a
    /// link at beforehand (a pid they could). Returns the file and its path.
    public func createUnique(prefix: String, mode: mode_t) throws(JournalError) -> (file: any OpenFile, path: String) {
        var lastError = JournalError.io(operation: "create", path: prefix, errno: EEXIST)
        for _ in 0..<8 {
            var g = SystemRandomNumberGenerator()
            let path = prefix + String(UInt64.random(in: 0...UInt64.max, using: &g), radix: 16)
            do throws(JournalError) {
                let f = try open(path, flags: O_WRONLY | O_CREAT | O_EXCL, mode: mode)
                do { try f.setMode(mode) } catch {
                    try? removeEntry(path)
                    throw error
                }
                return (f, path)
            } catch let JournalError.io(operation, p, code) where code == EEXIST {
                lastError = .io(operation: operation, path: p, errno: code)
            }
        }
        throw lastError
    }

    /// Creates a directory and its missing parents; the last one is private unless made shared later. Each new
    /// directory's entry is synced in its parent, or a power cut could take the new board away with everything in it.
    public func makeDirectories(_ path: String) throws(JournalError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        let parts = path.split(separator: "/").map(String.init)
        for (i, part) in parts.enumerated() {
            let parent = prefix.isEmpty ? "." : prefix
            prefix += (prefix.isEmpty || prefix.hasSuffix("/") ? "" : "/") + part
            if isDirectory(prefix) { continue }
            let mode: mode_t = i == parts.count - 1 ? 0o700 : 0o755
            do {
                try makeDirectory(prefix, mode: mode)
            } catch let JournalError.io(_, _, code) where code == EEXIST {
                continue
            }
            try syncDirectory(parent)
        }
    }

    /// Writes a small file whole and durably: a new temp file of an unpredictable name, fsync, rename over `path`,
    /// fsync of the directory. A failure removes the temp file, so none is left behind.
    public func writeDurably(_ bytes: [UInt8], to path: String, directory: String, mode: mode_t) throws(JournalError) {
        let (f, tmp) = try createUnique(prefix: path + ".tmp-", mode: mode)
        do throws(JournalError) {
            try f.writeAll(bytes)
            try f.sync()
            try rename(tmp, to: path)
        } catch {
            try? removeEntry(tmp)
            throw error
        }
        try syncDirectory(directory)
    }
}
