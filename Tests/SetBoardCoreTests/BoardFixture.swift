/// A small board driver for the core tests: decide, then apply, keeping the journal so it can be replayed.
@testable import SetBoardCore

/// Fixed instants chosen by hand: 2026-01-05 was a Monday (20458 days after 1970-01-01, a Thursday).
enum Clock {
    static let minute: Int64 = 60_000
    static let hour: Int64 = 3_600_000
    static let day: Int64 = 86_400_000
    /// Monday 2026-01-05 00:00 UTC.
    static let monday: Int64 = 20_458 * day
}

/// One journaled event with the facts `apply` needs.
struct Logged {
    var event: BoardEvent
    var seq: Int64
    var at: Int64
    var actor: String
}

struct BoardFixture {
    var state = BoardState()
    var log: [Logged] = []

    /// An initialised board named "SET board" with prefix SET.
    static func initialized(at ts: Int64 = Clock.monday) -> BoardFixture {
        var board = BoardFixture()
        board.record(.boardCreated(name: "SET board", prefix: "SET"), at: ts, by: "alice")
        return board
    }

    /// Applies an event directly, as a replay of the journal would.
    mutating func record(_ event: BoardEvent, at ts: Int64, by actor: String = "alice") {
        let seq = Int64(log.count + 1)
        log.append(Logged(event: event, seq: seq, at: ts, actor: actor))
        state.apply(event, seq: seq, at: ts, by: actor)
    }

    /// Decides a command and applies its events; a refusal leaves the board unchanged.
    @discardableResult
    mutating func run(_ command: Command, at ts: Int64, by actor: String = "alice") throws(BoardError) -> [BoardEvent] {
        let events = try Decide.decide(command, state: state, actor: actor, now: ts)
        for event in events { record(event, at: ts, by: actor) }
        return events
    }

    /// Creates a TO DO ticket with an explicit key, so a test can place tickets out of time order.
    mutating func create(_ number: Int, _ tier: Tier, _ level: Level?, at ts: Int64,
                         column: Column = .todo, title: String? = nil) {
        let new = NewTicket(title: title ?? "ticket \(number)", tier: tier, level: level, column: column)
        record(.ticketCreated(key: "SET-\(number)", ticket: new), at: ts)
    }

    /// The error a command is refused with, or nil when it is accepted.
    func refusal(_ command: Command, at ts: Int64 = Clock.monday, by actor: String = "alice") -> BoardError? {
        do {
            _ = try Decide.decide(command, state: state, actor: actor, now: ts)
            return nil
        } catch {
            return error
        }
    }

    /// The board rebuilt from its own journal into a fresh state.
    func replayed() -> BoardState {
        var fresh = BoardState()
        for entry in log { fresh.apply(entry.event, seq: entry.seq, at: entry.at, by: entry.actor) }
        return fresh
    }

    func todo() -> [String] { state.keys(in: .todo) }
}

/// "SET-1", "SET-2", … from numbers, so expected orders read compactly.
func setKeys(_ numbers: Int...) -> [String] { numbers.map { "SET-\($0)" } }
