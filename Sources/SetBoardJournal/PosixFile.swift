/// Thin, errno-checked wrappers over the POSIX calls the journal needs (open, pread, write, fsync, flock, rename).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open file descriptor that closes itself; closing also releases any `flock` held on it.
final class FileHandleFD {
    let fd: Int32
    let path: String

    init(path: String, flags: Int32, mode: mode_t = 0o600) throws(JournalError) {
        self.path = path
        let fd = open(path, flags | O_CLOEXEC, mode)
        guard fd >= 0 else { throw JournalError.io(operation: "open", path: path, errno: errno) }
        self.fd = fd
    }

    deinit { close(fd) }

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
        var buffer = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = buffer.withUnsafeMutableBytes { raw in
                pread(fd, raw.baseAddress.map { $0 + done }, count - done, off_t(offset + done))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw JournalError.io(operation: "read", path: path, errno: errno)
            }
            if n == 0 { break }
            done += n
        }
        if done < count { buffer.removeLast(count - done) }
        return buffer
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
}

enum Posix {
    static func fileExists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    static func inode(_ path: String) -> UInt64? {
        var st = stat()
        return stat(path, &st) == 0 ? UInt64(st.st_ino) : nil
    }

    static func canWrite(_ path: String) -> Bool { access(path, W_OK) == 0 }

    /// A board directory that is setgid and group-writable is shared by a team: its files are 0660, else 0600.
    static func fileMode(forDirectory dir: String) -> mode_t {
        var st = stat()
        guard stat(dir, &st) == 0 else { return 0o600 }
        let shared = (st.st_mode & S_ISGID) != 0 && (st.st_mode & S_IWGRP) != 0
        return shared ? 0o660 : 0o600
    }

    /// Creates a directory and its missing parents; the board directory itself is private unless made shared later.
    static func makeDirectories(_ path: String) throws(JournalError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        let parts = path.split(separator: "/").map(String.init)
        for (i, part) in parts.enumerated() {
            prefix += (prefix.isEmpty || prefix.hasSuffix("/") ? "" : "/") + part
            if isDirectory(prefix) { continue }
            let mode: mode_t = i == parts.count - 1 ? 0o700 : 0o755
            if mkdir(prefix, mode) != 0 && errno != EEXIST {
                throw JournalError.io(operation: "create the directory", path: prefix, errno: errno)
            }
        }
    }

    static func syncDirectory(_ path: String) throws(JournalError) {
        let dir = try FileHandleFD(path: path, flags: O_RDONLY | O_DIRECTORY)
        try dir.sync()
    }

    static func replace(_ to: String, with from: String) throws(JournalError) {
        guard rename(from, to) == 0 else { throw JournalError.io(operation: "rename", path: from, errno: errno) }
    }

    static func readAll(_ path: String) throws(JournalError) -> [UInt8] {
        let f = try FileHandleFD(path: path, flags: O_RDONLY)
        return try f.read(from: 0, count: try f.size())
    }

    /// Writes a small file whole and durably (temp file, fsync, rename, fsync of the directory).
    static func writeDurably(_ bytes: [UInt8], to path: String, directory: String, mode: mode_t) throws(JournalError) {
        let tmp = path + ".tmp-\(getpid())"
        do {
            let f = try FileHandleFD(path: tmp, flags: O_WRONLY | O_CREAT | O_TRUNC, mode: mode)
            try f.setMode(mode)
            try f.writeAll(bytes)
            try f.sync()
        }
        try replace(path, with: tmp)
        try syncDirectory(directory)
    }
}
