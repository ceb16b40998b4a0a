// Short ASCII Strings made from their bytes as the two words the standard library keeps them in, for snapshot keys.

/// Short ASCII texts made as the two words a String holds them in, without the String initializer's general path:
/// a snapshot's index holds a key for every card on the board (50,000 at 50k), and building each through
/// `String(unsafeUninitializedCapacity:)` cost 185 instructions, most of a first frame's share of the snapshot.
/// The layout (the bytes in order, then the top byte 0xE0 | count: small, immortal, ASCII) is the standard
/// library's for 64-bit little-endian platforms; it is checked once against Strings the standard library makes, and
/// where it does not match (another platform or a future library), every text goes the general way.
enum InlineASCII {
    static let isAvailable: Bool = {
        guard MemoryLayout<String>.size == 16, MemoryLayout<String>.stride == 16, 1.littleEndian == 1 else { return false }
        for sample in ["S", "SET-", "SET-1", "SET-1234", "SET-12345", "SET-1234567890", "SET-12345678901", "~ !\u{7F}"] {
            var standard = sample
            standard.makeContiguousUTF8()
            guard let made = Array(sample.utf8).withUnsafeBytes({ raw in raw.baseAddress.map { string($0, count: raw.count) } }),
                  made == sample, made.utf8.count == sample.utf8.count, made.hashValue == sample.hashValue,
                  unsafeBitCast(made, to: (UInt64, UInt64).self) == unsafeBitCast(standard, to: (UInt64, UInt64).self)
            else { return false }
        }
        return true
    }()

    /// The String of `n` (1 to 15) ASCII bytes at `start`; only after `isAvailable` said yes.
    @inline(__always)
    static func string(_ start: UnsafeRawPointer, count n: Int) -> String {
        var low: UInt64 = 0, high: UInt64 = 0
        if n > 8 {
            low = start.loadUnaligned(as: UInt64.self)
            // Bytes 8..<n are the top n - 8 bytes of the word that ends at the last one.
            high = start.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) >> UInt64(8 * (16 - n))
        } else if n == 8 {
            low = start.loadUnaligned(as: UInt64.self)
        } else if n >= 4 {
            // Two words of four that overlap where n < 8: the shared bytes are the same in both.
            low = UInt64(start.loadUnaligned(as: UInt32.self))
                | UInt64(start.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)) << UInt64(8 * (n - 4))
        } else {
            for i in 0..<n { low |= UInt64(start.load(fromByteOffset: i, as: UInt8.self)) << UInt64(8 * i) }
        }
        high |= UInt64(0xE0 | n) << 56
        return unsafeBitCast((low, high), to: String.self)
    }
}
