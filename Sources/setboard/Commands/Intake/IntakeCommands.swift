/// Intake and hand-over from the shell: `escalate`, `handover`, `reroute`, and the routing directory.
import ArgumentParser
import Foundation
import SetBoardCore
import SetBoardJournal

extension TicketSource: ExpressibleByArgument {
    public init?(argument: String) { self.init(text: argument) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

struct Escalate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "escalate",
        abstract: "Take in an escalation: a ticket in IN PROGRESS, assigned to the SET primary, with its level set.",
        discussion: """
            The ticket gets tier `escalation`. Describe the problem specifically (what is slow: the server, a client, \
            one request?); a ticket without a specific description is flagged until it has one. For L1 and L2, \
            --incident also opens a linked incident; without it you are asked (on a terminal) or shown the command.
            """)
    @OptionGroup var options: BoardOptions
    @Argument(help: "The ticket's title (one line).") var title: String
    @Option(help: "Level L1 (critical) to L4.") var level: Level
    @Option(help: "The component affected; the routing directory maps it to an owning team.") var component: String?
    @Option(help: "What exactly is wrong, as specifically as possible.") var description: String?
    @Option(help: "Where it came from: \(TicketSource.allValueStrings.joined(separator: ", ")).") var source: TicketSource = .support
    @Option(help: "CAT1 (escalated by people) or CAT2 (raised by an alert).") var category: Category = .cat1
    @Option(help: "Assign to this handle instead of the SET primary.") var assignee: String?
    @Flag(inversion: .prefixedNo, help: "For L1/L2: open a linked incident (default: ask on a terminal).") var incident: Bool?

    func run() throws {
        try reportingFailures {
            let session = try Session(options)
            let primary = session.onCallPrimary
            let who = assignee ?? primary ?? session.actor
            let new = NewTicket(title: title, description: description ?? "", tier: .escalation, level: level,
                                category: category, type: .bug, column: .inProgress, assignee: who,
                                source: source, component: component)
            var openIncident = incident ?? false
            if incident == nil, level <= .l2, isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 {
                print("\(level.rawValue): open a linked incident too? [y/N] ", terminator: "")
                openIncident = (readLine() ?? "").lowercased().hasPrefix("y")
            }
            if openIncident && level > .l2 { throw CLIFailure("only L1 and L2 escalations get an incident") }
            let records = try session.store.performEvents(actor: session.actor) { store in
                let decided = try Decide.decide(.add(new), state: store.state, actor: session.actor, now: session.now)
                var events = decided.map { NewEvent(.board($0)) }
                if openIncident, let created = decided.first, let key = created.ticketKey {
                    var board = store.state
                    board.apply(created, seq: board.lastSeq + 1, at: session.now, by: session.actor)
                    let opened = try IncidentDecide.decide(
                        .open(level: level, title: title, ticket: key, commander: session.defaultCommander, updateInterval: nil),
                        incidents: store.incidents, board: board)
                    events += opened.map { NewEvent(.incident($0)) }
                }
                return events
            }
            guard case let .board(created)? = records.first?.event, let key = created.ticketKey else { return }
            print(key)
            if case let .incident(opened)? = records.dropFirst().first?.event { print(opened.id) }
            if assignee == nil && primary == nil {
                // Never assign the caller silently: say why, and how to give it to the right person.
                let why = session.store.roster.hasRoster ? "nobody is SET primary now"
                    : "the board has no roster (`setboard roster import FILE`)"
                printError("note: \(why), so \(key) is assigned to you (\(TextSafety.escaped(who))); "
                           + "`setboard assign \(key) HANDLE` gives it to someone else")
            }
            let ticket = session.state.ticket(key)
            if ticket?.needsDescription == true {
                printError("warning: \(key) has no specific description yet; add one with `setboard edit \(key) --description ...`")
            }
            if level <= .l2 && !openIncident && incident == nil {
                printError("hint: open a linked incident with `setboard incident open --level \(level.rawValue) --ticket \(key) TITLE`")
            }
        }
    }
}

struct HandOver: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "handover",
        abstract: "Hand a ticket to its owning team: HANDED OVER, team set, the team invited to a linked incident.",
        discussion: "Without --team, the routing directory suggests the team from the ticket's component. The card stays on SET's board: SET keeps the communication.")
    @OptionGroup var options: BoardOptions
    @Argument(help: "Ticket key.") var key: String
    @Option(help: "The owning team.") var team: String?

    func run() throws {
        try reportingFailures {
            let session = try Session(options)
            let k = try session.key(key)
            guard let ticket = session.state.ticket(k) else { throw BoardError.unknownTicket(k) }
            guard let owner = team ?? ticket.component.flatMap({ session.state.settings.owningTeam(of: $0) }) else {
                let what = ticket.component.map { "component \"\(TextSafety.escaped($0))\" is not in the routing directory" }
                    ?? "\(k) has no component"
                throw CLIFailure("\(what): give --team TEAM (see `setboard routing show`)")
            }
            let records = try session.store.performEvents(actor: session.actor) { store in
                var events = try Decide.decide(.handOver(key: k, team: owner), state: store.state, actor: session.actor,
                                               now: session.now).map { NewEvent(.board($0)) }
                if let inc = store.incidents.openIncident(forTicket: k), !inc.teams.contains(owner) {
                    events += try IncidentDecide.decide(.invite(id: inc.id, team: owner), incidents: store.incidents,
                                                        board: store.state).map { NewEvent(.incident($0)) }
                }
                return events
            }
            for r in records {
                if case let .board(e)? = r.event {
                    print(e.summary)
                    // The routing directory's contact for the ticket's component, when the team handed to is its owner.
                    if case .ticketHandedOver = e, let c = ticket.component, session.state.settings.owningTeam(of: c) == owner,
                       let contact = session.state.settings.contact(of: c) {
                        print("contact \(TextSafety.escaped(owner)): \(TextSafety.escaped(contact))")
                    }
                }
                if case let .incident(invited)? = r.event {
                    print("\(TextSafety.escaped(owner)) invited to \(invited.id)")
                }
            }
        }
    }
}

struct Reroute: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reroute",
        abstract: "Reroute a feature request or low-urgency bug to its owning team; it leaves SET's board.",
        discussion: """
            The journal records who rerouted it and why; `setboard list --all` still shows it. Its SET assignee is \
            cleared (recorded as an unassignment): the owning team picks its own.
            """)
    @OptionGroup var options: BoardOptions
    @Argument(help: "Ticket key.") var key: String
    @Option(help: "The owning team.") var team: String
    @Option(help: "The ticket's type from now on: bug, feature or question.") var type: TicketType = .feature
    @Option(help: "Why it leaves SET (one line).") var reason: String

    func run() throws {
        try reportingFailures {
            let session = try Session(options)
            let k = try session.key(key)
            let records = try session.store.performEvents(actor: session.actor) { store in
                let rerouted = try Decide.decide(.reroute(key: k, type: type, team: team, reason: reason), state: store.state,
                                                 actor: session.actor, now: session.now)
                // A ticket that leaves SET keeps no SET assignee; the unassignment comes first, in the same append.
                let unassigned = store.state.ticket(k)?.assignee == nil ? []
                    : try Decide.decide(.assign(key: k, assignee: nil), state: store.state, actor: session.actor, now: session.now)
                return (unassigned + rerouted).map { NewEvent(.board($0)) }
            }
            reportSaved(records)
        }
    }
}
