/// `setboard bench`'s hostile-titles line: a board whose every title needs escaping, read by `list` and `list --json`.
import Foundation
import SetBoardCore
import SetBoardJournal

/// Escaping once grew quadratically with the text it escaped (28 s for `list --json` at 20,000 such titles against
/// 0.07 s for `list`); this line keeps the two side by side so a regression shows as a gap between them.
enum BenchHostile {
    /// A right-to-left override at the start and an escape sequence at the end: both must be escaped on output.
    static func hostile(_ title: String) -> String { "\u{202E}" + title + "\u{1B}[0m" }

    /// The generated board (same tickets and history as the main boards), every title made hostile.
    static func generate(directory: String, tickets: Int, seed: UInt64, now: Int64) throws {
        let journal = try FileJournal.create(directory: directory, clock: CommandClock(pinned: now))
        let events = BoardGenerator.script(tickets: tickets, seed: seed, now: now).map { step -> NewEvent in
            var event = step.event
            if case .ticketCreated(let key, var ticket) = event {
                ticket.title = hostile(ticket.title)
                event = .ticketCreated(key: key, ticket: ticket)
            }
            return NewEvent(.board(event), at: step.at, actor: step.actor)
        }
        _ = try journal.append(actor: "bench") { _ in events }
    }

    /// The median wall time of `list` and of `list --json` over `runs` cold starts, without a snapshot.
    static func measure(scratch: String, tickets: Int, seed: UInt64, runs: Int) throws -> String {
        let board = scratch + "/hostile-\(tickets)"
        if FileManager.default.fileExists(atPath: board) { try FileManager.default.removeItem(atPath: board) }
        try generate(directory: board, tickets: tickets, seed: seed, now: Bench.now)
        var env = ProcessInfo.processInfo.environment
        env["SETBOARD_NOW"] = WorkingTime.isoMinute(Bench.now)
        env["XDG_CACHE_HOME"] = scratch + "/cache-hostile"
        env["XDG_CONFIG_HOME"] = scratch + "/config"
        env["SETBOARD_BOARD"] = board
        env["SETBOARD_SNAPSHOT"] = "off"
        func median(_ arguments: [String]) throws -> Double {
            var times: [Double] = []
            for _ in 0..<runs {
                let r = try BenchSpawn.run(BenchSpawn.selfPath, arguments, environment: env)
                guard r.status == 0 else { throw CLIFailure("`setboard \(arguments.joined(separator: " "))` failed on the hostile board: \(r.err)") }
                times.append(r.wallMs)
            }
            return BenchStats.median(times)
        }
        let plain = try median(["list", "--all"])
        let json = try median(["list", "--all", "--json"])
        return "hostile titles (a bidi override and an escape in each), \(BenchFormat.count(tickets)) tickets, no snapshot: "
            + "list --all \(BenchFormat.ms(plain)) ms · list --all --json \(BenchFormat.ms(json)) ms (median of \(runs))"
    }
}
