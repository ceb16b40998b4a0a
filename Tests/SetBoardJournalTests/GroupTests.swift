/// One append of several events is one change: its lines are marked, read all together or not at all, and a crash
/// that leaves part of it is treated like a torn line.
import SetBoardCore
import Testing
@testable import SetBoardJournal

struct GroupTests {
    /// Three records with fixed ids written as one append of `size` events starting at `seq`.
    func group(from seq: Int64, size: Int64 = 3) -> [JournalRecord] {
        (0..<size).map { i in
            var record = fixedRecord(seq: seq + i, note: "part \(i + 1) of \(size)")
            record.group = JournalGroup(index: i, size: size)
            return record
        }
    }

    func scan(_ records: [JournalRecord], then extra: [UInt8] = []) -> JournalScan {
        let bytes = records.flatMap(\.line) + extra
        return bytes.withUnsafeBufferPointer { JournalScan.scan($0, firstLine: 1, lastSeq: 0) }
    }

    @Test func theLinesOfAChangeCarryItsSizeAndTheirPlace() throws {
        let lines = group(from: 4).map { String(decoding: $0.line, as: UTF8.self) }
        #expect(lines[0].hasSuffix(#","payload":{"n":4,"note":"part 1 of 3"},"grp":3}"# + "\n"))
        #expect(lines[1].hasSuffix(#","payload":{"n":5,"note":"part 2 of 3"},"grp":3,"gi":1}"# + "\n"))
        #expect(lines[2].hasSuffix(#","grp":3,"gi":2}"# + "\n"))
        for record in group(from: 4) {
            #expect(JournalRecord.decode(line: Array(record.line.dropLast())) == .success(record))
        }
        #expect(!String(decoding: fixedRecord(seq: 1).line, as: UTF8.self).contains("grp"))
    }

