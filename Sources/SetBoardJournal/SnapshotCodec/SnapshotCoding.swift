/// A compact binary writer and a bounds-checked reader for snapshots: varints, strings and enum indexes.
import SetBoardCore

/// Why a snapshot could not be read; the snapshot is then ignored and rebuilt from the journal.
public struct SnapshotDecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

public struct SnapshotWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    public mutating func byte(_ b: UInt8) { bytes.append(b) }

    public mutating func bool(_ b: Bool) { bytes.append(b ? 1 : 0) }

    /// Unsigned LEB128: most numbers in a board (counts, indexes, small ints) take one or two bytes.
    public mutating func uint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// Signed values zigzag-encoded, so a small negative number stays short too.
    public mutating func int(_ value: Int64) {
        uint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    public mutating func int(_ value: Int) { int(Int64(value)) }

    public mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { utf8 in
            uint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    public mutating func optionalString(_ s: String?) {
        bool(s != nil)
        if let s { string(s) }
    }

    /// A fixed-width little-endian word, for tables a reader indexes without decoding what comes before.
    public mutating func word32(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// Whether a key can be written as a sixteen-byte record: one to fifteen ASCII bytes.
    public static func fitsKeyRecord(_ key: String) -> Bool {
        let n = key.utf8.count
        return n >= 1 && n <= 15 && key.utf8.allSatisfy { $0 < 0x80 }
    }

    /// A key as sixteen bytes: its ASCII bytes, zeros to the fifteenth, then 0xE0 | its length. The same bytes as
    /// a String holds such a key in on a 64-bit little-endian platform, so a reader there takes each as it stands
    /// (`SnapshotReader.keyRecords`). Only for keys that `fitsKeyRecord`.
    public mutating func keyRecord(_ key: String) {
        let utf8 = Array(key.utf8.prefix(15))
        bytes.append(contentsOf: utf8)
        bytes.append(contentsOf: repeatElement(0, count: 15 - utf8.count))
        bytes.append(0xE0 | UInt8(utf8.count))
    }

    public mutating func raw(_ data: [UInt8]) {
        uint(UInt64(data.count))
        bytes.append(contentsOf: data)
    }

    /// Bytes as they stand, with no length before them: a record copied from another snapshot.
    public mutating func append(_ data: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: data)
    }

    public mutating func append(_ data: [UInt8]) {
        bytes.append(contentsOf: data)
    }

    /// Eight bytes, little-endian.
    public mutating func word64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// Overwrites eight bytes written before (a checksum known only at the end), little-endian.
    public mutating func setWord64(_ value: UInt64, at offset: Int) {
        for i in 0..<8 { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(i))) }
    }

    /// An enum case by its position in `allCases`; the snapshot header carries a fingerprint of every case list,
    /// so a version that adds or reorders cases ignores old snapshots instead of misreading them.
    public mutating func enumCase<E: CaseIterable & Equatable>(_ value: E) {
        uint(Self.position(of: value))
    }

    /// 0 for none, else 1 + the case's position.
    public mutating func optionalEnumCase<E: CaseIterable & Equatable>(_ value: E?) {
        uint(value.map { Self.position(of: $0) + 1 } ?? 0)
    }

    static func position<E: CaseIterable & Equatable>(of value: E) -> UInt64 {
        UInt64(E.allCases.firstIndex(of: value).map { E.allCases.distance(from: E.allCases.startIndex, to: $0) } ?? 0)
    }
}

/// Reads what `SnapshotWriter` wrote; every read checks its bounds, so a damaged file is an error, never a crash.
public struct SnapshotReader: ~Copyable {
    private let base: UnsafeRawBufferPointer
    public private(set) var position: Int

    public init(_ base: UnsafeRawBufferPointer, at position: Int = 0) {
        self.base = base
        self.position = position
    }

    public var isAtEnd: Bool { position == base.count }

    @inline(__always)
    public mutating func byte() throws(SnapshotDecodingError) -> UInt8 {
        guard position < base.count else { throw SnapshotDecodingError("the snapshot ends early") }
        defer { position += 1 }
        return base[position]
    }

    @inline(__always)
    public mutating func bool() throws(SnapshotDecodingError) -> Bool {
        switch try byte() {
        case 0: return false
        case 1: return true
        default: throw SnapshotDecodingError("a flag in the snapshot is neither 0 nor 1")
        }
    }

