// `import jira`, `export csv|json` and `link`: bringing a team's Jira tickets in, keeping them current, taking them out, and linking out.
import ArgumentParser
import Foundation
import SetBoardCore
import SetBoardFiles
import SetBoardJournal

/// The map and the export, read the same way by `import jira` and `export csv`.
enum JiraRunner {
    /// `--map FILE` must exist; the default map (shared with `alert`) may be missing, but must be the user's own.
    static func rules(mapPath: String?) throws -> JiraRules {
        do {
            if let mapPath { return try JiraMap.parse(try readTextFile(mapPath)) }
            guard let text = try ConfigFile.readOwnFile(AlertIntakeRunner.defaultMapPath) else { return .none }
            return try JiraMap.parse(text)
        } catch let problem as FileProblem {
            throw CLIFailure("\(TextSafety.escaped(mapPath ?? AlertIntakeRunner.defaultMapPath)): \(problem.description)")
        }
    }

    static func issues(path: String) throws -> [JiraIssue] {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        if let size = attributes?[.size] as? Int, size > JiraCSV.maxBytes {
            throw CLIFailure("\(TextSafety.escaped(path)) is larger than \(JiraCSV.maxBytes >> 20) MiB: export fewer issues at a time")
        }
        let text = try readTextFile(path)
        do { return try JiraCSV.issues(text) } catch { throw CLIFailure("\(TextSafety.escaped(path)): \(error.description)") }
    }
}

struct ImportGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Bring tickets in from another tracker.", subcommands: [ImportJira.self])
}

struct ImportJira: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jira",
        abstract: "Import (or re-import) Jira's CSV export: each issue a ticket, matched by its Jira key.",
        discussion: """
            Reads the file Jira's Export > CSV (all fields or current fields) writes: repeated columns (Labels, \
            Component/s, Comment, ...) all count, quoted fields may hold commas, quotes and line breaks, and columns \
            it does not know are ignored. The map file's `jira:` section turns statuses into columns, issue types \
            into types, priorities, labels and components into tier and level, user names into handles and \
            components into owning teams (`setboard import jira --example-map`); --dry-run lists the values it \
            does not cover. Each ticket keeps its Jira key and link, its created time, reporter and comments. \
            Importing again brings each matched ticket to what the export says (as ordinary edit, move and assign \
            events: while a team moves over, Jira is the source of truth for the mapped fields) and adds new \
            comments; unchanged tickets write nothing. Everything is written in one append, synced before the \
            summary is printed.
            """)
    @OptionGroup var options: BoardOptions
    @Argument(help: "The CSV file Jira exported.") var file: String?
    @Option(help: ArgumentHelp("The intake map (default: $XDG_CONFIG_HOME/setboard/map.yaml).", valueName: "file"))
    var map: String?
    @Flag(help: "Show what the import would do and which values the map does not cover; write nothing.") var dryRun = false
    @Flag(help: "Print a commented example of the map's `jira:` section and exit.") var exampleMap = false

    func run() throws {
        try reportingFailures {
            if exampleMap {
                print(JiraMap.example, terminator: "")
                return
            }
            guard let file else { throw CLIFailure("give the CSV file Jira exported: `setboard import jira FILE.csv`") }
            let rules = try JiraRunner.rules(mapPath: map)
            let issues = try JiraRunner.issues(path: file)
            let session = try Session(options, reading: dryRun)
            if dryRun {
                let plan = try JiraImport.decide(issues, rules: rules, board: session.state, links: session.store.links,
                                                 actor: session.actor, now: session.now)
                print("dry run, nothing written: would be " + plan.sentence + " (\(issues.count) issues read)")
                for line in ImportJira.unmappedLines(plan) { print(line) }
                return
            }
            var plan = JiraImportPlan()
            let now = session.now
            try session.store.performEvents(actor: session.actor) { store in
                plan = try JiraImport.decide(issues, rules: rules, board: store.state, links: store.links,
                                             actor: session.actor, now: now)
                return plan.events.map { NewEvent($0) }
            }
            print(plan.sentence)
            let unmapped = plan.unmapped.values.reduce(0) { $0 + $1.count }
            if unmapped > 0 {
                printError("note: \(unmapped) Jira value\(unmapped == 1 ? "" : "s") not in the map; `--dry-run` lists them")
            }
        }
    }

    /// `status "Waiting" ×2 → todo (unknown)`, by kind, most frequent first.
    static func unmappedLines(_ plan: JiraImportPlan) -> [String] {
        guard !plan.unmapped.isEmpty else { return ["every value is in the map"] }
        var out = ["not in the map (add them under `jira:`; `setboard import jira --example-map` shows how):"]
        for kind in ["status", "type", "priority", "label", "component", "user"] {
            guard let values = plan.unmapped[kind] else { continue }
            for (value, count) in values.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }) {
                let fallback = plan.fallbacks[kind]?[value] ?? ""
                out.append("  \(kind) \"\(TextSafety.escaped(value))\" ×\(count) → \(fallback)")
            }
        }
        return out
    }
}

