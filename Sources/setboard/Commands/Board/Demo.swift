/// `setboard demo`: writes a realistic demo board (about 40 tickets) through the normal journal path, then shows it.
import ArgumentParser
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
            Writes about 40 tickets over every tier, level and column, a few of them stuck, and an on-call roster \
            with an EMEA and an Americas shift, into the board given by \
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

    func run() throws {
        try reportingFailures {
            let clock = try options.makeClock()
            let now = clock.nowMilliseconds()
            let path = options.explicitPath ?? Demo.freshPath(now: now)
            let journal = try FileJournal.create(directory: path, clock: clock)
            let store = BoardStore(journal: journal)
            let actor = currentOSAccount()
            if let tickets {
                // One append for the whole history: one fsync instead of hundreds of thousands.
                let script = BoardGenerator.script(tickets: tickets, events: events, seed: seed, now: now)
                try store.append(script.map { NewEvent(type: $0.event.type, payload: $0.event.payload, at: $0.at, actor: $0.actor) },
                                 actor: actor)
            } else {
                for step in DemoBoard.script(now: now) {
                    clock.pinned = step.at
                    try store.perform(step.command, actor: actor, now: step.at)
                }
            }
            // The roster comes last so the demo's own account, named as an admin, can try overrides and leave.
            clock.pinned = now - 3_600_000
            try store.perform(RosterCommand.define(DemoBoard.roster(now: now, admins: [actor])), actor: actor, now: now - 3_600_000)
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
        let notifier = PageNotifier(store: store, clock: clock, actor: currentOSAccount(), command: try TUIConfig.load().notify)
        let outcome = try TUIApp.run(store: store, clock: clock, options: tui, prepare: BoardDecorations.installWithNotices,
                                     sideTask: notifier.sideTask)
        print("demo board at \(boardPath) (open it again with `setboard --board \(boardPath)`)")
        try exitLikeTheBoard(outcome)
    }
}
