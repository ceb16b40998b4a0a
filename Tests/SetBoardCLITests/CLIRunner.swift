/// Runs the built `setboard` binary in a scratch board with a pinned clock, capturing stdout, stderr and status.
import Foundation
import Testing

struct CLIResult {
    var status: Int32
    var out: String
    var err: String
    /// Stdout as written, for checks that must see bytes `String(decoding:)` would have repaired.
    var outBytes: [UInt8] = []
}

/// One scratch board directory per test, removed when the runner goes away.
final class CLIRunner {
    let root: URL
    var board: String { root.appendingPathComponent("board").path }
    var now = "2026-11-24T10:00:00Z"

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("setboard-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// The binary `swift build` made; `.ci/test` builds it before the tests run.
    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["SETBOARD_BIN"], !path.isEmpty { return path }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return packageRoot.appendingPathComponent(".build/debug/setboard").path
    }

    @discardableResult
    func run(_ arguments: [String], environment extra: [String: String] = [:], stdin: String? = nil,
             viaShell: Bool = false) throws -> CLIResult {
        guard FileManager.default.isExecutableFile(atPath: CLIRunner.binary) else {
            throw CLIRunnerError.noBinary(CLIRunner.binary)
        }
        let process = Process()
        // `viaShell`: the first argument is the program (a shell that sets limits, then execs the binary).
        process.executableURL = URL(fileURLWithPath: viaShell ? arguments[0] : CLIRunner.binary)
        process.arguments = viaShell ? Array(arguments.dropFirst()) : arguments
        process.environment = environment(extra)
        let outPipe = Pipe(), errPipe = Pipe(), inPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        process.standardInput = inPipe
        try process.run()
        if let stdin { inPipe.fileHandleForWriting.write(Data(stdin.utf8)) }
        try inPipe.fileHandleForWriting.close()
        let out = outPipe.fileHandleForReading.readDataToEndOfFile()
        let err = errPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLIResult(status: process.terminationStatus, out: String(decoding: out, as: UTF8.self),
                         err: String(decoding: err, as: UTF8.self), outBytes: [UInt8](out))
    }

    /// What every run sees: a scratch home, config and board, and the pinned clock.
    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var env: [String: String] = [
            "PATH": "/usr/bin:/bin", "HOME": root.path, "XDG_DATA_HOME": root.appendingPathComponent("data").path,
            "XDG_CONFIG_HOME": root.appendingPathComponent("config").path, "SETBOARD_BOARD": board,
            "SETBOARD_NOW": now, "LANG": "C.UTF-8",
        ]
        for (k, v) in extra { env[k] = v }
        return env
    }

    /// Starts a long-running command (`watch`) with its output thrown away; the caller stops it.
    func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLIRunner.binary)
        process.arguments = arguments
        process.environment = environment()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// The user's config file, as `$XDG_CONFIG_HOME/setboard/config.yaml` of every run.
    var configFile: URL { root.appendingPathComponent("config/setboard/config.yaml") }

    /// Writes this user's config (mode 0600, as a private file should be); a notify command lives only here.
    func writeConfig(_ yaml: String) throws {
        try FileManager.default.createDirectory(at: configFile.deletingLastPathComponent(), withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        try Data(yaml.utf8).write(to: configFile)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: configFile.path)
    }

    /// A config whose only setting is the notify command, quoted for YAML.
    func configureNotify(_ command: String) throws {
        try writeConfig("notify: '" + command.replacingOccurrences(of: "'", with: "''") + "'\n")
    }

    /// Runs a command that must succeed and returns its stdout.
    @discardableResult
    func ok(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let r = try run(arguments)
        #expect(r.status == 0, "setboard \(arguments.joined(separator: " ")) failed: \(r.err)", sourceLocation: sourceLocation)
        return r.out
    }
}

/// The roster most CLI tests share: alice and bob on one 24x7 shift (alice primary in the first week from Monday
/// 2026-11-23 09:00 UTC), carol leading. `escalation` is the block's lines after `escalation:`.
enum TestRoster {
    static func yaml(escalation: [String]) -> String {
        """
        engineers:
          - { handle: alice, name: Alice, team: set, zone: UTC }
          - { handle: bob, name: Bob, team: set, zone: UTC }
          - { handle: carol, name: Carol, team: set, zone: UTC }
        rotations:
          - name: set
            zone: UTC
            anchor: 2026-11-23
            weeks: 2
            handoff: monday 09:00
            handover_due: friday 17:00
            lead: carol
            pattern: 24x7
            shifts:
              - { name: all, people: [alice, bob] }
        escalation:

        """ + escalation.map { "  " + $0 + "\n" }.joined() + "\n"
    }
}

enum CLIRunnerError: Error, CustomStringConvertible {
    case noBinary(String)
    var description: String {
        switch self {
        case let .noBinary(path): return "no setboard binary at \(path): run `swift build` first (bash .ci/test does)"
        }
    }
}
