/// The board's cards laid out for filtering: every key and title in one block of lower-case bytes, built once per board.
import SetBoardCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A filter's Enter used to visit every card where it lives in memory: 0.35 µs a card, 18 ms at 50,000 cards, most of
/// it cache misses. Here the text a filter word is matched against (key, then title, ASCII letters lowered) sits in
/// one array that `memchr` runs through, and the other narrowing fields sit in arrays beside it, so a filter reads
/// no ticket at all. Built again when the board changes; the first filter after a change pays for it.
///
/// At 200,000 cards the index is the largest thing the open board holds after the board itself (about 20 MB, when
/// the process's target is 80 MB): the keys are the board's own column lists, shared rather than copied (3.2 MB),
/// and each assignee is a number into a table of the names (3.2 → 0.8 MB).
final class FilterIndex: Sendable {
    /// The board version it was built from (its last seq).
    let seq: Int64
    /// Per card, in board order: its lowered key, a 0x01 byte, its lowered title, a 0x00 byte.
    private let text: [UInt8]
    /// Where each card's text starts, plus one entry for the end.
    private let starts: [Int]
    /// Each column's keys as the board lists them (the same storage, not a copy); card `i` of the index is key
    /// `i - columns[column].lowerBound` of its column.
    private let columnKeys: [Column: [String]]
    /// Cards of the lists without a ticket (no board this code writes has one): never a match.
    private let missing: Set<Int>
    private let tiers: [Tier]
    private let levels: [Level?]
    private let categories: [Category]
    /// Each card's assignee as its place in `names`, or -1 for none.
    private let assignees: [Int32]
    private let names: [String]
    private let columns: [Column: Range<Int>]

    /// The link version it was built from: a Jira key can arrive without a board event.
    let linksVersion: Int

    init(_ state: BoardState, links: LinkState = LinkState()) {
        seq = state.lastSeq
        linksVersion = links.version
        var text: [UInt8] = []
        var starts: [Int] = []
        var columnKeys: [Column: [String]] = [:]
        var missing = Set<Int>()
        var tiers: [Tier] = []
        var levels: [Level?] = []
        var categories: [Category] = []
        var assignees: [Int32] = []
        var names: [String] = []
        var nameIndex: [String: Int32] = [:]
        var columns: [Column: Range<Int>] = [:]
        let count = state.onBoardCount
        text.reserveCapacity(count * 64)
        starts.reserveCapacity(count + 1); tiers.reserveCapacity(count)
        levels.reserveCapacity(count); assignees.reserveCapacity(count); categories.reserveCapacity(count)
        for column in Column.allCases {
            let first = tiers.count
            let keys = state.keys(in: column)
            columnKeys[column] = keys
            for key in keys {
                starts.append(text.count)
                let found = state.readFilterFields(key) { title, tier, level, category, assignee in
                    FilterIndex.appendLowered(key, to: &text)
                    text.append(0x01)
                    if let jira = links.origin[key]?.jira {
                        FilterIndex.appendLowered(jira, to: &text)
                        text.append(0x01)
                    }
                    FilterIndex.appendLowered(bytes: title, to: &text)
                    text.append(0x00)
                    tiers.append(tier)
                    levels.append(level)
                    categories.append(category)
                    if let name = assignee {
                        if let n = nameIndex[name] {
                            assignees.append(n)
                        } else {
                            let n = Int32(truncatingIfNeeded: names.count)
                            nameIndex[name] = n
                            names.append(name)
                            assignees.append(n)
                        }
                    } else {
                        assignees.append(-1)
                    }
                }
                if !found {
                    missing.insert(tiers.count)
                    text.append(0x00)
                    tiers.append(.other); levels.append(nil); categories.append(.cat1); assignees.append(-1)
                }
            }
            columns[column] = first..<tiers.count
        }
        starts.append(text.count)
        self.text = text
        self.starts = starts
        self.columnKeys = columnKeys
        self.missing = missing
        self.names = names
        self.tiers = tiers
        self.levels = levels
        self.categories = categories
        self.assignees = assignees
        self.columns = columns
    }

