/// The real file system: thin, errno-checked wrappers over the POSIX calls the journal needs (open, pread, write, fsync, flock, rename).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open file descriptor that closes itself; closing also releases any `flock` held on it.
final class FileHandleFD: OpenFile {
    let fd: Int32
    let path: String

    init(path: String, flags: Int32, mode: mode_t = 0o600) throws(JournalError) {
        self.path = path
        let fd = open(path, flags | O_CLOEXEC, mode)
        guard fd >= 0 else { throw JournalError.io(operation: "open", path: path, errno: errno) }
        self.fd = fd
    }

    deinit { close(fd) }

    func status() throws(JournalError) -> FileStatus {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw JournalError.io(operation: "stat", path: path, errno: errno) }
        return FileStatus(st)
    }

    func size() throws(JournalError) -> Int {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw JournalError.io(operation: "stat", path: path, errno: errno) }
        return Int(st.st_size)
    }

    func inode() throws(JournalError) -> UInt64 {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw JournalError.io(operation: "stat", path: path, errno: errno) }
        return UInt64(st.st_ino)
    }

    /// Reads `count` bytes from `offset` (fewer if the file is shorter).
    func read(from offset: Int, count: Int) throws(JournalError) -> [UInt8] {
        guard count > 0 else { return [] }
        // Read straight into uninitialised memory: zero-filling a 5 MB snapshot first was 5% of a cold start.
        var failure: Int32 = 0
        let buffer = [UInt8](unsafeUninitializedCapacity: count) { raw, initialized in
            var done = 0
            while done < count {
                let n = pread(fd, raw.baseAddress.map { $0 + done }, count - done, off_t(offset + done))
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    break
                }
                if n == 0 { break }
                done += n
            }
            initialized = done
        }
        if failure != 0 { throw JournalError.io(operation: "read", path: path, errno: failure) }
        return buffer
    }

    func read(from offset: Int, count: Int, into buffer: UnsafeMutableRawPointer) throws(JournalError) -> Int {
        var done = 0
        while done < count {
            let n = pread(fd, buffer + done, count - done, off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw JournalError.io(operation: "read", path: path, errno: errno)
            }
            if n == 0 { break }
            done += n
        }
        return done
    }

    /// Writes all bytes, retrying short writes; one call in the usual case, so a line lands whole.
    func writeAll(_ bytes: [UInt8]) throws(JournalError) {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                write(fd, raw.baseAddress.map { $0 + done }, bytes.count - done)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw JournalError.io(operation: "write", path: path, errno: errno)
            }
            done += n
        }
    }

    func syncData() throws(JournalError) {
        guard fdatasync(fd) == 0 else { throw JournalError.io(operation: "sync", path: path, errno: errno) }
    }

    func sync() throws(JournalError) {
        guard fsync(fd) == 0 else { throw JournalError.io(operation: "sync", path: path, errno: errno) }
    }

    func truncate(to length: Int) throws(JournalError) {
        guard ftruncate(fd, off_t(length)) == 0 else {
            throw JournalError.io(operation: "truncate", path: path, errno: errno)
        }
    }

    func setMode(_ mode: mode_t) throws(JournalError) {
        guard fchmod(fd, mode) == 0 else { throw JournalError.io(operation: "set permissions of", path: path, errno: errno) }
    }

    /// Blocks until this process holds the exclusive lock.
    func lockExclusive() throws(JournalError) {
        while flock(fd, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            throw JournalError.io(operation: "lock", path: path, errno: errno)
        }
    }

    /// Maps the file private and read-only: a 24 MB snapshot read into fresh memory was a third of a 200,000-ticket
    /// first frame (the faults of new pages and the copy), where a mapping shares the pages the kernel already
    /// caches. Prefaulted in one call on Linux, as the checksum reads every page anyway. Where mapping fails the
    /// bytes are read as before. Snapshots are replaced by rename, never rewritten in place, so no writer of
    /// setboard's truncates a file under a mapping of it.
    func mapReadOnly(count: Int) throws(JournalError) -> FileBytes {
        // Never past the end: a page of a mapping beyond it faults (SIGBUS) when read.
        let count = min(count, try size())
        guard count > 0 else { return FileBytes(copying: []) }
        #if os(Linux)
        let flags = MAP_PRIVATE | MAP_POPULATE
        #else
        let flags = MAP_PRIVATE
        #endif
        guard let base = mmap(nil, count, PROT_READ, flags, fd, 0), base != MAP_FAILED else {
            return try readIntoMemory(count: count)
        }
        return FileBytes(buffer: UnsafeRawBufferPointer(start: base, count: count), release: { _ in _ = munmap(base, count) })
    }
}

