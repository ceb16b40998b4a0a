// The snapshot file's checksum: every single-bit change, a block moved between lanes, and bytes added at the end
// each change the sum.
import Testing
@testable import SetBoardJournal

@Suite struct SnapshotChecksumTests {
    func sum(_ bytes: [UInt8]) -> UInt64 { bytes.withUnsafeBytes { SnapshotChecksum.ofFile($0) } }

    /// Lengths on both sides of a 64-byte block and of an 8-byte word, so the blocks, the words after them and the
    /// last bytes are each covered.
    @Test func everyBitOfTheFileCounts() {
        var seed: UInt64 = 0x1234_5678
        for n in [0, 1, 7, 8, 9, 63, 64, 65, 127, 128, 200] {
            let bytes = (0..<n).map { _ -> UInt8 in
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return UInt8(truncatingIfNeeded: seed >> 56)
            }
            let base = sum(bytes)
            var seen: Set<UInt64> = [base]
            for i in 0..<n {
                for bit in 0..<8 {
                    var changed = bytes
                    changed[i] ^= 1 << bit
                    #expect(seen.insert(sum(changed)).inserted, "length \(n), byte \(i), bit \(bit)")
                }
            }
            #expect(sum(bytes + [0]) != base, "a zero byte added to \(n) bytes")
        }
    }

    @Test func blocksSwappedBetweenLanesOrZeroWordsDoNotSumAlike() {
        let block = (0..<128).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        var swapped = block
        swapped.replaceSubrange(0..<16, with: block[16..<32])
        swapped.replaceSubrange(16..<32, with: block[0..<16])
        #expect(sum(block) != sum(swapped))
        let zeros = [UInt8](repeating: 0, count: 256)
        var one = zeros
        one[200] = 1
        #expect(sum(zeros) != sum(one) && sum(zeros) != sum(Array(zeros[0..<255])))
    }
}
