// JSON read in place: a validator with exactly `JSONParser`'s rules that builds nothing, and an object's members as spans.

/// Checks JSON text without building a tree. It accepts exactly what `JSONValue.parse(bytes:)` accepts (same grammar,
/// same nesting limit, same UTF-8 and escape rules, same refusal of numbers no `Double` holds), so a line read in
/// place is valid exactly when the tree reader would have read it. Plain ASCII strings and whole numbers, nearly
/// everything a journal holds, are checked here byte by byte; anything rarer goes through the parser itself.
package enum JSONText {
    package static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var parser = JSONParser(bytes: bytes)
        guard parser.skipValue(depth: 0) else { return false }
        parser.skipSpace()
        return parser.index == bytes.count
    }

    /// `isValid` that also returns the text's top-level object, its members and those of its member objects (a
    /// journal line's envelope and payload) placed on the way, so reading them needs no second pass. Nil when the
    /// text is not valid; `.some(nil)` when it is valid but not an object.
    package static func object(_ bytes: UnsafeBufferPointer<UInt8>) -> JSONObjectSpan?? {
        var parser = JSONParser(bytes: bytes)
        parser.skipSpace()
        let start = parser.index
        guard start < bytes.count, bytes[start] == UInt8(ascii: "{") else { return isValid(bytes) ? .some(nil) : nil }
        var members: [JSONObjectSpan.Member] = []
        members.reserveCapacity(24)
        guard parser.skipObject(depth: 0, collecting: &members) else { return nil }
        parser.skipSpace()
        guard parser.index == bytes.count else { return nil }
        return .some(JSONObjectSpan(bytes: bytes, objectStart: start, placed: members))
    }
}

extension JSONParser {
    /// `parseValue` without the value: true when one value starts here (after spaces), leaving `index` after it.
    mutating func skipValue(depth: Int) -> Bool {
        guard depth < JSONParser.maxDepth else { return false }
        skipSpace()
        guard index < bytes.count else { return false }
        switch bytes[index] {
        case UInt8(ascii: "n"): return literal("null")
        case UInt8(ascii: "t"): return literal("true")
        case UInt8(ascii: "f"): return literal("false")
        case UInt8(ascii: "\""): return skipString()
        case UInt8(ascii: "["):
            index += 1
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return true }
            while true {
                guard skipValue(depth: depth + 1) else { return false }
                skipSpace()
                guard index < bytes.count else { return false }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "]") { index += 1; return true }
                return false
            }
        case UInt8(ascii: "{"):
            index += 1
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return true }
            while true {
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\""), skipString() else { return false }
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return false }
                index += 1
                guard skipValue(depth: depth + 1) else { return false }
                skipSpace()
                guard index < bytes.count else { return false }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "}") { index += 1; return true }
                return false
            }
        default:
            return skipNumber()
        }
    }

    /// An object at `index` (its `{`) checked as `skipValue` checks it, its members added to `members`, and those of
    /// each member object too while `depth` is 0. A member object's members follow its own entry.
    mutating func skipObject(depth: Int, collecting members: inout [JSONObjectSpan.Member]) -> Bool {
        guard depth < JSONParser.maxDepth else { return false }
        let object = index
        index += 1
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return true }
        while true {
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return false }
            let keyStart = index + 1
            let plain = skipPlainString()
            guard plain || skipString() else { return false }
            let keyEnd = index - 1
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return false }
            index += 1
            skipSpace()
            members.append(JSONObjectSpan.Member(object: object, keyStart: keyStart, keyEnd: keyEnd, keyEscaped: !plain,
                                                 value: index))
            if depth == 0, index < bytes.count, bytes[index] == UInt8(ascii: "{") {
                guard skipObject(depth: depth + 1, collecting: &members) else { return false }
            } else {
                guard skipValue(depth: depth + 1) else { return false }
            }
            skipSpace()
            guard index < bytes.count else { return false }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; return true }
            return false
        }
    }

    /// A string of plain ASCII (no escape, no control) at `index`: true and past it, or false with `index` unmoved.
    mutating func skipPlainString() -> Bool {
        var i = index + 1
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                index = i + 1
                return true
            }
            guard b >= 0x20, b < 0x80, b != UInt8(ascii: "\\") else { return false }
            i += 1
        }
        return false
    }

    /// A string at `index` (its opening quote). ASCII without escapes is checked here; the rest by `parseString`.
    mutating func skipString() -> Bool {
        let open = index
        index += 1
        while index < bytes.count {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") { index += 1; return true }
            guard b >= 0x20, b < 0x80, b != UInt8(ascii: "\\") else { break }
            index += 1
        }
        index = open
        return parseString() != nil
    }

    /// A number at `index`: an integer of at most 18 digits is checked here, anything else by `parseNumber`.
    mutating func skipNumber() -> Bool {
        let start = index
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        let digits = index
        while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
        let count = index - digits
        let ends = index == bytes.count || !JSONParser.continuesNumber(bytes[index])
        if count > 0, count <= 18, ends, bytes[digits] != 0x30 || count == 1 { return true }
        index = start
        return parseNumber() != nil
    }

    /// A byte that makes a number longer than its integer digits: a fraction, an exponent.
    static func continuesNumber(_ b: UInt8) -> Bool {
        b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
    }

    /// Moves past a value already known to be valid, without checking it again.
    mutating func skipTrusted() {
        guard index < bytes.count else { return }
        switch bytes[index] {
        case UInt8(ascii: "\""):
            index += 1
            while index < bytes.count {
                let b = bytes[index]
                if b == UInt8(ascii: "\\") { index += 2; continue }
                index += 1
                if b == UInt8(ascii: "\"") { return }
            }
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            while index < bytes.count {
                let b = bytes[index]
                if b == UInt8(ascii: "\"") { skipTrusted(); continue }
                index += 1
                if b == UInt8(ascii: "{") || b == UInt8(ascii: "[") { depth += 1 }
                if b == UInt8(ascii: "}") || b == UInt8(ascii: "]") {
                    depth -= 1
                    if depth == 0 { return }
                }
            }
        default:
            while index < bytes.count {
                let b = bytes[index]
                if b == UInt8(ascii: ",") || b == UInt8(ascii: "}") || b == UInt8(ascii: "]") || b == 0x20 || b == 0x0A
                    || b == 0x0D || b == 0x09 { return }
                index += 1
            }
        }
    }
}

