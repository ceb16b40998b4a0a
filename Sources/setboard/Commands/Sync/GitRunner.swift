// Runs `git` as a child process (the spawn helper, an argument vector, never a shell) for `setboard sync`.
import Foundation
import SetBoardCore
import SetBoardJournal

/// One `git` binary found on PATH, run with fixed safety settings: no prompts, no hooks, no `ext::` transport.
struct GitRunner {
    let executable: String
    /// A private directory for the children's output files.
    let scratch: String
    var timeoutSeconds = 300

    struct Result {
        var status: Int32
        var output: String
        var ok: Bool { status == 0 }
        /// The last line git printed, for an error message.
        var reason: String {
            let line = output.split(whereSeparator: \.isNewline).last(where: { !$0.allSatisfy(\.isWhitespace) }).map(String.init) ?? ""
            return TextSafety.escaped(String(line.prefix(300)))
        }
    }

    /// Finds `git` on PATH; nil when there is none.
    static func find() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") where dir.hasPrefix("/") {
            let candidate = String(dir) + "/git"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    init() throws {
        guard let git = GitRunner.find() else {
            throw CLIFailure("`setboard sync` needs git, and there is none on PATH: install git (e.g. `apt-get install git`)")
        }
        executable = git
        var template = Array((NSTemporaryDirectory() + "/setboard-git-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }) else {
            throw CLIFailure("cannot make a temporary directory for git's output: \(String(cString: strerror(errno)))")
        }
        scratch = String(cString: made)
    }

    func cleanUp() {
        try? FileManager.default.removeItem(atPath: scratch)
    }

    /// `git -C directory <arguments>`; a run over the time limit is killed with its process group.
    func run(in directory: String, _ arguments: [String]) -> Result {
        let fixed = ["-C", directory, "-c", "core.hooksPath=/dev/null", "-c", "protocol.ext.allow=never",
                     "-c", "commit.gpgsign=false", "-c", "core.autocrlf=false", "-c", "gc.auto=0"]
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment["LC_ALL"] = "C"
        environment.removeValue(forKey: "GIT_DIR")
        environment.removeValue(forKey: "GIT_WORK_TREE")
        let output = scratch + "/out-" + UUID().uuidString
        defer { unlink(output) }
        switch Spawn.start(executable, fixed + arguments, environment: environment, output: output) {
        case let .failure(reason):
            return Result(status: -1, output: "cannot run git: \(reason)")
        case let .success(pid):
            let deadline = MonotonicClock.milliseconds() + Int64(timeoutSeconds) * 1000
            while true {
                if let outcome = Spawn.poll(pid) {
                    let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
                    switch outcome {
                    case let .exited(code): return Result(status: code, output: text)
                    case let .signalled(signal): return Result(status: 128 + signal, output: text + "\ngit was killed by signal \(signal)")
                    case .timedOut: return Result(status: -1, output: text)
                    }
                }
                if MonotonicClock.milliseconds() > deadline {
                    Spawn.killGroup(pid)
                    return Result(status: -1, output: "git took more than \(timeoutSeconds) s and was stopped")
                }
                usleep(5_000)
            }
        }
    }
}
