// One `setboard sync`: fetch the remote, import other replicas' files, record what was seen, push this replica's file.
import Foundation
import SetBoardCore
import SetBoardJournal

/// The sync work area `<board>/sync/` is a git repository holding `replicas/<rid>.log`, one file per replica, each
/// pushed only by its replica. Everything in it is derived: other replicas' files come from the remote, this one's
/// from `journal.log`. So a sync never merges: it resets to what it fetched, rewrites its own file, commits on top
/// and pushes a fast-forward; a push refused because someone pushed first is simply done again. A sync killed at
/// any moment leaves nothing that the next one does not redo.
struct Syncer {
    static let branch = "setboard"
    let board: String
    let git: GitRunner
    let fs: any FileSystem = PosixFileSystem.shared
    var workTree: String { board + "/sync" }

    struct Outcome {
        var cameIn: [String: Int] = [:]
        var sent = 0
        var renames: [KeyRename] = []
        var idRenames: [KeyRename] = []
        var setAside: [String: String] = [:]
        var notes: [String] = []
    }

    /// A URL git accepts, refused when it could be read as an option or holds control characters.
    static func checkURL(_ url: String) throws {
        guard !url.isEmpty, !url.hasPrefix("-") else { throw CLIFailure("the remote URL must not be empty or start with '-'") }
        guard !url.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw CLIFailure("the remote URL holds control characters")
        }
        if url.lowercased().hasPrefix("ext::") { throw CLIFailure("ext:: remotes run commands; setboard refuses them") }
    }

    func gitOK(_ arguments: [String], _ what: String) throws {
        let result = git.run(in: workTree, arguments)
        guard result.ok else { throw CLIFailure("git could not \(what): \(result.reason)") }
    }

    /// Makes `<board>/sync` a repository whose origin is `url`; idempotent, and it recovers from a run killed midway.
    func prepare(url: String) throws {
        if let st = fs.linkStatus(workTree), !st.isDirectory {
            throw CLIFailure("\(TextSafety.escaped(workTree)) is not a directory; move it away and sync again")
        }
        if fs.linkStatus(workTree) == nil {
            try fs.makeDirectory(workTree, mode: 0o755 | (fs.fileMode(forDirectory: board) & 0o070))
        }
        // A repository cut short at `git init` (no HEAD) is made again: nothing in it was ours yet.
        if fs.linkStatus(workTree + "/.git/HEAD") == nil {
            let result = git.run(in: workTree, ["init", "-q"])
            guard result.ok else { throw CLIFailure("git could not create the sync area \(TextSafety.escaped(workTree)): \(result.reason)") }
        }
        // Only sync runs git here, under sync.lock: a lock file left behind is a killed git's.
        for stale in ["index.lock", "HEAD.lock", "config.lock", "refs/heads/\(Syncer.branch).lock",
                      "refs/remotes/origin/\(Syncer.branch).lock", "shallow.lock", "packed-refs.lock"] {
            let path = workTree + "/.git/" + stale
            if fs.linkStatus(path) != nil { try? fs.removeEntry(path) }
        }
        try gitOK(["symbolic-ref", "HEAD", "refs/heads/\(Syncer.branch)"], "set its branch")
        try gitOK(["config", "remote.origin.url", url], "set the remote")
        try gitOK(["config", "remote.origin.fetch", "+refs/heads/*:refs/remotes/origin/*"],
                  "set the remote")
        try gitOK(["config", "user.name", "setboard"], "set the committer")
        try gitOK(["config", "user.email", "setboard@localhost"], "set the committer")
    }

    /// The whole sync. `open` opens the board (with its replicas) once the import is done.
    func run(url: String, session: Session, attempts: Int = 4) throws -> Outcome {
        var outcome = Outcome()
        let lock = try fs.openOrCreate(board + "/sync.lock", flags: O_RDONLY, mode: fs.fileMode(forDirectory: board)).file
        try lock.lockExclusive()
        defer { withExtendedLifetime(lock) {} }
        try prepare(url: url)
        guard let journal = session.store.journal as? FileJournal else { throw CLIFailure("sync needs a board on disk") }
        let before = session.store.keyRenames
        let idsBefore = session.store.idRenames
        for attempt in 1...attempts {
            let fetch = git.run(in: workTree, ["fetch", "-q", "origin"])
            guard fetch.ok else { throw CLIFailure("git could not fetch from \(TextSafety.escaped(url)): \(fetch.reason)") }
            let remoteRef = "refs/remotes/origin/\(Syncer.branch)"
            if git.run(in: workTree, ["rev-parse", "-q", "--verify", remoteRef]).ok {
                try gitOK(["reset", "-q", "--hard", remoteRef], "check out what it fetched")
            }
            try makeReplicaDirectory()
            let localLines = journal.position?.lines ?? 0
            let report = try importReplicas(local: journal.replica, localLines: localLines)
            for (rid, n) in report.imported where n > 0 { outcome.cameIn[rid, default: 0] += n }
            outcome.setAside.merge(report.setAside) { $1 }
            try session.store.refresh()
            // Record what this replica has now seen, so its next events are read as written with that in view.
            var seen = session.store.newestClocks
            for (rid, lam) in report.seen { seen[rid] = max(seen[rid] ?? 0, lam) }
            seen.removeValue(forKey: journal.replica)
            let recorded = lastSeen(session.store, rid: journal.replica)
            let unrecorded = session.store.newestClocks(ignoringSyncEvents: true).contains { rid, lam in
                rid != journal.replica && lam > (recorded[rid] ?? 0)
            }
            if unrecorded {
                try session.store.performEvents(actor: session.actor) { _ in [NewEvent(.sync(.imported(seen: seen)))] }
            }
            let (sent, note) = try exportOwn(journal)
            if let note { outcome.notes.append(note) }
            try gitOK(["add", "-A", "--", "replicas/\(journal.replica).log"], "stage this board's events")
            if !git.run(in: workTree, ["diff", "--cached", "--quiet"]).ok {
                try gitOK(["commit", "-q", "--no-verify", "-m", "setboard replica \(journal.replica): \(sent) events"],
                          "commit this board's events")
            }
            outcome.sent = sent
            let push = git.run(in: workTree, ["push", "-q", "origin", "HEAD:refs/heads/\(Syncer.branch)"])
            if push.ok { break }
            if attempt == attempts { throw CLIFailure("git could not push to \(TextSafety.escaped(url)): \(push.reason)") }
        }
        let known = Set(before.map { "\($0.from)>\($0.to)>\($0.origin.rid)>\($0.origin.lam)" })
        outcome.renames = session.store.keyRenames.filter { !known.contains("\($0.from)>\($0.to)>\($0.origin.rid)>\($0.origin.lam)") }
        outcome.idRenames = session.store.idRenames.filter { !idsBefore.contains($0) }
        return outcome
    }

    /// The newest `sync.imported` vector this replica wrote, as replayed.
    private func lastSeen(_ store: BoardStore, rid: String) -> [String: Int64] {
        store.seenByReplica[rid] ?? [:]
    }

    private func makeReplicaDirectory() throws {
        let dir = workTree + "/replicas"
        if let st = fs.linkStatus(dir), !st.isDirectory {
            // A link or file the remote put there is never followed: it is removed and a directory made.
            try fs.removeEntry(dir)
        }
        if fs.linkStatus(dir) == nil { try fs.makeDirectory(dir, mode: 0o755) }
    }

    private func importReplicas(local: String, localLines: Int) throws -> ReplicaFiles.ImportReport {
        // Under the journal's lock: a writer stamping an event sees every import whole, never half of one.
        let lock = try fs.openOrCreate(board + "/journal.lock", flags: O_RDONLY, mode: fs.fileMode(forDirectory: board)).file
        try lock.lockExclusive()
        defer { withExtendedLifetime(lock) {} }
        return try ReplicaFiles.importFrom(workTree + "/replicas", board: board, local: local, localLines: localLines,
                                           fileSystem: fs)
    }

    /// Writes this board's journal (its whole lines) as `replicas/<rid>.log` in the work tree: appended when the file
    /// there is a prefix of it, else written anew (the remote's copy was not ours: it is replaced, and said so).
    private func exportOwn(_ journal: FileJournal) throws -> (events: Int, note: String?) {
        let file = try fs.open(journal.journalPath, flags: O_RDONLY)
        let size = try file.size()
        var bytes = try file.read(from: 0, count: size)
        if let lastNewline = bytes.lastIndex(of: 0x0A) { bytes.removeSubrange((lastNewline + 1)...) } else { bytes = [] }
        let events = bytes.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
        let target = workTree + "/replicas/\(journal.replica).log"
        var note: String?
        if let st = fs.linkStatus(target) {
            if st.kind == .regular, st.links == 1, let old = try? fs.readAll(target, limit: ReplicaFiles.maxFileBytes),
               old.count <= bytes.count, bytes.starts(with: old) {
                if old.count == bytes.count { return (events, nil) }
                let out = try fs.open(target, flags: O_WRONLY | O_APPEND)
                try out.writeAll(Array(bytes[old.count...]))
                try out.syncData()
                return (events, nil)
            }
            note = "the remote's copy of this board's events was not what this board wrote; it was replaced with this board's journal"
            try fs.removeEntry(target)
        }
        let (out, _) = try fs.openOrCreate(target, flags: O_WRONLY, mode: 0o644)
        try out.writeAll(bytes)
        try out.syncData()
        return (events, note)
    }
}
