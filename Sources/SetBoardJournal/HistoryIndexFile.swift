/// The history index on disk, beside the snapshot: every event's place in journal.log by the key it names.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One event's entry: the hash of the key it names and where its line is (`JournalLineSpan.packed`). Sorted by hash,
/// then by place, so a key's events are together and in file order.
struct HistoryPosting: Comparable, Sendable {
    var hash: UInt64
    var span: UInt64

    static func < (a: HistoryPosting, b: HistoryPosting) -> Bool {
        a.hash != b.hash ? a.hash < b.hash : a.span < b.span
    }
}

/// The layout, all integers little-endian:
///
///     magic "setboard history index\n", format version (8 bytes)
///     the journal position it covers, as the snapshot's: offset, lines, lastSeq, lastLam, lastLineStart, lastLineCRC
///     key count, posting count, CRC-32 of everything before it (8 bytes each)
///     keys, sorted by hash: hash (8), first posting (8), posting count (4), CRC-32 of the key's postings (4),
///     CRC-32 of these 24 bytes (4)
///     postings: one `JournalLineSpan.packed` (8) per event
///
/// A reader takes the header, then binary-searches the keys and reads one key's postings: a card's history costs
/// a few small reads, whatever the board's size. Every key the search visits is checked by its own CRC (a damaged
/// one could turn the search away from the key sought), the postings by theirs, and every line they point at is
/// checked again against the journal when read.
enum HistoryIndexFile {
    static let magic = Array("setboard history index\n".utf8)
    /// Version 1: the first. A reader refuses any other, and the index is then rebuilt from the journal.
    static let formatVersion: UInt64 = 1
    static let headerSize = magic.count + 8 * 10
    static let keySize = 28
    static let postingSize = 8

    /// The file beside a snapshot at `snapshotPath`.
    static func path(besideSnapshot snapshotPath: String) -> String {
        let directory = snapshotPath[..<(snapshotPath.lastIndex(of: "/") ?? snapshotPath.startIndex)]
        return directory + "/history"
    }

    /// FNV-1a, 64 bits: stable across processes and versions, unlike Swift's seeded `Hasher`.
    static func hash(_ key: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in key.utf8 {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01b3
        }
        return h
    }

    static func encode(position p: JournalPosition, postings: [HistoryPosting]) -> [UInt8] {
        var keys: [(hash: UInt64, start: Int, count: Int)] = []
        for (i, posting) in postings.enumerated() {
            if let last = keys.last, last.hash == posting.hash {
                keys[keys.count - 1].count += 1
            } else {
                keys.append((posting.hash, i, 1))
            }
        }
        var out = magic
        out.reserveCapacity(headerSize + keys.count * keySize + postings.count * postingSize)
        for value in [formatVersion, UInt64(bitPattern: Int64(p.offset)), UInt64(bitPattern: Int64(p.lines)),
                      UInt64(bitPattern: p.lastSeq), UInt64(bitPattern: p.lastLam),
                      UInt64(bitPattern: Int64(p.lastLineStart)), UInt64(p.lastLineCRC),
                      UInt64(keys.count), UInt64(postings.count)] {
            put(value, 8, into: &out)
        }
        put(UInt64(CRC32.checksum(out)), 8, into: &out)
        var postingBytes: [UInt8] = []
        postingBytes.reserveCapacity(postings.count * postingSize)
        for posting in postings { put(posting.span, 8, into: &postingBytes) }
        for key in keys {
            var entry: [UInt8] = []
            put(key.hash, 8, into: &entry)
            put(UInt64(key.start), 8, into: &entry)
            put(UInt64(key.count), 4, into: &entry)
            let postingsCRC = CRC32.checksum(postingBytes[(key.start * postingSize)..<((key.start + key.count) * postingSize)])
            put(UInt64(postingsCRC), 4, into: &entry)
            put(UInt64(CRC32.checksum(entry)), 4, into: &entry)
            out.append(contentsOf: entry)
        }
        out.append(contentsOf: postingBytes)
        return out
    }

    static func put(_ value: UInt64, _ width: Int, into out: inout [UInt8]) {
        for i in 0..<width { out.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(i)))) }
    }

    static func get(_ bytes: [UInt8], _ at: Int, _ width: Int) -> UInt64 {
        var value: UInt64 = 0
        for i in 0..<width { value |= UInt64(bytes[at + i]) << (8 * UInt64(i)) }
        return value
    }
}

