/// `setboard journal verify|repair`: check the journal line by line, and set damaged lines aside safely.
import ArgumentParser
import SetBoardCore
import SetBoardJournal

struct JournalGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journal",
        abstract: "Check or repair the board's journal.",
        subcommands: [Verify.self, Repair.self]
    )

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every line of the journal; exit status 1 when a line is damaged.",
            discussion: "Changes nothing. A damaged line is one whose checksum, JSON or fields do not hold.")
        @OptionGroup var options: BoardOptions

        func run() throws {
            try reportingFailures {
                let report = try JournalMaintenance.verify(directory: options.path)
                print("\(report.lines) lines, \(report.validEvents) valid events")
                for d in report.damaged { print("line \(d.line): \(d.problem)") }
                if report.tailBytes > 0 {
                    print("the last \(report.tailBytes) bytes are an unfinished line (a crash, or a write in progress)")
                }
                if report.isClean {
                    print("journal OK")
                } else {
                    print("run `setboard journal repair` to set the damaged lines aside (a backup is kept, no valid event is dropped)")
                    throw ExitCode(1)
                }
            }
        }
    }

    struct Repair: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move damaged lines to journal.quarantine, keeping every valid event and a backup of the file.")
        @OptionGroup var options: BoardOptions

        func run() throws {
            try reportingFailures {
                let clock = try options.makeClock()
                let report = try JournalMaintenance.repair(directory: options.path, clock: clock)
                guard let backup = report.backupPath else {
                    print("nothing to repair: \(report.keptEvents) valid events")
                    return
                }
                print("kept \(report.keptEvents) valid events")
                if report.movedLines > 0 { print("moved \(report.movedLines) damaged lines to \(options.path)/journal.quarantine") }
                if report.movedTailBytes > 0 { print("moved an unfinished last line (\(report.movedTailBytes) bytes) to \(options.path)/journal.quarantine") }
                print("backup of the old journal: \(backup)")
            }
        }
    }
}
