/// The roster pane's lines, worded from the roster's summary: who now, overrides in force, hand-off, hand-over, chain.
import SetBoardCore

/// What the roster pane shows, as facts: the summary at this moment, plus the two parts the `roster` command words
/// for both the pane and the shell (overrides and swaps in force, next week's people), so the two never differ.
public struct RosterPaneFacts: Sendable, Equatable {
    public var summary: RosterSummary
    public var changesInForce: [String]
    public var nextWeekLines: [String]

    public init(summary: RosterSummary, changesInForce: [String], nextWeekLines: [String]) {
        self.summary = summary
        self.changesInForce = changesInForce
        self.nextWeekLines = nextWeekLines
    }
}

enum RosterPaneView {
    /// The facts of `setboard roster`, narrowed for a pane: who now (with their local time), overrides and swaps in
    /// force, the next hand-off and hand-over, next week, the chain. What needs a person's attention is in alert style.
    static func lines(_ facts: RosterPaneFacts) -> [PaneLine] {
        let s = facts.summary
        let at = s.at
        var lines: [PaneLine] = []
        if s.rotation == nil {
            lines.append(PaneLine("no rotation has started yet", role: .alert))
        } else if let shift = s.shift {
            lines.append(PaneLine("now: \(TextSafety.escaped(shift.name)) \(shift.hoursText) \(TextSafety.escaped(shift.zone))"))
        } else {
            lines.append(PaneLine("no shift now: the fallback (\(TextSafety.escaped(s.fallback?.text ?? "lead"))) answers",
                                  role: .alert))
        }
        // A roster imported on a host that knew a zone this one does not: say what the times assume.
        for line in s.unknownZoneShortLines { lines.append(PaneLine(line, role: .alert)) }
        for p in s.people {
            let role = p.role.rawValue.padded(to: 8)
            if let away = p.onLeave {
                lines.append(PaneLine("\(role)NEEDS COVER (@\(TextSafety.escaped(away)) on leave)", role: .alert))
            } else if let handle = p.handle {
                let local = p.localTime.map { " · " + $0 } ?? ""
                lines.append(PaneLine("\(role)@\(TextSafety.escaped(handle))\(local)"))
            } else {
                lines.append(PaneLine("\(role)nobody", role: .alert))
            }
        }
        for change in facts.changesInForce { lines.append(PaneLine("* " + change, role: .message)) }
        if let next = s.nextHandoff {
            lines.append(PaneLine("hand-off in \(RosterClock.countdown(next - at)) · \(s.local(next))", role: .dim))
        }
        if let due = s.handoverDue {
            let soon = due - at <= WorkingTime.dayMs
            let when = due >= at ? "due in \(RosterClock.countdown(due - at))" : "was due \(RosterClock.countdown(at - due)) ago"
            lines.append(PaneLine("hand-over \(when) · \(s.local(due))", role: soon ? .alert : .dim))
        }
        if let gap = s.noSuccessorText { lines.append(PaneLine(gap, role: .alert)) }
        if s.nextWeek != nil {
            lines.append(PaneLine("next week", role: .paneTitle))
            for line in facts.nextWeekLines {
                lines.append(PaneLine(line, role: line.contains("needs cover") ? .alert : .pane))
            }
        }
        lines.append(PaneLine("escalation: " + s.chainText, role: .dim))
        return lines
    }
}
