// `setboard diff --from TIME [--to TIME]`: what changed on the board between two moments, as text or JSON.
import ArgumentParser
import Foundation
import SetBoardCore
import SetBoardJournal

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "What changed between two moments: tickets added, moved, reassigned, reranked by hand, closed; incidents.",
        discussion: """
            TIME takes ISO 8601 (2026-11-24T17:00Z), a date or date and time on your clock (2026-11-24 17:00), \
            -2d / -3h / -30m / -1w, yesterday 09:00, last friday 17:00, or now. Both boards are replayed from the \
            journal (the older one from your snapshot when it is old enough); nothing is written.
            """)
    @OptionGroup var options: BoardOptions
    @Option(help: ArgumentHelp("The earlier moment.", valueName: "time")) var from: String
    @Option(help: ArgumentHelp("The later moment (default: now).", valueName: "time")) var to: String?
    @Flag(help: "Print a JSON object.") var json = false

    func run() throws {
        try reportingFailures {
            let now = try options.makeClock().nowMilliseconds()
            let start = try UserZone.parse(from, now: now)
            let end = try to.map { try UserZone.parse($0, now: now) } ?? now
            guard start <= end else {
                throw CLIFailure("--from (\(WorkingTime.isoMinute(start)) UTC) is after --to (\(WorkingTime.isoMinute(end)) UTC)")
            }
            let policy = BoardOptions.snapshotPolicy
            let old = try BoardStore.openPast(at: start, directory: options.path, snapshots: policy)
            let new = try BoardStore.openPast(at: end, directory: options.path, snapshots: policy)
            let diff = BoardDiff(from: old.state, old.incidents, to: new.state, new.incidents, since: start)
            if json {
                print(Diff.json(diff, from: start, to: end).printableEncoded())
            } else {
                let zone = UserZone.current()
                print("changes from \(TimeExpression.wallText(start, zone: zone)) to \(TimeExpression.wallText(end, zone: zone))")
                print(Diff.text(diff), terminator: "")
            }
        }
    }

    static func text(_ d: BoardDiff) -> String {
        if d.isEmpty { return "nothing changed\n" }
        var out = ""
        func section<T>(_ title: String, _ items: [T], _ line: (T) -> String) {
            guard !items.isEmpty else { return }
            out += "\(title) · \(items.count)\n"
            for item in items { out += "  " + line(item) + "\n" }
        }
        func who(_ s: String?) -> String { s.map { "@" + TextSafety.escaped($0) } ?? "nobody" }
        section("added", d.added) { "\(TextReports.pad($0.key, 8)) \($0.column.title) · \(TextSafety.escaped($0.title))" }
        section("moved", d.moved) { "\(TextReports.pad($0.key, 8)) \($0.from.title) → \($0.to.title)" }
        section("reassigned", d.reassigned) { "\(TextReports.pad($0.key, 8)) \(who($0.from)) → \(who($0.to))" }
        section("reranked by hand", d.rerankedByHand) {
            "\(TextReports.pad($0.key, 8)) by \(who($0.by)) at \(WorkingTime.isoMinute($0.at)) UTC"
        }
        section("closed", d.closed) { "\(TextReports.pad($0.key, 8)) \(TextSafety.escaped($0.title))" }
        section("incidents opened", d.incidentsOpened) { "\(TextReports.pad($0.id, 8)) \($0.level.rawValue) · \(TextSafety.escaped($0.title))" }
        section("incidents resolved", d.incidentsResolved) { "\(TextReports.pad($0.id, 8)) \($0.level.rawValue) · \(TextSafety.escaped($0.title))" }
        return out
    }

    static func json(_ d: BoardDiff, from: Int64, to: Int64) -> JSONValue {
        func who(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
        func iso(_ ms: Int64) -> JSONValue { .string(RosterTimeText.iso(ms)) }
        func incident(_ i: Incident) -> JSONValue {
            .object([("id", .string(i.id)), ("level", .string(i.level.rawValue)), ("title", .string(i.title)),
                     ("status", .string(i.status.rawValue))])
        }
        return .object([
            ("from", iso(from)), ("to", iso(to)),
            ("added", .array(d.added.map { .object([("key", .string($0.key)), ("column", .string($0.column.rawValue)),
                                                    ("title", .string($0.title))]) })),
            ("moved", .array(d.moved.map { .object([("key", .string($0.key)), ("from", .string($0.from.rawValue)),
                                                    ("to", .string($0.to.rawValue))]) })),
            ("reassigned", .array(d.reassigned.map { .object([("key", .string($0.key)), ("from", who($0.from)),
                                                              ("to", who($0.to))]) })),
            ("reranked_by_hand", .array(d.rerankedByHand.map { .object([("key", .string($0.key)), ("by", .string($0.by)),
                                                                        ("at", iso($0.at))]) })),
            ("closed", .array(d.closed.map { .object([("key", .string($0.key)), ("title", .string($0.title))]) })),
            ("incidents_opened", .array(d.incidentsOpened.map(incident))),
            ("incidents_resolved", .array(d.incidentsResolved.map(incident))),
        ])
    }
}

extension Diff {
    /// "since the last hand-over (…): 3 added, 2 moved — `setboard diff --from …`": what `cycle handover` offers
    /// before a new hand-over; nil when the board has had none.
    static func sinceLastHandover(_ store: BoardStore, directory: String) -> String? {
        guard let last = store.cycle.rotations.values.compactMap(\.handover).max(by: { $0.at < $1.at }),
              let old = try? BoardStore.openPast(at: last.at, directory: directory, snapshots: BoardOptions.snapshotPolicy)
        else { return nil }
        let d = BoardDiff(from: old.state, old.incidents, to: store.state, store.incidents, since: last.at)
        let all: [(String, Int)] = [("added", d.added.count), ("moved", d.moved.count), ("reassigned", d.reassigned.count),
                                    ("reranked by hand", d.rerankedByHand.count), ("closed", d.closed.count),
                                    ("incidents opened", d.incidentsOpened.count), ("resolved", d.incidentsResolved.count)]
        let counts: [String] = all.filter { $0.1 > 0 }.map { "\($0.1) \($0.0)" }
        return "since the last hand-over (\(WorkingTime.isoMinute(last.at)) UTC by @\(TextSafety.escaped(last.actor))): "
            + (counts.isEmpty ? "nothing changed" : counts.joined(separator: ", "))
            + " — see `setboard diff --from \(RosterTimeText.iso(last.at))`"
    }
}
