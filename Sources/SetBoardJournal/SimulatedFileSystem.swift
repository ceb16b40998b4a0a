/// A file system in memory that can lose power: what was not fsynced is gone after `crash()`, and faults fail chosen calls.
import SetBoardCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Holds, per file, the bytes as of its last fsync/fdatasync beside the bytes programs see, and per directory the
/// entries as of its last directory fsync beside the live ones. `crash()` is a power cut: files go back to their
/// synced bytes (plus, if asked, a prefix of what was appended after them, which is how torn lines happen) and
/// directories to their synced entries, so a file created in a directory never synced vanishes and an unsynced
/// rename is undone. Several `FileJournal`s over one instance behave like processes sharing one disk.
///
/// Paths are absolute and plain (no `..`, no symbolic links). Single-threaded, like the tests that use it.
public final class SimulatedFileSystem: FileSystem {
    /// The calls that can be counted, cut off by a power cut, or made to fail.
    public enum Call: String, Sendable, CaseIterable {
        case open, read, write, sync, truncate, setMode, lock, stat, makeDirectory, rename, syncDirectory, remove, link

        /// The words the real file system's errors use for the call.
        var operation: String {
            switch self {
            case .setMode: return "set permissions of"
            case .makeDirectory: return "create the directory"
            case .syncDirectory: return "sync"
            default: return rawValue
            }
        }
    }

    /// A call that fails: after `skip` matching calls succeed, the next `times` fail with `errno` (nil: every one
    /// until `clearFaults()`). `path` limits it to one file; `bytesWritten` lets a failing write land that many
    /// bytes first, as a disk filling up mid-write does.
    public struct Fault: Sendable {
        public var call: Call
        public var errno: Int32
        public var path: String?
        public var skip: Int
        public var times: Int?
        public var bytesWritten: Int

        public init(_ call: Call, errno: Int32, path: String? = nil, skip: Int = 0, times: Int? = 1, bytesWritten: Int = 0) {
            self.call = call
            self.errno = errno
            self.path = path
            self.skip = skip
            self.times = times
            self.bytesWritten = bytesWritten
        }
    }

    /// What a power cut keeps of the bytes appended to a file since its last sync.
    public enum Survival: Sendable {
        case nothing
        case everything
        /// Per file, a prefix of seeded random length: none, all, or anything between.
        case randomPrefix(seed: UInt64)
    }

    private let root: SimulatedNode
    private var nodes: [SimulatedNode] = []
    private var nextNumber: UInt64 = 2
    private var faults: [Fault] = []
    private var shortWrite = 0
    /// Calls (of one kind, or of any) left before the power goes.
    private var cutCountdown: (call: Call?, remaining: Int)?
    /// Bumped by every crash; files opened before it are dead.
    private(set) var boot = 0

    /// Every counted call so far (all throwing calls; `access` and `status` are free).
    public private(set) var calls = 0
    /// True from the power cut until `crash()`: every call fails with EIO and changes nothing.
    public private(set) var isPoweredOff = false
    /// A read-only mount: writes, creations and renames fail with EROFS, and `access(W_OK)` says so.
    public var isReadOnly = false

    public init() {
        root = SimulatedNode(number: 1, isDirectory: true, permissions: 0o755)
        nodes.append(root)
    }

    // MARK: faults and power

    public func fail(_ fault: Fault) { faults.append(fault) }

    public func clearFaults() { faults.removeAll() }

    /// The power goes after `count` more calls (of kind `call`, or of any kind): those run, every later call fails
    /// with EIO, until `crash()`. Cutting after a write is how a crash catches a line not yet synced.
    public func cutPower(afterCalls count: Int, of call: Call? = nil) { cutCountdown = (call, max(0, count)) }

    /// Power loss and reboot: everything not synced is lost, locks are released, open files are dead.
    /// Faults stay (a full disk is still full); a pending power cut is cancelled.
    public func crash(keeping survival: Survival = .nothing) {
        var random: SeededRandom?
        if case let .randomPrefix(seed) = survival { random = SeededRandom(seed: seed) }
        for node in nodes {
            if node.isDirectory {
                node.entries = node.syncedEntries
                continue
            }
            let extra = node.data.count - node.syncedData.count
            var kept = 0
            if extra > 0 && node.data.starts(with: node.syncedData) {
                switch survival {
                case .nothing: kept = 0
                case .everything: kept = extra
                case .randomPrefix:
                    switch random?.below(4) {
                    case 0: kept = 0
                    case 1: kept = extra
                    default: kept = 1 + (random?.below(extra) ?? 0)
                    }
                }
            }
            node.data = node.syncedData + (kept > 0 ? node.data[node.syncedData.count..<(node.syncedData.count + kept)] : [])
            node.syncedData = node.data
            node.lockHolder = nil
        }
        boot += 1
        isPoweredOff = false
        cutCountdown = nil
    }

