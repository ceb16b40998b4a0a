// `<board>/sync.state`: the remote's URL, the last successful sync and what it moved, for `sync --status` and the header.
import Foundation
import SetBoardCore
import SetBoardJournal

/// Written whole (temp file, fsync, rename) by `remote add` and after every sync; read by anyone who reads the board.
struct SyncState: Equatable {
    var remote: String?
    /// When the last sync that pushed and fetched finished, Unix ms.
    var lastSuccess: Int64?
    /// This board's journal lines the remote held after that sync.
    var pushedLines: Int = 0
    /// Events that came in at that sync, by replica.
    var cameIn: [String: Int] = [:]
    /// The last sync's failure, cleared by a success.
    var lastError: String?
    /// How often `watch --sync-every` syncs, in ms: the board's header says when a sync is later than this.
    var intervalMs: Int64?

    static func path(_ board: String) -> String { board + "/sync.state" }

    static func read(_ board: String, fileSystem fs: any FileSystem = PosixFileSystem.shared) -> SyncState {
        guard let bytes = try? fs.readAll(path(board), limit: 1 << 20),
              let json = bytes.withUnsafeBufferPointer({ JSONValue.parse(bytes: $0) }) else { return SyncState() }
        var state = SyncState()
        state.remote = json["remote"]?.stringValue
        state.lastSuccess = json["last_success_ms"]?.intValue.flatMap { ValidRange.instantMilliseconds.contains($0) ? $0 : nil }
        state.pushedLines = json["pushed_lines"]?.intValue.map { Int(clamping: max(0, $0)) } ?? 0
        if case let .array(entries)? = json["came_in"] {
            for entry in entries {
                if let rid = entry["rid"]?.stringValue, SyncEvent.isReplicaID(rid), let n = entry["events"]?.intValue, n >= 0 {
                    state.cameIn[rid] = Int(clamping: n)
                }
            }
        }
        state.lastError = json["last_error"]?.stringValue
        state.intervalMs = json["interval_ms"]?.intValue.flatMap { (1_000...86_400_000).contains($0) ? $0 : nil }
        return state
    }

    func write(_ board: String, fileSystem fs: any FileSystem = PosixFileSystem.shared) throws {
        var fields: [(String, JSONValue)] = []
        if let remote { fields.append(("remote", .string(remote))) }
        if let lastSuccess { fields.append(("last_success_ms", .int(lastSuccess))) }
        fields.append(("pushed_lines", .int(Int64(pushedLines))))
        fields.append(("came_in", .array(cameIn.keys.sorted().map {
            .object([("rid", .string($0)), ("events", .int(Int64(cameIn[$0] ?? 0)))])
        })))
        if let lastError { fields.append(("last_error", .string(lastError))) }
        if let intervalMs { fields.append(("interval_ms", .int(intervalMs))) }
        var bytes: [UInt8] = []
        JSONValue.object(fields).encode(into: &bytes)
        bytes.append(0x0A)
        try fs.writeDurably(bytes, to: SyncState.path(board), directory: board, mode: fs.fileMode(forDirectory: board))
    }

    /// The header's words when the board has not synced for longer than its interval; nil otherwise.
    func staleness(now: Int64) -> String? {
        guard remote != nil, let interval = intervalMs else { return nil }
        guard let last = lastSuccess else { return "never synced" }
        guard now - last > interval else { return nil }
        return "not synced for " + WorkingTime.shortAge(now - last)
    }
}
