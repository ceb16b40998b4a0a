/// `setboard roster …`: who is on call (text, header, table, JSON, iCalendar), `who` for scripts, and the YAML round trip.
import ArgumentParser
import Foundation
import SetBoardCore
import SetBoardFiles
import SetBoardJournal

extension OnCallRole: ExpressibleByArgument {}

struct RosterGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roster",
        abstract: "The on-call roster: who is SET primary, backup and lead, next week, and where a page escalates.",
        discussion: """
            Plain text made for `ssh host setboard roster`. Times given without an offset are read on the roster's \
            clock (its first rotation's zone); a Z or an offset makes them exact instants.
            """,
        subcommands: [Show.self, Who.self, Import.self, Export.self, Example.self, Override.self, Swap.self, Leave.self],
        defaultSubcommand: Show.self
    )

    static func roster(_ session: Session) throws -> RosterState {
        guard session.store.roster.hasRoster else { throw RosterError.noRoster }
        return session.store.roster
    }

    /// The zone that times without an offset are read in: the first rotation's.
    static func clockZone(_ roster: RosterState) -> any ZoneRules {
        hostZones.clock(roster.definition?.rotations.first?.zone ?? "UTC").rules
    }

    static func instant(_ text: String, option: String, zone: any ZoneRules, endOfDay: Bool = false) throws -> Int64 {
        guard let t = RosterTimeText.instant(text, zone: zone, endOfDay: endOfDay) else {
            throw CLIFailure("\(option) \(TextSafety.escaped(text)) is not a time such as 2026-11-30T09:00, 2026-11-30T08:00:00Z or 2026-11-30")
        }
        return t
    }

    /// `--at`, else the board's clock.
    static func moment(_ at: String?, session: Session, roster: RosterState) throws -> Int64 {
        try at.map { try instant($0, option: "--at", zone: clockZone(roster)) } ?? session.now
    }

    static var useColor: Bool { isatty(STDOUT_FILENO) == 1 && BoardOptions.environment("NO_COLOR") == nil }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Who is on call now, the next hand-off, next week and the escalation chain.")
        @OptionGroup var options: BoardOptions
        @Option(help: ArgumentHelp("Ask about this time instead of now.", valueName: "time")) var at: String?
        @Option(help: ArgumentHelp("Print a schedule of this many weeks (with --ics: the feed's length, default 4).",
                                   valueName: "n")) var weeks: Int?
        @Flag(help: "One line for a chat channel header.") var header = false
        @Flag(help: "Print JSON.") var json = false
        @Flag(help: "Print an iCalendar (RFC 5545) feed of the shifts.") var ics = false

        func validate() throws {
            if let weeks, !(1...104).contains(weeks) { throw ValidationError("--weeks must be between 1 and 104") }
            if [header, json, ics].filter({ $0 }).count > 1 { throw ValidationError("choose one of --header, --json and --ics") }
        }

        func run() throws {
            try reportingFailures {
                let session = try Session(options, reading: true)
                let roster = session.store.roster
                guard roster.hasRoster || !(header || json || ics) else { throw RosterError.noRoster }
                let t = try RosterGroup.moment(at, session: session, roster: roster)
                let style = RosterReport.Style(color: RosterGroup.useColor)
                // A hand-over due within a day and not done is said wherever people look for who is on call.
                let handover = CycleLookup.handoverWarning(store: session.store, now: t)
                if header {
                    print(RosterReport.header(roster: roster, at: t) + (handover.map { " · " + $0 } ?? ""))
                } else if json {
                    print(RosterFeeds.json(roster: roster, at: t, pages: RosterPages.json(store: session.store, now: t))
                        .printableEncoded())
                } else if ics {
                    print(RosterFeeds.ics(roster: roster, from: t, weeks: weeks ?? 4, stamp: session.now),
                          terminator: "")
                } else if let weeks {
                    print(RosterReport.weeks(roster: roster, at: t, count: weeks, style: style), terminator: "")
                } else {
                    print(RosterReport.text(roster: roster, at: t, pages: RosterPages.lines(store: session.store, now: t),
                                            style: style), terminator: "")
                    if let handover { print("\n" + style.alert(handover)) }
                }
            }
        }
    }

    struct Who: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "who",
            abstract: "Print just the handle holding a role, for scripts.",
            discussion: "Exit status 1 when the board has no roster, 3 when nobody holds the role at that time.")
        @OptionGroup var options: BoardOptions
        @Argument(help: "primary, backup or lead.") var role: OnCallRole
        @Option(help: ArgumentHelp("Ask about this time instead of now.", valueName: "time")) var at: String?

        func run() throws {
            try reportingFailures {
                let session = try Session(options, reading: true)
                let roster = try RosterGroup.roster(session)
                let t = try RosterGroup.moment(at, session: session, roster: roster)
                let m = roster.moment(at: t, zones: hostZones)
                if let h = m.onCall.handle(for: role) {
                    print(h)
                    return
                }
                let why = m.needsCover.first { $0.role == role }.map { ": @\(TextSafety.escaped($0.handle)) is on leave and nobody covers" }
                    ?? (m.rotation == nil ? ": no rotation has started" : m.onCall.uncovered ? ": no shift covers this time" : "")
                printError("nobody is \(role.rawValue) at \(WorkingTime.isoMinute(t)) UTC" + why)
                throw ExitCode(3)
            }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Replace the roster with a YAML file (checked first; a bad file changes nothing).",
            discussion: "The first import is open to anyone; later ones only to the admins and leads the current roster names.")
        @OptionGroup var options: BoardOptions
        @Argument(help: "The YAML file (see `setboard roster example`).") var file: String

        func run() throws {
            try reportingFailures {
                let text = try readTextFile(file)
                let definition: RosterDefinition
                var notes: [String] = []
                do { definition = try RosterYAMLReader.read(text, zones: hostZones, notes: &notes) } catch let e as RosterFileError {
                    throw CLIFailure("\(TextSafety.escaped(file)) \(e.description); nothing was changed")
                }
                let session = try Session(options)
                try session.store.perform(.define(definition), actor: session.actor, now: session.now)
                for note in notes { printError("warning: \(TextSafety.escaped(file)) " + note) }
                let shifts = definition.rotations.map(\.shifts.count).reduce(0, +)
                print("roster imported: \(definition.engineers.count) engineers, \(definition.rotations.count) rotation"
                      + (definition.rotations.count == 1 ? "" : "s") + ", \(shifts) shift" + (shifts == 1 ? "" : "s"))
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Print the roster, with its overrides, swaps and leave, as YAML that imports as is.")
        @OptionGroup var options: BoardOptions

        func run() throws {
            try reportingFailures {
                let session = try Session(options, reading: true)
                guard let d = try RosterGroup.roster(session).current else { throw RosterError.noRoster }
                print(RosterYAMLWriter.yaml(d), terminator: "")
            }
        }
    }

    struct Example: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "example", abstract: "Print a commented example roster that imports as is.")
        func run() { print(RosterYAMLWriter.example, terminator: "") }
    }
}
