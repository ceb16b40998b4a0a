// History mode, presence and others' changes on the full-screen board, through the real driver, as screen text.
import Foundation
import Testing
import SetBoardCore
import SetBoardJournal
import SetBoardApp
@testable import SetBoardUI

@Suite struct HistoryModeTests {
    /// Board made three days ago; SET-1 two days ago, SET-2 yesterday (alice); bob moved SET-1 two hours ago.
    func board() throws -> BoardHarness {
        let h = BoardHarness()
        let now = TestTime.now, d = TestTime.day
        try h.perform(.initBoard(name: "SET board", prefix: "SET"), at: now - 3 * d)
        try h.perform(.add(NewTicket(title: "Login loop", tier: .community, level: .l1)), at: now - 2 * d)
        try h.perform(.add(NewTicket(title: "Slow search", tier: .hotfix, level: .l2)), at: now - d)
        try h.perform(.move(key: "SET-1", to: .inProgress), at: now - 2 * TestTime.hour, actor: "bob")
        return h
    }

    @Test func historyModeStepsThroughTheJournalMarkedAsThePast() throws {
        let h = try board()
        h.press(.char("T"))
        #expect(h.screen(100, 12) == """
             SET board · 2 open · 1 breached                       THE PAST · as it was at 2026-11-24 08:00 UTC
             TO DO 1             IN PROGRESS 1       IN REVIEW 0         HANDED OVER 0       DONE 0
            >SET-2 HOT L2        SET-1 COM L1        (empty)             (empty)             (empty)
             Slow search         Login loop
             unassigned    22h   LATE 45h      46h






             event 4 of 4 · @bob: SET-1 moved TO DO → IN PROGRESS   · , . event · [ ] hour · { } day · Esc now
            """)
        h.press(.char(","))
        #expect(h.screen(100, 12) == """
             SET board · 2 open · 1 breached                       THE PAST · as it was at 2026-11-23 10:00 UTC
             TO DO 2             IN PROGRESS 0       IN REVIEW 0         HANDED OVER 0       DONE 0
             SET-1 COM L1        (empty)             (empty)             (empty)             (empty)
             Login loop
             LATE 23h      24h
            >SET-2 HOT L2
             Slow search
             unassigned     0m



             event 3 of 4 · @alice: SET-2 created in TO DO: hotfix L2 CAT1 bug "Slow search"   · , . event · [ …
            """)
        // A day back from yesterday 10:00 is two days ago, when SET-1 was added.
        h.press(.char("{"))
        let lines = h.screen(100, 12).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0].hasSuffix("THE PAST · as it was at 2026-11-22 10:00 UTC"))
        #expect(lines[11].hasPrefix(" event 2 of 4 · @alice: SET-1 created in TO DO"))
        h.press(.char("]"))
        #expect(h.screen(100, 12).contains("event 3 of 4"))
        h.press(.char("}"))
        #expect(h.screen(100, 12).contains("event 4 of 4"))
    }

    @Test func thePastIsReadOnlyAndEscReturnsToNow() throws {
        let h = try board()
        let before = h.recordTypes.count
        h.press([.char("T"), .char(","), .char("c")])
        #expect(h.screen(100, 12).hasSuffix(" the past is read-only: Esc returns to now"))
        h.press(.char("a"))
        #expect(h.model.mode == .board)
        #expect(h.recordTypes.count == before)
        h.press(.escape)
        let now = h.screen(100, 12)
        #expect(!now.contains("THE PAST"))
        #expect(now.hasSuffix(" back to now"))
        #expect(h.driver.history == nil)
        // Enter on a card in the past opens its history up to that step, with who did each event.
        h.press([.char("T"), .char(","), .char("k"), .enter])
        let detail = h.screen(100, 24)
        #expect(detail.contains("@alice SET-1 created in TO DO"))
        #expect(!detail.contains("@bob"))
    }

    @Test func theHistoryKeyIsInTheHelp() throws {
        let h = try board()
        h.press(.char("?"))
        #expect(h.screen(100, 60).contains("history: step through the board as it was"))
    }

    @Test func stepsBackUseCheckpointsAndGiveTheSameBoardAsAReplay() throws {
        let h = try board()
        for i in 0..<40 { try h.perform(.add(NewTicket(title: "T\(i)", tier: .other)), at: TestTime.now - TestTime.hour + Int64(i)) }
        let records = try h.store.allRecords()
        let history = BoardHistory(records: records, spacing: 7)
        for target in [43, 3, 20, 21, 0, 44, 14, 13] {
            history.move(to: target)
            var replay = ReplayedBoard()
            for r in records.prefix(target) { replay.apply(r) }
            #expect(history.board.state == replay.state, "at \(target)")
            #expect(history.position == target)
        }
    }

    // MARK: presence

    func scratchBoard() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("setboard-presence-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func theHeaderNamesWhoElseHasTheBoardOpen() throws {
        let dir = try scratchBoard()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let wall = SystemClock().nowMilliseconds()
        let bob = Presence(board: dir, handle: "bob"), carol = Presence(board: dir, handle: "carol")
        let alice2 = Presence(board: dir, handle: "alice")
        for p in [bob, carol, alice2] { p.heartbeat(now: wall) }
        let h = try board()
        let session = BoardSession(driver: h.driver)
        session.presence = Presence(board: dir, handle: "alice")
        #expect(session.refreshPresence())
        #expect(h.screen(80, 12) == """
             SET board · 2 open · 1 breached                   also here: alice, bob, carol
             TO DO 1         IN PROGRESS 1   IN REVIEW 0     HANDED OVER 0   DONE 0
            >SET-2 HOT L2    SET-1 COM L1    (empty)         (empty)         (empty)
             Slow search     Login loop
             unassign… 24h   LATE 47h   2d






             q quit · ? help · J move · Enter open · a add · / filter · c claim
            """)
        // The presence file is ours, with the journal's mode, and goes when the board closes.
        let own = try #require(session.presence?.ownPath)
        let mode = try #require(FileManager.default.attributesOfItem(atPath: own)[.posixPermissions] as? Int)
        #expect(mode == 0o600)
        bob.leave()
        carol.leave()
        alice2.leave()
        session.presence?.leave()
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/presence").isEmpty)
    }

    @Test func staleOddAndDeadEntriesAreIgnored() throws {
        let dir = try scratchBoard()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let wall = SystemClock().nowMilliseconds()
        let me = Presence(board: dir, handle: "alice")
        me.heartbeat(now: wall)
        let old = Presence(board: dir, handle: "dave")
        old.heartbeat(now: wall - Presence.timeout - 1_000)
        var host = [CChar](repeating: 0, count: 256)
        gethostname(&host, 255)
        let hostName = String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // A board on this host whose process is gone; a line that is not an entry; a link.
        try "erin\t2147483646\t\(hostName)\t\(wall)\n".write(toFile: dir + "/presence/abc1", atomically: false, encoding: .utf8)
        try "frank\tnot-a-pid\n".write(toFile: dir + "/presence/abc2", atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: dir + "/presence/abc3", withDestinationPath: dir + "/presence/abc1")
        try "gina\t1\tother-host\t\(wall)\n".write(toFile: dir + "/presence/abc4", atomically: false, encoding: .utf8)
        #expect(Presence.names(me.others(now: wall)) == ["gina"])
    }

    @Test func aBoardOthersMayNotWriteToStaysSilent() throws {
        let dir = try scratchBoard()
        defer {
            _ = chmod(dir, 0o700)
            try? FileManager.default.removeItem(atPath: dir)
        }
        guard geteuid() != 0 else { return } // root writes anywhere
        _ = chmod(dir, 0o500)
        let p = Presence(board: dir, handle: "alice")
        p.heartbeat(now: SystemClock().nowMilliseconds())
        #expect(p.ownPath == nil)
        #expect(p.others(now: SystemClock().nowMilliseconds()).isEmpty)
    }

    // MARK: who changed what

    @Test func anotherPersonsChangeIsSaidInWordsAndItsCardMarked() throws {
        let h = try board()
        let bob = BoardStore(journal: MemoryJournal(storage: try h.memoryJournal.storage, clock: h.clock))
        try bob.perform(.move(key: "SET-2", to: .inReview), actor: "bob", now: TestTime.now)
        #expect(h.driver.refresh())
        #expect(h.screen(100, 12) == """
             SET board · 2 open · 1 breached
             TO DO 0             IN PROGRESS 1       IN REVIEW 1         HANDED OVER 0       DONE 0
             (empty)             SET-1 COM L1        SET-2 HOT L2        (empty)             (empty)
                                 Login loop         *Slow search
                                 LATE 47h       2d   unassigned    24h






             bob moved SET-2 to IN REVIEW
            """)
        for key in ["SET-1", "SET-2"] { try bob.perform(.assign(key: key, assignee: "carol"), actor: "bob", now: TestTime.now) }
        try bob.perform(.nudge(key: "SET-1"), actor: "bob", now: TestTime.now)
        #expect(h.driver.refresh())
        #expect(h.screen(100, 12).hasSuffix(" 3 changes by bob"))
        // Our own changes are not announced back to us.
        h.press(.char("c"))
        #expect(!h.driver.refresh())
    }
}
