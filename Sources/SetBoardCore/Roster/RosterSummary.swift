/// What a person wants to know about the roster at a glance, as values: the text report and the TUI pane both draw it.

/// One role at the moment: who holds it, where they are and what their clock says, or who is away from it.
public struct RosterSummaryPerson: Equatable, Sendable {
    public var role: OnCallRole
    public var handle: String?
    public var name: String?
    public var team: String?
    public var zone: String?
    /// "Tue 11:00" on the person's own clock.
    public var localTime: String?
    /// The scheduled holder who is on leave, when nobody covers the role.
    public var onLeave: String?
}

/// The roster at one moment: now, the next hand-off, the hand-over deadline, next week and the escalation chain.
public struct RosterSummary: Equatable, Sendable {
    public var at: Int64
    public var rotation: String?
    /// 1-based week within the rotation's length (week 1 of 2).
    public var rotationWeek: Int?
    public var rotationWeeks: Int?
    /// The rotation's zone, the clock hand-offs are read on.
    public var zone: String?
    /// The shift answering now (covering, or the fallback shift); nil when nobody's shift covers it.
    public var shift: RosterShift?
    public var uncovered: Bool
    public var fallback: RosterFallback?
    /// Primary, backup and lead, in escalation order.
    public var people: [RosterSummaryPerson]
    public var nextHandoff: Int64?
    /// This week's hand-over deadline, which may have passed (`RosterState.handoverDueThisWeek`).
    public var handoverDue: Int64?
    /// The end of the rotation in force when no rotation follows it (`RosterState.endWithoutSuccessor`).
    public var rotationEndsUnplanned: Int64?
    public var nextTeam: String?
    public var nextWeek: RosterWeek?
    public var chain: [OnCallStep]
    public var policy: EscalationPolicy
    /// The rotation's clock as the provider gave it (UTC when no roster names a zone).
    public var clock: ZoneClock
    /// Zones the roster names that the provider does not know, in roster order, each once: their times are read as
    /// UTC, and the report and the pane say so instead of passing UTC off as the zone.
    public var unknownZones: [String]

    public init(roster: RosterState, at: Int64, zones: any TimeZoneProvider) {
        let m = roster.moment(at: at, zones: zones)
        let d = roster.definition
        let rotation = d?.rotations.first { $0.name == m.rotation }
        self.at = at
        self.rotation = m.rotation
        rotationWeeks = rotation?.weeks
        if let w = m.week, let r = rotation { rotationWeek = Int(w % Int64(max(r.weeks, 1))) + 1 }
        zone = rotation?.zone ?? d?.rotations.first?.zone
        clock = zones.clock(zone ?? "UTC")
        var unknown: [String] = []
        if let d {
            let named = d.rotations.flatMap { [$0.zone] + $0.shifts.map(\.zone) } + d.engineers.map(\.zone)
            for z in named where !zones.knows(z) && !unknown.contains(z) { unknown.append(z) }
        }
        unknownZones = unknown
        shift = rotation?.shifts.first { $0.name == m.onCall.shift }
        uncovered = m.onCall.uncovered
        fallback = d?.fallback
        people = OnCallRole.allCases.map { role in
            let handle = m.onCall.handle(for: role)
            let e = handle.flatMap { d?.engineer($0) }
            return RosterSummaryPerson(
                role: role, handle: handle, name: e?.name, team: e?.team, zone: e?.zone,
                localTime: e.map { RosterClock.localText(at, in: zones.clock($0.zone).rules, withDate: false) },
                onLeave: m.needsCover.first { $0.role == role }?.handle)
        }
        nextHandoff = roster.nextHandoff(after: at, zones: zones)
        handoverDue = roster.handoverDueThisWeek(at: at, zones: zones)
        rotationEndsUnplanned = roster.endWithoutSuccessor(at: at, zones: zones)
        nextTeam = rotation?.nextTeam
        nextWeek = nextHandoff.flatMap { roster.schedule(from: $0, weeks: 1, zones: zones).first }
        chain = m.onCall.chain
        policy = roster.policy
    }

    /// "no rotation after 2026-12-13: import the next one", naming the last whole day before the rotation's final
    /// hand-off, on its own clock.
    public var noSuccessorText: String? {
        rotationEndsUnplanned.map { end in
            let lastDay = RosterClock.local(end, in: clock.rules).day - 1
            return "no rotation after \(RosterClock.dateText(lastDay)): import the next one"
        }
    }

    /// "Mon 2026-11-30 09:00" on the rotation's clock.
    public func local(_ t: Int64) -> String { RosterClock.localText(t, in: clock.rules) }

    /// "time zone Mars/Base is not known on this host: its times are shown as UTC", one line per unknown zone; the
    /// names are the roster's text, so escaped.
    public var unknownZoneLines: [String] {
        unknownZones.map { "time zone \(TextSafety.escaped($0)) is not known on this host: its times are shown as UTC" }
    }

    /// The same, short enough for the roster pane: "zone Mars/Base unknown here: UTC assumed".
    public var unknownZoneShortLines: [String] {
        unknownZones.map { "zone \(TextSafety.escaped($0)) unknown here: UTC assumed" }
    }

    /// "@alice (primary) → @bob (backup) → @carol (lead); 15m at each step, then 1 more round".
    public var chainText: String {
        guard !chain.isEmpty else { return "nobody to page" }
        let steps = chain.map { "@\(TextSafety.escaped($0.handle)) (\($0.role.rawValue))" }.joined(separator: " → ")
        let waits = Set(policy.waits).count == 1 ? "\(RosterTimeText.durationText(policy.wait(atStep: 0))) at each step"
            : "waits " + policy.waits.map(RosterTimeText.durationText).joined(separator: ", ")
        let rounds = policy.repeats == 0 ? "" : ", then \(policy.repeats) more round\(policy.repeats == 1 ? "" : "s")"
        return steps + "; " + waits + rounds
    }
}
