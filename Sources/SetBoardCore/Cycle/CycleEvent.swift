/// Cycle events with their stable past-tense type strings and journal payloads; each names the rotation it belongs to.

public enum CycleEvent: Equatable, Sendable {
    /// `day` is set for the daily items only: the working day whose check this is.
    case itemTicked(rotation: String, item: CycleItem, day: CycleDay?)
    case notesRecorded(rotation: String, text: String)
    case handoverCompleted(rotation: String, reassigned: Int, summaryPath: String?)

    public static let types = ["cycle.item_ticked", "cycle.notes_recorded", "cycle.handover_completed"]

    public var type: String {
        switch self {
        case .itemTicked: return "cycle.item_ticked"
        case .notesRecorded: return "cycle.notes_recorded"
        case .handoverCompleted: return "cycle.handover_completed"
        }
    }

    public var rotation: String {
        switch self {
        case let .itemTicked(r, _, _), let .notesRecorded(r, _), let .handoverCompleted(r, _, _): return r
        }
    }

    public var payload: JSONValue {
        switch self {
        case let .itemTicked(r, item, day):
            return .object([("rotation", .string(r)), ("item", .string(item.rawValue)),
                            ("day", day.map { .string($0.text) } ?? .null)])
        case let .notesRecorded(r, text):
            return .object([("rotation", .string(r)), ("text", .string(text))])
        case let .handoverCompleted(r, count, path):
            return .object([("rotation", .string(r)), ("reassigned", .int(Int64(count))),
                            ("summary", path.map { .string($0) } ?? .null)])
        }
    }

    /// The strict decoder the registry calls: a daily item has its day and only a daily item has one;
    /// `reassigned` is inside `ValidRange.reassignedCount`.
    static func decode(_ type: String, _ p: PayloadReader) throws(PayloadError) -> CycleEvent {
        let r = try p.string("rotation")
        switch type {
        case "cycle.item_ticked":
            let item = try p.word("item", CycleItem.init(rawValue:))
            let day = try p.optionalWord("day", CycleDay.init(text:))
            guard (item.kind == .daily) == (day != nil) else {
                throw p.fail("day", item.kind == .daily ? "is missing for a daily item" : "is set for an item that is not daily")
            }
            return .itemTicked(rotation: r, item: item, day: day)
        case "cycle.notes_recorded":
            return .notesRecorded(rotation: r, text: try p.string("text"))
        case "cycle.handover_completed":
            return .handoverCompleted(rotation: r, reassigned: Int(try p.int("reassigned", in: ValidRange.reassignedCount)),
                                      summaryPath: try p.optionalString("summary"))
        default:
            throw unknownType(type)
        }
    }
}

extension CycleEvent {
    /// One readable line for `log`; the notes themselves are long, so only their size is said.
    public var summary: String {
        switch self {
        case let .itemTicked(r, item, day):
            return "cycle \(TextSafety.escaped(r)): ticked \(item.rawValue)" + (day.map { " for \($0.text)" } ?? "")
        case let .notesRecorded(r, text):
            return "cycle \(TextSafety.escaped(r)): hand-off notes recorded (\(text.split(separator: "\n").count) lines)"
        case let .handoverCompleted(r, count, path):
            return "cycle \(TextSafety.escaped(r)): hand-over done, \(CycleItem.count(count, "ticket")) reassigned"
                + (path.map { ", summary \(TextSafety.escaped($0))" } ?? "")
        }
    }
}
