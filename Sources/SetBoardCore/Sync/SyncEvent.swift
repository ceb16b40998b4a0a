// Sync events: what a replica had imported from the others when it wrote its next events (its causal past).

/// `sync.imported` says how far this replica has read every other replica's file: for each replica id, the Lamport
/// clock of the newest event imported. Replay uses it to tell which tickets a replica could see when it named a key
/// (`KeyRenames`), so a key that two hosts handed out offline leads each host's later events to its own ticket.
public enum SyncEvent: Equatable, Sendable {
    case imported(seen: [String: Int64])

    public static let types = ["sync.imported"]
    /// Bounds a hostile replica cannot exceed: a board has a handful of hosts, a replica id is short.
    public static let maxReplicas = 1_000
    public static let maxReplicaIDLength = 64

    public var type: String { "sync.imported" }

    public var payload: JSONValue {
        switch self {
        case let .imported(seen):
            let entries = seen.keys.sorted().map { rid -> JSONValue in
                .object([("rid", .string(rid)), ("lam", .int(seen[rid] ?? 0))])
            }
            return .object([("seen", .array(entries))])
        }
    }

    public var summary: String {
        switch self {
        case let .imported(seen):
            let parts = seen.keys.sorted().map { "\(TextSafety.escaped($0)) up to \(seen[$0] ?? 0)" }
            return "synced: imported events of replica " + parts.joined(separator: ", ")
        }
    }

    /// A replica id as setboard makes them (and as replica file names carry them): 1 to 64 of a-z, 0-9 and '-'.
    public static func isReplicaID(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= maxReplicaIDLength
            && text.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }
    }

    static func decode(_ type: String, _ p: PayloadReader) throws(PayloadError) -> SyncEvent {
        guard type == "sync.imported" else { throw unknownType(type) }
        let entries = try p.objects("seen")
        guard entries.count <= maxReplicas else { throw p.fail("seen", "names more than \(maxReplicas) replicas") }
        var seen: [String: Int64] = [:]
        for entry in entries {
            let rid = try entry.string("rid")
            guard isReplicaID(rid) else { throw entry.fail("rid", "is not a replica id (1 to 64 of a-z, 0-9, -)") }
            guard seen[rid] == nil else { throw entry.fail("rid", "is named twice") }
            seen[rid] = try entry.int("lam", in: ValidRange.counter)
        }
        return .imported(seen: seen)
    }
}