/// An open index file: its header read and checked, the rest read a key at a time.
final class HistoryIndexReader {
    let position: JournalPosition
    private let file: any OpenFile
    private let keyCount: Int
    private let postingCount: Int
    private var postingsStart: Int { HistoryIndexFile.headerSize + keyCount * HistoryIndexFile.keySize }

    /// Nil when there is no such file, or it is not an index this version wrote whole; `why` says which.
    init?(path: String, fileSystem fs: any FileSystem, why: inout String?) {
        guard fs.fileExists(path) else {
            why = "there is no history index"
            return nil
        }
        typealias F = HistoryIndexFile
        guard let file = try? fs.open(path, flags: O_RDONLY), let size = try? file.size(),
              let header = try? file.read(from: 0, count: F.headerSize), header.count == F.headerSize,
              header.starts(with: F.magic) else {
            why = "the history index cannot be read"
            return nil
        }
        let fields = (0..<10).map { F.get(header, F.magic.count + 8 * $0, 8) }
        guard fields[0] == F.formatVersion else {
            why = "the history index was written by another version of setboard"
            return nil
        }
        guard UInt64(CRC32.checksum(Array(header.prefix(F.headerSize - 8)))) == fields[9],
              let offset = Int(exactly: fields[1]), let lines = Int(exactly: fields[2]),
              let lastLineStart = Int(exactly: fields[5]), let crc = UInt32(exactly: fields[6]),
              fields[7] <= fields[8], fields[8] <= UInt64(size / F.postingSize),
              size == F.headerSize + Int(fields[7]) * F.keySize + Int(fields[8]) * F.postingSize else {
            why = "the history index is damaged"
            return nil
        }
        position = JournalPosition(offset: offset, lines: lines, lastSeq: Int64(bitPattern: fields[3]),
                                   lastLam: Int64(bitPattern: fields[4]), lastLineStart: lastLineStart, lastLineCRC: crc)
        keyCount = Int(fields[7])
        postingCount = Int(fields[8])
        self.file = file
    }

    /// The places of the events whose key has this hash, in file order; nil when a part read is damaged.
    func spans(of hash: UInt64) throws(JournalError) -> [UInt64]? {
        var low = 0
        var high = keyCount
        while low < high {
            let mid = low + (high - low) / 2
            guard let entry = try key(at: mid) else { return nil }
            if entry.hash == hash { return try postings(of: entry) }
            if entry.hash < hash { low = mid + 1 } else { high = mid }
        }
        return []
    }

    /// Every posting, for writing a new index that extends this one; nil when a part is damaged.
    func allPostings() throws(JournalError) -> [HistoryPosting]? {
        guard let (entries, postings) = try checkedEntries() else { return nil }
        var out: [HistoryPosting] = []
        out.reserveCapacity(postingCount)
        for entry in entries {
            for i in 0..<entry.count {
                out.append(HistoryPosting(hash: entry.hash,
                                          span: HistoryIndexFile.get(postings, (entry.start + i) * HistoryIndexFile.postingSize, 8)))
            }
        }
        return out
    }

    /// Every key of the file and the postings' bytes, each key checked by its CRC, in hash order, their postings one
    /// run after another covering them all and each run checked by its CRC; nil when any of that fails.
    private func checkedEntries() throws(JournalError) -> (entries: [KeyEntry], postings: [UInt8])? {
        typealias F = HistoryIndexFile
        let table = try file.read(from: F.headerSize, count: keyCount * F.keySize)
        let postings = try file.read(from: postingsStart, count: postingCount * F.postingSize)
        guard table.count == keyCount * F.keySize, postings.count == postingCount * F.postingSize else { return nil }
        var entries: [KeyEntry] = []
        entries.reserveCapacity(keyCount)
        for k in 0..<keyCount {
            guard let entry = decodeKey(Array(table[(k * F.keySize)..<((k + 1) * F.keySize)])),
                  entries.last.map({ $0.hash < entry.hash }) ?? true,
                  entry.start == (entries.last.map { $0.start + $0.count } ?? 0),
                  CRC32.checksum(postings[(entry.start * F.postingSize)..<((entry.start + entry.count) * F.postingSize)])
                      == entry.postingsCRC else { return nil }
            entries.append(entry)
        }
        guard (entries.last.map { $0.start + $0.count } ?? 0) == postingCount else { return nil }
        return (entries, postings)
    }