    @inline(__always)
    public mutating func uint() throws(SnapshotDecodingError) -> UInt64 {
        // Most numbers are one byte; they are a tenth of a cold start, so that case skips the general loop.
        if position < base.count, base[position] < 0x80 {
            defer { position += 1 }
            return UInt64(base[position])
        }
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            guard shift < 64 else { throw SnapshotDecodingError("a number in the snapshot is too long") }
            result |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return result }
            shift += 7
        }
    }

    @inline(__always)
    public mutating func int() throws(SnapshotDecodingError) -> Int64 {
        let u = try uint()
        return Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1)))
    }

    @inline(__always)
    public mutating func intValue() throws(SnapshotDecodingError) -> Int {
        let v = try int()
        guard let i = Int(exactly: v) else { throw SnapshotDecodingError("a number in the snapshot is out of range") }
        return i
    }

    /// A count of things to follow; bounded by the bytes left, so a damaged count cannot ask for a huge allocation.
    @inline(__always)
    public mutating func count() throws(SnapshotDecodingError) -> Int {
        let n = try uint()
        guard n <= UInt64(base.count - position) else { throw SnapshotDecodingError("a count in the snapshot is larger than the file") }
        return Int(n)
    }

    public mutating func string() throws(SnapshotDecodingError) -> String {
        let n = try count()
        guard n > 0, let start = base.baseAddress?.advanced(by: position) else { return "" }
        position += n
        // Most text is ASCII, which is valid UTF-8 as it stands; the general check is generic over its input and
        // was a quarter of a cold start.
        let ascii = Self.isASCII(start, count: n)
        if ascii && n <= Self.smallStringCapacity {
            // 185 → 117 instructions a key (see `InlineASCII`); whole first frame, 50k: 68.6 → 65.1 M instructions,
            // 200k: 125.2 → 111.3 M.
            if InlineASCII.isAvailable { return InlineASCII.string(start, count: n) }
            // A key (SET-12345) fits in a String's own sixteen bytes: filling them in place skips the checks and the
            // copy `String(decoding:)` makes, and the ASCII test above is a word or two, not a loop over the bytes.
            // The index's keys: 273 → 185 instructions a key; a first frame from a snapshot, whole process, 50k:
            // 76.0 → 68.6 M instructions, 200k: 156.9 → 125.2 M (with the Tier.allCases hoist in readIndex).
            return String(unsafeUninitializedCapacity: n) { buffer in
                guard let to = buffer.baseAddress else { return 0 }
                to.update(from: start.assumingMemoryBound(to: UInt8.self), count: n)
                return n
            }
        }
        let bytes = UnsafeBufferPointer(start: start.assumingMemoryBound(to: UInt8.self), count: n)
        if ascii { return String(decoding: bytes, as: UTF8.self) }
        guard let s = String(validating: bytes, as: UTF8.self) else { throw SnapshotDecodingError("a text in the snapshot is not UTF-8") }
        return s
    }

    /// The most UTF-8 bytes a String holds without a buffer of its own (on 64-bit platforms).
    private static let smallStringCapacity = MemoryLayout<Int>.size == 8 ? 15 : 10

    /// Whether `count` bytes at `start` are all below 0x80, read eight at a time (the last word may overlap the one
    /// before it; it never reads past the end).
    @inline(__always)
    static func isASCII(_ start: UnsafeRawPointer, count n: Int) -> Bool {
        var seen: UInt64 = 0
        if n >= 8 {
            var i = 0
            while i + 8 <= n {
                seen |= start.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                i += 8
            }
            if i < n { seen |= start.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) }
        } else if n >= 4 {
            seen = UInt64(start.loadUnaligned(as: UInt32.self) | start.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self))
        } else {
            for i in 0..<n { seen |= UInt64(start.load(fromByteOffset: i, as: UInt8.self)) }
        }
        return seen & 0x8080_8080_8080_8080 == 0
    }

    /// `n` texts one after another, appended to `out`: a snapshot index's keys. The usual key (a one-byte length,
    /// at most fifteen ASCII bytes) is made here without a call per key; any other goes through `string()`.
    /// 117 → 89 instructions a key; with the two Core changes beside it (the TO DO cards and the clocks of a board
    /// read lazily), a whole first frame: 50k 63.1 → 60.0 M instructions, 200k 103.1 → 90.1 M.
    public mutating func strings(_ n: Int, into out: inout [String]) throws(SnapshotDecodingError) {
        out.reserveCapacity(out.count + n)
        guard InlineASCII.isAvailable, let start = base.baseAddress else {
            for _ in 0..<n { out.append(try string()) }
            return
        }
        for _ in 0..<n {
            if position < base.count {
                let length = Int(base[position])
                let text = start + position + 1
                if length > 0, length <= 15, length < base.count - position, Self.isASCII(text, count: length) {
                    out.append(InlineASCII.string(text, count: length))
                    position += 1 + length
                    continue
                }
            }
            out.append(try string())
        }
    }

    /// `n` keys written by `SnapshotWriter.keyRecord`. Every record is checked first (its length byte, ASCII only,
    /// zeros after the text), so no bytes become a String that is not one; where the platform keeps such a String in
    /// those same sixteen bytes (`InlineASCII`), the records are then copied into the array whole.
    /// 89 → 36 instructions a key; whole first frame, 50k: 60.0 → 58.1 M instructions, 200k: 90.1 → 80.0 M (the
    /// file is 5% larger, so its checksum costs 0.2 M and 0.6 M of that more).
    public mutating func keyRecords(_ n: Int) throws(SnapshotDecodingError) -> [String] {
        guard n > 0 else { return [] }
        guard n <= (base.count - position) / 16 else { throw SnapshotDecodingError("the snapshot ends early") }
        let range = try skip(16 * n)
        guard let start = base.baseAddress?.advanced(by: range.lowerBound) else { return [] }
        var damaged: UInt64 = 0
        for i in 0..<n {
            let low = UInt64(littleEndian: start.loadUnaligned(fromByteOffset: 16 * i, as: UInt64.self))
            let high = UInt64(littleEndian: start.loadUnaligned(fromByteOffset: 16 * i + 8, as: UInt64.self))
            let count = (high >> 56) & 0x0F
            let rest = high & 0x00FF_FFFF_FFFF_FFFF
            // What lies past the text must be zero: in `low` when the text ends within it, and in `rest` after it.
            let pastLow = count >= 8 ? 0 : low &>> (8 &* count)
            let pastRest = count <= 8 ? rest : rest &>> (8 &* (count &- 8))
            damaged |= (high >> 60) ^ 0xE | (count == 0 ? 1 : 0) | (low | rest) & 0x8080_8080_8080_8080 | pastLow | pastRest
        }
        guard damaged == 0 else { throw SnapshotDecodingError("a key in the snapshot's index is damaged") }
        guard InlineASCII.isAvailable else {
            return (0..<n).map { i in
                let count = Int(start.load(fromByteOffset: 16 * i + 15, as: UInt8.self) & 0x0F)
                return String(decoding: UnsafeRawBufferPointer(start: start + 16 * i, count: count), as: UTF8.self)
            }
        }
        return [String](unsafeUninitializedCapacity: n) { buffer, initialized in
            guard let to = buffer.baseAddress else { return }
            // Seen as two words each while they are written: a String is laid out as two words (InlineASCII checked
            // it), and these are the words of the Strings the records hold, each checked above.
            to.withMemoryRebound(to: (UInt64, UInt64).self, capacity: n) { words in
                UnsafeMutableRawPointer(words).copyMemory(from: start, byteCount: 16 * n)
            }
            initialized = n
        }
    }

    public mutating func optionalString() throws(SnapshotDecodingError) -> String? {
        try bool() ? try string() : nil
    }

    /// The next length-prefixed run of bytes, without copying it.
    public mutating func slice() throws(SnapshotDecodingError) -> UnsafeRawBufferPointer {
        let n = try count()
        defer { position += n }
        return UnsafeRawBufferPointer(rebasing: base[position..<(position + n)])
    }

    /// Where the next length-prefixed run of bytes is, stepping over it.
    public mutating func sliceRange() throws(SnapshotDecodingError) -> Range<Int> {
        try skip(try count())
    }

    /// The bytes at a range this reader returned.
    public func bytes(in range: Range<Int>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: base[range])
    }

    /// Where the next `n` bytes are, stepping over them: a table read later, in place.
    public mutating func skip(_ n: Int) throws(SnapshotDecodingError) -> Range<Int> {
        guard n >= 0, n <= base.count - position else { throw SnapshotDecodingError("the snapshot ends early") }
        defer { position += n }
        return position..<(position + n)
    }

    public mutating func raw() throws(SnapshotDecodingError) -> [UInt8] {
        let n = try count()
        defer { position += n }
        return Array(UnsafeRawBufferPointer(rebasing: base[position..<(position + n)]))
    }

    public mutating func enumCase<E: CaseIterable>(_: E.Type) throws(SnapshotDecodingError) -> E {
        try Self.enumCase(at: try uint())
    }

    public mutating func optionalEnumCase<E: CaseIterable>(_: E.Type) throws(SnapshotDecodingError) -> E? {
        let i = try uint()
        return i == 0 ? nil : try Self.enumCase(at: i - 1)
    }

    private static func enumCase<E: CaseIterable>(at i: UInt64) throws(SnapshotDecodingError) -> E {
        guard i < UInt64(E.allCases.count) else { throw SnapshotDecodingError("the snapshot names an unknown \(E.self)") }
        return E.allCases[E.allCases.index(E.allCases.startIndex, offsetBy: Int(i))]
    }
}

