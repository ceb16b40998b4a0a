/// A seeded byte mutator: damages valid inputs the ways editors, disks and attackers do, reproducibly from a seed.
import SetBoardCore

/// Turns one valid input into a damaged one; `maxLength` bounds every result so no single input can take long.
struct Mutator {
    var random: SeededRandom
    let corpus: [[UInt8]]
    let maxLength: Int

    /// Bytes that matter to the formats under test: JSON and YAML punctuation, escapes, quotes, newlines.
    static let interesting: [UInt8] = Array("{}[]:,\"'\\-#&*!|>%@` \n\t\r0123456789eE.+u/?".utf8) + [0x00, 0x1B, 0x7F, 0x80, 0xBF, 0xC0, 0xFF]
    /// Whole tokens that change a parser's path: escapes, numbers at the edges, YAML anchors and tags, bidi and C1.
    static let tokens: [[UInt8]] = [
        "\\u0000", "\\ud800", "\\udc00", "\\ud83d\\ude00", "\\u001b[2J", "1e999", "-0", "9223372036854775808",
        "-9223372036854775809", "0.0000000000000000000000001", "1E-400", "&a ", "*a", "!!binary ", "!!int ", "? ",
        "- ", "{", "[", "null", "true", "~", "<<: *a\n", "---\n", "...\n", "\u{202E}", "\u{2066}", "\u{200D}",
        "\u{9B}", "\u{1B}]0;t\u{07}", "\u{FEFF}",
    ].map { Array($0.utf8) }

    init(seed: UInt64, corpus: [[UInt8]], maxLength: Int = 16_384) {
        random = SeededRandom(seed: seed)
        self.corpus = corpus
        self.maxLength = maxLength
    }

    /// One to four stacked mutations of a corpus entry.
    mutating func next() -> [UInt8] {
        var bytes = corpus[random.below(corpus.count)]
        for _ in 0...random.below(4) { mutate(&bytes) }
        if bytes.count > maxLength { bytes.removeLast(bytes.count - maxLength) }
        return bytes
    }

    mutating func mutate(_ bytes: inout [UInt8]) {
        let at = random.below(bytes.count + 1)
        switch random.below(13) {
        case 0 where !bytes.isEmpty:
            bytes[min(at, bytes.count - 1)] ^= UInt8(1) << UInt8(random.below(8))
        case 1 where !bytes.isEmpty:
            bytes[min(at, bytes.count - 1)] = UInt8(truncatingIfNeeded: random.next())
        case 2:
            bytes.insert(Mutator.interesting[random.below(Mutator.interesting.count)], at: at)
        case 3 where !bytes.isEmpty:
            let end = min(bytes.count, at + 1 + random.below(16))
            bytes.removeSubrange(min(at, bytes.count - 1)..<end)
        case 4:
            bytes.insert(contentsOf: Mutator.tokens[random.below(Mutator.tokens.count)], at: at)
        case 5:
            // Splice: a stretch of another valid input, so structure from one file lands inside another.
            let other = corpus[random.below(corpus.count)]
            let from = random.below(other.count + 1)
            let to = min(other.count, from + random.below(256))
            bytes.insert(contentsOf: other[from..<to], at: at)
        case 6:
            bytes.removeSubrange(at...)
        case 7 where !bytes.isEmpty:
            // Repeat a stretch: long lines, long keys and many fields.
            let end = min(bytes.count, at + 1 + random.below(32))
            let piece = bytes[min(at, bytes.count - 1)..<end]
            let times = min(1 + random.below(64), (maxLength - bytes.count) / piece.count + 1)
            bytes.insert(contentsOf: Array(repeatElement(piece, count: max(times, 0)).joined()), at: at)
        case 8:
            // Deep nesting, far past any sane file.
            let open = ["[", "{\"a\":", "- ", "{a: ", "  "][random.below(5)]
            let times = min(1 + random.below(2_000), maxLength / open.utf8.count)
            bytes.insert(contentsOf: Array(String(repeating: open, count: times).utf8), at: at)
        case 9:
            bytes.insert(contentsOf: Array(String(repeating: "9", count: 1 + random.below(400)).utf8), at: at)
        case 10:
            // Random valid UTF-8 from every plane, including combining marks and unassigned scalars.
            var s = String.UnicodeScalarView()
            for _ in 0..<(1 + random.below(8)) {
                let ranges: [ClosedRange<UInt32>] = [0...0x7F, 0x80...0x7FF, 0x800...0xD7FF, 0xE000...0xFFFF, 0x10000...0x10FFFF]
                let r = ranges[random.below(ranges.count)]
                if let u = Unicode.Scalar(r.lowerBound + UInt32(random.below(Int(r.upperBound - r.lowerBound) + 1))) { s.append(u) }
            }
            bytes.insert(contentsOf: Array(String(s).utf8), at: at)
        case 11:
            // Invalid UTF-8: lone continuation bytes, overlong forms, surrogates, truncated sequences.
            let bad: [[UInt8]] = [[0x80], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0xFE], [0xF0]]
            bytes.insert(contentsOf: bad[random.below(bad.count)], at: at)
        default:
            // Two bytes exchanged: a transposition typo, or a quote and a bracket trading places.
            guard bytes.count > 2 else { return }
            let a = random.below(bytes.count), b = random.below(bytes.count)
            bytes.swapAt(a, b)
        }
    }
}
