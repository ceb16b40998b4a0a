// `setboard remote add URL`, `setboard sync` and `setboard sync --status`: one board across hosts through git.
import ArgumentParser
import Foundation
import SetBoardCore
import SetBoardJournal

struct RemoteGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remote",
        abstract: "Set the git remote the board syncs with.",
        subcommands: [Add.self]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Sync this board through a git repository (any URL git accepts: a path, ssh://, a hosting service).",
            discussion: """
                The repository holds one file per replica (board copy), each pushed only by its own replica, so \
                git never has a conflict to merge. An empty bare repository is enough: `git init --bare board.git`.
                """)
        @OptionGroup var options: BoardOptions
        @Argument(help: "The remote's URL.") var url: String

        func run() throws {
            try reportingFailures {
                try Syncer.checkURL(url)
                let session = try Session(options)
                guard session.store.journal is FileJournal else { throw CLIFailure("sync needs a board on disk") }
                let git = try GitRunner()
                defer { git.cleanUp() }
                try Syncer(board: options.path, git: git).prepare(url: url)
                var state = SyncState.read(options.path)
                state.remote = url
                try state.write(options.path)
                print("remote set: \(TextSafety.escaped(url)); run `setboard sync` to send and fetch events")
            }
        }
    }
}

struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Fetch other replicas' events from the remote, replay them with this board's, push this board's.",
        discussion: """
            Every replica replays all events in one order (Lamport clock, replica id, event id), so boards that \
            have seen the same events are the same. A ticket created offline on two hosts under one key keeps it \
            on the first in that order; the other gets the next free number, and sync says so. A replica whose \
            file is damaged, forged or rewritten is set aside (its earlier events stay) and named here and by \
            `journal verify`. --status changes nothing and does not reach the remote.
            """)
    @OptionGroup var options: BoardOptions
    @Flag(help: "Show what is only here, what came in, the last successful sync and the remote; no network.")
    var status = false

    func run() throws {
        try reportingFailures {
            if status { return try printStatus() }
            let state = SyncState.read(options.path)
            guard let url = state.remote else {
                throw CLIFailure("the board has no remote: run `setboard remote add URL` first")
            }
            let session = try Session(options)
            let git = try GitRunner()
            defer { git.cleanUp() }
            let outcome: Syncer.Outcome
            do {
                outcome = try Syncer(board: options.path, git: git).run(url: url, session: session)
            } catch {
                var failed = SyncState.read(options.path)
                failed.lastError = "\(error)"
                try? failed.write(options.path)
                throw error
            }
            // The next start opens from the board as this sync left it, not from a replay of every replica.
            session.store.catchUpSnapshot()
            var done = SyncState.read(options.path)
            done.remote = url
            done.lastSuccess = session.now
            done.pushedLines = outcome.sent
            done.cameIn = outcome.cameIn
            done.lastError = nil
            try done.write(options.path)
            let came = outcome.cameIn.values.reduce(0, +)
            print("synced with \(TextSafety.escaped(url)): \(came) events came in, \(outcome.sent) of this board's events on the remote")
            for rid in outcome.cameIn.keys.sorted() { print("  \(outcome.cameIn[rid] ?? 0) from replica \(rid)") }
            for r in outcome.renames {
                print("renamed: \(TextSafety.escaped(r.from)) created on replica \(TextSafety.escaped(r.origin.rid)) is now \(TextSafety.escaped(r.to)) (another host had created \(TextSafety.escaped(r.from)) first)")
            }
            for r in outcome.idRenames {
                print("renamed: \(r.space) \(TextSafety.escaped(r.from)) created on replica \(TextSafety.escaped(r.origin.rid)) is now \(TextSafety.escaped(r.to)) (another host had created \(TextSafety.escaped(r.from)) first)")
            }
            for note in outcome.notes { printError("warning: " + note) }
            for (rid, reason) in session.store.replicasSetAside.merging(outcome.setAside, uniquingKeysWith: { _, b in b })
                .sorted(by: { $0.key < $1.key }) {
                printError("warning: replica \(TextSafety.escaped(rid)) set aside: \(reason); its earlier events stay, nothing it sends is taken until it is fixed")
            }
        }
    }

    private func printStatus() throws {
        let state = SyncState.read(options.path)
        let session = try Session(options, reading: true)
        let lines = (session.store.journal as? FileJournal)?.position?.lines ?? 0
        print("remote: " + (state.remote.map { TextSafety.escaped($0) } ?? "none (run `setboard remote add URL`)"))
        print("last successful sync: " + (state.lastSuccess.map { WorkingTime.isoMinute($0) + " UTC (" + WorkingTime.shortAge(max(0, session.now - $0)) + " ago)" } ?? "never"))
        print("only here: \(max(0, lines - state.pushedLines)) events not yet on the remote")
        let came = state.cameIn.values.reduce(0, +)
        print("came in at the last sync: \(came) events" + (state.cameIn.isEmpty ? "" : " (" + state.cameIn.keys.sorted().map { "\($0): \(state.cameIn[$0] ?? 0)" }.joined(separator: ", ") + ")"))
        for (rid, n) in session.store.replicaEventCounts.sorted(by: { $0.key < $1.key }) {
            print("replica \(rid): \(n) events")
        }
        for (rid, reason) in session.store.replicasSetAside.sorted(by: { $0.key < $1.key }) {
            print("replica \(rid): set aside: \(reason)")
        }
        if let error = state.lastError { print("last sync failed: " + TextSafety.escaped(error)) }
        if let stale = state.staleness(now: session.now) { print("warning: " + stale) }
    }
}

