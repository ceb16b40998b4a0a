/// The cycle as text for the shell: the phase and checklist of `setboard cycle`, its JSON, and the proposal lines.
import SetBoardCore

enum CycleReports {
    static func e(_ s: String) -> String { TextSafety.escaped(s) }

    /// `alice (EMEA primary) · bob (EMEA backup) · erin (lead)`, escaped: handles come from a roster a person wrote.
    static func team(_ t: CycleTeam) -> String {
        let parts = t.seats.map { "\(e($0.handle)) (\(e($0.shift)) \($0.role.rawValue))" } + (t.lead.map { ["\(e($0)) (lead)"] } ?? [])
        return parts.isEmpty ? "nobody" : parts.joined(separator: " · ")
    }

    static func mark(_ tick: CycleTick?) -> String { tick == nil ? "[ ]" : "[x]" }

    static func who(_ tick: CycleTick?) -> String {
        tick.map { " — \(e($0.actor)), \(WorkingTime.isoMinute($0.at)) UTC" } ?? ""
    }

    static func show(_ w: CycleWindow, state: CycleState, now: Int64) -> String {
        let r = state.rotation(w.id)
        var out = "SET cycle · rotation \(e(w.id)) · phase: \(w.phase(at: now, state: state).title)\n"
        out += "  \(WorkingTime.isoMinute(w.start)) → \(WorkingTime.isoMinute(w.end)) UTC; hand-over due \(WorkingTime.isoMinute(w.handoverDue)) UTC\n"
        out += "  outgoing: \(team(w.outgoing))\n  incoming: \(team(w.incoming))\n"
        if let warning = state.handoverWarning(w, now: now) { out += "! \(warning)\n" }
        out += "\nStart\n"
        let review = r.tick(.startReview)
        out += "  \(mark(review)) \(CycleItem.startReview.rawValue): \(CycleItem.startReview.label)\(who(review))\n"
        let zone = w.utcOffsetMinutes == 0 ? "UTC" : "UTC\(w.utcOffsetMinutes > 0 ? "+" : "-")\(abs(w.utcOffsetMinutes) / 60)h"
        out += "\nDaily checks (Monday–Friday, days in \(zone))\n"
        let days = w.workingDays(through: now)
        if days.isEmpty { out += "  none due yet\n" }
        for day in days {
            let cells = CycleItem.daily.map { item -> String in
                let ticks = r.ticks(item, day: day)
                // The time alone when ticked on the day itself; a late tick says when it really happened.
                let whos = ticks.map { t in
                    "\(e(t.actor)) " + (w.day(at: t.at) == day ? String(WorkingTime.isoMinute(t.at).suffix(5)) : WorkingTime.isoMinute(t.at))
                }
                return "\(mark(ticks.first)) \(item.rawValue)" + (whos.isEmpty ? "" : " (\(whos.joined(separator: ", ")))")
            }
            out += "  \(day.text)  " + cells.joined(separator: "  ") + "\n"
        }
        out += "\nHand-over (due \(WorkingTime.isoMinute(w.handoverDue)) UTC)\n"
        for item in CycleItem.handover {
            let t = r.tick(item)
            out += "  \(mark(t)) \(item.rawValue): \(item.label)\(who(t))\n"
        }
        if let h = r.handover {
            out += "  handed over by \(e(h.actor)) at \(WorkingTime.isoMinute(h.at)) UTC: \(CycleItem.count(h.reassigned, "ticket")) reassigned"
                + (h.summaryPath.map { ", summary \(e($0))" } ?? "") + "\n"
        }
        return out
    }

    /// `handedFrom` is the week before (its rotation id), whose hand-off notes were handed to this one.
    static func json(_ w: CycleWindow, state: CycleState, now: Int64, handedFrom previous: String? = nil) -> JSONValue {
        let r = state.rotation(w.id)
        func notes(_ list: [CycleNote]) -> JSONValue {
            .array(list.map { .object([("at", .string(TextReports.iso($0.at))), ("by", .string($0.actor)), ("text", .string($0.text))]) })
        }
        func item(_ i: CycleItem, _ day: CycleDay?) -> JSONValue {
            let t = r.tick(i, day: day)
            return .object([("item", .string(i.rawValue)), ("day", day.map { .string($0.text) } ?? .null),
                            ("ticked", .bool(t != nil)), ("by", t.map { .string($0.actor) } ?? .null),
                            ("at", t.map { .string(TextReports.iso($0.at)) } ?? .null),
                            ("ticks", .array(r.ticks(i, day: day).map { .object([("by", .string($0.actor)),
                                                                                ("at", .string(TextReports.iso($0.at)))]) }))])
        }
        let daily = w.workingDays(through: now).flatMap { d in CycleItem.daily.map { item($0, d) } }
        return .object([
            ("rotation", w.json), ("phase", .string(w.phase(at: now, state: state).rawValue)),
            ("handoverDueSoon", .bool(state.isHandoverDueSoon(w, now: now))),
            ("warning", state.handoverWarning(w, now: now).map { .string($0) } ?? .null),
            ("checklist", .array([item(.startReview, nil)] + daily + CycleItem.handover.map { item($0, nil) })),
            ("notes", notes(r.notes)),
            ("handedTo", previous.map { .object([("from", .string($0)), ("notes", notes(state.rotation($0).notes))]) } ?? .null),
            ("handover", r.handover.map { .object([("at", .string(TextReports.iso($0.at))), ("by", .string($0.actor)),
                                                   ("reassigned", .int(Int64($0.reassigned))),
                                                   ("summary", $0.summaryPath.map { .string($0) } ?? .null)]) } ?? .null),
        ])
    }

    /// `SET-3  @zed  title`: one ticket of the start review's list.
    static func ticketLine(_ t: Ticket) -> String {
        "  \(t.key)  \(t.assignee.map { "@" + e($0) } ?? "nobody")  \(t.column.title)  \(e(t.title))"
    }
}
