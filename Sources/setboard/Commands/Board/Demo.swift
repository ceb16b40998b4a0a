/// `setboard demo`: writes a realistic demo board (about 40 tickets) through the normal journal path, then shows it.
import ArgumentParser
import Foundation
import SetBoardCore
import SetBoardJournal
import SetBoardTerminal
#if canImport(Glibc)
import Glibc
#endif

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Create a demo board and show it.",
        discussion: """
            Writes about 40 tickets over every tier, level and column, a few of them stuck, an on-call roster \
            with an EMEA and an Americas shift, a routing directory, an L1 incident with its next update due, this \
            week's cycle ticks, a P1 page nobody has acknowledged and two projects (one executing, one in \
            discovery), all relative to now, into the board given by \
            --board or SETBOARD_BOARD (which must not have events yet), else into a new directory under \
            $XDG_DATA_HOME/setboard/. Then opens it full screen when stdout is a terminal, else prints it as text.
            """)
    @OptionGroup var options: BoardOptions
    @Flag(help: "Only create the board; print its path and do not show it.") var noShow = false
    @Option(help: ArgumentHelp("Generate a board of this many tickets instead of the hand-written demo.",
                               valueName: "n")) var tickets: Int?
    @Option(help: ArgumentHelp("With --tickets: about this many events in all (default 5 per ticket).",
                               valueName: "m")) var events: Int?
    @Option(help: "With --tickets: the random seed; the same seed gives the same board.") var seed: UInt64 = 42

    func validate() throws {
        if let tickets, !(0...2_000_000).contains(tickets) { throw ValidationError("--tickets must be between 0 and 2000000") }
        if events != nil && tickets == nil { throw ValidationError("--events needs --tickets") }
        if let events, events < 0 || events > 20_000_000 { throw ValidationError("--events must be between 0 and 20000000") }
    }

    /// Events per append of a generated history. A change is read whole or not at all, so a history written as one
    /// change of 250,000 events made every reader hold all of it at once (the bytes and every record: most of a
    /// 262 MB peak at 50,000 tickets); in changes of this size, as people make them, a reader holds one at a time,
    /// and the fsyncs stay few (250 for 50,000 tickets).
    static let eventsPerChange = 1_000

    /// Hands `events` to `append` in changes of at most `eventsPerChange`, in order.
    static func inChanges(_ events: [NewEvent], _ append: ([NewEvent]) throws -> Void) rethrows {
        var start = 0
        while start < events.count {
            let end = min(events.count, start + eventsPerChange)
            try append(Array(events[start..<end]))
            start = end
        }
    }

    func run() throws {
        try reportingFailures {
            let clock = try options.makeClock()
            let now = clock.nowMilliseconds()
            let path = options.explicitPath ?? Demo.freshPath(now: now)
            let journal = try FileJournal.create(directory: path, clock: clock)
            let store = BoardStore(journal: journal)
            let actor = currentOSAccount()
            if let tickets {
                let script = BoardGenerator.script(tickets: tickets, events: events, seed: seed, now: now)
                try Demo.inChanges(script.map { NewEvent(.board($0.event), at: $0.at, actor: $0.actor) }) {
                    try store.append($0, actor: actor)
                }
            } else {
                for step in DemoBoard.script(now: now) {
                    clock.pinned = step.at
                    try store.perform(step.command, actor: actor, now: step.at)
                }
            }
            // The roster comes after the tickets; the demo's own account is an admin so it can try overrides and leave.
            clock.pinned = now - 3 * 3_600_000
            try store.perform(RosterCommand.define(DemoBoard.roster(now: now, admins: [actor], zones: hostZones)), actor: actor, now: now - 3 * 3_600_000)
            if tickets == nil { try Demo.onCallLoop(store: store, clock: clock, actor: actor, now: now) }
            if tickets == nil { try Demo.projects(store: store, clock: clock, actor: actor, now: now) }
            clock.pinned = try BoardOptions.pinnedNow()
            if noShow {
                print(path)
                return
            }
            if isatty(STDOUT_FILENO) == 1 && isatty(STDIN_FILENO) == 1 {
                try showFullScreen(store: store, clock: clock, boardPath: path)
            } else {
                print("demo board at \(path) (open it with `setboard --board \(path)`)\n")
                print(TextReports.list(List.groups(state: store.state, columns: Column.allCases, all: false, mine: nil),
                                       state: store.state, now: now), terminator: "")
            }
        }
    }

    /// Where `setboard demo` puts its boards when no board is named; `hint(missing:)` looks there.
    static var demoDirectory: String { BoardOptions.dataHome + "/setboard" }

    /// For a plain `setboard` that finds no default board: the newest demo board made here, and exactly how to open
    /// it. Nil when the missing board is not the default one, or no demo was made.
    static func hint(missing path: String) -> String? {
        guard path == demoDirectory + "/default",
              let names = try? FileManager.default.contentsOfDirectory(atPath: demoDirectory) else { return nil }
        // The names carry the minute they were made (demo-YYYYMMDDHHMM[-n]), so the greatest is the newest.
        let demos = names.filter { $0.hasPrefix("demo-") && access(demoDirectory + "/" + $0 + "/journal.log", F_OK) == 0 }
        guard let newest = demos.max(by: { ($0.count, $0) < ($1.count, $1) }) else { return nil }
        let board = TextSafety.escaped(demoDirectory + "/" + newest)
        return "the demo board is at \(board): open it with `setboard --board \(board)`, or `export SETBOARD_BOARD=\(board)` "
            + "so every setboard command uses it"
    }

    /// The on-call loop around the tickets, relative to `now` so it reads the same whenever the demo runs: an L1
    /// incident with an update due in 3 hours, this week's cycle ticks (and its hand-over, once due, done rather
    /// than OVERDUE), and a P1 page nobody has acknowledged yet.
    static func onCallLoop(store: BoardStore, clock: CommandClock, actor: String, now: Int64) throws {
        let minute: Int64 = 60_000
        func at(_ t: Int64) -> Int64 {
            clock.pinned = t
            return t
        }
        _ = at(now - 150 * minute)
        let commander = OnCallLookup.primary(store: store, now: now - 150 * minute) ?? "carol"
        try store.perform(.open(level: .l1, title: "Community login loop after the SSO change", ticket: "SET-1",
                                commander: commander, updateInterval: 4 * 60 * minute), actor: actor)
        _ = at(now - 120 * minute)
        try store.perform(.setStatus(id: "INC-1", status: .identified), actor: actor)
        try store.perform(.invite(id: "INC-1", team: "identity"), actor: actor)
        _ = at(now - 60 * minute)
        try store.perform(.postUpdate(id: "INC-1", text: "Rolled back the SSO change on one node; logins recover there. "
                                      + "Identity team checking the session cache."), actor: actor)
        if let window = CycleLookup.rosterWindow(store.roster, now: now) {
            let tickAt = at(max(window.start + minute, now - 50 * minute))
            func tick(_ item: CycleItem, day: String?) {
                // A tick the calendar does not allow (a weekend, before the first working day) is simply left out.
                _ = try? store.performEvents(actor: actor) { store in
                    CycleGroup.newEvents(try CycleDecide.decide(.tick(item: item.rawValue, day: day), window: window,
                                                                state: store.cycle, now: tickAt))
                }
            }
            tick(.startReview, day: nil)
            if let day = window.workingDays(through: tickAt).last?.text {
                tick(.supportChannel, day: day)
                tick(.askRnd, day: day)
            }
            if now > window.handoverDue {
                let doneAt = at(max(window.handoverDue, now - 40 * minute))
                _ = try? store.performEvents(actor: actor) { store in
                    CycleGroup.newEvents(try CycleDecide.decide(
                        .completeHandover(reassigned: 0, notes: "INC-1: the identity team owns the session cache fix.",
                                          summaryPath: nil),
                        window: window, state: store.cycle, now: doneAt))
                }
            }
        }
        let pagedAt = at(now - 4 * minute)
        try store.perform(.open(summary: "Community login loop is back on two nodes", ticket: "SET-1",
                                onCall: OnCallLookup.onCall(store: store, now: pagedAt), policy: OnCallLookup.policy(store: store),
                                priority: .p1), actor: actor, now: pagedAt)
    }

    /// Two projects at different phases: one executing (DoR complete, a milestone with linked tickets and a task of
    /// its own) and one still in discovery with a step.
    static func projects(store: BoardStore, clock: CommandClock, actor: String, now: Int64) throws {
        let day: Int64 = 86_400_000
        func at(_ t: Int64) { clock.pinned = t }
        func key(_ words: String) -> String? { store.state.allTicketsInBoardOrder.first { $0.title.contains(words) }?.key }
        func date(_ t: Int64) -> String { CycleDay(number: WorkingTime.floorDiv(t, day)).text }
        at(now - 14 * day)
        try store.perform(ProjectCommand.create(
            title: "Observability for the metrics endpoint", dri: actor, stakeholders: ["carol"],
            description: "Find and stop the goroutine leak, then alert on it.", links: ["https://example.com/rfc/metrics"],
            templates: .handbook), actor: actor)
        try store.perform(ProjectCommand.setPhase(key: "PRJ-1", phase: .scoping, waiver: nil, reason: nil), actor: actor)
        at(now - 10 * day)
        for item in ProjectTemplates.handbook.dor {
            try store.perform(ProjectCommand.mark(key: "PRJ-1", list: .dor, item: item.id, state: item.id == "security" ? .na : .done),
                              actor: actor)
        }
        try store.perform(ProjectCommand.addMilestone(key: "PRJ-1", title: "Leak found and fixed", due: date(now + 4 * day)), actor: actor)
        try store.perform(ProjectCommand.addMilestone(key: "PRJ-1", title: "Alerting rolled out", due: date(now + 18 * day)), actor: actor)
        try store.perform(ProjectCommand.setPhase(key: "PRJ-1", phase: .ready, waiver: nil, reason: nil), actor: actor)
        try store.perform(ProjectCommand.setPhase(key: "PRJ-1", phase: .executing, waiver: nil, reason: nil), actor: actor)
        for words in ["Metrics endpoint", "Log spam"] {
            if let k = key(words) { try store.perform(ProjectCommand.linkTask(ticket: k, target: "PRJ-1.M1"), actor: actor) }
        }
        // A finished ticket shows progress on the first milestone.
        if let k = store.state.keys(in: .done).first { try store.perform(ProjectCommand.linkTask(ticket: k, target: "PRJ-1.M1"), actor: actor) }
        try store.perform(ProjectCommand.addTask(target: "PRJ-1.M2", title: "Dashboards and alert rules"), actor: actor)
        at(now - 2 * day)
        try store.perform(ProjectCommand.create(
            title: "Per-channel retention policy", dri: "carol", stakeholders: [actor], description: "", links: [],
            templates: .handbook), actor: actor)
        if let k = key("retention policy") { try store.perform(ProjectCommand.linkTask(ticket: k, target: "PRJ-2"), actor: actor) }
        try store.perform(ProjectCommand.addTask(target: "PRJ-2", title: "Proof of concept on one instance"), actor: actor)
    }

    /// A new directory each time, so a demo never touches an existing board.
    static func freshPath(now: Int64) -> String {
        let base = BoardOptions.dataHome + "/setboard/demo-" + WorkingTime.isoMinute(now).filter { $0.isNumber }
        var path = base
        var n = 1
        while access(path, F_OK) == 0 { n += 1; path = "\(base)-\(n)" }
        return path
    }
}

extension Demo {
    /// The demo opens the same full-screen board `setboard` does; on the way out it says where the board lives.
    func showFullScreen(store: BoardStore, clock: CommandClock, boardPath: String) throws {
        let tui = try TUIOptions.standard()
        let outcome = try runFullScreen(store: store, clock: clock, options: tui)
        print("demo board at \(boardPath) (open it again with `setboard --board \(boardPath)`)")
        try exitLikeTheBoard(outcome)
    }
}
