/// The simulated file system's inodes and open files: each file keeps the bytes a power cut would leave, each directory its synced entries.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file or directory. `data` and `entries` are what programs see; `synced…` is what is on the platters.
final class SimulatedNode {
    let number: UInt64
    let isDirectory: Bool
    var permissions: mode_t
    var data: [UInt8] = [] { didSet { changes += 1 } }
    /// Bumped by every change of `data`: the simulated file's modification time.
    var changes: Int64 = 0
    var syncedData: [UInt8] = []
    var entries: [String: SimulatedNode] = [:]
    var syncedEntries: [String: SimulatedNode] = [:]
    /// The open file holding the `flock`, if any.
    weak var lockHolder: SimulatedFile?

    init(number: UInt64, isDirectory: Bool, permissions: mode_t) {
        self.number = number
        self.isDirectory = isDirectory
        self.permissions = permissions
    }
}

/// An open file on a `SimulatedFileSystem`. It refers to the inode, not the name, so a file deleted or renamed
/// under it stays readable, as on a real disk; after a crash it is dead, like the process that held it.
final class SimulatedFile: OpenFile {
    let fs: SimulatedFileSystem
    let node: SimulatedNode
    let path: String
    let readable: Bool
    let writable: Bool
    let appends: Bool
    let boot: Int
    private var position = 0

    init(fs: SimulatedFileSystem, node: SimulatedNode, path: String, flags: Int32) {
        self.fs = fs
        self.node = node
        self.path = path
        let access = flags & O_ACCMODE
        readable = access == O_RDONLY || access == O_RDWR
        writable = access == O_WRONLY || access == O_RDWR
        appends = flags & O_APPEND != 0
        boot = fs.boot
    }

    /// Counts the call, applies any fault, and refuses a file opened before the last crash.
    private func enter(_ call: SimulatedFileSystem.Call) throws(JournalError) {
        try fs.enter(call, path: path)
        guard boot == fs.boot else { throw JournalError.io(operation: call.operation, path: path, errno: EIO) }
    }

    func status() throws(JournalError) -> FileStatus {
        try enter(.stat)
        return fs.fileStatus(of: node)
    }

    func size() throws(JournalError) -> Int {
        try enter(.stat)
        return node.data.count
    }

    func inode() throws(JournalError) -> UInt64 {
        try enter(.stat)
        return node.number
    }

    func read(from offset: Int, count: Int) throws(JournalError) -> [UInt8] {
        try enter(.read)
        guard readable else { throw JournalError.io(operation: "read", path: path, errno: EBADF) }
        guard count > 0, offset < node.data.count else { return [] }
        return Array(node.data[offset..<min(node.data.count, offset + count)])
    }

    func writeAll(_ bytes: [UInt8]) throws(JournalError) {
        do {
            try enter(.write)
        } catch let JournalError.io(operation, path, code) {
            // A disk that fills up mid-write takes part of it first: a short write, then the error.
            let landed = fs.bytesLandingBeforeFailure(of: bytes.count)
            if landed > 0 && boot == fs.boot && writable { put(Array(bytes.prefix(landed))) }
            throw JournalError.io(operation: operation, path: path, errno: code)
        }
        guard writable else { throw JournalError.io(operation: "write", path: path, errno: EBADF) }
        put(bytes)
    }

    private func put(_ bytes: [UInt8]) {
        let at = appends ? node.data.count : position
        if at > node.data.count { node.data += [UInt8](repeating: 0, count: at - node.data.count) }
        let overlap = min(bytes.count, node.data.count - at)
        node.data.replaceSubrange(at..<(at + overlap), with: bytes)
        position = at + bytes.count
    }

    func syncData() throws(JournalError) {
        try enter(.sync)
        node.syncedData = node.data
    }

    func sync() throws(JournalError) {
        try enter(.sync)
        node.syncedData = node.data
    }

    func truncate(to length: Int) throws(JournalError) {
        try enter(.truncate)
        guard writable else { throw JournalError.io(operation: "truncate", path: path, errno: EINVAL) }
        if length < node.data.count {
            node.data.removeLast(node.data.count - length)
        } else {
            node.data += [UInt8](repeating: 0, count: length - node.data.count)
        }
    }

    func setMode(_ mode: mode_t) throws(JournalError) {
        try enter(.setMode)
        node.permissions = mode & 0o7777
    }

    /// In one thread a second holder would wait forever; saying so beats hanging the test.
    func lockExclusive() throws(JournalError) {
        try enter(.lock)
        if let holder = node.lockHolder, holder !== self {
            throw JournalError.io(operation: "lock", path: path, errno: EDEADLK)
        }
        node.lockHolder = self
    }
}