/// What `show` says about a key two replicas both handed out.
enum SyncNotes {
    static func renames(of key: String, in store: BoardStore) -> [String] {
        var notes: [String] = []
        for r in store.keyRenames where r.from == key {
            notes.append("another ticket was created as \(TextSafety.escaped(key)) on replica \(TextSafety.escaped(r.origin.rid)) while offline; it is now \(TextSafety.escaped(r.to)) (`setboard show \(TextSafety.escaped(r.to))`)")
        }
        for r in store.keyRenames where r.to == key {
            notes.append("\(TextSafety.escaped(key)) was created as \(TextSafety.escaped(r.from)) on replica \(TextSafety.escaped(r.origin.rid)); another host had created \(TextSafety.escaped(r.from)) first")
        }
        return notes
    }

    /// The same for an incident, page or project id two replicas both handed out.
    static func idRenames(of id: String, in space: IDSpace, store: BoardStore) -> [String] {
        func e(_ text: String) -> String { TextSafety.escaped(text) }
        var notes: [String] = []
        for r in store.idRenames where r.space == space && r.from == id {
            notes.append("another \(space) was created as \(e(id)) on replica \(e(r.origin.rid)) while offline; it is now \(e(r.to))")
        }
        for r in store.idRenames where r.space == space && r.to == id {
            notes.append("\(e(id)) was created as \(e(r.from)) on replica \(e(r.origin.rid)); another host had created \(e(r.from)) first")
        }
        return notes
    }
}

extension SyncNotes {
    /// `journal verify`'s lines about other replicas: each imported file, and what the sync area holds that an import
    /// would refuse. False when a replica is set aside.
    static func verifyReplicas(board: String) -> Bool {
        let fs = PosixFileSystem.shared
        let local = ((try? fs.readAll(board + "/replica", limit: 4096)).map { String(decoding: $0, as: UTF8.self) } ?? "")
            .filter { !$0.isWhitespace }
        var clean = true
        for log in ReplicaFiles.readAll(board: board, local: local, fileSystem: fs) {
            if let problem = log.problem {
                print("replica \(log.rid): set aside: \(problem)")
                clean = false
            } else {
                print("replica \(log.rid): \(log.records.count) events")
            }
        }
        let source = board + "/sync/replicas"
        if fs.isDirectory(source),
           let report = try? ReplicaFiles.importFrom(source, board: board, local: local, localLines: Int(Int32.max),
                                                     fileSystem: fs, checkOnly: true) {
            for (rid, problem) in report.setAside.sorted(by: { $0.key < $1.key }) {
                print("replica \(rid): set aside: what the remote holds for it is refused: \(problem)")
                clean = false
            }
        }
        return clean
    }
}