    /// Every throwing call comes through here: counted, cut off by a power cut, or failed by a fault.
    func enter(_ call: Call, path: String) throws(JournalError) {
        calls += 1
        if var countdown = cutCountdown {
            if countdown.remaining == 0 { isPoweredOff = true }
            if countdown.call == nil || countdown.call == call { countdown.remaining -= 1 }
            cutCountdown = countdown
        }
        if isPoweredOff { throw JournalError.io(operation: call.operation, path: path, errno: EIO) }
        for i in faults.indices where faults[i].call == call && (faults[i].path == nil || faults[i].path == path) {
            if faults[i].skip > 0 {
                faults[i].skip -= 1
                continue
            }
            let fault = faults[i]
            if let times = fault.times {
                if times <= 1 { faults.remove(at: i) } else { faults[i].times = times - 1 }
            }
            shortWrite = fault.bytesWritten
            throw JournalError.io(operation: call.operation, path: path, errno: fault.errno)
        }
    }

    /// How much of a write of `count` bytes lands before the fault that just fired (once).
    func bytesLandingBeforeFailure(of count: Int) -> Int {
        defer { shortWrite = 0 }
        return isPoweredOff ? 0 : min(count, shortWrite)
    }

    // MARK: FileSystem

    public func open(_ path: String, flags: Int32, mode: mode_t) throws(JournalError) -> any OpenFile {
        try enter(.open, path: path)
        let writes = flags & O_ACCMODE != O_RDONLY || flags & O_TRUNC != 0
        if let node = lookup(path) {
            if flags & O_CREAT != 0 && flags & O_EXCL != 0 { throw io(.open, path, EEXIST) }
            if node.isDirectory && writes { throw io(.open, path, EISDIR) }
            if !node.isDirectory && flags & O_DIRECTORY != 0 { throw io(.open, path, ENOTDIR) }
            if writes && isReadOnly { throw io(.open, path, EROFS) }
            if flags & O_TRUNC != 0 { node.data = [] }
            return SimulatedFile(fs: self, node: node, path: path, flags: flags)
        }
        guard flags & O_CREAT != 0 else { throw io(.open, path, ENOENT) }
        let (parent, name) = try parentAndName(path, .open)
        if isReadOnly { throw io(.open, path, EROFS) }
        let node = makeNode(isDirectory: false, permissions: mode)
        parent.entries[name] = node
        return SimulatedFile(fs: self, node: node, path: path, flags: flags)
    }

    public func makeDirectory(_ path: String, mode: mode_t) throws(JournalError) {
        try enter(.makeDirectory, path: path)
        if lookup(path) != nil { throw io(.makeDirectory, path, EEXIST) }
        let (parent, name) = try parentAndName(path, .makeDirectory)
        if isReadOnly { throw io(.makeDirectory, path, EROFS) }
        parent.entries[name] = makeNode(isDirectory: true, permissions: mode)
    }

    public func rename(_ from: String, to: String) throws(JournalError) {
        try enter(.rename, path: from)
        let (fromParent, fromName) = try parentAndName(from, .rename)
        guard let node = fromParent.entries[fromName] else { throw io(.rename, from, ENOENT) }
        let (toParent, toName) = try parentAndName(to, .rename)
        if isReadOnly { throw io(.rename, from, EROFS) }
        if toParent.entries[toName]?.isDirectory == true { throw io(.rename, from, EISDIR) }
        fromParent.entries[fromName] = nil
        toParent.entries[toName] = node
    }

    public func syncDirectory(_ path: String) throws(JournalError) {
        try enter(.syncDirectory, path: path)
        guard let node = lookup(path) else { throw io(.syncDirectory, path, ENOENT) }
        guard node.isDirectory else { throw io(.syncDirectory, path, ENOTDIR) }
        node.syncedEntries = node.entries
    }

    public func access(_ path: String, _ how: Int32) -> Int32 {
        if isPoweredOff { return EIO }
        guard lookup(path) != nil else { return ENOENT }
        if how & W_OK != 0 && isReadOnly { return EROFS }
        return 0
    }

    public func status(_ path: String) -> FileStatus? {
        guard !isPoweredOff, let node = lookup(path) else { return nil }
        return fileStatus(of: node)
    }

