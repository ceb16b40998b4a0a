/// Subcommands that read the board: list, show, log.
import ArgumentParser
import SetBoardCore
import Foundation
import SetBoardJournal

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List tickets in board order (TO DO in rule order).")
    @OptionGroup var options: BoardOptions
    @Option(help: "Only this column.") var column: Column?
    @Flag(help: "Only tickets assigned to you.") var mine = false
    @Option(help: ArgumentHelp("Only this category: CAT1 (escalated by people) or CAT2 (raised by an alert).",
                               valueName: "CAT1|CAT2")) var category: Category?
    @Flag(help: "Include tickets that left the SET board (features handed to their team).") var all = false
    @Flag(help: "Print a JSON array of ticket objects.") var json = false
    @Flag(help: "Only tickets in progress with investigation checklist items missing.") var missingInfo = false
    @Option(help: ArgumentHelp("The board as it was then: ISO 8601, a date, -2d, -3h, yesterday 09:00, last friday 17:00 (your time zone).",
                               valueName: "time")) var at: String?
    @Flag(help: "Only tickets past their time-to-assign target (L1 community/escalation 1 h; see README).") var breached = false

    func run() throws {
        try reportingFailures {
            let session = try at.map { try Session(options, at: $0) } ?? Session(options, reading: true)
            let state = session.state
            let now = session.now
            var groups = List.groups(state: state, columns: missingInfo ? [.inProgress] : column.map { [$0] } ?? Column.allCases,
                                     all: all && column == nil && !missingInfo, mine: mine ? session.actor : nil,
                                     category: category)
            if missingInfo {
                groups = groups.map { ($0.0 + " with information missing", $0.1.filter { !$0.missingChecklistItems.isEmpty }) }
            }
            if breached {
                groups = groups.map { ($0.0, $0.1.filter { state.isBreached($0, now: now) }) }
            }
            if json {
                print(JSONValue.array(groups.flatMap(\.1).map {
                    TextReports.json($0, state: state, now: now, incident: session.store.incidents.openIncident(forTicket: $0.key)?.id)
                }).printableEncoded())
            } else {
                if let heading = session.pastHeading { print(heading) }
                let bytes = TextReports.listBytes(groups, state: state, now: now, incidents: session.store.incidents)
                fflush(nil) // anything printed before goes first
                try FileHandle.standardOutput.write(contentsOf: bytes)
                if missingInfo {
                    for t in groups.flatMap(\.1) {
                        print("  \(t.key) missing: " + t.missingChecklistItems.map(\.label).joined(separator: ", "))
                    }
                }
            }
        }
    }
}

extension List {
    /// Tickets under their column headings in board order; with `all`, also those that left the board; `mine` and
    /// `category` narrow both.
    static func groups(state: BoardState, columns: [Column], all: Bool, mine: String?,
                       category: Category? = nil) -> [(String, [Ticket])] {
        func keep(_ t: Ticket) -> Bool { (mine == nil || t.assignee == mine) && (category == nil || t.category == category) }
        var groups: [(String, [Ticket])] = columns.map { c in (c.title, state.cards(in: c).filter(keep)) }
        if all {
            let off = state.tickets.values.filter { !$0.isOnBoard && keep($0) }.sorted { $0.number < $1.number }
            groups.append(("OFF THE BOARD", off))
        }
        return groups
    }
}

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a ticket: fields, checklist, why it is here, history.")
    @OptionGroup var options: BoardOptions
    @Argument(help: "Ticket key, or the Jira key of an imported or linked ticket (MM-12345).") var key: String
    @Flag(help: "Print the ticket as a JSON object.") var json = false
    @Option(help: ArgumentHelp("The ticket as it was then (see `list --at`).", valueName: "time")) var at: String?

    func run() throws {
        try reportingFailures {
            // Lazily, as `render` opens: one card is shown, so only that card is decoded from the snapshot.
            let session = try at.map { try Session(options, at: $0, lazily: true) } ?? Session(options, reading: true, lazily: true)
            let k = try session.key(key)
            guard let t = session.state.ticket(k) else { throw BoardError.unknownTicket(k) }
            if json {
                print(TextReports.json(t, state: session.state, now: session.now,
                                       incident: session.store.incidents.openIncident(forTicket: k)?.id).printableEncoded())
            } else {
                if let heading = session.pastHeading { print(heading) }
                // Links and alert groups are kept as they are now, so the past shows none rather than today's.
                print(TextReports.show(t, state: session.state, history: try session.store.pastHistory(of: k), now: session.now,
                                      incidents: session.store.incidents,
                                      extra: session.pastHeading == nil ? LinkReports.showRows(k, store: session.store) : []),
                      terminator: "")
            }
            for note in SyncNotes.renames(of: k, in: session.store) { printError("note: " + note) }
        }
    }
}

struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "Print the journal's events as readable lines.")
    @OptionGroup var options: BoardOptions
    @Option(help: "Only the last N events.") var last: Int?
    @Option(help: "Only events about this ticket.") var ticket: String?
    @Flag(help: "Print a JSON array of events.") var json = false

    func run() throws {
        try reportingFailures {
            let session = try Session(options, reading: true)
            // A synced board's events are numbered by their place in the one order, with or without --ticket.
            let store = session.store
            let all = try ticket.map { store.isMerged ? try store.boardHistory(of: try session.key($0)) : try store.history(of: try session.key($0)) }
                ?? store.boardRecords()
            // What the board did with an event depends on every event before it, so all are replayed, then cut.
            var shown = Array(zip(all, TextReports.ignoredReasons(all)))
            if let last { shown = Array(shown.suffix(max(0, last))) }
            if json {
                print(JSONValue.array(shown.map { TextReports.recordJSON($0, ignored: $1) }).printableEncoded())
            } else {
                for (r, why) in shown { print(TextReports.pad(String(r.seq), 6) + TextReports.logLine(r, ignored: why)) }
            }
        }
    }
}
