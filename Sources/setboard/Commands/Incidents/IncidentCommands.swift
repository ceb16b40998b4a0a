/// `setboard incident …`: open incidents, post their daily updates, move their status, list, show and export them.
import ArgumentParser
import Foundation
import SetBoardCore
import SetBoardJournal

extension IncidentStatus: ExpressibleByArgument {
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

struct IncidentGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "incident",
        abstract: "Open and run L1/L2 incidents: updates due every 24 hours, status, invited teams, postmortem draft.",
        subcommands: [OpenIncident.self, Update.self, Status.self, Invite.self, Commander.self, ListIncidents.self,
                      ShowIncident.self, Export.self]
    )

    /// Resolves "3", "inc-3" or "INC-3" to an existing incident id.
    static func id(_ typed: String, in session: Session) throws -> String {
        let upper = typed.uppercased()
        let candidate = Int(typed).map { "INC-\($0)" } ?? upper
        guard session.store.incidents.incident(candidate) != nil else { throw IncidentError.unknownIncident(typed) }
        return candidate
    }

    struct OpenIncident: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "open", abstract: "Open an incident; prints its id.",
            discussion: """
                Incidents are L1 or L2 only (L3 and L4 work is a ticket on the board), and both need an update at \
                least daily: --every takes 1 to 24 hours. The commander defaults to the current SET primary when a \
                roster exists, else to you; `setboard incident commander` changes it. While an update is overdue, \
                the notifier (`setboard watch` or an open board) tells the commander once per overdue period \
                through the roster's notify command.
                """)
        @OptionGroup var options: BoardOptions
        @Option(help: "L1 (critical) or L2 (major); no other level.") var level: IncidentLevel
        @Option(help: "The ticket this incident is about; its card gets the incident mark.") var ticket: String?
        @Option(help: "The incident commander's handle.") var commander: String?
        @Option(help: ArgumentHelp("Hours between required updates: 1 to 24.", valueName: "hours")) var every: Int = 24

        func validate() throws {
            guard (1...24).contains(every) else {
                throw ValidationError("--every takes 1 to 24 hours: L1 and L2 incidents need an update at least daily")
            }
        }
        @Argument(help: "A one-line title.") var title: String

        func run() throws {
            try reportingFailures {
                let session = try Session(options)
                let key = try ticket.map { try session.key($0) }
                let who = commander ?? session.defaultCommander
                // Checked multiplication: hours past Int64.max / 3.6e6 trapped, where a smaller excess got the range error.
                let (interval, overflow) = Int64(every).multipliedReportingOverflow(by: 3_600_000)
                guard !overflow else { throw IncidentError.badInterval }
                let records = try session.store.perform(
                    .open(level: level.level, title: title, ticket: key, commander: who, updateInterval: interval),
                    actor: session.actor)
                if let id = records.first?.payload["id"]?.stringValue { print(id) }
            }
        }
    }

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "update",
            abstract: "Post a timestamped update; with no text and a terminal, opens $VISUAL/$EDITOR.")
        @OptionGroup var options: BoardOptions
        @Argument(help: "Incident id, e.g. INC-3.") var incident: String
        @Argument(help: "The update text.") var text: String?

        func run() throws {
            try reportingFailures {
                let session = try Session(options)
                let id = try IncidentGroup.id(incident, in: session)
                var body = text
                if body == nil {
                    guard isatty(STDIN_FILENO) == 1 else {
                        throw CLIFailure("give the update text as an argument (no terminal for an editor)")
                    }
                    body = try editInEditor("", key: id)
                }
                try session.store.perform(.postUpdate(id: id, text: body ?? ""), actor: session.actor)
                let due = session.store.incidents.incident(id)?.updateDue ?? session.now
                print("\(id) updated; next update due \(WorkingTime.isoMinute(due)) UTC")
            }
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Move an incident forward: investigating → identified → monitoring → resolved → closed.")
        @OptionGroup var options: BoardOptions
        @Argument(help: "Incident id.") var incident: String
        @Argument(help: "New status: \(IncidentStatus.allValueStrings.joined(separator: ", ")).") var status: IncidentStatus

        func run() throws {
            try reportingFailures {
                let session = try Session(options)
                let id = try IncidentGroup.id(incident, in: session)
                try session.store.perform(.setStatus(id: id, status: status), actor: session.actor)
                print("\(id) is now \(status.rawValue)")
            }
        }
    }

    struct Invite: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "invite", abstract: "Invite a team to an incident (recorded in its timeline).")
        @OptionGroup var options: BoardOptions
        @Argument(help: "Incident id.") var incident: String
        @Argument(help: "Team name.") var team: String

        func run() throws {
            try reportingFailures {
                let session = try Session(options)
                let id = try IncidentGroup.id(incident, in: session)
                try session.store.perform(.invite(id: id, team: team), actor: session.actor)
                print("\(TextSafety.escaped(team)) invited to \(id)")
            }
        }
    }

    struct Commander: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "commander", abstract: "Hand an incident to a new commander (recorded in its timeline).")
        @OptionGroup var options: BoardOptions
        @Argument(help: "Incident id, e.g. INC-3.") var incident: String
        @Argument(help: "The new commander's handle.") var handle: String

        func run() throws {
            try reportingFailures {
                let session = try Session(options)
                let id = try IncidentGroup.id(incident, in: session)
                let who = handle.hasPrefix("@") ? String(handle.dropFirst()) : handle
                try session.store.perform(.setCommander(id: id, commander: who), actor: session.actor)
                print("\(id) commander is now @\(TextSafety.escaped(who))")
            }
        }
    }

    struct ListIncidents: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List open incidents, overdue first, then by level.")
        @OptionGroup var options: BoardOptions
        @Flag(help: "Include resolved and closed incidents.") var all = false
        @Flag(help: "Print a JSON array.") var json = false

        func run() throws {
            try reportingFailures {
                let session = try Session(options, reading: true)
                let list = session.store.incidents.ordered(at: session.now, includeClosed: all)
                if json {
                    print(JSONValue.array(list.map { IncidentReports.json($0, now: session.now) }).printableEncoded())
                } else if list.isEmpty {
                    print(all ? "no incidents" : "no open incidents")
                } else {
                    for i in list { print(IncidentReports.line(i, now: session.now)) }
                }
            }
        }
    }

    struct ShowIncident: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show an incident and its timeline.")
        @OptionGroup var options: BoardOptions
        @Argument(help: "Incident id.") var incident: String

        func run() throws {
            try reportingFailures {
                let session = try Session(options, reading: true)
                let id = try IncidentGroup.id(incident, in: session)
                guard let i = session.store.incidents.incident(id) else { throw IncidentError.unknownIncident(id) }
                print(IncidentReports.show(i, now: session.now), terminator: "")
                for note in SyncNotes.idRenames(of: id, in: .incident, store: session.store) { printError("note: " + note) }
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write a postmortem draft in Markdown: summary, impact, timeline, root cause and follow-ups.")
        @OptionGroup var options: BoardOptions
        @Argument(help: "Incident id.") var incident: String
        @Flag(help: "Markdown (the only format so far).") var md = false
        @Option(name: .shortAndLong, help: "Write to this file instead of stdout (refuses to overwrite).") var output: String?

        func run() throws {
            try reportingFailures {
                let session = try Session(options, reading: true)
                let id = try IncidentGroup.id(incident, in: session)
                guard let i = session.store.incidents.incident(id) else { throw IncidentError.unknownIncident(id) }
                let text = IncidentReports.postmortem(i, board: session.state, now: session.now)
                if let output {
                    guard !FileManager.default.fileExists(atPath: output) else {
                        throw CLIFailure("\(TextSafety.escaped(output)) exists; choose another file")
                    }
                    try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .withoutOverwriting)
                    print("wrote \(output)")
                } else {
                    print(text, terminator: "")
                }
            }
        }
    }
}

/// `incident open --level`: its help lists only the two levels an incident may have; another level is read so that
/// the refusal is the board's own ("incidents are L1 or L2"), as for every other refused change.
struct IncidentLevel: ExpressibleByArgument {
    let level: Level
    init?(argument: String) {
        guard let l = Level(text: argument) else { return nil }
        level = l
    }
    static var allValueStrings: [String] { ["L1", "L2"] }
}
