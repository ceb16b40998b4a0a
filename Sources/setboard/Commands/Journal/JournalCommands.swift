/// `setboard journal verify|repair|snapshot`: check the journal line by line, set damaged lines aside safely, and
/// write this user's snapshot of the board.
import ArgumentParser
import Foundation
import SetBoardCore
import SetBoardJournal

struct JournalGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journal",
        abstract: "Check or repair the board's journal, or write its snapshot.",
        subcommands: [Verify.self, Repair.self, Snapshot.self]
    )

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Check every line of the journal; exit status 1 when a line is damaged.",
            discussion: "Changes nothing. A damaged line is one whose checksum, JSON or fields do not hold.")
        @OptionGroup var options: BoardOptions

        func run() throws {
            try reportingFailures {
                let report = try JournalMaintenance.verify(directory: options.path)
                print("\(report.lines) lines, \(report.validEvents) valid events")
                for d in report.damaged { print("line \(d.line): \(d.problem)") }
                if report.damagedLines > report.damaged.count {
                    print("… and \(report.damagedLines - report.damaged.count) more damaged lines")
                }
                if report.tailBytes > 0 {
                    print("the last \(report.tailBytes) bytes are an unfinished line or change of several events (a crash, or a write in progress)")
                }
                let replicasClean = SyncNotes.verifyReplicas(board: options.path)
                if report.isClean && replicasClean {
                    print("journal OK")
                } else if !report.isClean {
                    print("run `setboard journal repair` to set the damaged lines aside (a backup is kept, no valid event is dropped)")
                    throw ExitCode(1)
                } else {
                    throw ExitCode(1)
                }
            }
        }
    }

    struct Snapshot: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "snapshot",
            abstract: "Write your snapshot of the board now, so the next start reads only newer events.",
            discussion: """
                A snapshot is the board as replayed up to the newest event, kept per user in \
                $XDG_CACHE_HOME/setboard/ (~/.cache/setboard/). It is a cache: setboard checks it against the \
                journal on every start and rebuilds it when it does not match, and deleting it loses nothing. \
                Commands write one by themselves after replaying 1,000 or more events. \
                SETBOARD_SNAPSHOT=off makes setboard neither read nor write snapshots.
                """)
        @OptionGroup var options: BoardOptions

        func run() throws {
            try reportingFailures {
                guard BoardOptions.snapshotPolicy != nil else {
                    throw CLIFailure("snapshots are switched off (SETBOARD_SNAPSHOT=off)")
                }
                let clock = try options.makeClock()
                let store = try options.openStore(clock: clock, reading: true)
                guard store.journal.damage == nil else {
                    throw CLIFailure("the journal is damaged, so no snapshot was written: run `setboard journal verify`")
                }
                guard let path = store.snapshotPath else {
                    if !store.notes.isEmpty { throw CLIFailure("no snapshot written (see the warning above)") }
                    throw CLIFailure("the board has no replica id file, so its snapshot cannot be named: is it a setboard board?")
                }
                guard let seq = try store.writeSnapshot(to: path) else {
                    if !store.replicasSetAside.isEmpty {
                        // Its snapshot would hide the set-aside file from the next start's checks.
                        throw CLIFailure("a replica is set aside (see `setboard journal verify`): no snapshot is written until it is fixed")
                    }
                    print("the board has no events yet: no snapshot written")
                    return
                }
                let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
                print("snapshot written: \(TextSafety.escaped(path)) (\(size) bytes, up to seq \(seq))")
            }
        }
    }

    struct Repair: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "repair",
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
                let quarantine = TextSafety.escaped(options.path + "/journal.quarantine")
                print("kept \(report.keptEvents) valid events")
                if report.movedLines > 0 { print("moved \(report.movedLines) damaged lines to \(quarantine)") }
                if report.movedTailBytes > 0 {
                    let copied = report.movedTailBytes <= FileJournal.maxTornTail
                    print(copied ? "moved an unfinished last line (\(report.movedTailBytes) bytes) to \(quarantine)"
                                 : "set aside \(report.movedTailBytes) bytes at the end that are not events (not copied: they are in the backup)")
                }
                print("backup of the old journal: \(TextSafety.escaped(backup))")
            }
        }
    }
}
