/// How many inputs each fuzz test feeds its reader, and a clock to catch the slowest one.
import Foundation
import Testing

enum FuzzBudget {
    /// `SETBOARD_FUZZ_INPUTS` sets the count per reader (the full run is 1000000); the default keeps the whole
    /// fuzz suite near a minute in a debug build on two shared cores.
    static func inputs(default count: Int) -> Int {
        guard let text = ProcessInfo.processInfo.environment["SETBOARD_FUZZ_INPUTS"], let n = Int(text), n > 0 else { return count }
        return n
    }

    /// One input taking this long is a hang, whatever the build: the slowest measured is far below it.
    static let perInputLimit: Duration = .seconds(2)

    /// The seed comes from `SETBOARD_FUZZ_SEED` when set, so a run that failed can be replayed exactly.
    static func seed(_ salt: UInt64) -> UInt64 {
        let base = ProcessInfo.processInfo.environment["SETBOARD_FUZZ_SEED"].flatMap { UInt64($0) } ?? 20_261_125
        return base &* 6_364_136_223_846_793_005 &+ salt
    }
}

/// Times each input and keeps the slowest, so a near-hang shows in the result even when no input crosses the limit.
struct SlowestInput {
    private let clock = ContinuousClock()
    private(set) var slowest: Duration = .zero
    private(set) var slowestInput: [UInt8] = []
    private(set) var total: Duration = .zero
    private(set) var count = 0

    mutating func time<T>(_ input: [UInt8], _ body: () throws -> T) rethrows -> T {
        let start = clock.now
        let result = try body()
        let took = clock.now - start
        total += took
        count += 1
        if took > slowest {
            slowest = took
            slowestInput = input
        }
        return result
    }

    /// Fails the test when an input took too long, printing its size and first bytes to replay it.
    func check(_ reader: String, sourceLocation: SourceLocation = #_sourceLocation) {
        print("fuzz \(reader): \(count) inputs in \(total), slowest \(slowest) (\(slowestInput.count) bytes)")
        #expect(slowest < FuzzBudget.perInputLimit,
                "\(reader): an input of \(slowestInput.count) bytes took \(slowest): \(Array(slowestInput.prefix(80)))",
                sourceLocation: sourceLocation)
    }
}
