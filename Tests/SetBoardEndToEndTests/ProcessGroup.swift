/// A child started in a process group of its own, so one SIGKILL reaches it and everything it started.
import Foundation

/// Started with posix_spawn (not Foundation's `Process`, which can miss the exit of a process tree on Linux); output
/// goes to a file so a chatty child never blocks on a pipe. Every wait has a deadline.
final class ProcessGroup {
    /// The child's pid, which is also its process group id.
    let pid: pid_t
    private var reaped: Int32?
    /// Once the group is gone its id may be handed out again; no signal may be sent to it after that.
    private var ended = false

    /// `input` is the file the child reads as stdin.
    init(_ executable: String, _ arguments: [String], environment: [String: String], output: String,
         input: String = "/dev/null") throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, input, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        var attributes = cleanSignalsAttributes()
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setpgroup(&attributes, 0)
        var flags: Int16 = 0
        posix_spawnattr_getflags(&attributes, &flags)
        posix_spawnattr_setflags(&attributes, flags | Int16(POSIX_SPAWN_SETPGROUP))

        let argv = ([executable] + arguments).map { strdup($0) }
        let envp = environment.map { strdup("\($0.key)=\($0.value)") }
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv + [nil], envp + [nil])
        guard spawned == 0 else { throw TmuxError.failed("could not start \(executable): \(String(cString: strerror(spawned)))") }
        self.pid = pid
    }

    /// SIGKILL to every process in the group at once: the shell and whichever `setboard` it is running.
    func killAll() {
        if !ended { kill(-pid, SIGKILL) }
    }

    /// The exit status (128 + signal for a signal death, as a shell reports it); kills the group after `limit`.
    @discardableResult
    func wait(limit: Double) throws -> Int32 {
        if let reaped { return reaped }
        let deadline = Date().addingTimeInterval(limit)
        var status: Int32 = 0
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { break }
            if r < 0, errno != EINTR { throw TmuxError.failed("waitpid \(pid): \(String(cString: strerror(errno)))") }
            if Date() >= deadline {
                killAll()
                _ = try? waitForGroupToEnd(limit: 5)
                throw TmuxError.failed("process \(pid) did not finish within \(limit) s")
            }
            usleep(2_000)
        }
        // WIFEXITED / WEXITSTATUS are macros Swift cannot import.
        let code: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        reaped = code
        return code
    }

    /// Waits until no process of the group is still running. The shell's children are not ours to reap: once the
    /// shell dies they belong to init, so this reads /proc and counts a zombie as finished (it has closed its files,
    /// releasing any lock, and can write nothing more).
    func waitForGroupToEnd(limit: Double) throws {
        let deadline = Date().addingTimeInterval(limit)
        while ProcessGroup.liveMembers(of: pid) > 0 {
            if Date() >= deadline { throw TmuxError.failed("process group \(pid) still running after \(limit) s") }
            usleep(2_000)
        }
        ended = true
    }

    static func liveMembers(of group: pid_t) -> Int {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        var live = 0
        for entry in entries where entry.first?.isNumber == true {
            guard let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            // After "pid (comm)": state, ppid, pgrp. The command name may hold spaces, hence the last ")".
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 2, let pgrp = Int32(fields[2]), pgrp == group else { continue }
            if fields[0] != "Z" && fields[0] != "X" { live += 1 }
        }
        return live
    }
}
