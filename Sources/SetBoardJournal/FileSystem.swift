/// The file operations the journal makes, behind one protocol, so a test can put a simulated disk under a real board.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open file as the journal uses it. Errors say which call failed on which path, as `JournalError.io`.
public protocol OpenFile: AnyObject {
    var path: String { get }
    func size() throws(JournalError) -> Int
    func inode() throws(JournalError) -> UInt64
    /// Reads `count` bytes from `offset` (fewer if the file is shorter).
    func read(from offset: Int, count: Int) throws(JournalError) -> [UInt8]
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
}

/// What `stat` says about a path.
public struct FileStatus: Equatable, Sendable {
    public var isDirectory: Bool
    /// Permission bits, setgid included.
    public var permissions: mode_t
    public var inode: UInt64

    public init(isDirectory: Bool, permissions: mode_t, inode: UInt64) {
        self.isDirectory = isDirectory
        self.permissions = permissions
        self.inode = inode
    }
}

/// The calls on paths. The real one is `PosixFileSystem`; `SimulatedFileSystem` keeps everything in memory and can lose
/// what was not synced, as a power cut does.
public protocol FileSystem: AnyObject {
    /// `open(2)` with its flags (`O_RDONLY`, `O_WRONLY | O_CREAT | O_APPEND`, …); `mode` applies to a new file.
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
    /// `realpath(3)`: the absolute path with symbolic links and `..` resolved; nil when it does not exist.
    func realPath(_ path: String) -> String?
    /// The names in a directory, sorted, without `.` and `..`; nil when it cannot be read.
    func listDirectory(_ path: String) -> [String]?
    /// `unlink(2)` of a file, or `rmdir(2)` of an empty directory.
    func removeEntry(_ path: String) throws(JournalError)
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

    public func readAll(_ path: String) throws(JournalError) -> [UInt8] {
        let f = try open(path, flags: O_RDONLY)
        return try f.read(from: 0, count: try f.size())
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

    /// Writes a small file whole and durably: a temp file, fsync, rename over `path`, fsync of the directory.
    public func writeDurably(_ bytes: [UInt8], to path: String, directory: String, mode: mode_t) throws(JournalError) {
        let tmp = path + ".tmp-\(getpid())"
        do {
            let f = try open(tmp, flags: O_WRONLY | O_CREAT | O_TRUNC, mode: mode)
            try f.setMode(mode)
            try f.writeAll(bytes)
            try f.sync()
        }
        try rename(tmp, to: path)
        try syncDirectory(directory)
    }
}