/// The file system of the machine, through the POSIX calls; what the journal uses unless a test gives it another.
public final class PosixFileSystem: FileSystem, Sendable {
    public static let shared = PosixFileSystem()

    public init() {}

    public func open(_ path: String, flags: Int32, mode: mode_t) throws(JournalError) -> any OpenFile {
        // A directory is opened only to fsync it, and a board directory reached through a link is the user's choice.
        if flags & O_DIRECTORY != 0 { return try FileHandleFD(path: path, flags: flags, mode: mode) }
        let file: FileHandleFD
        do {
            // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, forever.
            file = try FileHandleFD(path: path, flags: flags | O_NOFOLLOW | O_NONBLOCK, mode: mode)
        } catch let JournalError.io(operation, p, code) {
            // ELOOP: the name is a symbolic link. ENXIO: a FIFO without a reader (for writing), or a socket.
            if code == ELOOP || code == ENXIO || code == EOPNOTSUPP, let st = linkStatus(path), st.kind != .regular {
                throw JournalError.unsafeFile(path: path, reason: "it is \(st.kind.words)")
            }
            throw JournalError.io(operation: operation, path: p, errno: code)
        }
        let st = try file.status()
        guard st.kind == .regular else { throw JournalError.unsafeFile(path: path, reason: "it is \(st.kind.words)") }
        let current = fcntl(file.fd, F_GETFL)
        guard current >= 0, fcntl(file.fd, F_SETFL, current & ~O_NONBLOCK) == 0 else {
            throw JournalError.io(operation: "open", path: path, errno: errno)
        }
        return file
    }

    public func makeDirectory(_ path: String, mode: mode_t) throws(JournalError) {
        guard mkdir(path, mode) == 0 else { throw JournalError.io(operation: "create the directory", path: path, errno: errno) }
    }

    public func rename(_ from: String, to: String) throws(JournalError) {
        guard systemRename(from, to) == 0 else { throw JournalError.io(operation: "rename", path: from, errno: errno) }
    }

    public func syncDirectory(_ path: String) throws(JournalError) {
        let dir = try FileHandleFD(path: path, flags: O_RDONLY | O_DIRECTORY)
        try dir.sync()
    }

    public func access(_ path: String, _ how: Int32) -> Int32 {
        systemAccess(path, how) == 0 ? 0 : errno
    }

    public func status(_ path: String) -> FileStatus? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return FileStatus(st)
    }

    public func linkStatus(_ path: String) -> FileStatus? {
        var st = stat()
        guard lstat(path, &st) == 0 else { return nil }
        return FileStatus(st)
    }

    public func link(_ existing: String, to new: String) throws(JournalError) {
        guard systemLink(existing, new) == 0 else { throw JournalError.io(operation: "link", path: new, errno: errno) }
    }

    public func realPath(_ path: String) -> String? {
        guard let real = realpath(path, nil) else { return nil }
        defer { free(real) }
        return String(cString: real)
    }

    public func listDirectory(_ path: String) -> [String]? {
        guard let dir = opendir(path) else { return nil }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    public func removeEntry(_ path: String) throws(JournalError) {
        let isDirectory = linkStatus(path)?.isDirectory == true
        guard (isDirectory ? rmdir(path) : unlink(path)) == 0 else {
            throw JournalError.io(operation: "remove", path: path, errno: errno)
        }
    }
}

// The C calls, under names the methods of the same name do not shadow.
private func systemRename(_ from: String, _ to: String) -> Int32 { rename(from, to) }
private func systemAccess(_ path: String, _ how: Int32) -> Int32 { access(path, how) }
private func systemLink(_ existing: String, _ new: String) -> Int32 { link(existing, new) }
