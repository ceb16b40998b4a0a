/// Reads journal.log in bounded chunks for the board, `verify` and `repair`, so memory follows the events, not the file.
import SetBoardCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes of journal.log from some offset, read a chunk at a time into one buffer. `pending` is what has been
/// read and not yet consumed: the next scan starts at its first byte. Garbage appended to the journal or a huge
/// sparse file costs about two chunks; only a change of many events (lines that all look like setboard's) is held
/// whole, since a change is read all together or not at all, and it is read into place, never copied again.
final class JournalChunks {
    /// Bytes read at once.
    static let chunk = 4 << 20

    let file: any OpenFile
    let size: Int
    private(set) var readTo: Int
    private(set) var bytesRead = 0
    private var buffer: UnsafeMutableRawPointer?
    private var capacity = 0
    private var count = 0

    init(file: any OpenFile, from offset: Int) throws(JournalError) {
        self.file = file
        self.size = try file.size()
        self.readTo = offset
    }

    deinit { free(buffer) }

    /// The bytes read and not yet consumed.
    var pending: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: buffer?.assumingMemoryBound(to: UInt8.self), count: count)
    }

    /// Reads more, so the next scan can make progress; false when there is nothing more worth reading (the end of
    /// the file, or pending bytes without a line break that are longer than any torn write).
    func fill() throws(JournalError) -> Bool {
        guard readTo < size else { return false }
        if count > FileJournal.maxTornTail && JournalChunks.newline(in: pending, from: 0) == nil { return false }
        try readMore(JournalChunks.chunk)
        // A change cut by the chunk's end would be scanned again from its first line after every chunk: read on until
        // it is whole instead (checking only that its lines look like setboard's), so it is decoded once.
        let bytes = pending
        guard let first = JournalChunks.newline(in: bytes, from: 0),
              case let .success(record) = JournalRecord.decode(line: UnsafeBufferPointer(rebasing: bytes[..<first])),
              let group = record.group, group.index == 0 else { return true }
        var lines: Int64 = 0
        var start = 0
        while true {
            let bytes = pending
            while let end = JournalChunks.newline(in: bytes, from: start) {
                guard JournalChunks.looksLikeALine(UnsafeBufferPointer(rebasing: bytes[start..<end])) else { return true }
                lines += 1
                start = end + 1
                if lines >= group.size { return true }
            }
            guard readTo < size else { return true }
            // Twice as much each time: few reads for a change of 80 MB, and the buffer grows geometrically.
            try readMore(max(JournalChunks.chunk, count))
        }
    }

    /// Drops the bytes a scan consumed from the front of `pending`.
    func consume(_ consumed: Int) {
        guard consumed > 0, let buffer else { return }
        count -= consumed
        if count > 0 { memmove(buffer, buffer + consumed, count) }
    }

    private func readMore(_ wanted: Int) throws(JournalError) {
        let want = min(size - readTo, wanted)
        guard want > 0 else { return }
        if count + want > capacity {
            let newCapacity = max(count + want, capacity * 2)
            // realloc moves a large block by remapping its pages, not by copying them.
            guard let grown = realloc(buffer, newCapacity) else {
                throw JournalError.io(operation: "read", path: file.path, errno: ENOMEM)
            }
            buffer = grown
            capacity = newCapacity
        }
        guard let buffer else { return }
        let n = try file.read(from: readTo, count: want, into: buffer + count)
        if n == 0 { readTo = size } // the file was cut short under us: what is there is all there is
        readTo += n
        count += n
        bytesRead += n
    }

    /// The next line break at or after `from` (memchr: a change of 80 MB is looked through in a few milliseconds).
    static func newline(in bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard from < bytes.count, let base = bytes.baseAddress,
              let hit = memchr(base + from, 0x0A, bytes.count - from) else { return nil }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }

    /// Whether a line (without its newline) has the shape of one setboard writes, `<8 hex digits> {…}`: enough to
    /// stop reading ahead at the first line of garbage, without decoding anything.
    static func looksLikeALine(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard line.count > 10, line[8] == 0x20, line[9] == 0x7B, line[line.count - 1] == 0x7D else { return false }
        return JournalRecord.storedChecksum(line) != nil
    }
}
