/// The bench's stopwatch, and its way of running this same binary as a child with its wall time and peak RSS.
import Foundation
import SetBoardJournal
#if canImport(Glibc)
import Glibc
#endif

enum BenchClock {
    static func now() -> UInt64 { MonotonicClock.nanoseconds() }

    static func ms(since start: UInt64) -> Double { Double(now() - start) / 1_000_000 }
}

enum BenchSpawn {
    static var selfPath: String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        return n > 0 ? String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments[0]
    }

    /// Peak RSS comes from wait4, the kernel's own count for that child.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]) throws
        -> (status: Int32, out: String, err: String, wallMs: Double, maxRSSKiB: Int) {
        let outPath = NSTemporaryDirectory() + "setboard-bench-out-\(getpid())-\(UUID().uuidString)"
        defer { unlink(outPath) }
        let started = BenchClock.now()
        let pid: pid_t
        switch Spawn.start(executable, arguments, environment: environment, output: outPath) {
        case let .success(p): pid = p
        case let .failure(reason): throw CLIFailure("could not start \(executable): \(reason)")
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw CLIFailure("wait4: \(String(cString: strerror(errno)))") }
        }
        let wall = BenchClock.ms(since: started)
        let exitCode: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        // stdout and stderr share the file: the figures are `name=value` lines, anything else is the error.
        let out = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        return (exitCode, out, exitCode == 0 ? "" : out, wall, Int(usage.ru_maxrss))
    }
}
