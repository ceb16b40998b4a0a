/// Drives the built `setboard` binary inside a private tmux server: start it, type keys, read the pane.
import Foundation
import Testing

/// Why a tmux test could not run or did not see what it waited for.
enum TmuxError: Error, CustomStringConvertible {
    case noBinary(String)
    case failed(String)
    case timedOut(waitingFor: String, pane: String)

    var description: String {
        switch self {
        case let .noBinary(path): return "no setboard binary at \(path): run `swift build` first (bash .ci/test does)"
        case let .failed(what): return what
        case let .timedOut(what, pane): return "timed out waiting for \(what); the pane showed:\n\(pane)"
        }
    }
}

/// One tmux server on its own socket and one scratch board per test; both are removed when it goes away.
final class TmuxBoard {
    let root: URL
    let socket: String
    var board: String { root.appendingPathComponent("board").path }
    var pidFile: String { root.appendingPathComponent("setboard.pid").path }
    let now = "2026-11-24T10:00:00Z"
    private var started = false

    static var tmuxPath: String? {
        ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The binary `swift build` made (or `SETBOARD_BIN`); the tests never build it themselves.
    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["SETBOARD_BIN"], !path.isEmpty { return path }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return packageRoot.appendingPathComponent(".build/debug/setboard").path
    }

    private static let counter = TUICounter()

    init() throws {
        guard FileManager.default.isExecutableFile(atPath: TmuxBoard.binary) else { throw TmuxError.noBinary(TmuxBoard.binary) }
        let n = TmuxBoard.counter.next()
        socket = "setboard-test-\(getpid())-\(n)"
        root = FileManager.default.temporaryDirectory.appendingPathComponent("setboard-tui-\(getpid())-\(n)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    deinit {
        if started { _ = try? tmux(["kill-server"]) }
        try? FileManager.default.removeItem(at: root)
    }

    var environment: [String: String] {
        [
            "PATH": "/usr/bin:/bin", "HOME": root.path, "XDG_DATA_HOME": root.appendingPathComponent("data").path,
            "XDG_CONFIG_HOME": root.appendingPathComponent("config").path, "SETBOARD_BOARD": board,
            "SETBOARD_NOW": now, "LANG": "C.UTF-8", "TERM": "xterm-256color",
        ]
    }

    /// Runs `setboard` directly (not in tmux), for setting boards up and checking them afterwards.
    @discardableResult
    func setboard(_ arguments: [String], environment extra: [String: String] = [:]) throws -> (status: Int32, out: String, err: String) {
        try TmuxBoard.run(TmuxBoard.binary, arguments, environment: environment.merging(extra) { $1 })
    }

    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        guard let path = TmuxBoard.tmuxPath else { throw TmuxError.failed("tmux is not installed") }
        let r = try TmuxBoard.run(path, ["-L", socket, "-f", "/dev/null"] + arguments, environment: environment)
        guard r.status == 0 else { throw TmuxError.failed("tmux \(arguments.joined(separator: " ")) failed: \(r.err)") }
        return r.out
    }

    /// Starts a plain shell in a fixed-size pane, then the board in it. The shell prints the board's exit status
    /// afterwards, so a test can see both the status and that the shell screen came back.
    func open(width: Int = 100, height: Int = 30, term: String = "xterm-256color", extraEnvironment: [String: String] = [:],
              arguments: [String] = []) throws {
        try openShell(width: width, height: height)
        let env = extraEnvironment.map { "\($0.key)='\($0.value)'" }.sorted().joined(separator: " ")
        let args = arguments.map { "'\($0)'" }.joined(separator: " ")
        // The board's pid goes to a file so a test can signal it; `exec` keeps the pid the same.
        let line = "clear; TERM=\(term) \(env) sh -c 'echo $$ > \(pidFile); exec \"$0\" \"$@\"' '\(TmuxBoard.binary)' \(args); echo \"exit=$?\""
        try tmux(["send-keys", "-t", "0", "-l", "PS1='$ '; " + line])
        try tmux(["send-keys", "-t", "0", "Enter"])
    }

    /// A plain shell in a fixed-size pane, for tests that start the board some other way (over ssh, say).
    func openShell(width: Int = 100, height: Int = 30) throws {
        try tmux(["new-session", "-d", "-x", "\(width)", "-y", "\(height)", "/bin/sh"])
        started = true
        try tmux(["set-option", "-g", "status", "off"])
        try tmux(["resize-window", "-x", "\(width)", "-y", "\(height)"])
    }

    func press(_ keys: String...) throws {
        for key in keys { try tmux(["send-keys", "-t", "0", key]) }
    }

