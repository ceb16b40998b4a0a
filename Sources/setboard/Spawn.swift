/// Child processes the board starts and never blocks on: posix_spawn into their own process group, output to a file.
import Foundation

/// Foundation's `Process` waits on a thread and pipes that a grandchild (curl under sh) can hold open; a plain
/// spawn with output in a file and a `waitpid(WNOHANG)` poll keeps the caller's loop in charge of every wait.
///
/// Kept by hand rather than swift-subprocess 1.0.2, by measurement (2026-12-07: two shared cores at load ≈ 20,
/// Linux 6.18, Swift 6.3.1, release builds; `sh -c 'echo hi'`, stdin /dev/null, stdout and stderr to a file, its own
/// process group, the spawning loop polling every 0.2 ms; 3 × 300 runs each):
/// - spawn to seen exit: this code median 1.8–4.0 ms, p90 8–12 ms; `Subprocess.run` awaited in a detached Task whose
///   atomic flag the loop polls, median 1.4–4.0 ms, p90 12–13 ms. No difference the noise lets through.
/// - cost: swift-subprocess with swift-system adds 20 s of CPU (67 s wall at that load) to a clean debug build and
///   about 790 kB to a stripped binary; a synchronous loop needs a Task, an atomic flag and Subprocess's monitor thread
///   for what one `waitpid(WNOHANG)` does.
/// - the bench reads a child's peak RSS from `wait4`; Subprocess reaps its children itself and reports no usage, so
///   this code would stay for the bench anyway and setboard would start processes two ways instead of one.
enum Spawn {
    enum Outcome: Equatable {
        case exited(Int32)
        case signalled(Int32)
        case timedOut
    }

    enum Started {
        case success(pid_t)
        case failure(String)
    }

    /// stdin is /dev/null and stdout/stderr go to `output`, so nothing reaches a full-screen board's terminal. The
    /// child leads its own process group, so a timeout can kill whatever the shell started too.
    static func start(_ executable: String, _ arguments: [String], environment: [String: String], output: String) -> Started {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setpgroup(&attributes, 0)
        // A child inherits the spawning thread's blocked signals and ignored ones; a notify command gets neither,
        // so its own timeouts and a kill from us work as in a shell.
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGPIPE, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable] + arguments).map { strdup($0) }
        let envp = environment.map { strdup("\($0.key)=\($0.value)") }
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv + [nil], envp + [nil])
        guard result == 0 else { return .failure(String(cString: strerror(result))) }
        return .success(pid)
    }

    /// The child's end if it has ended, else nil; never blocks.
    static func poll(_ pid: pid_t) -> Outcome? {
        var status: Int32 = 0
        let r = waitpid(pid, &status, WNOHANG)
        if r == 0 { return nil }
        // Already reaped or never ours: report it ended rather than wait forever on it.
        guard r == pid else { return .exited(-1) }
        // WIFEXITED and friends are macros Swift cannot import.
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
    }

    /// Kills the child's whole process group and reaps the child.
    static func killGroup(_ pid: pid_t) {
        _ = kill(-pid, SIGKILL)
        var status: Int32 = 0
        _ = waitpid(pid, &status, 0)
    }

    /// ": <last non-empty line>" of a command's output (at most 200 characters), or "" — the likeliest reason.
    static func lastLine(of path: String) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { return "" }
        let text = String(decoding: data.suffix(4096), as: UTF8.self)
        guard let line = text.split(whereSeparator: \.isNewline).last(where: { !$0.allSatisfy(\.isWhitespace) }) else { return "" }
        return ": " + String(line.prefix(200))
    }
}