    /// The file `HistoryIndexFile.encode` writes for this index's postings merged with `added` (sorted, every one of
    /// them later in the journal than this index's position), at `position`; nil when a part of this file is damaged.
    /// Made from this file's bytes, without a posting list for each side and their merge: at 200,000 tickets (a
    /// million postings) those were 48 MB, most of the 150 MB the open board reached writing a caught-up snapshot.
    func encodeExtended(with added: [HistoryPosting], position p: JournalPosition) throws(JournalError) -> [UInt8]? {
        typealias F = HistoryIndexFile
        guard let (entries, postings) = try checkedEntries() else { return nil }
        // The keys of the merged index, in hash order: a base key, an added one, or both (the base's postings first).
        var keys = 0
        do {
            var i = 0, j = 0
            while i < entries.count || j < added.count {
                let hash = j < added.count && (i == entries.count || added[j].hash < entries[i].hash) ? added[j].hash : entries[i].hash
                if i < entries.count && entries[i].hash == hash { i += 1 }
                while j < added.count && added[j].hash == hash { j += 1 }
                keys += 1
            }
        }
        let total = postingCount + added.count
        var out = F.magic
        out.reserveCapacity(F.headerSize + keys * F.keySize + total * F.postingSize)
        for value in [F.formatVersion, UInt64(bitPattern: Int64(p.offset)), UInt64(bitPattern: Int64(p.lines)),
                      UInt64(bitPattern: p.lastSeq), UInt64(bitPattern: p.lastLam),
                      UInt64(bitPattern: Int64(p.lastLineStart)), UInt64(p.lastLineCRC), UInt64(keys), UInt64(total)] {
            F.put(value, 8, into: &out)
        }
        F.put(UInt64(CRC32.checksum(out)), 8, into: &out)
        // The key table is written in place once each key's postings are known; the postings after it.
        let tableStart = out.count
        out.append(contentsOf: repeatElement(0, count: keys * F.keySize))
        var i = 0, j = 0, key = 0
        while i < entries.count || j < added.count {
            let hash = j < added.count && (i == entries.count || added[j].hash < entries[i].hash) ? added[j].hash : entries[i].hash
            let first = out.count
            var count = 0
            var crc: UInt32?
            if i < entries.count && entries[i].hash == hash {
                let e = entries[i]
                out.append(contentsOf: postings[(e.start * F.postingSize)..<((e.start + e.count) * F.postingSize)])
                count = e.count
                crc = e.postingsCRC
                i += 1
            }
            while j < added.count && added[j].hash == hash {
                F.put(added[j].span, 8, into: &out)
                count += 1
                crc = nil
                j += 1
            }
            var entry: [UInt8] = []
            F.put(hash, 8, into: &entry)
            F.put(UInt64((first - tableStart - keys * F.keySize) / F.postingSize), 8, into: &entry)
            F.put(UInt64(count), 4, into: &entry)
            F.put(UInt64(crc ?? CRC32.checksum(out[first...])), 4, into: &entry)
            F.put(UInt64(CRC32.checksum(entry)), 4, into: &entry)
            out.replaceSubrange((tableStart + key * F.keySize)..<(tableStart + (key + 1) * F.keySize), with: entry)
            key += 1
        }
        return out
    }

    private struct KeyEntry {
        var hash: UInt64
        var start: Int
        var count: Int
        var postingsCRC: UInt32
    }

    private func key(at index: Int) throws(JournalError) -> KeyEntry? {
        let bytes = try file.read(from: HistoryIndexFile.headerSize + index * HistoryIndexFile.keySize,
                                  count: HistoryIndexFile.keySize)
        return decodeKey(bytes)
    }

    /// Nil when the entry's own CRC fails or its postings lie outside the file.
    private func decodeKey(_ bytes: [UInt8]) -> KeyEntry? {
        typealias F = HistoryIndexFile
        guard bytes.count == F.keySize, UInt64(CRC32.checksum(bytes.prefix(24))) == F.get(bytes, 24, 4) else { return nil }
        let start = F.get(bytes, 8, 8), count = F.get(bytes, 16, 4)
        guard start <= UInt64(postingCount), count >= 1, count <= UInt64(postingCount) - start else { return nil }
        return KeyEntry(hash: F.get(bytes, 0, 8), start: Int(start), count: Int(count),
                        postingsCRC: UInt32(truncatingIfNeeded: F.get(bytes, 20, 4)))
    }

    private func postings(of entry: KeyEntry) throws(JournalError) -> [UInt64]? {
        typealias F = HistoryIndexFile
        let bytes = try file.read(from: postingsStart + entry.start * F.postingSize, count: entry.count * F.postingSize)
        guard bytes.count == entry.count * F.postingSize, CRC32.checksum(bytes) == entry.postingsCRC else { return nil }
        return (0..<entry.count).map { F.get(bytes, $0 * F.postingSize, 8) }
    }
}