struct ExportGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write the board's tickets out: CSV for Jira's importer, or JSON with every field.",
        subcommands: [ExportCSV.self, ExportJSON.self])
}

struct ExportCSV: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "csv",
        abstract: "Print the tickets as CSV that Jira's CSV importer accepts.",
        discussion: """
            Columns: Summary, Issue key, Issue Type, Status, Priority, Labels, Assignee, Description, Created \
            (Jira's date format, dd/MMM/yy h:mm a, UTC). Issue key is the Jira key when the ticket has one, else the \
            board's key. The map's `jira:` section is used backwards where it can be (the first Jira value naming a \
            column, type, level or handle), else the board's own words are written.
            """)
    @OptionGroup var options: BoardOptions
    @Flag(help: "Include tickets that left the SET board.") var all = false
    @Option(help: ArgumentHelp("The intake map (default: $XDG_CONFIG_HOME/setboard/map.yaml).", valueName: "file"))
    var map: String?

    func run() throws {
        try reportingFailures {
            let rules = try JiraRunner.rules(mapPath: map)
            let session = try Session(options, reading: true)
            let tickets = ExportCSV.tickets(session.state, all: all)
            var rows = tickets.map { ExportCSV.row($0, rules: rules, links: session.store.links) }
            // Into a file the cells go as stored, so Jira gets the same text back; on a terminal they are escaped
            // like any other output.
            if isatty(STDOUT_FILENO) == 1 { rows = rows.map { $0.map { TextSafety.escaped($0, keepNewlines: true) } } }
            let text = try JiraCSV.write(rows)
            fflush(nil)
            try FileHandle.standardOutput.write(contentsOf: Data(text.utf8))
        }
    }

    static func tickets(_ state: BoardState, all: Bool) -> [Ticket] {
        List.groups(state: state, columns: Column.allCases, all: all, mine: nil).flatMap(\.1)
    }

    /// One ticket as Jira's importer reads it: the stored text, quoted by the CSV writer.
    static func row(_ t: Ticket, rules: JiraRules, links: LinkState) -> [String] {
        func first<V: Equatable>(_ table: [String: V], _ value: V) -> String? {
            table.filter { $0.value == value }.keys.sorted().first.map { rules.spelled[$0] ?? $0 }
        }
        let status = first(rules.statuses, t.column) ?? ["todo": "To Do", "in-progress": "In Progress", "in-review": "In Review",
                                                          "handed-over": "Handed Over", "done": "Done"][t.column.rawValue] ?? t.column.title
        let type = first(rules.types, t.type) ?? ["bug": "Bug", "feature": "New Feature", "question": "Question"][t.type.rawValue] ?? "Bug"
        let priority = t.level.map { level in
            rules.levels.first { $0.1 == level && $0.0.field == .priority }?.0.value
                ?? ["L1": "Highest", "L2": "High", "L3": "Medium", "L4": "Low"][level.rawValue] ?? "Medium"
        } ?? ""
        // One label, the tier: Jira's importer takes a label without spaces per Labels column, and the header is fixed.
        let labels = [t.tier.rawValue]
        let assignee = t.assignee.map { h in first(rules.users, h) ?? h } ?? ""
        return [t.title, links.jiraKey(of: t.key) ?? t.key, type, status, priority,
                labels.joined(separator: " "), assignee, t.description, JiraDate.format(t.created)]
    }
}

struct ExportJSON: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "json", abstract: "Print every field of every ticket as a JSON array (with Jira keys, links, notes and alerts).")
    @OptionGroup var options: BoardOptions
    @Flag(help: "Include tickets that left the SET board.") var all = false

    func run() throws {
        try reportingFailures {
            let session = try Session(options, reading: true)
            let store = session.store
            let tickets = ExportCSV.tickets(session.state, all: all)
            print(JSONValue.array(tickets.map { t in
                LinkReports.json(t, base: TextReports.json(t, state: session.state, now: session.now,
                                                         incident: store.incidents.openIncident(forTicket: t.key)?.id),
                                 store: store)
            }).printableEncoded())
        }
    }
}