/// The members of one JSON object as places in the bytes it was read from, for lookups that decode only the value
/// asked for. Built only over bytes `JSONText.isValid` accepted, and valid only while those bytes are: a reader
/// keeps it for the one line it reads.
package struct JSONObjectSpan {
    package struct Member {
        /// Where the `{` of the object holding it is.
        var object: Int
        /// The key's text between its quotes.
        var keyStart: Int
        var keyEnd: Int
        var keyEscaped: Bool
        /// The value's first byte.
        var value: Int
    }

    let bytes: UnsafeBufferPointer<UInt8>
    /// Where the object's `{` is.
    let objectStart: Int
    /// Its members, and maybe those of other objects in the same text (`JSONText.object` places a line's envelope
    /// and payload in one list): lookups take only the members whose `object` is `objectStart`.
    let members: [Member]

    /// True when the list also holds the members of this object's member objects (a line's top-level object).
    let placesChildren: Bool
    /// The part of `members` that can hold this object's: a member object's members follow its own entry, so a
    /// payload's lookups look through its few members, not the envelope's too.
    let range: Range<Int>

    init(bytes: UnsafeBufferPointer<UInt8>, objectStart: Int, placed members: [Member], placesChildren: Bool = true,
         range: Range<Int>? = nil) {
        self.bytes = bytes
        self.objectStart = objectStart
        self.members = members
        self.placesChildren = placesChildren
        self.range = range ?? members.indices
    }

    /// The object at `start` (the value of one of this object's members): its members are already in the list when
    /// they were placed with this object's (a line's payload), else they are placed now. Nil for a value that is
    /// not an object.
    package func object(at start: Int) -> JSONObjectSpan? {
        guard start < bytes.count, bytes[start] == UInt8(ascii: "{") else { return nil }
        if placesChildren, let entry = members.firstIndex(where: { $0.object == objectStart && $0.value == start }) {
            var end = entry + 1
            while end < members.count, members[end].object == start { end += 1 }
            return JSONObjectSpan(bytes: bytes, objectStart: start, placed: members, placesChildren: false,
                                  range: (entry + 1)..<end)
        }
        return JSONObjectSpan(bytes: bytes, at: start)
    }

    /// The object whose `{` is at `start`; nil when the value there is not an object.
    package init?(bytes: UnsafeBufferPointer<UInt8>, at start: Int) {
        guard start < bytes.count, bytes[start] == UInt8(ascii: "{") else { return nil }
        self.bytes = bytes
        self.objectStart = start
        self.placesChildren = false
        var members: [Member] = []
        var p = JSONParser(bytes: bytes)
        p.index = start + 1
        p.skipSpace()
        while p.index < bytes.count, bytes[p.index] == UInt8(ascii: "\"") {
            let keyStart = p.index + 1
            var escaped = false
            p.index += 1
            while p.index < bytes.count, bytes[p.index] != UInt8(ascii: "\"") {
                if bytes[p.index] == UInt8(ascii: "\\") { escaped = true; p.index += 1 }
                p.index += 1
            }
            let keyEnd = p.index
            p.index += 1
            p.skipSpace()
            p.index += 1 // the colon
            p.skipSpace()
            members.append(Member(object: start, keyStart: keyStart, keyEnd: keyEnd, keyEscaped: escaped, value: p.index))
            p.skipTrusted()
            p.skipSpace()
            guard p.index < bytes.count, bytes[p.index] == UInt8(ascii: ",") else { break }
            p.index += 1
            p.skipSpace()
        }
        self.members = members
        self.range = members.indices
    }

    /// Each of this object's members in stored order: its key's bytes between the quotes (nil for a key with escapes,
    /// which only decoding can compare) and its value's first byte. One pass over the members reads a journal line's
    /// envelope; a `value(_:)` per field looked through them all nine times (9% of a full replay's instructions).
    package func forEachMember(_ body: (UnsafeBufferPointer<UInt8>?, Int) -> Void) {
        for m in members[range] where m.object == objectStart {
            body(m.keyEscaped ? nil : UnsafeBufferPointer(rebasing: bytes[m.keyStart..<m.keyEnd]), m.value)
        }
    }

    /// The first byte of the first value under `key` (the tree keeps the first of repeated keys too); nil when absent.
    package func value(_ key: String) -> Int? {
        var key = key
        return key.withUTF8 { k in
            for m in members[range] where m.object == objectStart {
                if m.keyEscaped {
                    var p = JSONParser(bytes: bytes)
                    p.index = m.keyStart - 1
                    if let decoded = p.parseString(), decoded.utf8.elementsEqual(k) { return m.value }
                    continue
                }
                guard m.keyEnd - m.keyStart == k.count else { continue }
                var same = true
                for j in 0..<k.count where bytes[m.keyStart + j] != k[j] {
                    same = false
                    break
                }
                if same { return m.value }
            }
            return nil
        }
    }

    /// Each member's key and the first byte of its value, in stored order.
    var pairs: [(String, Int)] {
        members[range].filter { $0.object == objectStart }.map { m in
            var p = JSONParser(bytes: bytes)
            p.index = m.keyStart - 1
            return (p.parseString() ?? "", m.value)
        }
    }

    package func isNull(at i: Int) -> Bool { bytes[i] == UInt8(ascii: "n") }

    package func string(at i: Int) -> String? {
        guard bytes[i] == UInt8(ascii: "\"") else { return nil }
        var p = JSONParser(bytes: bytes)
        p.index = i
        return p.parseString()
    }

    /// A whole number as `JSONValue.intValue` reads one (a whole `Double` below 9e15 counts).
    package func int(at i: Int) -> Int64? {
        let b = bytes[i]
        guard b == UInt8(ascii: "-") || (0x30...0x39).contains(b) else { return nil }
        var p = JSONParser(bytes: bytes)
        p.index = i
        return p.parseNumber()?.intValue
    }

    /// The value at `i` as a tree: for lists, maps and a payload this setboard does not know.
    package func json(at i: Int) -> JSONValue {
        var p = JSONParser(bytes: bytes)
        p.index = i
        // The bytes passed `JSONText.isValid`, so this parses; null only if a caller broke that rule.
        return p.parseValue(depth: 0) ?? .null
    }

    /// What `PayloadReader.kind` says of the value at `i`, read from its first byte.
    func kind(at i: Int) -> String { JSONObjectSpan.kind(of: bytes[i]) }

    static func kind(of first: UInt8) -> String {
        switch first {
        case UInt8(ascii: "n"): return "null"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return "true or false"
        case UInt8(ascii: "\""): return "a string"
        case UInt8(ascii: "["): return "a list"
        case UInt8(ascii: "{"): return "an object"
        default: return "a number"
        }
    }
}
