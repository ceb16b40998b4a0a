/// Cycle commands and `decide` for them: ticks and the finished hand-over, refused with a readable error when they do not hold.

public enum CycleCommand: Equatable, Sendable {
    /// `item` and `day` as typed; a daily item without a day is ticked for today (the rotation's local date).
    case tick(item: String, day: String?)
    /// The end of a hand-over: the notes (if any), the hand-over items not yet ticked, and the completion.
    case completeHandover(reassigned: Int, notes: String?, summaryPath: String?)
}

public enum CycleError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownItem(String)
    case badDay(String)
    case dayNotForItem(CycleItem)
    case dayOutsideRotation(day: String, rotation: String, first: String, last: String)
    case notAWorkingDay(String)
    case dayInFuture(String)
    case alreadyTicked(item: CycleItem, day: String?, by: String, at: Int64)
    case handoverAlreadyDone(rotation: String, by: String, at: Int64)
    case outsideRotation(String)
    case notesTooLong(Int)
    case noIncomingTeam(String)
    case unusedMapping(String)
    case invalidMapping(String)

    public var description: String {
        func e(_ s: String) -> String { TextSafety.escaped(s) }
        switch self {
        case let .unknownItem(i):
            return "no checklist item \"\(e(i))\": use one of " + CycleItem.allCases.map(\.rawValue).joined(separator: ", ")
        case let .badDay(d): return "\"\(e(d))\" is not a date: use YYYY-MM-DD"
        case let .dayNotForItem(item): return "\(item.rawValue) is ticked once per rotation; --day is only for the daily items"
        case let .dayOutsideRotation(d, r, first, last):
            return "\(d) is outside rotation \(e(r)) (working days \(first) … \(last))"
        case let .notAWorkingDay(d): return "\(d) is a weekend day; the daily checks are Monday to Friday"
        case let .dayInFuture(d): return "\(d) has not come yet; tick a check on the day it is done"
        case let .alreadyTicked(item, day, by, at):
            let most = item.ticksPerDay > 1 ? " (\(item.ticksPerDay) ticks a day at most; the last)" : ""
            return "\(item.rawValue)\(day.map { " for " + $0 } ?? "") was already ticked\(most) by \(e(by)) at \(WorkingTime.isoMinute(at)) UTC"
        case let .handoverAlreadyDone(r, by, at):
            return "the hand-over of rotation \(e(r)) was already done by \(e(by)) at \(WorkingTime.isoMinute(at)) UTC"
        case let .outsideRotation(r): return "now is outside rotation \(e(r))"
        case let .notesTooLong(max): return "the hand-off notes are longer than \(max) characters"
        case let .noIncomingTeam(r): return "the roster has nobody for the rotation after \(e(r)): add the incoming team first"
        case let .unusedMapping(old): return "--map \(e(old))=…: no open SET ticket is assigned to \(e(old))"
        case let .invalidMapping(m): return "--map \(e(m)): write OLD=NEW with handles (OLD may be - for unassigned tickets)"
        }
    }
}

public enum CycleDecide {
    public static let maxNotesLength = 50_000

    public static func decide(_ command: CycleCommand, window: CycleWindow, state: CycleState,
                              now: Int64) throws(CycleError) -> [CycleEvent] {
        let rotation = state.rotation(window.id)
        guard window.contains(now) else { throw .outsideRotation(window.id) }
        switch command {
        case let .tick(typed, dayText):
            guard let item = CycleItem(rawValue: typed.lowercased()) else { throw .unknownItem(typed) }
            if item.kind == .handover, let h = rotation.handover {
                throw .handoverAlreadyDone(rotation: window.id, by: h.actor, at: h.at)
            }
            let day = try checkedDay(dayText, item: item, window: window, now: now)
            let done = rotation.ticks(item, day: day)
            if done.count >= item.ticksPerDay, let t = done.last {
                throw .alreadyTicked(item: item, day: day?.text, by: t.actor, at: t.at)
            }
            return [.itemTicked(rotation: window.id, item: item, day: day)]
        case let .completeHandover(reassigned, notes, path):
            if let h = rotation.handover { throw .handoverAlreadyDone(rotation: window.id, by: h.actor, at: h.at) }
            let text = notes?.trimmingWhitespace() ?? ""
            guard text.unicodeScalars.count <= maxNotesLength else { throw .notesTooLong(maxNotesLength) }
            var events: [CycleEvent] = []
            if !text.isEmpty { events.append(.notesRecorded(rotation: window.id, text: text)) }
            // Knowledge counts as transferred only when there are notes, or when someone ticked it by hand.
            let done: [CycleItem] = [.incomingInvited, .ticketsReassigned] + (text.isEmpty ? [] : [.knowledgeTransferred])
            for item in done where rotation.tick(item) == nil {
                events.append(.itemTicked(rotation: window.id, item: item, day: nil))
            }
            events.append(.handoverCompleted(rotation: window.id, reassigned: max(0, reassigned), summaryPath: path))
            return events
        }
    }

    /// A daily item's day (today when not given) must be a working day of the rotation that has come; others take none.
    static func checkedDay(_ text: String?, item: CycleItem, window: CycleWindow,
                           now: Int64) throws(CycleError) -> CycleDay? {
        guard item.kind == .daily else {
            if text != nil { throw .dayNotForItem(item) }
            return nil
        }
        let day: CycleDay
        if let text {
            guard let d = CycleDay(text: text) else { throw .badDay(text) }
            day = d
        } else {
            day = window.day(at: now)
        }
        let days = window.workingDays
        guard let first = days.first, let last = days.last, first <= day, day <= last else {
            throw .dayOutsideRotation(day: day.text, rotation: window.id, first: days.first?.text ?? "-",
                                      last: days.last?.text ?? "-")
        }
        guard day.isWorkingDay else { throw .notAWorkingDay(day.text) }
        guard day <= window.day(at: now) else { throw .dayInFuture(day.text) }
        return day
    }
}
