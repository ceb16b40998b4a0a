/// A throwaway OpenSSH server on a loopback port, with its own host and client keys, for driving setboard over SSH.
import Foundation

/// Why an SSH test could not set up or did not see what it expected.
enum SSHError: Error, CustomStringConvertible {
    case unavailable(String)
    case failed(String)

    var description: String {
        switch self {
        case let .unavailable(why): return "sshd is not usable here (\(why)); `bash .ci/test` installs openssh-server"
        case let .failed(what): return what
        }
    }
}

/// One sshd per instance, as a direct child of the test process (`-D`, no daemonizing), in its own temp directory.
/// `stop()` runs from `deinit` as well, so a failing test still kills it; every wait has a deadline.
final class SSHServer {
    let root: URL
    let port: Int
    private var pid: pid_t = 0

    static var sshdPath: String? { ["/usr/sbin/sshd", "/usr/local/sbin/sshd"].first(where: isExecutable) }
    static var sshPath: String? { ["/usr/bin/ssh", "/usr/local/bin/ssh"].first(where: isExecutable) }
    static var keygenPath: String? { ["/usr/bin/ssh-keygen", "/usr/local/bin/ssh-keygen"].first(where: isExecutable) }

    private static func isExecutable(_ path: String) -> Bool { FileManager.default.isExecutableFile(atPath: path) }

    /// Nil when a server starts and answers here, else why not: asked once per test run, so a machine without
    /// sshd skips the SSH tests with this reason instead of failing them.
    static let unavailableReason: String? = {
        do {
            let probe = try SSHServer()
            probe.stop()
            return nil
        } catch {
            let reason = String(describing: error)
            FileHandle.standardError.write(Data("SSH tests skipped: \(reason)\n".utf8))
            return reason
        }
    }()

    var clientKey: String { root.appendingPathComponent("client_key").path }
    private var config: String { root.appendingPathComponent("sshd_config").path }
    private var log: String { root.appendingPathComponent("sshd.log").path }

    init() throws {
        guard let sshd = SSHServer.sshdPath else { throw SSHError.unavailable("no sshd binary") }
        guard SSHServer.sshPath != nil else { throw SSHError.unavailable("no ssh client") }
        guard let keygen = SSHServer.keygenPath else { throw SSHError.unavailable("no ssh-keygen") }
        root = FileManager.default.temporaryDirectory.appendingPathComponent("setboard-ssh-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        port = try SSHServer.freePort()

        for key in ["host_key", "client_key"] {
            let r = try TmuxBoard.run(keygen, ["-q", "-t", "ed25519", "-N", "", "-C", "setboard-test", "-f", root.appendingPathComponent(key).path],
                                      environment: ["PATH": "/usr/bin:/bin"], limit: 20)
            guard r.status == 0 else { throw SSHError.unavailable("ssh-keygen failed: \(r.err)") }
        }
        try FileManager.default.copyItem(at: root.appendingPathComponent("client_key.pub"),
                                         to: root.appendingPathComponent("authorized_keys"))
        // Root's sshd insists on its privilege separation directory, which a fresh container may lack.
        if geteuid() == 0 { try? FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true) }
        try Data("""
            ListenAddress 127.0.0.1
            Port \(port)
            HostKey \(root.appendingPathComponent("host_key").path)
            AuthorizedKeysFile \(root.appendingPathComponent("authorized_keys").path)
            PidFile \(root.appendingPathComponent("sshd.pid").path)
            UsePAM no
            StrictModes no
            PermitRootLogin yes
            PubkeyAuthentication yes
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PrintMotd no
            PrintLastLog no

            """.utf8).write(to: URL(fileURLWithPath: config))

        // Started without waiting (a server never finishes); it leads its own group, which changes nothing for sshd.
        pid = try ProcessGroup(sshd, ["-D", "-f", config, "-E", log], environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin"],
                               output: root.appendingPathComponent("sshd.out").path).pid
        do {
            try waitUntilListening(seconds: 10)
        } catch {
            stop()
            throw error
        }
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: root)
    }

    /// TERM, then KILL if it lingers past two seconds; safe to call twice.
    func stop() {
        guard pid > 0 else { return }
        kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(2)
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date() >= deadline {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                break
            }
            usleep(10_000)
        }
        pid = 0
    }

    /// The client options every connection uses: this server's key, no host-key prompts, no password prompts.
    var clientOptions: [String] {
        ["-p", "\(port)", "-i", clientKey, "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
         "-o", "BatchMode=yes", "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=10"]
    }

    /// Runs one command line on the server (through the remote user's shell) and returns what it printed.
    func run(_ remoteCommand: String, limit: Double = 30) throws -> (status: Int32, out: String, err: String) {
        guard let ssh = SSHServer.sshPath else { throw SSHError.unavailable("no ssh client") }
        return try TmuxBoard.run(ssh, clientOptions + ["127.0.0.1", remoteCommand], environment: ["PATH": "/usr/bin:/bin"],
                                 limit: limit)
    }

    var logText: String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

    /// Connects until sshd accepts, or gives up with its log if it died or took too long.
    private func waitUntilListening(seconds: Double) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                pid = 0
                throw SSHError.unavailable("sshd exited at start: \(logText)")
            }
            if SSHServer.canConnect(port: port) { return }
            usleep(20_000)
        }
        throw SSHError.unavailable("sshd did not listen on port \(port) within \(Int(seconds)) s: \(logText)")
    }

    /// The kernel picks a free loopback port; the tiny race until sshd binds it is acceptable in tests.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SSHError.failed("socket: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var address = loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw SSHError.failed("bind: \(String(cString: strerror(errno)))") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw SSHError.failed("getsockname: \(String(cString: strerror(errno)))") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func canConnect(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = loopback(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }
}
