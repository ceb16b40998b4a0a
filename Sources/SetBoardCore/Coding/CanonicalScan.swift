// A forward scan over a journal line in exactly the layout setboard's encoder writes: the read path's fast path.

/// Reads a line's bytes front to back, expecting each member where the encoder puts it. Every method answers nil or
/// false at the first byte that is not as setboard writes it, and the caller then hands the whole line to the strict
/// reader (`JSONText` and `PayloadReader`): this scan never decides that a line is damaged, it only recognises lines
/// that the strict reader would read to the same values.
package struct CanonicalScan {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var at: Int

    package init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        self.at = 0
    }

    package var atEnd: Bool { at == bytes.count }

    /// Steps over `text` when the bytes here are exactly it.
    @inline(__always)
    package mutating func literal(_ text: StaticString) -> Bool {
        let n = text.utf8CodeUnitCount
        guard bytes.count - at >= n else { return false }
        guard n > 0, let base = bytes.baseAddress else { return true }
        guard Self.same(UnsafeRawPointer(base + at), UnsafeRawPointer(text.utf8Start), n) else { return false }
        at += n
        return true
    }

    /// Whether `n` bytes at `a` and `b` are equal, eight at a time: comparing byte by byte was 6% of a replay.
    @inline(__always)
    static func same(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ n: Int) -> Bool {
        var j = 0
        while j + 8 <= n {
            guard a.loadUnaligned(fromByteOffset: j, as: UInt64.self) == b.loadUnaligned(fromByteOffset: j, as: UInt64.self)
            else { return false }
            j += 8
        }
        while j < n {
            guard a.load(fromByteOffset: j, as: UInt8.self) == b.load(fromByteOffset: j, as: UInt8.self) else { return false }
            j += 1
        }
        return true
    }

    /// A member of an object whose members are each optional: `"name":` (with the comma before it unless it is the
    /// first), stepped over only when it is next.
    @inline(__always)
    package mutating func member(_ name: StaticString, first: inout Bool) -> Bool {
        let start = at
        if !first, !literal(",") { return false }
        guard literal(name) else {
            at = start
            return false
        }
        first = false
        return true
    }

    /// A string value with nothing to unescape (printable ASCII, no backslash), as its bytes.
    @inline(__always)
    package mutating func stringBytes() -> UnsafeBufferPointer<UInt8>? {
        guard at < bytes.count, bytes[at] == 0x22, let base = bytes.baseAddress else { return nil }
        let start = at + 1
        var i = start
        // Eight bytes at a time while none of them ends the string or leaves the fast path (a quote, a backslash,
        // a control byte, DEL or beyond ASCII); the byte loop below decides at the first word that has one. A byte
        // at a time this was 3.5% of a full replay.
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        while i + 8 <= bytes.count {
            let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            let quote = w ^ (ones &* 0x22), backslash = w ^ (ones &* 0x5C), del = w ^ (ones &* 0x7F)
            let special = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((del &- ones) & ~del)
                | ((w &- ones &* 0x20) & ~w) | w
            if special & highs != 0 { break }
            i += 8
        }
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x22 {
                at = i + 1
                return UnsafeBufferPointer(rebasing: bytes[start..<i])
            }
            guard b >= 0x20, b < 0x7F, b != 0x5C else { return nil }
            i += 1
        }
        return nil
    }

    @inline(__always)
    package mutating func string() -> String? { stringBytes().map { String(decoding: $0, as: UTF8.self) } }

    /// `null` as `.some(nil)`, a string as `.some(text)`, anything else nil.
    @inline(__always)
    package mutating func nullOrString() -> String?? {
        if literal("null") { return .some(nil) }
        guard let s = string() else { return nil }
        return .some(s)
    }

    /// `null` as `.some(nil)`, a word as `.some(value)`, anything else nil.
    @inline(__always)
    package mutating func nullOrWord<T>(_ words: CanonicalWords<T>) -> T?? {
        if literal("null") { return .some(nil) }
        guard let w = word(words) else { return nil }
        return .some(w)
    }

    @inline(__always)
    package mutating func word<T>(_ words: CanonicalWords<T>) -> T? {
        guard let b = stringBytes(), let base = b.baseAddress else { return nil }
        let key = CanonicalWords<T>.key(UnsafeRawPointer(base), b.count)
        for i in 0..<words.keys.count {
            let k = words.keys[i]
            guard k.length == b.count, k.head == key.head, k.tail == key.tail else { continue }
            // Up to sixteen bytes the two words are the whole text; a longer one is compared in full.
            if b.count > 16 && !words.texts[i].withUnsafeBytes({ Self.same($0.baseAddress!, UnsafeRawPointer(base), b.count) }) {
                continue
            }
            return words.values[i]
        }
        return nil
    }

    /// A whole number as setboard writes one: no sign, no leading zero, at most 18 digits (so it cannot overflow),
    /// followed by `,` or `}`.
    @inline(__always)
    package mutating func int() -> Int64? {
        var i = at
        var n: Int64 = 0
        while i < bytes.count, bytes[i] &- 0x30 < 10 {
            n = n &* 10 &+ Int64(bytes[i] &- 0x30)
            i += 1
        }
        let digits = i - at
        guard digits > 0, digits <= 18, digits == 1 || bytes[at] != 0x30, i < bytes.count,
              bytes[i] == 0x2C || bytes[i] == 0x7D else { return nil }
        at = i
        return n
    }
}

/// A closed vocabulary by the exact text the encoder writes for each value, matched on bytes with no string made.
/// A text that is none of them (another spelling a strict decoder may accept) makes the line leave the fast path.
package struct CanonicalWords<T: Sendable>: Sendable {
    /// Each word's length, first eight and last eight bytes (zero-padded when shorter): matched as plain numbers.
    /// Walking an array of (bytes, value) pairs retained and released every word's bytes at every try, 4% of a full
    /// replay at 50,000 tickets.
    fileprivate let keys: [(length: Int, head: UInt64, tail: UInt64)]
    fileprivate let texts: [[UInt8]]
    fileprivate let values: [T]

    package init(_ values: [T], _ text: (T) -> String) {
        self.values = values
        texts = values.map { Array(text($0).utf8) }
        keys = texts.map { bytes in
            bytes.withUnsafeBytes { raw in
                let key = Self.key(raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, bytes.count)
                return (bytes.count, key.head, key.tail)
            }
        }
    }

    @inline(__always)
    fileprivate static func key(_ p: UnsafeRawPointer, _ n: Int) -> (head: UInt64, tail: UInt64) {
        if n >= 8 {
            return (p.loadUnaligned(as: UInt64.self), p.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self))
        }
        var head: UInt64 = 0
        for i in 0..<n { head |= UInt64(p.load(fromByteOffset: i, as: UInt8.self)) << (8 * UInt64(i)) }
        return (head, 0)
    }
}
