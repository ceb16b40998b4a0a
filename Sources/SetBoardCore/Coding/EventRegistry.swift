/// The one table of event types: each type string has one strict decoder, one encoder and one readable sentence.

/// Any event the journal can hold, by family. A new family is one case here and one line in `EventRegistry.families`;
/// the compiler then points at every switch below that must say how to encode it and what sentence it reads as.
public enum Event: Equatable, Sendable {
    case board(BoardEvent)
    case incident(IncidentEvent)
    case page(PageEvent)
    case roster(RosterEvent)
    case cycle(CycleEvent)
    case alert(AlertEvent)
    case project(ProjectEvent)
    case link(LinkEvent)
    case sync(SyncEvent)

    /// The journal's type string.
    public var type: String {
        switch self {
        case let .board(e): return e.type
        case let .incident(e): return e.type
        case let .page(e): return e.type
        case let .roster(e): return e.type
        case let .cycle(e): return e.type
        case let .alert(e): return e.type
        case let .project(e): return e.type
        case let .link(e): return e.type
        case let .sync(e): return e.type
        }
    }

    /// The encoder: the payload as the journal stores it.
    public var payload: JSONValue {
        switch self {
        case let .board(e): return e.payload
        case let .incident(e): return e.payload
        case let .page(e): return e.payload
        case let .roster(e): return e.payload
        case let .cycle(e): return e.payload
        case let .alert(e): return e.payload
        case let .project(e): return e.payload
        case let .link(e): return e.payload
        case let .sync(e): return e.payload
        }
    }

    /// One readable line for `log`, `show` and the detail view's history; user text escaped.
    public var summary: String {
        switch self {
        case let .board(e): return e.summary
        case let .incident(e): return e.summary
        case let .page(e): return e.summary
        case let .roster(e): return e.summary
        case let .cycle(e): return e.summary
        case let .alert(e): return e.summary
        case let .project(e): return e.summary
        case let .link(e): return e.summary
        case let .sync(e): return e.summary
        }
    }
}

public enum EventRegistry {
    typealias Decoder = @Sendable (String, PayloadReader) throws(PayloadError) -> Event

    /// Every family: its type strings and its decoder. Register a new family here.
    static let families: [(types: [String], decode: Decoder)] = [
        (BoardEvent.types, { (t, p) throws(PayloadError) in .board(try BoardEvent.decode(t, p)) }),
        (IncidentEvent.types, { (t, p) throws(PayloadError) in .incident(try IncidentEvent.decode(t, p)) }),
        (PageEvent.types, { (t, p) throws(PayloadError) in .page(try PageEvent.decode(t, p)) }),
        (RosterEvent.types, { (t, p) throws(PayloadError) in .roster(try RosterEvent.decode(t, p)) }),
        (CycleEvent.types, { (t, p) throws(PayloadError) in .cycle(try CycleEvent.decode(t, p)) }),
        (AlertEvent.types, { (t, p) throws(PayloadError) in .alert(try AlertEvent.decode(t, p)) }),
        (ProjectEvent.types, { (t, p) throws(PayloadError) in .project(try ProjectEvent.decode(t, p)) }),
        (LinkEvent.types, { (t, p) throws(PayloadError) in .link(try LinkEvent.decode(t, p)) }),
        (SyncEvent.types, { (t, p) throws(PayloadError) in .sync(try SyncEvent.decode(t, p)) }),
    ]

    static let decoders: [String: Decoder] = {
        var table: [String: Decoder] = [:]
        for family in families {
            for type in family.types { table[type] = family.decode }
        }
        return table
    }()

    /// Every type string this setboard reads and writes, sorted.
    public static var types: [String] { decoders.keys.sorted() }

    public static func isKnown(_ type: String) -> Bool { decoders[type] != nil }

    /// The typed event of a stored type and payload: nil for a type this version does not know (a newer setboard's
    /// event, kept and shown but not applied), an error naming the field for a payload that does not hold.
    public static func decode(type: String, payload: JSONValue) throws(PayloadError) -> Event? {
        guard let decode = decoders[type] else { return nil }
        return try decode(type, try PayloadReader(payload))
    }
}

/// The wrong-type error a family's decoder gives when handed a type of another family: the registry never does.
func unknownType(_ type: String) -> PayloadError {
    PayloadError(field: "type", reason: "\"\(TextSafety.escaped(type))\" is not an event of this family")
}

extension EventRegistry {
    /// The journal's read path: the payload read in place from a line's bytes (its object placed by `JSONText`), its
    /// value's first byte at `start`. Same events and same errors as `decode(type:payload:)`, with no tree.
    package static func decode(type: String, payloadIn line: JSONObjectSpan, at start: Int)
        throws(PayloadError) -> Event? {
        guard let decode = decoders[type] else { return nil }
        return try decode(type, try PayloadReader(in: line, at: start))
    }
}

extension EventRegistry {
    /// The read path's fast path: the byte-level decoders a family offers for its most frequent types, each reading
    /// a payload only in its encoder's exact layout (see `CanonicalScan`). A type without one, or a payload that is
    /// not canonical, goes to the strict decoder above, which stays the one that decides; every type here is also
    /// in `families` (`EventRegistryTests`).
    package static var canonicalTypes: [String] { BoardEvent.canonicalTypes }

    private static let canonicalBytes = BoardEvent.canonicalTypes.map { Array($0.utf8) }
    /// Each fast type's length and last eight bytes (every type is longer), which tell them apart: a line's type is
    /// matched against these plain numbers, then checked in full once.
    private static let canonicalTails: [(length: Int, tail: UInt64)] = canonicalBytes.map { bytes in
        (bytes.count, bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self) })
    }

    /// The typed event of a canonical payload starting at `scan`'s place, with its registered type string (no new
    /// string per line); nil when the type has no fast decoder or the payload is not exactly as setboard writes it.
    @inline(__always)
    package static func decodeCanonical(type: UnsafeBufferPointer<UInt8>, _ scan: inout CanonicalScan)
        -> CanonicalEvent? {
        guard type.count >= 8, let base = type.baseAddress else { return nil }
        let tail = UnsafeRawPointer(base).loadUnaligned(fromByteOffset: type.count - 8, as: UInt64.self)
        for (i, key) in canonicalTails.enumerated() where key.length == type.count && key.tail == tail {
            guard canonicalBytes[i].withUnsafeBytes({ CanonicalScan.same($0.baseAddress!, UnsafeRawPointer(base), type.count) }),
                  let event = BoardEvent.decodeCanonical(i, &scan) else { return nil }
            return CanonicalEvent(type: BoardEvent.canonicalTypes[i], event: .board(event))
        }
        return nil
    }
}

/// A fast-path decoder's answer: the registered type string and the typed event. A struct, not a tuple: a tuple
/// holding an `Event` was copied through the runtime's generic tuple copy, 7% of the reading thread's time.
package struct CanonicalEvent {
    package let type: String
    package let event: Event
}
