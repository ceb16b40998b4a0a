/// `setboard cycle …`: the weekly SET cycle's phase and checklist, ticking items, and the start review.
import ArgumentParser
import Foundation
import SetBoardCore
import SetBoardJournal

struct CycleGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cycle",
        abstract: "Run the weekly SET cycle: start review, daily checks of the escalation sources, hand-over.",
        discussion: """
            The rotation comes from the roster. Daily checks are one tick per working day (Monday–Friday, \
            in the rotation's days) for the ~Sustained Engineering channel and ~Ask R&D.
            """,
        subcommands: [CycleShowCommand.self, CycleTickCommand.self, CycleStartCommand.self, CycleHandoverCommand.self,
                      CycleSummaryCommand.self],
        defaultSubcommand: CycleShowCommand.self
    )

    /// Turns cycle events into journal events, so they can share one append with ticket and incident events.
    static func newEvents(_ events: [CycleEvent]) -> [NewEvent] { events.map { NewEvent(.cycle($0)) } }
}

struct CycleShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show the phase (start, monitor, hand-over), the checklist and who ticked what.")
    @OptionGroup var options: BoardOptions
    @Option(help: ArgumentHelp("Show the SET week holding this date instead of the current one.", valueName: "date"))
    var week: String?
    @Flag(help: "Print a JSON object.") var json = false

    func run() throws {
        try reportingFailures {
            let session = try Session(options, reading: true)
            let window = try CycleLookup.requireWindow(store: session.store, week: week, now: session.now)
            // A past week's checklist is read as of its end: its days are all due, and nothing later is "now".
            let now = min(session.now, window.end)
            if json {
                let previous = CycleLookup.previousWindow(store: session.store, before: window)?.id
                print(CycleReports.json(window, state: session.store.cycle, now: now, handedFrom: previous).printableEncoded())
            } else {
                print(CycleReports.show(window, state: session.store.cycle, now: now), terminator: "")
                print(try CycleHistory.text(window: window, store: session.store), terminator: "")
            }
        }
    }
}

struct CycleTickCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tick", abstract: "Tick a checklist item; recorded with who and when.",
        discussion: """
            Items: \(CycleItem.allCases.map(\.rawValue).joined(separator: ", ")). The daily items take --day (default \
            today); ask-rnd may be ticked twice a day (the handbook's "once or twice per day"), each tick recorded.
            """)
    @OptionGroup var options: BoardOptions
    @Argument(help: "The checklist item.") var item: String
    @Option(help: ArgumentHelp("The working day a daily check was done.", valueName: "YYYY-MM-DD")) var day: String?

    func run() throws {
        try reportingFailures {
            let session = try Session(options)
            let now = session.now
            let window = try CycleLookup.requireWindow(store: session.store, now: now)
            let records = try session.store.performEvents(actor: session.actor) { store in
                CycleGroup.newEvents(try CycleDecide.decide(.tick(item: item, day: day), window: window, state: store.cycle, now: now))
            }
            for r in records {
                if case let .cycle(.itemTicked(_, ticked, d))? = r.event {
                    let count = session.store.cycle.rotation(window.id).ticks(ticked, day: d).count
                    let again = ticked.ticksPerDay > 1 ? ", check \(count) of \(ticked.ticksPerDay) that day" : ""
                    print("ticked \(ticked.rawValue)" + (d.map { " for \($0.text)" } ?? "") + " (rotation \(TextSafety.escaped(window.id))\(again))")
                }
            }
        }
    }
}

struct CycleStartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "The start review: list open SET tickets whose assignee is not in the current SET team.",
        discussion: "With --yes, assigns them all in one change (to the first-shift primary, or --assign-to) and ticks start-review.")
    @OptionGroup var options: BoardOptions
    @Option(help: "Who takes the listed tickets (default: the current first-shift primary).") var assignTo: String?
    @Flag(help: "Assign them and tick start-review.") var yes = false

    func run() throws {
        try reportingFailures {
            let session = try Session(options, reading: !yes)
            let now = session.now
            let window = try CycleLookup.requireWindow(store: session.store, now: now)
            let members = window.members
            let listed = CycleProposal.unowned(CycleProposal.openTickets(session.state), members: members)
            let names = window.outgoing.handles.map { TextSafety.escaped($0) }.joined(separator: ", ")
            if listed.isEmpty {
                print("every open SET ticket has an owner in the current SET team (\(names))")
            } else {
                print("\(CycleItem.count(listed.count, "open SET ticket")) \(listed.count == 1 ? "has" : "have") no owner in the current SET team (\(names)):")
                for t in listed { print(CycleReports.ticketLine(t)) }
            }
            let target = assignTo ?? window.outgoing.firstPrimary
            guard yes else {
                print(listed.isEmpty ? "run `setboard cycle start --yes` to tick start-review"
                      : "run `setboard cycle start --yes` to assign them to \(target.map { TextSafety.escaped($0) } ?? "--assign-to HANDLE") and tick start-review")
                return
            }
            let records = try session.store.performEvents(actor: session.actor) { store in
                // Decided again under the lock: someone may have taken a ticket since the list was printed.
                let tickets = CycleProposal.unowned(CycleProposal.openTickets(store.state), members: members)
                var events: [NewEvent] = []
                if !tickets.isEmpty {
                    guard let target else {
                        throw CLIFailure("the current rotation has nobody to assign to: give --assign-to HANDLE")
                    }
                    // An --assign-to outside the team may already hold some of them; those need no event.
                    events = try tickets.filter { $0.assignee != target }.flatMap { t in
                        try Decide.decide(.assign(key: t.key, assignee: target), state: store.state, actor: session.actor, now: now)
                            .map { NewEvent(.board($0)) }
                    }
                }
                if store.cycle.rotation(window.id).tick(.startReview) == nil {
                    events += CycleGroup.newEvents(try CycleDecide.decide(.tick(item: CycleItem.startReview.rawValue, day: nil),
                                                                          window: window, state: store.cycle, now: now))
                }
                return events
            }
            for r in records {
                if case let .board(e)? = r.event { print(e.summary) }
                if case .cycle? = r.event { print("ticked start-review") }
            }
            if records.isEmpty { print("nothing to do: start-review was already ticked") }
        }
    }
}

struct CycleSummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Print a week's hand-over summary as Markdown, rebuilt from the journal.",
        discussion: """
            The same Markdown `cycle handover` writes to its file, regenerated from the board as it was at the \
            hand-over, so it does not depend on that file. A week not handed over yet is summarised as of now.
            """)
    @OptionGroup var options: BoardOptions
    @Option(help: ArgumentHelp("The SET week holding this date (default: the current week).", valueName: "date"))
    var week: String?

    func run() throws {
        try reportingFailures {
            let session = try Session(options, reading: true)
            let window = try CycleLookup.requireWindow(store: session.store, week: week, now: session.now)
            print(try CycleHistory.summary(window: window, store: session.store, now: session.now), terminator: "")
        }
    }
}