struct LinkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link",
        abstract: "Add an outside link to a ticket (a Jira issue, a document, a dashboard), with an optional label.",
        discussion: """
            A Jira browse link (https://jira.example.com/browse/MM-123) also gives a ticket without one its Jira \
            key, so `setboard show MM-123` and the board's filter find it. `show` and the detail view list the links.
            """)
    @OptionGroup var options: BoardOptions
    @Argument(help: "Ticket key (or its Jira key).") var key: String
    @Argument(help: "The URL (http:// or https://, or any scheme://…).") var url: String
    @Option(help: "What the link is, in a few words.") var label: String?

    func run() throws {
        try reportingFailures {
            let target = url.trimmingCharacters(in: .whitespaces)
            guard LinkCommand.isURL(target) else {
                throw CLIFailure("\"\(TextSafety.escaped(url))\" is not a URL: give one line like https://example.com/page "
                                 + "(no spaces, at most \(LinkEvent.maxURLLength) characters)")
            }
            var text: String?
            if let label {
                let l = label.trimmingCharacters(in: .whitespaces)
                guard !l.isEmpty, !l.contains(where: \.isNewline), l.unicodeScalars.count <= LinkEvent.maxLabelLength else {
                    throw CLIFailure("--label must be one line of 1 to \(LinkEvent.maxLabelLength) characters")
                }
                text = l
            }
            let session = try Session(options)
            let k = try session.key(key)
            let records = try session.store.performEvents(actor: session.actor) { store in
                guard store.state.ticket(k) != nil else { throw BoardError.unknownTicket(k) }
                if (store.links.links[k] ?? []).contains(TicketLink(url: target, label: text)) {
                    throw BoardError.nothingToChange("\(k) already has this link")
                }
                return [NewEvent(.link(.linked(key: k, url: target, label: text)))]
            }
            for r in records { print(r.event?.summary ?? k) }
        }
    }
}

extension LinkCommand {
    /// `scheme://rest`: a scheme of letters, digits, `+`, `-` or `.`, then no spaces and no control characters.
    static func isURL(_ text: String) -> Bool {
        guard let sep = text.range(of: "://"), sep.lowerBound != text.startIndex else { return false }
        let scheme = text[..<sep.lowerBound]
        let schemeOK = scheme.allSatisfy { c in c.isASCII && (c.isLetter || c.isNumber || c == "+" || c == "-" || c == ".") }
        let bodyOK = !text.contains { c in c.isWhitespace || c.isNewline }
            && !text.unicodeScalars.contains { s in s.value < 0x20 || s.value == 0x7F }
        return schemeOK && bodyOK && !text[sep.upperBound...].isEmpty
            && text.unicodeScalars.count <= LinkEvent.maxURLLength
    }
}

/// The link, Jira and alert facts `show` and `export json` add to a ticket.
enum LinkReports {
    static func showRows(_ key: String, store: BoardStore) -> [(String, String)] {
        var rows: [(String, String)] = []
        if let o = store.links.origin[key] {
            rows.append(("jira", TextSafety.escaped(o.jira) + (o.url.map { " " + TextSafety.escaped($0) } ?? "")
                         + (o.reporter.map { ", reported by " + TextSafety.escaped($0) } ?? "")))
            if !o.fixVersions.isEmpty { rows.append(("fix in", o.fixVersions.map { TextSafety.escaped($0) }.joined(separator: ", "))) }
            if !o.watchers.isEmpty { rows.append(("watchers", o.watchers.map { TextSafety.escaped($0) }.joined(separator: ", "))) }
        }
        for link in store.links.links[key] ?? [] {
            rows.append(("link", (link.label.map { TextSafety.escaped($0) + ": " } ?? "") + TextSafety.escaped(link.url)))
        }
        for line in store.alerts.summaryLines(of: key) { rows.append(("alerts", line)) }
        return rows
    }

    static func json(_ t: Ticket, base: JSONValue, store: BoardStore) -> JSONValue {
        guard case var .object(pairs) = base else { return base }
        func opt(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
        let origin = store.links.origin[t.key]
        pairs.append(("jira", opt(origin?.jira)))
        pairs.append(("jiraURL", opt(origin?.url)))
        pairs.append(("reporter", opt(origin?.reporter)))
        pairs.append(("fixVersions", .array((origin?.fixVersions ?? []).map { .string($0) })))
        pairs.append(("watchers", .array((origin?.watchers ?? []).map { .string($0) })))
        pairs.append(("links", .array((store.links.links[t.key] ?? []).map { .object([("url", .string($0.url)), ("label", opt($0.label))]) })))
        pairs.append(("notes", .array((store.links.notes[t.key] ?? []).map {
            .object([("author", opt($0.author)), ("at", $0.at.map { .string(TextReports.iso($0)) } ?? .null), ("text", .string($0.text))])
        })))
        pairs.append(("alerts", .array(store.alerts.alerts(of: t.key).map { fp, o in
            .object([("fingerprint", .string(fp)), ("name", .string(o.name)), ("group", .string(o.group)),
                     ("firing", .bool(!o.isResolved))])
        })))
        pairs.append(("checklistRecorded", .object(ChecklistItem.allCases.map { ($0.rawValue, opt(t.recorded($0)?.rawValue)) })))
        pairs.append(("nudges", .int(Int64(t.nudges))))
        return .object(pairs)
    }
}
