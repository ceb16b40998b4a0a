/// Where a rotation is in its cycle at a moment, and the "hand-over due soon" warning for the header and the roster.

public enum CyclePhase: String, Sendable {
    /// From the hand-off until the start review is ticked, at most to the end of the rotation's first working day:
    /// after that the rotation is monitoring whether or not the review happened, and the checklist shows it missing.
    case start
    case monitor
    /// From 24 hours before the hand-over is due until it is done or the rotation ends.
    case handover
    case handedOver = "handed-over"

    public var title: String {
        switch self {
        case .start: return "start"
        case .monitor: return "monitor"
        case .handover: return "hand-over"
        case .handedOver: return "handed over"
        }
    }
}

extension CycleWindow {
    /// How long before the due time the hand-over phase (and the warning) begins.
    public static let handoverLead: Int64 = 24 * 3_600_000

    /// When the start phase ends at the latest: the end of the first working day (the start day if there is none).
    public var startPhaseEnd: Int64 {
        let first = workingDays.first ?? day(at: start)
        return min(end, startOfDay(CycleDay(number: first.number + 1)))
    }

    public func phase(at now: Int64, state: CycleState) -> CyclePhase {
        let r = state.rotation(id)
        if r.isHandedOver { return .handedOver }
        if now >= handoverDue - CycleWindow.handoverLead { return .handover }
        if now < startPhaseEnd && r.tick(.startReview) == nil { return .start }
        return .monitor
    }
}

extension CycleState {
    /// True when the hand-over is due within 24 hours (or overdue) and not done: what the header and roster flag.
    public func isHandoverDueSoon(_ window: CycleWindow, now: Int64) -> Bool {
        !rotation(window.id).isHandedOver && now < window.end && window.handoverDue - now <= CycleWindow.handoverLead
    }

    /// One line for the TUI header and `setboard roster`, or nil when nothing is due. No user text, so no escaping.
    public func handoverWarning(_ window: CycleWindow, now: Int64) -> String? {
        guard isHandoverDueSoon(window, now: now) else { return nil }
        let when = now <= window.handoverDue
            ? "due in \(WorkingTime.shortAge(window.handoverDue - now))"
            : "OVERDUE by \(WorkingTime.shortAge(now - window.handoverDue))"
        return "SET hand-over \(when) (\(WorkingTime.isoMinute(window.handoverDue)) UTC): run `setboard cycle handover`"
    }
}
