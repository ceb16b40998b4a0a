/// Subcommands that change tickets: add, move, rank, assign, edit, restore-order, nudge, take.
import ArgumentParser
import Foundation
import SetBoardCore
import SetBoardJournal

/// Prints what a change did, from the events that are now on disk.
func reportSaved(_ records: [JournalRecord]) {
    for record in records {
        if case let .board(event)? = record.event { print(event.summary) }
    }
}

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: "Create an empty board.")
    @OptionGroup var options: BoardOptions
    @Option(help: "The board's name, shown in its header.") var name = "SET board"
    @Option(help: "The prefix of ticket keys (letters and digits).") var prefix = "SET"

    func run() throws {
        try reportingFailures {
            let clock = try options.makeClock()
            let command = Command.initBoard(name: name, prefix: prefix)
            // Refuse a bad name or prefix before anything is created on disk.
            _ = try Decide.decide(command, state: BoardState(), actor: currentOSAccount(), now: clock.nowMilliseconds())
            let journal = try FileJournal.create(directory: options.path, clock: clock)
            let store = BoardStore(journal: journal)
            try store.perform(command, actor: currentOSAccount(), now: clock.nowMilliseconds())
            print("created board \"\(TextSafety.escaped(name))\" at \(options.path)")
        }
    }
}

struct Add: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a ticket; it lands in TO DO at its rule-order place.",
        discussion: """
            With --stdin, adds one ticket per line of standard input (blank lines skipped), all with the same options. \
            Each is saved and its key printed before the next line is read, so whatever was printed is on disk even if \
            the run stops half-way.
            """)
    @OptionGroup var options: BoardOptions
    @Argument(help: "The ticket's title (one line).") var title: String?
    @Flag(help: "Read titles from standard input, one per line.") var stdin = false
    @Option(help: "Priority tier: \(Tier.allValueStrings.joined(separator: ", ")).") var tier: Tier = .other
    @Option(help: "Level L1 (critical) to L4; unset when omitted.") var level: Level?
    @Option(help: "CAT1 (escalated by people) or CAT2 (raised by an alert).") var category: Category = .cat1
    @Option(help: "bug, feature or question.") var type: TicketType = .bug
    @Option(help: "Assignee handle.") var assignee: String?
    @Option(help: "Owning team.") var team: String?
    @Option(help: "Description text.") var description: String?
    @Option(help: "Column to start in.") var column: Column = .todo

    func validate() throws {
        if stdin == (title != nil) { throw ValidationError("give a title, or --stdin to read titles one per line") }
    }

    func run() throws {
        try reportingFailures {
            let session = try Session(options)
            guard stdin else {
                try add(title ?? "", session: session)
                return
            }
            var line = 0
            while let text = readLine(strippingNewline: true) {
                line += 1
                let trimmed = text.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty { continue }
                do { try add(trimmed, session: session) } catch {
                    throw CLIFailure("line \(line): \(error); the tickets printed before it are saved")
                }
            }
        }
    }

    private func add(_ title: String, session: Session) throws {
        let new = NewTicket(title: title, description: description ?? "", tier: tier, level: level,
                            category: category, type: type, column: column, assignee: assignee, team: team)
        let records = try session.perform(.add(new))
        if let key = records.first?.payload["key"]?.stringValue {
            print(key)
            // A pipe buffers; the reader must see each key as soon as it is saved.
            fflush(nil)
        }
    }
}

struct Move: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "move", abstract: "Move a ticket to another column.")
    @OptionGroup var options: BoardOptions
    @Argument(help: "Ticket key, e.g. SET-4.") var key: String
    @Option(help: "Target column: \(Column.allValueStrings.joined(separator: ", ")).") var to: Column

    func run() throws {
        try reportingFailures {
            let session = try Session(options)
            reportSaved(try session.perform(.move(key: try session.key(key), to: to)))
        }
    }
}

struct Rank: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rank",
        abstract: "Reorder a ticket within its column.",
        discussion: "A place against the rule order is allowed; the card is then marked as moved by hand.")
    @OptionGroup var options: BoardOptions
    @Argument(help: "Ticket key.") var key: String
    @Flag(help: "Put it at the top of its column.") var top = false
    @Flag(help: "Put it at the bottom of its column.") var bottom = false
    @Option(help: "Put it right below this ticket.") var after: String?

    func validate() throws {
        let chosen = (top ? 1 : 0) + (bottom ? 1 : 0) + (after == nil ? 0 : 1)
        guard chosen == 1 else { throw ValidationError("give exactly one of --top, --bottom or --after KEY") }
    }

    func run() throws {
        try reportingFailures {
            let session = try Session(options)
            let k = try session.key(key)
            let position: RankPosition = top ? .top : bottom ? .bottom : .after(try session.key(after ?? ""))
            reportSaved(try session.perform(.rank(key: k, position: position)))
            if let t = session.state.ticket(k), t.movedByHand != nil {
                print("\(k) is now out of rule order (marked as moved by hand); `setboard restore-order` undoes that")
            }
        }
    }
}

struct Assign: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assign", abstract: "Assign a ticket to someone, to yourself, or to nobody.")
    @OptionGroup var options: BoardOptions
    @Argument(help: "Ticket key.") var key: String
    @Argument(help: "The assignee's handle.") var handle: String?
    @Flag(help: "Assign to yourself (your OS account).") var me = false
    @Flag(help: "Remove the assignee.") var none = false

    func validate() throws {
        let chosen = (handle == nil ? 0 : 1) + (me ? 1 : 0) + (none ? 1 : 0)
        guard chosen == 1 else { throw ValidationError("give exactly one of HANDLE, --me or --none") }
    }

    func run() throws {
        try reportingFailures {
            let session = try Session(options)
            let who: String? = me ? session.actor : none ? nil : handle
            reportSaved(try session.perform(.assign(key: try session.key(key), assignee: who)))
        }
    }
}

struct Nudge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nudge",
        abstract: "Record that you nudged the people on a ticket (a stuck ticket stops being stuck).")
    @OptionGroup var options: BoardOptions
    @Argument(help: "Ticket key.") var key: String

    func run() throws {
        try reportingFailures {
            let session = try Session(options)
            reportSaved(try session.perform(.nudge(key: try session.key(key))))
        }
    }
}

struct Take: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "take", abstract: "Take a ticket over: it is reassigned to you.")
    @OptionGroup var options: BoardOptions
    @Argument(help: "Ticket key.") var key: String

    func run() throws {
        try reportingFailures {
            let session = try Session(options)
            reportSaved(try session.perform(.takeOver(key: try session.key(key))))
        }
    }
}

struct RestoreOrder: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore-order", abstract: "Put a column back in rule order and clear the hand-moved marks.")
    @OptionGroup var options: BoardOptions
    @Option(help: "The column to restore.") var column: Column = .todo

    func run() throws {
        try reportingFailures {
            let session = try Session(options)
            reportSaved(try session.perform(.restoreOrder(column)))
        }
    }
}
