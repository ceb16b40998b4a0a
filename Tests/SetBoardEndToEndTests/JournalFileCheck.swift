/// Reads a board's journal.log without the code under test: every line's checksum, seq, and the tickets it creates.
import Foundation

/// What an end-to-end test needs to know about a journal on disk, read with Foundation's JSON and a bit-by-bit CRC.
struct JournalFileCheck {
    /// Lines that are not `<crc> <json event>` with a matching checksum: (1-based line, first bytes of it).
    var damaged: [(line: Int, text: String)] = []
    var seqs: [Int] = []
    /// `ticket.created` events in file order.
    var created: [(key: String, title: String)] = []
    /// Bytes after the last newline (a torn write).
    var tailBytes = 0

    init(board: String) throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: board + "/journal.log")))
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { Array($0) }
        // split leaves what follows the last newline as the final element: empty when the file ends with a whole line.
        tailBytes = lines.removeLast().count
        for (n, line) in lines.enumerated() {
            // A line holding parts of two writes, or damaged bytes, fails one of these: one checksum, one JSON object.
            guard line.count > 9, line[8] == 0x20,
                  String(decoding: line[..<8], as: UTF8.self) == JournalFileCheck.crcHex(Array(line[9...])),
                  let object = try? JSONSerialization.jsonObject(with: Data(line[9...])) as? [String: Any],
                  let seq = object["seq"] as? Int else {
                damaged.append((n + 1, String(decoding: line.prefix(120), as: UTF8.self)))
                continue
            }
            seqs.append(seq)
            if object["type"] as? String == "ticket.created", let payload = object["payload"] as? [String: Any],
               let key = payload["key"] as? String, let title = payload["title"] as? String {
                created.append((key, title))
            }
        }
    }

    /// CRC-32 (IEEE) bit by bit: the tests check each line's checksum without trusting the code under test.
    static func crcHex(_ bytes: [UInt8]) -> String {
        var crc: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            crc ^= UInt32(b)
            for _ in 0..<8 { crc = (crc >> 1) ^ (0xEDB8_8320 & (0 &- (crc & 1))) }
        }
        let hex = String(~crc, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }
}
