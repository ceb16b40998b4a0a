// History mode's engine: the board replayed to any event of the journal, stepped by event, hour or day.
import SetBoardCore
import SetBoardJournal

/// One event as history mode keeps it: what replaying and wording it need, without its stored line.
public struct HistoryStep: Sendable {
    public var seq: Int64
    public var ts: Int64
    public var actor: String
    public var type: String
    public var event: Event?

    public init(_ record: JournalRecord) {
        seq = record.seq
        ts = record.ts
        actor = record.actor
        type = record.type
        event = record.event
    }
}

/// The board at one point of the journal: what the full-screen board draws, without the families it does not.
public struct ReplayedBoard: Sendable {
    public var state = BoardState()
    public var incidents = IncidentState()

    public init() {}

    /// As `BoardStore` applies a record, for the families the board's screen shows.
    public mutating func apply(_ record: JournalRecord) { apply(HistoryStep(record)) }

    public mutating func apply(_ step: HistoryStep) {
        switch step.event {
        case let .board(event)?: state.apply(event, seq: step.seq, at: step.ts, by: step.actor)
        case let .incident(event)?: incidents.apply(event, at: step.ts, by: step.actor)
        case nil: state.skipUnknown(seq: step.seq)
        default: break
        }
    }
}

/// Every event of the journal in its order, and the board after the first `position` of them. A step forward
/// applies events to the board kept; a step back starts from the nearest checkpoint at or before the target (one
/// every `spacing` events, made by the one replay on entering) and applies forward from there, so no step costs
/// more than `spacing` events, whatever the journal's length.
public final class BoardHistory {
    public private(set) var records: [HistoryStep] = []
    public private(set) var position: Int
    public private(set) var board: ReplayedBoard
    private var checkpoints: [ReplayedBoard] = []
    let spacing: Int

    /// Replays `records` once, keeping a checkpoint every `spacing` events; the board starts at the newest event.
    /// About a hundred checkpoints at most: a step back replays at most a hundredth of the journal. Each holds
    /// its own copy of the ticket table and column order (under 1 MB at 50,000 tickets, measured by the bench);
    /// the decoded events themselves are most of history mode's memory.
    public convenience init(records: [JournalRecord], spacing: Int? = nil) {
        self.init(count: records.count, spacing: spacing) { body in records.forEach(body) }
    }

    /// Built from events handed over one at a time (`BoardStore.forEachRecord`), `count` of them expected (the
    /// spacing is worked out from it; more or fewer are fine).
    public init(count: Int, spacing: Int? = nil, events: ((JournalRecord) -> Void) throws -> Void) rethrows {
        self.spacing = max(1, spacing ?? max(250, count / 100))
        var board = ReplayedBoard()
        var steps: [HistoryStep] = []
        steps.reserveCapacity(count)
        var checkpoints: [ReplayedBoard] = []
        let every = self.spacing
        try events { record in
            if steps.count % every == 0 { checkpoints.append(board) }
            let step = HistoryStep(record)
            board.apply(step)
            steps.append(step)
        }
        if checkpoints.isEmpty { checkpoints.append(ReplayedBoard()) }
        self.records = steps
        self.checkpoints = checkpoints
        self.board = board
        position = steps.count
    }

    /// The moment shown: the time of the last event applied (the first event's, before it).
    public var time: Int64 { position > 0 ? records[position - 1].ts : (records.first?.ts ?? 0) }

    /// The event that made the current step, or nil before the first.
    public var lastEvent: HistoryStep? { position > 0 ? records[position - 1] : nil }

    /// Moves to just after `target` events.
    public func move(to target: Int) {
        let target = min(max(0, target), records.count)
        if target < position {
            let checkpoint = min(target / spacing, checkpoints.count - 1)
            board = checkpoints[checkpoint]
            position = checkpoint * spacing
        }
        while position < target {
            board.apply(records[position])
            position += 1
        }
    }

    public func step(events n: Int) { move(to: position + n) }

    /// Back or forward by `ms` of journal time: to the last event stamped at or before the time shown plus `ms`
    /// (at least one event, so a quiet stretch never leaves a key doing nothing).
    public func step(milliseconds ms: Int64) {
        let target = time + ms
        var i = position
        if ms < 0 {
            while i > 0 && records[i - 1].ts > target { i -= 1 }
            move(to: min(i, position - 1))
        } else {
            while i < records.count && records[i].ts <= target { i += 1 }
            move(to: max(i, position + 1))
        }
    }
}
