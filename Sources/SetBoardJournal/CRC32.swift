/// CRC-32 (IEEE 802.3, as in zlib) over the JSON text of each journal line, to spot torn or flipped bytes.
import CSearch

public enum CRC32 {
    /// Eight tables: table k maps a byte to its CRC contribution from k bytes further back, so eight bytes are
    /// folded per step instead of one (slicing-by-8). Byte at a time, the check was a tenth of a full replay.
    static let tables: [UInt32] = {
        var t = [UInt32](repeating: 0, count: 8 * 256)
        for n in 0..<256 {
            var c = UInt32(n)
            for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            t[n] = c
        }
        for k in 1..<8 {
            for n in 0..<256 {
                let previous = t[(k - 1) * 256 + n]
                t[k * 256 + n] = t[Int(previous & 0xFF)] ^ (previous >> 8)
            }
        }
        return t
    }()

    public static func checksum<C: Collection>(_ bytes: C) -> UInt32 where C.Element == UInt8 {
        if let crc = bytes.withContiguousStorageIfAvailable({ checksum(UnsafeRawBufferPointer($0)) }) { return crc }
        return Array(bytes).withUnsafeBytes { checksum($0) }
    }

    public static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        // The bulk by carry-less multiplication where the processor has it (`setboard_crc32_fold`): a full replay
        // of 50,000 tickets spent 7% of its time here with the tables alone.
        let folded = bytes.baseAddress.map { setboard_crc32_fold(&crc, $0, bytes.count) } ?? 0
        crc = tail(crc, UnsafeRawBufferPointer(rebasing: bytes[folded...]))
        return crc ^ 0xFFFF_FFFF
    }

    /// The eight-table loop alone over a running state: the tests hold the fold to it.
    static func tableChecksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 { tail(0xFFFF_FFFF, bytes) ^ 0xFFFF_FFFF }

    private static func tail(_ start: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc = start
        tables.withUnsafeBufferPointer { t in
            var i = 0
            while i + 8 <= bytes.count {
                let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                let low = UInt32(truncatingIfNeeded: word) ^ crc
                let high = UInt32(truncatingIfNeeded: word >> 32)
                crc = t[7 * 256 + Int(low & 0xFF)] ^ t[6 * 256 + Int((low >> 8) & 0xFF)]
                    ^ t[5 * 256 + Int((low >> 16) & 0xFF)] ^ t[4 * 256 + Int(low >> 24)]
                    ^ t[3 * 256 + Int(high & 0xFF)] ^ t[2 * 256 + Int((high >> 8) & 0xFF)]
                    ^ t[256 + Int((high >> 16) & 0xFF)] ^ t[Int(high >> 24)]
                i += 8
            }
            while i < bytes.count {
                crc = t[Int((crc ^ UInt32(bytes[i])) & 0xFF)] ^ (crc >> 8)
                i += 1
            }
        }
        return crc
    }

    static let hexDigits = Array("0123456789abcdef".utf8)

    /// Eight lowercase hex digits, the first field of a journal line.
    public static func hex(_ value: UInt32) -> [UInt8] {
        (0..<8).map { i in hexDigits[Int((value >> UInt32(28 - 4 * i)) & 0xF)] }
    }
}