    @Test(arguments: [
        (#","grp":1"#, JournalRecord.LineProblem.missingField("grp")),
        (#","grp":"3""#, .missingField("grp")),
        (#","grp":3,"gi":0"#, .missingField("gi")),
        (#","grp":3,"gi":3"#, .missingField("gi")),
        (#","gi":1"#, .missingField("grp")),
    ])
    func aBadMarkIsADamagedLine(mark: String, problem: JournalRecord.LineProblem) {
        var json: [UInt8] = []
        fixedRecord(seq: 1).json.encode(into: &json)
        let body = String(decoding: json, as: UTF8.self).dropLast() + mark + "}"
        #expect(JournalRecord.decode(line: lineWithValidChecksum(String(body))) == .failure(problem))
    }

    @Test func aWholeChangeIsAccepted() {
        let records = [fixedRecord(seq: 1)] + group(from: 2) + [fixedRecord(seq: 5)]
        let result = scan(records)
        #expect(result.records == records)
        #expect(result.damaged.isEmpty)
        #expect(result.tailLength == 0)
        #expect(result.lines == 5)
        #expect(result.lastLineStart == records.dropLast().flatMap(\.line).count)
    }

    /// Whatever prefix of a change a crash leaves at the end, none of it is read and all of it is the tail.
    @Test func everyCutInsideAChangeAtTheEndIsTail() {
        let before = [fixedRecord(seq: 1)]
        let start = before.flatMap(\.line).count
        let full = (before + group(from: 2)).flatMap(\.line)
        var wrong: [String] = []
        for cut in (start + 1)..<full.count {
            let result = Array(full[..<cut]).withUnsafeBufferPointer { JournalScan.scan($0, firstLine: 1, lastSeq: 0) }
            // The last line read (a snapshot's position names it) is the one before the change.
            if result.records != before || !result.damaged.isEmpty || result.consumed != start
                || result.tailLength != cut - start || result.lines != 1 || result.lastLineStart != 0 {
                wrong.append("cut at \(cut): \(result.records.map(\.seq)), consumed \(result.consumed), lines \(result.lines)")
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(5).joined(separator: "\n"))")
    }

    @Test func aChangeCutShortInTheMiddleIsDamageAndWhatFollowsIsKept() {
        let parts = group(from: 2)
        let after = fixedRecord(seq: 4)
        let result = scan([fixedRecord(seq: 1), parts[0], parts[1], after])
        #expect(result.records == [fixedRecord(seq: 1), after])
        #expect(result.damaged.map(\.line) == [2, 3])
        #expect(result.damaged.map(\.problem) == Array(repeating: .incompleteGroup(firstLine: 2, expected: 3, found: 2), count: 2))
        #expect(result.tailLength == 0)
    }

    @Test func aNewChangeCutsTheOpenOneShort() {
        let first = group(from: 1)
        let second = group(from: 3, size: 2)
        let result = scan([first[0], first[1]] + second)
        #expect(result.records == second)
        #expect(result.damaged.map(\.problem) == Array(repeating: .incompleteGroup(firstLine: 1, expected: 3, found: 2), count: 2))
    }

    /// A whole change was acknowledged when it was written: a line damaged later is set aside alone, and the
    /// change's other events stay (setting them all aside emptied a generated board over one flipped bit).
    @Test func aDamagedLineInAWholeChangeIsSetAsideAlone() {
        let parts = group(from: 2)
        var damaged = parts[1].line
        damaged[20] ^= 0x01
        let bytes = [fixedRecord(seq: 1).line, parts[0].line, damaged, parts[2].line, fixedRecord(seq: 5).line].flatMap { $0 }
        let result = bytes.withUnsafeBufferPointer { JournalScan.scan($0, firstLine: 1, lastSeq: 0) }
        #expect(result.records == [fixedRecord(seq: 1), parts[0], parts[2], fixedRecord(seq: 5)])
        #expect(result.damaged.map(\.line) == [3])
        #expect(result.damaged.map(\.problem) == [.checksumMismatch])
        #expect(result.tailLength == 0)
    }

    @Test func aLineOfAChangeWithoutItsStartIsOutOfPlace() {
        let parts = group(from: 2)
        let result = scan([fixedRecord(seq: 1), parts[1], parts[2], fixedRecord(seq: 5)])
        #expect(result.records == [fixedRecord(seq: 1), fixedRecord(seq: 5)])
        #expect(result.damaged.map(\.problem) == [.groupLineOutOfPlace(index: 1, size: 3), .groupLineOutOfPlace(index: 2, size: 3)])
    }

    /// A hand-edited line claiming a huge change cannot make everything after it look like an unfinished tail.
    @Test func anImpossibleSizeIsBrokenByTheNextLine() {
        var bogus = fixedRecord(seq: 2)
        bogus.group = JournalGroup(index: 0, size: 1_000_000_000)
        let result = scan([fixedRecord(seq: 1), bogus, fixedRecord(seq: 3), fixedRecord(seq: 4)])
        #expect(result.records.map(\.seq) == [1, 3, 4])
        #expect(result.damaged.map(\.line) == [2])
        #expect(result.tailLength == 0)
    }

    @Test func seqsInsideAChangeMustGoUp() {
        var parts = group(from: 2)
        parts[2].seq = 3
        let result = scan([fixedRecord(seq: 1)] + parts)
        #expect(result.records == [fixedRecord(seq: 1), parts[0], parts[1]])
        #expect(result.damaged.map(\.line) == [4])
        #expect(result.damaged.map(\.problem) == [.seqNotIncreasing(3)])
    }

    @Test func everyProblemOfAChangeExplainsItself() {
        #expect(JournalRecord.LineProblem.incompleteGroup(firstLine: 7, expected: 3, found: 2).description
            == "the event is part of a change of 3 events starting on line 7, of which only 2 are there")
        #expect(JournalRecord.LineProblem.groupLineOutOfPlace(index: 1, size: 3).description
            == "the event says it is event 2 of a change of 3, but the lines before it are not that change")
    }
}

/// The file journal with changes of several events: written marked, a partial one at the end quarantined under the
/// lock and waited for without it, a broken one in the middle repaired like any damage.
struct GroupJournalTests {
    func events(_ count: Int) -> [NewEvent] {
        (0..<count).map { NewEvent(type: "test.noted", payload: .object([("i", .int(Int64($0)))])) }
    }

    @Test func anAppendOfSeveralEventsIsWrittenAsOneMarkedChange() throws {
        let (board, store) = try SimulatedBoard.make(tickets: 0)
        let written = try store.journal.append(actor: "alice") { _ in self.events(3) }.appended
        #expect(written.map(\.group) == [JournalGroup(index: 0, size: 3), JournalGroup(index: 1, size: 3), JournalGroup(index: 2, size: 3)])
        let single = try store.journal.append(actor: "alice") { _ in self.events(1) }.appended
        #expect(single.map(\.group) == [nil])
        #expect(try board.open().records == store.journal.records)
    }

    /// Every cut inside the last change, as a crash mid-write leaves it: the board opens with all of it set aside.
    @Test func everyCutInsideTheLastChangeIsQuarantinedWhole() throws {
        let (board, store) = try SimulatedBoard.make(tickets: 1)
        let kept = store.journal.records
        let before = board.journalBytes
        _ = try store.journal.append(actor: "alice") { _ in self.events(4) }
        let full = board.journalBytes
        var wrong: [String] = []
        for cut in stride(from: before.count + 1, to: full.count, by: 7) {
            board.fs.overwrite(board.journalPath, with: Array(full[..<cut]))
            board.fs.remove(board.quarantinePath)
            let journal = try board.open()
            let quarantined = board.fs.contents(of: board.quarantinePath) ?? []
            if journal.records != kept { wrong.append("cut at \(cut): read \(journal.records.count) records") }
            if board.journalBytes != before { wrong.append("cut at \(cut): journal not cut back to before the change") }
            if !Bytes.contains(quarantined, Array(full[before.count..<cut])) { wrong.append("cut at \(cut): not all in the quarantine") }
            let tornWhole = full[before.count..<cut].contains(0x0A)
            if tornWhole != (journal.warnings.first?.contains("change of several events") == true) {
                wrong.append("cut at \(cut): warning \(journal.warnings)")
            }
            if try appendNote(journal, 9)?.seq != Int64(kept.count + 1) { wrong.append("cut at \(cut): next seq") }
            if wrong.count > 5 { break }
        }
        #expect(wrong.isEmpty, "\(wrong.joined(separator: "\n"))")
    }

    /// Without the lock, part of a change may be a write in progress: the reader waits for the rest.
    @Test func aReaderWaitsForTheRestOfAChange() throws {
        let (board, store) = try SimulatedBoard.make(tickets: 1)
        let reader = try board.open()
        let before = board.journalBytes
        _ = try store.journal.append(actor: "alice") { _ in self.events(3) }
        let full = board.journalBytes
        let lines = Bytes.lines(Array(full[before.count...])).complete
        board.fs.overwrite(board.journalPath, with: before + lines[0] + lines[1])
        #expect(try reader.readNew().isEmpty)
        #expect(board.fs.contents(of: board.quarantinePath) == nil)
        board.fs.overwrite(board.journalPath, with: full)
        #expect(try reader.readNew().map(\.seq) == [3, 4, 5])
        #expect(reader.records == store.journal.records)
    }

    @Test func verifyAndRepairTreatAPartialChangeAtTheEndAsTheTail() throws {
        let (board, store) = try SimulatedBoard.make(tickets: 1)
        let before = board.journalBytes
        _ = try store.journal.append(actor: "alice") { _ in self.events(3) }
        let lines = Bytes.lines(Array(board.journalBytes[before.count...])).complete
        let partial = lines[0] + lines[1]
        board.fs.overwrite(board.journalPath, with: before + partial)

        let report = try JournalMaintenance.verify(directory: board.directory, fileSystem: board.fs)
        #expect(report.validEvents == 2)
        #expect(report.damaged.isEmpty)
        #expect(report.tailBytes == partial.count)
        let repair = try JournalMaintenance.repair(directory: board.directory, clock: board.clock, fileSystem: board.fs)
        #expect(repair.keptEvents == 2)
        #expect(repair.movedTailBytes == partial.count)
        let repaired = board.journalBytes == before
        #expect(repaired)
        #expect(Bytes.contains(board.fs.contents(of: board.quarantinePath) ?? [], partial))
    }

    /// A change cut short in the middle (an older setboard appended after a crash) is damage: the board opens
    /// read-only, and repair sets every line of it aside while keeping what follows.
    @Test func aChangeCutShortInTheMiddleIsRepairedLikeDamage() throws {
        let (board, store) = try SimulatedBoard.make(tickets: 1)
        let before = board.journalBytes
        _ = try store.journal.append(actor: "alice") { _ in self.events(3) }
        let lines = Bytes.lines(Array(board.journalBytes[before.count...])).complete
        let later = fixedRecord(seq: 6)
        board.fs.overwrite(board.journalPath, with: before + lines[0] + lines[1] + later.line)

        let damaged = try board.openStore()
        #expect(damaged.journal.damage?.line == 3)
        #expect(damaged.journal.damage?.problem == .incompleteGroup(firstLine: 3, expected: 3, found: 2))
        #expect(damaged.journal.isReadOnly)
        #expect(damaged.journal.records.map(\.seq) == [1, 2, 6])

        let repair = try JournalMaintenance.repair(directory: board.directory, clock: board.clock, fileSystem: board.fs)
        #expect(repair.movedLines == 2)
        let reopened = try board.open()
        #expect(reopened.damage == nil)
        #expect(reopened.records.map(\.seq) == [1, 2, 6])
        #expect(try appendNote(reopened, 1)?.seq == 7)
    }

    /// A generated board is one change of many events: one flipped bit in it costs that one event, not the board.
    @Test func aFlippedBitInABigChangeCostsOneEvent() throws {
        let dir = try ScratchDir("bigchange")
        let board = dir.sub("board")
        let clock = FixedClock()
        let store = BoardStore(journal: try FileJournal.create(directory: board, clock: clock))
        let script = BoardGenerator.script(tickets: 40, seed: 3, now: clock.ms)
        try store.append(script.map { NewEvent(type: $0.event.type, payload: $0.event.payload, at: $0.at, actor: $0.actor) },
                         actor: "alice")
        var lines = Bytes.lines(Bytes.read(board + "/journal.log")).complete
        #expect(lines.count == script.count)
        lines[100][40] ^= 0x01
        try Bytes.write(lines.flatMap { $0 }, to: board + "/journal.log")

        let report = try JournalMaintenance.verify(directory: board)
        #expect(report.damaged.map(\.line) == [101])
        #expect(report.validEvents == script.count - 1)
        let repair = try JournalMaintenance.repair(directory: board, clock: clock)
        #expect(repair.movedLines == 1)
        #expect(repair.keptEvents == script.count - 1)
        #expect(try JournalMaintenance.verify(directory: board).isClean, "the change's other lines stand as single events")
        let reopened = BoardStore(journal: try FileJournal.open(directory: board, clock: clock))
        #expect(!reopened.journal.isReadOnly)
        #expect(reopened.state.tickets.count == 40)
        #expect(reopened.journal.warnings.isEmpty, "nothing at the end looks like a torn change")
        #expect(Bytes.lines(Bytes.read(board + "/journal.log")).complete.count == script.count - 1)
    }
}
