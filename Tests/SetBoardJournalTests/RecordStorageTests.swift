/// How a record is held in memory (its fields in one shared box, a UUID id in two numbers, the replica id of the line
/// before reused) never shows: ids read back as written, copies stay independent, and every line keeps its own rid.
import SetBoardCore
import Testing
@testable import SetBoardJournal

struct RecordStorageTests {
    private func record(id: String, rid: String = "6c3d7e1bd57e95a4", seq: Int64 = 1, lam: Int64 = 1) -> JournalRecord {
        JournalRecord(seq: seq, id: id, rid: rid, lam: lam, ts: 1_795_000_000_000, actor: "alice",
                      event: .board(.ticketNudged(key: "SET-1")))
    }

    @Test func anIdReadsBackExactlyAsWrittenWhateverItsShape() {
        var rng = SeededRandom(seed: 5)
        let hex = Array("0123456789abcdef")
        for _ in 0..<200 {
            var text = String((0..<32).map { _ in hex[Int(rng.next() % 16)] })
            for dash in [20, 16, 12, 8] { text.insert("-", at: text.index(text.startIndex, offsetBy: dash)) }
            #expect(record(id: text).id == text)
        }
        // Not setboard's UUIDs: upper case, a missing or misplaced dash, a length off by one, not hex, empty.
        for other in ["01939D12-59D5-71F2-94BD-D5DCEA9BEAB8", "01939d1259d571f294bdd5dcea9beab8",
                      "01939d12-59d5-71f2-94bd-d5dcea9beab", "01939d12-59d5-71f2-94bd-d5dcea9beab80",
                      "01939d12-59d571f2--94bd-d5dcea9beab8", "01939d12-59d5-71f2-94bd-d5dcea9beag8", "", "e-1"] {
            #expect(record(id: other).id == other)
        }
    }

    @Test func recordsAreEqualExactlyWhenTheirIdsAre() {
        let a = record(id: "01939d12-59d5-71f2-94bd-d5dcea9beab8")
        #expect(a == record(id: "01939d12-59d5-71f2-94bd-d5dcea9beab8"))
        #expect(a != record(id: "01939d12-59d5-71f2-94bd-d5dcea9beab9"))
        #expect(a != record(id: "01939D12-59D5-71F2-94BD-D5DCEA9BEAB8"))
        var b = a
        b.id = "not-a-uuid"
        #expect(b.id == "not-a-uuid")
        #expect(a.id == "01939d12-59d5-71f2-94bd-d5dcea9beab8")
        b.id = a.id
        #expect(a == b)
    }

    @Test func aChangedCopyLeavesTheOriginalAsItWas() {
        let original = record(id: "01939d12-59d5-71f2-94bd-d5dcea9beab8", seq: 4, lam: 9)
        var copy = original
        copy.ts = 5
        copy.seq = 40
        copy.actor = "bob"
        copy.type = "ticket.moved"
        #expect(original.ts == 1_795_000_000_000 && original.seq == 4 && original.actor == "alice")
        #expect(original.event == .board(.ticketNudged(key: "SET-1")))
        #expect(copy.ts == 5 && copy.seq == 40 && copy.actor == "bob")
        // The new type does not hold the old payload: the copy keeps it as stored, the original its event.
        #expect(copy.event == nil)
        #expect(copy.payload == original.payload)
        #expect(copy != original)
    }

    @Test func aLineReadFromTextKeepsItsIdAndReplica() throws {
        let ids = ["01939d12-59d5-71f2-94bd-d5dcea9beab8", "custom id", "01939d12-59d5-71f2-94bd-d5dcea9beab8"]
        let rids = ["6c3d7e1bd57e95a4", "6c3d7e1bd57e95a4", "00000000000000ff", "00000000000000ff", "6c3d7e1bd57e95a4"]
        var bytes: [UInt8] = []
        var written: [JournalRecord] = []
        for (i, rid) in rids.enumerated() {
            let r = record(id: ids[i % ids.count], rid: rid, seq: Int64(i + 1), lam: Int64(i + 1))
            written.append(r)
            bytes += r.line
        }
        let read = bytes.withUnsafeBufferPointer { JournalScan.scan($0, firstLine: 1, lastSeq: 0).records }
        #expect(read == written)
        #expect(read.map(\.rid) == rids)
        #expect(read.map(\.id) == written.map(\.id))
    }
}