    /// The visible pane, each line without trailing blanks, without trailing empty lines.
    func pane(escapes: Bool = false) throws -> String {
        let text = try tmux(["capture-pane", "-p", "-t", "0"] + (escapes ? ["-e"] : []))
        return TmuxBoard.normalized(text)
    }

    func display(_ format: String) throws -> String {
        try tmux(["display-message", "-p", "-t", "0", format]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Polls the pane (not a timing assertion: the limit only stops a broken run from hanging).
    @discardableResult
    func waitFor(_ what: String, seconds: Double = 10, _ condition: (String) throws -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = try pane()
            if try condition(last) { return last }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw TmuxError.timedOut(waitingFor: what, pane: last)
    }

    /// `setboard render` at a size: exactly what the pane must show.
    func rendered(width: Int, height: Int, extra: [String] = []) throws -> String {
        let r = try setboard(["render", "--size", "\(width)x\(height)"] + extra)
        guard r.status == 0 else { throw TmuxError.failed("setboard render failed: \(r.err)") }
        return TmuxBoard.normalized(r.out)
    }

    func boardPID() throws -> Int32 {
        let text = try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let pid = Int32(text) else { throw TmuxError.failed("no pid in \(pidFile)") }
        return pid
    }

    /// TO DO keys in board order, from `setboard list --json`.
    func todoKeys() throws -> [String] {
        let r = try setboard(["list", "--column", "todo", "--json"])
        guard r.status == 0, let array = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [[String: Any]] else {
            throw TmuxError.failed("setboard list --json failed: \(r.err)")
        }
        return array.compactMap { $0["key"] as? String }
    }

    static func normalized(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var s = String(line)
            while s.last == " " { s.removeLast() }
            return s
        }
        while lines.last == "" { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    /// Runs a command with posix_spawn and waitpid rather than Foundation's Process: the tmux client forks the
    /// server and exits, and on Linux Process sometimes never notices that exit, leaving the suite waiting forever.
    /// Output goes to files, not pipes, because the forked server inherits the client's stdout and keeps it open.
    /// A watchdog kills a command that outlives `limit`, so a broken run fails instead of hanging CI.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String], limit: Double = 60) throws
        -> (status: Int32, out: String, err: String) {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("setboard-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outPath = scratch.appendingPathComponent("out").path, errPath = scratch.appendingPathComponent("err").path

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        var attributes = cleanSignalsAttributes()
        defer { posix_spawnattr_destroy(&attributes) }

        let argv = ([executable] + arguments).map { strdup($0) }
        let envp = environment.map { strdup("\($0.key)=\($0.value)") }
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv + [nil], envp + [nil])
        guard spawned == 0 else { throw TmuxError.failed("could not start \(executable): \(String(cString: strerror(spawned)))") }

        let deadline = Date().addingTimeInterval(limit)
        var status: Int32 = 0
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { break }
            if r < 0, errno != EINTR { throw TmuxError.failed("waitpid: \(String(cString: strerror(errno)))") }
            if Date() >= deadline {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                throw TmuxError.failed("\(executable) \(arguments.joined(separator: " ")) did not finish within \(Int(limit)) s")
            }
            usleep(5_000)
        }
        // WIFEXITED / WEXITSTATUS are macros Swift cannot import; a signal death reads as 128 + signal, like a shell.
        let exitCode: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let out = (try? Data(contentsOf: URL(fileURLWithPath: outPath))) ?? Data()
        let err = (try? Data(contentsOf: URL(fileURLWithPath: errPath))) ?? Data()
        return (exitCode, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }
}

/// Spawn attributes giving the child no blocked signals and default handlers. A child inherits the spawning
/// thread's signal mask, and the test runner's threads block nearly everything: a tmux server started from one never
/// saw SIGTERM or SIGCHLD, so `kill-server` left it running after every test.
func cleanSignalsAttributes() -> posix_spawnattr_t {
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    var none = sigset_t()
    sigemptyset(&none)
    posix_spawnattr_setsigmask(&attributes, &none)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for signal in [SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGPIPE, SIGCHLD, SIGUSR1, SIGUSR2] { sigaddset(&defaults, signal) }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    return attributes
}

/// Numbers tmux sockets and scratch folders within one test process.
final class TUICounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}

/// The row of the first line where `key` appears as a whole key (so SET-1 does not match SET-12).
func tuiRow(of key: String, in pane: String) -> Int? {
    let lines = pane.split(separator: "\n", omittingEmptySubsequences: false)
    return lines.firstIndex { line in
        var rest = Substring(line)
        while let range = rest.range(of: key) {
            let after = rest[range.upperBound...].first
            if after.map({ !$0.isNumber }) ?? true { return true }
            rest = rest[range.upperBound...]
        }
        return false
    }
}