/// A fast 64-bit checksum over a snapshot's bytes: it spots a damaged cache file; it is not the journal's CRC, which
/// is byte-at-a-time and would cost a third of the time budget of a cold start. Four independent lanes of eight bytes
/// each: one lane was a chain of dependent multiplies, a seventh of a 200,000-ticket first frame; four keep the
/// multiplier busy.
public enum SnapshotChecksum {
    public static func of(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var a: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        var b: UInt64 = 0xC2B2_AE3D_27D4_EB4F
        var c: UInt64 = 0x1656_67B1_9E37_79F9
        var d: UInt64 = 0x85EB_CA77_C2B2_AE63
        @inline(__always) func mix(_ h: inout UInt64, _ w: UInt64) {
            h = (h ^ w) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
        }
        let blocks = bytes.count / 32
        for i in 0..<blocks {
            let at = i * 32
            mix(&a, bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self))
            mix(&b, bytes.loadUnaligned(fromByteOffset: at + 8, as: UInt64.self))
            mix(&c, bytes.loadUnaligned(fromByteOffset: at + 16, as: UInt64.self))
            mix(&d, bytes.loadUnaligned(fromByteOffset: at + 24, as: UInt64.self))
        }
        // Lanes joined with their places, so two blocks swapped between lanes do not sum alike.
        var h = a
        mix(&h, b &* 3)
        mix(&h, c &* 5)
        mix(&h, d &* 7)
        for i in (blocks * 32)..<bytes.count {
            h = (h ^ UInt64(bytes[i])) &* 0xC4CE_B9FE_1A85_EC53
            h ^= h >> 29
        }
        return h
    }

    /// The checksum of a snapshot file's body (format 4 on). Each of four lanes takes sixteen bytes a step: one word
    /// mixed with the lane's state, the other with the state moved on by a constant, multiplied to 128 bits and the
    /// halves folded, so one multiply covers sixteen bytes where `of` spends a multiply and a shift on eight. A zero
    /// factor (which would hide the other word) needs a word equal to a value that depends on everything before it.
    /// A first frame sums the whole file: 50k, 6 MB: 5.2 → 3.2 M instructions; 200k, 25 MB: 21.2 → 12.9 M.
    public static func ofFile(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        @inline(__always) func fold(_ x: UInt64, _ y: UInt64) -> UInt64 {
            let p = x.multipliedFullWidth(by: y)
            return p.high ^ p.low
        }
        @inline(__always) func word(_ at: Int) -> UInt64 {
            UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self))
        }
        let k0: UInt64 = 0xA076_1D64_78BD_642F, k1: UInt64 = 0xE703_7ED1_A0B4_28DB
        let k2: UInt64 = 0x8EBC_6AF0_9C88_C6E3, k3: UInt64 = 0x5899_65CC_7537_4CC3
        var a: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        var b: UInt64 = 0xC2B2_AE3D_27D4_EB4F
        var c: UInt64 = 0x1656_67B1_9E37_79F9
        var d: UInt64 = 0x85EB_CA77_C2B2_AE63
        let blocks = bytes.count / 64
        for i in 0..<blocks {
            let at = i * 64
            a ^= fold(word(at) ^ a, word(at + 8) ^ (a &+ k0))
            b ^= fold(word(at + 16) ^ b, word(at + 24) ^ (b &+ k1))
            c ^= fold(word(at + 32) ^ c, word(at + 40) ^ (c &+ k2))
            d ^= fold(word(at + 48) ^ d, word(at + 56) ^ (d &+ k3))
        }
        // Lanes joined each with its own constant, so two blocks swapped between lanes do not sum alike.
        var h = fold(a ^ k0, b ^ k1) ^ fold(c ^ k2, d ^ k3)
        var at = blocks * 64
        while at + 8 <= bytes.count {
            h ^= fold(word(at) ^ h, h &+ k1)
            at += 8
        }
        // The last bytes in one word with their count above them, so trailing zero bytes still count.
        var last = UInt64(bytes.count - at) << 56
        for i in at..<bytes.count { last |= UInt64(bytes[i]) << UInt64(8 * (i - at)) }
        h ^= fold(last ^ h, h &+ k2)
        return h ^ fold(h ^ k3, h &+ k0)
    }
}