    /// Whether the index can answer this filter: its words are ASCII without control bytes (which the lowered text
    /// and its separators could not tell apart). Other filters are matched card by card.
    static func canAnswer(_ filter: BoardFilter) -> Bool {
        filter.asciiWords.count == filter.words.count && filter.asciiWords.allSatisfy { !$0.contains { $0 < 0x20 } }
    }

    /// The keys of a column's cards that the filter keeps, in board order.
    func keys(in column: Column, matching filter: BoardFilter, actor: String) -> [String] {
        guard let range = columns[column], !range.isEmpty, let keys = columnKeys[column] else { return [] }
        let needles = filter.asciiWords.map(Needle.init)
        var candidates: [Int]
        if let first = needles.first {
            candidates = occurrences(of: first, in: range)
        } else {
            candidates = Array(range)
        }
        candidates.removeAll { card in
            let assignee = assignees[card] < 0 ? nil : names[Int(assignees[card])]
            return missing.contains(card)
                || !filter.keeps(tier: tiers[card], level: levels[card], category: categories[card], assignee: assignee, actor: actor)
                || needles.dropFirst().contains { !contains($0, card: card) }
        }
        return candidates.map { keys[$0 - range.lowerBound] }
    }

    /// The cards of `range` whose text holds `word`, each once, in order; a card found is stepped over whole.
    private func occurrences(of word: Needle, in range: Range<Int>) -> [Int] {
        var found: [Int] = []
        let end = starts[range.upperBound]
        var at = starts[range.lowerBound]
        var card = range.lowerBound
        while let p = find(word, from: at, to: end) {
            while starts[card + 1] <= p { card += 1 }
            found.append(card)
            card += 1
            at = starts[card]
        }
        return found
    }

    private func contains(_ word: Needle, card: Int) -> Bool {
        find(word, from: starts[card], to: starts[card + 1]) != nil
    }

    /// Where `word` first occurs in `text[from..<to]`: `memchr` looks for the word's rarest byte (a common first
    /// letter stops it every few bytes), a compare checks the rest. A word never holds 0x00 or 0x01, so a match never
    /// runs from one card's text into the next.
    private func find(_ word: Needle, from: Int, to: Int) -> Int? {
        let bytes = word.bytes, k = word.anchor
        guard !bytes.isEmpty else { return from < to ? from : nil }
        return text.withUnsafeBufferPointer { hay -> Int? in
            bytes.withUnsafeBufferPointer { needle -> Int? in
                guard let base = hay.baseAddress, let n = needle.baseAddress else { return nil }
                // The anchor byte of a match at p sits at p + k, and p + count must not pass `to`.
                let last = to - bytes.count + k
                var at = from + k
                while at <= last {
                    guard let hit = memchr(base + at, Int32(bytes[k]), last - at + 1) else { return nil }
                    let q = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    // First and last bytes before the call: most anchor hits fail there.
                    if base[q - k] == n[0] && base[q - k + bytes.count - 1] == n[bytes.count - 1]
                        && memcmp(base + q - k, n, bytes.count) == 0 { return q - k }
                    at = q + 1
                }
                return nil
            }
        }
    }

    /// A filter word and the place of its rarest byte by English letter frequency (digits and punctuation rarer still).
    struct Needle {
        let bytes: [UInt8]
        let anchor: Int

        init(_ bytes: [UInt8]) {
            self.bytes = bytes
            anchor = bytes.indices.max { Needle.rarity(bytes[$0]) < Needle.rarity(bytes[$1]) } ?? 0
        }

        private static let byFrequency = Array("etaoinshrdlcumwfgypbvkjxqz".utf8)

        private static func rarity(_ b: UInt8) -> Int { byFrequency.firstIndex(of: b) ?? byFrequency.count }
    }

    private static func appendLowered(_ s: String, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { appendLowered(bytes: UnsafeRawBufferPointer($0), to: &out) }
    }

    private static func appendLowered(bytes: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        for b in bytes { out.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b) }
    }
}
