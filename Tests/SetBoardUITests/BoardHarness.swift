/// The screen and key tests' board: the real BoardDriver over a MemoryJournal and a clock the test sets.
import Testing
import SetBoardCore
import SetBoardJournal
import SetBoardApp
@testable import SetBoardUI

/// A clock the test sets by hand, so a crafted board can have old and new cards and every frame the same `now`.
final class SettableClock: JournalClock, @unchecked Sendable {
    var ms: Int64
    init(_ ms: Int64) { self.ms = ms }
    func nowMilliseconds() -> Int64 { ms }
}

enum TestTime {
    /// Tuesday 2026-11-24 10:00 UTC: the `now` of every screen in these tests.
    static let now: Int64 = WorkingTime.parseISO8601("2026-11-24T10:00:00Z") ?? 0
    static let hour: Int64 = 3_600_000
    static let day: Int64 = 86_400_000
}

/// The driver the full-screen board runs, so key tests exercise its effect handling rather than a copy of it.
final class BoardHarness {
    let clock: SettableClock
    /// A MemoryJournal unless the test brings another (a FileJournal on a simulated disk that fails, say).
    let journal: any Journal
    let store: BoardStore
    let actor: String
    let driver: BoardDriver

    convenience init(actor: String = "alice", keyMap: KeyMap = .default) {
        let clock = SettableClock(TestTime.now)
        self.init(journal: MemoryJournal(clock: clock), clock: clock, actor: actor, keyMap: keyMap)
    }

    init(journal: any Journal, clock: SettableClock, actor: String = "alice", keyMap: KeyMap = .default) {
        self.clock = clock
        self.journal = journal
        store = BoardStore(journal: journal)
        self.actor = actor
        driver = BoardDriver(store: store, clock: clock, actor: actor, keyMap: keyMap)
    }

    /// The journal as the MemoryJournal it usually is, for tests that share its storage or fail its next append.
    var memoryJournal: MemoryJournal {
        get throws { try #require(journal as? MemoryJournal, "this harness runs on another journal") }
    }

    var model: AppModel {
        get { driver.model }
        set { driver.model = newValue }
    }

    /// Writes a command as `actor` at `at` (default: now), as if someone had done it earlier.
    func perform(_ command: Command, at: Int64 = TestTime.now, actor: String? = nil) throws {
        clock.ms = at
        defer { clock.ms = TestTime.now }
        try store.perform(command, actor: actor ?? self.actor, now: at)
    }

    func perform(_ command: IncidentCommand, at: Int64 = TestTime.now) throws {
        clock.ms = at
        defer { clock.ms = TestTime.now }
        try store.perform(command, actor: actor)
    }

    func context() -> BoardContext { driver.context() }

    /// One key through the driver: each effect reaches the journal before the model hears it is done.
    @discardableResult
    func press(_ key: Key) -> [AppEffect] { driver.apply(key) }

    /// Presses each key in turn; the effects of all of them, in order.
    @discardableResult
    func press(_ keys: [Key]) -> [AppEffect] { keys.flatMap { press($0) } }

    /// Types text one character at a time, as a terminal would deliver it.
    func type(_ text: String) { for c in text { press(.char(c)) } }

    func press(_ key: Key, times: Int) { for _ in 0..<times { press(key) } }

    /// After a save that failed: the add form is still open with the typed title, not waiting, and the footer
    /// (row 23 of a 120x24 screen) says why.
    func expectFormKept(title: String, footer: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard case let .form(form) = model.mode else {
            Issue.record("the form closed after a failed save", sourceLocation: sourceLocation)
            return
        }
        #expect(form.fields.first?.value == title, sourceLocation: sourceLocation)
        #expect(!form.submitting, sourceLocation: sourceLocation)
        let lines = grid(120, 24).lines()
        #expect(lines[16].hasPrefix(" Title:       \(title)_"), "\(lines[16])", sourceLocation: sourceLocation)
        #expect(lines[23] == footer, sourceLocation: sourceLocation)
    }

    func grid(_ width: Int = 80, _ height: Int = 24) -> Grid {
        driver.frame(size: Size(width: width, height: height))
    }

    func screen(_ width: Int = 80, _ height: Int = 24) -> String { grid(width, height).plainText() }

    var selected: String? { model.selectedTicket(context()) }

    var recordTypes: [String] { journal.records.map(\.type) }
}

/// The small board the screen tests draw: every tier, every column, and each mark a card can carry.
enum CraftedBoard {
    static let hostileTitle = "Customer X: 500 on save \u{1B}[2J\u{1B}]0;pwned\u{07}"
    static let cjkTitle = "数据库迁移失败 on 升级"
    static let emojiTitle = "🔥 hotfix 🚀 deploy"

    /// SET-1 … SET-8. TO DO holds SET-1 (community, with an open incident), SET-2 (CJK), SET-4 (hostile title)
    /// and SET-5 (untouched for six working days: stuck); with `handMove`, SET-4 is then moved by hand to the top.
    static func make(handMove: Bool = true, on h: BoardHarness = BoardHarness()) throws -> BoardHarness {
        let now = TestTime.now
        let d = TestTime.day, hr = TestTime.hour
        try h.perform(.initBoard(name: "SET board", prefix: "SET"), at: now - 30 * d)
        try h.perform(.add(NewTicket(title: "Login loop on the community server", tier: .community, level: .l1,
                                     assignee: "alice")), at: now - 2 * hr)
        try h.perform(.add(NewTicket(title: cjkTitle, tier: .hotfix, level: .l2)), at: now - 1 * d)
        try h.perform(.add(NewTicket(title: emojiTitle, description: "Roll back the 10.4.1 deploy.\nThen redeploy.",
                                     tier: .hotfix, level: .l1, column: .inProgress, assignee: "bob")), at: now - 3 * hr)
        try h.perform(.add(NewTicket(title: hostileTitle, tier: .release, level: .l3)), at: now - 2 * d)
        try h.perform(.add(NewTicket(title: "Export times out at 10k rows", tier: .customer, level: .l2)), at: now - 8 * d)
        try h.perform(.add(NewTicket(title: "Typo in admin console", tier: .other, column: .inReview, assignee: "dave")),
                      at: now - 5 * hr)
        try h.perform(.add(NewTicket(title: "Push drops on iOS", tier: .customer, level: .l1, column: .handedOver,
                                     team: "mobile")), at: now - 4 * hr)
        try h.perform(.add(NewTicket(title: "Search misses posts", tier: .release, level: .l4, column: .done,
                                     assignee: "carol")), at: now - 6 * hr)
        try h.perform(.markChecklist(key: "SET-3", item: .version, state: .present), at: now - 2 * hr)
        try h.perform(.open(level: .l1, title: "Login loop", ticket: "SET-1", commander: "alice", updateInterval: nil),
                      at: now - 1 * hr)
        if handMove { try h.perform(.rank(key: "SET-4", position: .top), at: now - 30 * 60_000, actor: "bob") }
        return h
    }

    /// The board without its hand move: TO DO is SET-1, SET-2, SET-4, SET-5 in rule order.
    static func inRuleOrder(on harness: BoardHarness = BoardHarness()) throws -> BoardHarness {
        let h = try make(handMove: false, on: harness)
        #expect(h.store.state.keys(in: .todo) == ["SET-1", "SET-2", "SET-4", "SET-5"])
        #expect(h.store.state.isInRuleOrder(.todo))
        return h
    }
}
