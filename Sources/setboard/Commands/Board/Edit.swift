/// `setboard edit`: change a ticket's fields and checklist, or its description in $EDITOR.
import ArgumentParser
import Foundation
import SetBoardCore
import SetBoardJournal

struct Edit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Change a ticket's fields or checklist.",
        discussion: """
            With no field option and a terminal on stdin, opens the description in $VISUAL or $EDITOR. \
            Checklist items: \(ChecklistItem.allCases.map(\.rawValue).joined(separator: ", ")); \
            states: present, n/a, missing.
            """)
    @OptionGroup var options: BoardOptions
    @Argument(help: "Ticket key.") var key: String
    @Option(help: "New title.") var title: String?
    @Option(help: "New description.") var description: String?
    @Option(help: "New tier.") var tier: Tier?
    @Option(help: "New level, or `none`.") var level: LevelOrNone?
    @Option(help: "CAT1 or CAT2.") var category: Category?
    @Option(help: "bug, feature or question.") var type: TicketType?
    @Option(help: "Owning team, or `none`.") var team: String?
    @Option(name: .customLong("check"), help: ArgumentHelp("Mark a checklist item.", valueName: "item=state"))
    var checkTexts: [String] = []

    /// Read here rather than by the argument parser, so a typo is answered with the names that would have worked.
    var checks: [ChecklistMark] { checkTexts.compactMap(ChecklistMark.init(argument:)) }

    func validate() throws {
        for text in checkTexts where ChecklistMark(argument: text) == nil {
            let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
            let items = ChecklistItem.allCases.map(\.rawValue).joined(separator: ", ")
            guard parts.count == 2 else {
                throw ValidationError("--check \(TextSafety.escaped(text)): write ITEM=STATE, e.g. version=present; items: \(items)")
            }
            guard ChecklistItem(rawValue: parts[0].lowercased()) != nil else {
                throw ValidationError("--check: \"\(TextSafety.escaped(parts[0]))\" is not a checklist item; the items are: \(items)")
            }
            throw ValidationError("--check: \"\(TextSafety.escaped(parts[1]))\" is not a state; the states are: present, n/a, missing")
        }
    }

    func run() throws {
        try reportingFailures {
            let session = try Session(options)
            let k = try session.key(key)
            var changes = TicketChanges(title: title, description: description, tier: tier, category: category, type: type)
            if let level { changes.level = .some(level.level) }
            if let team { changes.team = ["none", "-"].contains(team.lowercased()) ? .some(nil) : .some(team) }
            let checks = self.checks
            if changes.isEmpty && checks.isEmpty {
                guard isatty(STDIN_FILENO) == 1 else {
                    throw CLIFailure("nothing to change: give a field option such as --title or --check (see `setboard edit --help`)")
                }
                changes.description = try editInEditor(session.state.ticket(k)?.description ?? "", key: k)
            }
            if !changes.isEmpty { reportSaved(try session.perform(.edit(key: k, changes: changes))) }
            for mark in checks {
                reportSaved(try session.perform(.markChecklist(key: k, item: mark.item, state: mark.state)))
            }
        }
    }
}

/// Opens text in the user's editor and returns what they saved; an editor that fails changes nothing.
func editInEditor(_ text: String, key: String) throws -> String {
    let editor = BoardOptions.environment("VISUAL") ?? BoardOptions.environment("EDITOR") ?? "vi"
    let dir = FileManager.default.temporaryDirectory
    let file = dir.appendingPathComponent("setboard-\(key)-\(getpid()).md")
    try Data(text.utf8).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", editor + " \"$1\"", "setboard-editor", file.path]
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw CLIFailure("the editor (\(editor)) exited with status \(process.terminationStatus); nothing was changed")
    }
    let edited = try String(contentsOf: file, encoding: .utf8)
    return edited.hasSuffix("\n") && !text.hasSuffix("\n") ? String(edited.dropLast()) : edited
}
