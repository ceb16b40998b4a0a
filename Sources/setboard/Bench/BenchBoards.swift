/// The boards `setboard bench` measures: written as `setboard demo --tickets` writes them, and reused when kept.
import Foundation
import SetBoardCore
import SetBoardJournal

enum BenchBoards {
    struct Made {
        var events: Int
        var reused: Bool
        var writeMs: Double
    }

    /// Next to the journal: what was generated and how long the journal was then, so a kept board can be recognised
    /// and cut back to that length after an earlier run's moves and appends.
    static let markerName = "bench-board"

    /// Writes the generated tickets and the demo roster in changes of `Demo.eventsPerChange`. The events go to the journal
    /// without replaying them into a board state, which would double the time for nothing the bench needs.
    static func generate(directory: String, tickets: Int, seed: UInt64, now: Int64) throws {
        let clock = CommandClock(pinned: now)
        let journal = try FileJournal.create(directory: directory, clock: clock)
        var events = BoardGenerator.script(tickets: tickets, seed: seed, now: now)
            .map { NewEvent(.board($0.event), at: $0.at, actor: $0.actor) }
        // A fresh board has no roster, so deciding against an empty one gives what `setboard demo` appends last.
        let rosterAt = now - 3_600_000
        let roster = try RosterDecide.decide(.define(DemoBoard.roster(now: now, admins: ["bench"], zones: HostTimeZones())), roster: RosterState(),
                                             actor: "bench", now: rosterAt)
        events += roster.map { NewEvent(.roster($0), at: rosterAt, actor: "bench") }
        try Demo.inChanges(events) { change in _ = try journal.append(actor: "bench") { _ in change } }
        let marker = "tickets=\(tickets)\nseed=\(seed)\nevents=\(journal.records.count)\n"
            + "bytes=\(BenchFiles.size(journal.journalPath))\n"
        try marker.write(toFile: directory + "/" + markerName, atomically: true, encoding: .utf8)
    }

    /// The number of events of a kept board made with these tickets and seed, or nil when it must be written anew.
    /// Events an earlier run appended (its moves and adds) are cut off, so every run measures the same board.
    static func reusable(directory: String, tickets: Int, seed: UInt64) -> Int? {
        guard let text = try? String(contentsOfFile: directory + "/" + markerName, encoding: .utf8) else { return nil }
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
        }
        let journal = directory + "/journal.log"
        guard fields["tickets"] == "\(tickets)", fields["seed"] == "\(seed)",
              let events = fields["events"].flatMap({ Int($0) }), let bytes = fields["bytes"].flatMap({ Int($0) }),
              bytes > 0, BenchFiles.size(journal) >= bytes else { return nil }
        if BenchFiles.size(journal) > bytes && truncate(journal, off_t(bytes)) != 0 { return nil }
        return events
    }
}