    /// No links here, so the entry is what `status` says.
    public func linkStatus(_ path: String) -> FileStatus? { status(path) }

    public func link(_ existing: String, to new: String) throws(JournalError) {
        try enter(.link, path: new)
        guard let node = lookup(existing) else { throw io(.link, existing, ENOENT) }
        if lookup(new) != nil { throw io(.link, new, EEXIST) }
        let (parent, name) = try parentAndName(new, .link)
        if isReadOnly { throw io(.link, new, EROFS) }
        if node.isDirectory { throw io(.link, existing, EPERM) }
        parent.entries[name] = node
    }

    /// What `stat` would say of a node: its names are counted in the live directory entries.
    func fileStatus(of node: SimulatedNode) -> FileStatus {
        let links = node.isDirectory ? 2 : nodes.reduce(0) { count, dir in
            count + (dir.isDirectory ? dir.entries.values.filter { $0 === node }.count : 0)
        }
        return FileStatus(kind: node.isDirectory ? .directory : .regular, permissions: node.permissions,
                          inode: node.number, links: max(links, 1), modified: node.changes)
    }

    /// No links here: the plain absolute path, when it exists.
    public func realPath(_ path: String) -> String? {
        guard !isPoweredOff, lookup(path) != nil else { return nil }
        return "/" + components(path).joined(separator: "/")
    }

    public func listDirectory(_ path: String) -> [String]? {
        guard !isPoweredOff, let node = lookup(path), node.isDirectory else { return nil }
        return node.entries.keys.sorted()
    }

    public func removeEntry(_ path: String) throws(JournalError) {
        try enter(.remove, path: path)
        if isReadOnly { throw io(.remove, path, EROFS) }
        let (parent, name) = try parentAndName(path, .remove)
        guard let node = parent.entries[name] else { throw io(.remove, path, ENOENT) }
        if node.isDirectory && !node.entries.isEmpty { throw io(.remove, path, ENOTEMPTY) }
        parent.entries[name] = nil
    }

    // MARK: looking and meddling, for tests (free, and unaffected by faults or power)

    /// The bytes a program would read now, or nil when there is no such file.
    public func contents(of path: String) -> [UInt8]? {
        guard let node = lookup(path), !node.isDirectory else { return nil }
        return node.data
    }

    /// The bytes a crash keeping nothing unsynced would leave at `path`, or nil when the file would not be there.
    public func durableContents(of path: String) -> [UInt8]? {
        var node = root
        for part in components(path) {
            guard let next = node.syncedEntries[part] else { return nil }
            node = next
        }
        return node.isDirectory ? nil : node.syncedData
    }

    /// The names in a directory now, sorted.
    public func names(in path: String) -> [String] {
        (lookup(path)?.entries.keys).map { $0.sorted() } ?? []
    }

    /// Rewrites a file in place, durably (same inode), as damage on the disk or a stray editor would.
    public func overwrite(_ path: String, with bytes: [UInt8]) {
        guard let node = lookup(path), !node.isDirectory else { return }
        node.data = bytes
        node.syncedData = bytes
    }

    /// `rm`: takes the name away now (a crash before the directory is synced brings it back).
    public func remove(_ path: String) {
        guard let (parent, name) = try? parentAndName(path, .open) else { return }
        parent.entries[name] = nil
    }

    // MARK: paths

    private func components(_ path: String) -> [String] {
        path.split(separator: "/").map(String.init).filter { $0 != "." }
    }

    private func lookup(_ path: String) -> SimulatedNode? {
        var node = root
        for part in components(path) {
            guard node.isDirectory, let next = node.entries[part] else { return nil }
            node = next
        }
        return node
    }

    private func parentAndName(_ path: String, _ call: Call) throws(JournalError) -> (SimulatedNode, String) {
        var parts = components(path)
        guard let name = parts.popLast() else { throw io(call, path, EEXIST) }
        guard let parent = lookup("/" + parts.joined(separator: "/")) else { throw io(call, path, ENOENT) }
        guard parent.isDirectory else { throw io(call, path, ENOTDIR) }
        return (parent, name)
    }

    private func makeNode(isDirectory: Bool, permissions: mode_t) -> SimulatedNode {
        let node = SimulatedNode(number: nextNumber, isDirectory: isDirectory, permissions: permissions & 0o7777)
        nextNumber += 1
        nodes.append(node)
        return node
    }

    private func io(_ call: Call, _ path: String, _ code: Int32) -> JournalError {
        .io(operation: call.operation, path: path, errno: code)
    }
}
