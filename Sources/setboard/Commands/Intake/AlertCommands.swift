/// `setboard alert`: one Alertmanager webhook notification from stdin becomes CAT2 tickets, resolutions and pages.
import ArgumentParser
import Foundation
import SetBoardCore
import SetBoardFiles
import SetBoardJournal

/// The intake shared by `alert` and `watch --listen`: decide under the journal's lock, write (fsync), then report.
enum AlertIntakeRunner {
    /// The map's default place, shared with the Jira import.
    static var defaultMapPath: String { BoardOptions.configHome + "/setboard/" + AlertMap.defaultFileName }

    /// `--map FILE` must exist; the default file may be missing (no rules), but must be the user's own.
    static func rules(mapPath: String?) throws -> AlertRules {
        do {
            if let mapPath { return try AlertMap.parse(try readTextFile(mapPath)) }
            guard let text = try ConfigFile.readOwnFile(defaultMapPath) else { return .none }
            return try AlertMap.parse(text)
        } catch let problem as FileProblem {
            throw CLIFailure("\(TextSafety.escaped(mapPath ?? defaultMapPath)): \(problem.description)")
        }
    }

    /// Records one notification; nothing is written when the payload does not hold or nothing is new.
    static func record(_ notification: WebhookNotification, rules: AlertRules, store: BoardStore, actor: String,
                       clock: any JournalClock) throws -> AlertIntake {
        var intake = AlertIntake()
        try store.performEvents(actor: actor) { store in
            let now = clock.nowMilliseconds()
            intake = try AlertDecide.decide(notification, rules: rules, alerts: store.alerts, board: store.state,
                                            pages: store.pages, onCall: OnCallLookup.onCall(store: store, now: now),
                                            policy: OnCallLookup.policy(store: store), actor: actor, now: now)
            return intake.events.map { NewEvent($0) }
        }
        return intake
    }
}

struct AlertIntakeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alert",
        abstract: "Take in an Alertmanager webhook notification (JSON, version 4) from standard input as CAT2 tickets.",
        discussion: """
            Each alert group opens a CAT2 ticket in TO DO, or adds its new alerts to the group's open ticket; an \
            alert already on the board as firing is a repeat and writes nothing, and a resolved one adds a \
            resolved event to its ticket. The map file's `alerts:` section turns labels into the ticket's tier, \
            level and owning team and says which alerts page the on-call chain (`setboard alert --example-map`). \
            The map is --map FILE, else $XDG_CONFIG_HOME/setboard/map.yaml if it exists (the file `import jira` \
            reads too). To take notifications straight from Alertmanager, run `setboard watch --listen`.
            """)
    @OptionGroup var options: BoardOptions
    @Option(help: ArgumentHelp("The intake map (default: $XDG_CONFIG_HOME/setboard/map.yaml).", valueName: "file"))
    var map: String?
    @Flag(help: "Print a commented example of the map's `alerts:` section and exit.") var exampleMap = false

    func run() throws {
        try reportingFailures {
            if exampleMap {
                print(AlertMap.example, terminator: "")
                return
            }
            if isatty(STDIN_FILENO) == 1 {
                throw CLIFailure("`setboard alert` reads an Alertmanager notification (JSON) from standard input: "
                                 + "pipe or redirect one in (`setboard alert < notification.json`)")
            }
            let rules = try AlertIntakeRunner.rules(mapPath: map)
            var bytes: [UInt8] = []
            while let chunk = try FileHandle.standardInput.read(upToCount: 65_536), !chunk.isEmpty {
                bytes += chunk
                if bytes.count > WebhookPayload.maxBytes { break }
            }
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw CLIFailure("standard input is not UTF-8 text: expected an Alertmanager notification (JSON)")
            }
            let notification: WebhookNotification
            do { notification = try WebhookPayload.parse(text) } catch { throw CLIFailure("\(error)") }
            let session = try Session(options)
            let intake = try AlertIntakeRunner.record(notification, rules: rules, store: session.store, actor: session.actor,
                                                      clock: session.clock)
            print(intake.sentence)
            if intake.page != nil {
                let notifier = PageNotifier(store: session.store, clock: session.clock, actor: session.actor,
                                            command: PageCLI.notifyCommandIfReadable())
                for note in notifier.tick() + notifier.drain() where note.isProblem { printError("warning: " + note.text) }
            }
            if let problem = intake.pageProblem { printError("warning: the map asked for a page, but \(problem)") }
        }
    }
}
