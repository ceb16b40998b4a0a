/// A two-week rotation with two shifts and a lead going out and another coming in, for the cycle's domain tests.
import Testing
@testable import SetBoardCore

enum CycleFixture {
    static let hour: Int64 = 3_600_000
    static let day: Int64 = 86_400_000

    static func at(_ iso: String) -> Int64 { WorkingTime.parseISO8601(iso) ?? -1 }

    static let outgoing = CycleTeam(lead: "erin", seats: [
        CycleSeat(shift: "EMEA", role: .primary, handle: "alice"), CycleSeat(shift: "EMEA", role: .backup, handle: "bob"),
        CycleSeat(shift: "AMER", role: .primary, handle: "carol"), CycleSeat(shift: "AMER", role: .backup, handle: "dan"),
    ])

    static let incoming = CycleTeam(lead: "jon", seats: [
        CycleSeat(shift: "EMEA", role: .primary, handle: "fay"), CycleSeat(shift: "EMEA", role: .backup, handle: "gus"),
        CycleSeat(shift: "AMER", role: .primary, handle: "hal"), CycleSeat(shift: "AMER", role: .backup, handle: "ivy"),
    ])

    /// Monday 2026-11-23 09:00 UTC to Monday 2026-12-07 09:00, hand-over due Friday 2026-12-04 17:00.
    static let window = CycleWindow(id: "2026-11-23", start: at("2026-11-23T09:00:00Z"),
                                    handoverDue: at("2026-12-04T17:00:00Z"), end: at("2026-12-07T09:00:00Z"),
                                    outgoing: outgoing, incoming: incoming)

    static func ticket(_ n: Int, _ assignee: String?) -> Ticket {
        Ticket(key: "SET-\(n)", number: n, title: "ticket \(n)", tier: .other, assignee: assignee, created: 0)
    }
}

/// A cycle driven like the board: decide, then apply each event at a time and by an actor.
struct CycleRun {
    var window = CycleFixture.window
    var state = CycleState()

    @discardableResult
    mutating func run(_ command: CycleCommand, at now: Int64, by actor: String = "erin") throws(CycleError) -> [CycleEvent] {
        let events = try CycleDecide.decide(command, window: window, state: state, now: now)
        for e in events { state.apply(e, at: now, by: actor) }
        return events
    }

    func refusal(_ command: CycleCommand, at now: Int64) -> CycleError? {
        do {
            _ = try CycleDecide.decide(command, window: window, state: state, now: now)
            return nil
        } catch {
            return error
        }
    }
}
