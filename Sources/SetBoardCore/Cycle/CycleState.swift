/// The cycle replayed from the journal: per rotation, who ticked what and when, the notes, and the finished hand-over.

/// A tick as the journal recorded it: the item, the working day for a daily item, who and when.
public struct CycleTick: Equatable, Sendable {
    public var item: CycleItem
    public var day: CycleDay?
    public var at: Int64
    public var actor: String
}

public struct CycleNote: Equatable, Sendable {
    public var text: String
    public var at: Int64
    public var actor: String
}

public struct CycleHandover: Equatable, Sendable {
    public var reassigned: Int
    public var summaryPath: String?
    public var at: Int64
    public var actor: String
}

/// What happened in one rotation's cycle.
public struct CycleRotation: Equatable, Sendable {
    public var ticks: [CycleTick] = []
    public var notes: [CycleNote] = []
    public var handover: CycleHandover?

    public init() {}

    /// The tick of an item (for a daily item, on that day), if any: the first when there are several.
    public func tick(_ item: CycleItem, day: CycleDay? = nil) -> CycleTick? {
        ticks.first { $0.item == item && $0.day == day }
    }

    /// Every tick of an item on a day, oldest first (at most `ticksPerDay`).
    public func ticks(_ item: CycleItem, day: CycleDay? = nil) -> [CycleTick] {
        ticks.filter { $0.item == item && $0.day == day }
    }

    public var isHandedOver: Bool { handover != nil }
}

public struct CycleState: Equatable, Sendable {
    public private(set) var rotations: [String: CycleRotation] = [:]

    public init() {}

    /// A rotation nobody has ticked anything in yet reads as empty, never as missing.
    public func rotation(_ id: String) -> CycleRotation { rotations[id] ?? CycleRotation() }

    /// Never fails: a tick past the item's ticks a day (two writers racing) keeps the first ones, who did it first.
    public mutating func apply(_ event: CycleEvent, at ts: Int64, by actor: String) {
        var r = rotation(event.rotation)
        switch event {
        case let .itemTicked(_, item, day):
            guard r.ticks(item, day: day).count < item.ticksPerDay else { return }
            r.ticks.append(CycleTick(item: item, day: day, at: ts, actor: actor))
        case let .notesRecorded(_, text):
            r.notes.append(CycleNote(text: text, at: ts, actor: actor))
        case let .handoverCompleted(_, count, path):
            guard r.handover == nil else { return }
            r.handover = CycleHandover(reassigned: count, summaryPath: path, at: ts, actor: actor)
        }
        rotations[event.rotation] = r
    }
}
