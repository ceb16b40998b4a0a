/// CRC-32 (IEEE 802.3, as in zlib) over the JSON text of each journal line, to spot torn or flipped bytes.

public enum CRC32 {
    static let table: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    public static func checksum<C: Collection>(_ bytes: C) -> UInt32 where C.Element == UInt8 {
        var crc: UInt32 = 0xFFFF_FFFF
        table.withUnsafeBufferPointer { t in
            for b in bytes { crc = t[Int((crc ^ UInt32(b)) & 0xFF)] ^ (crc >> 8) }
        }
        return crc ^ 0xFFFF_FFFF
    }

    static let hexDigits = Array("0123456789abcdef".utf8)

    /// Eight lowercase hex digits, the first field of a journal line.
    public static func hex(_ value: UInt32) -> [UInt8] {
        (0..<8).map { i in hexDigits[Int((value >> UInt32(28 - 4 * i)) & 0xF)] }
    }
}
