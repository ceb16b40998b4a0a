/// Rosters for the roster tests: a Berlin pair anchored on 2025-01-06, and a two-zone EMEA/Americas rotation.
@testable import SetBoardCore

enum RosterFixture {
    /// Unix milliseconds of an ISO 8601 time with its offset, e.g. "2025-03-31T09:30:00+02:00".
    static func t(_ iso: String) -> Int64 {
        WorkingTime.parseISO8601(iso) ?? 0
    }

    static func day(_ date: String) -> Int64 { RosterClock.day(date) ?? 0 }

    static let engineers = [
        RosterEngineer(handle: "alice", name: "Alice Archer", team: "server", zone: "Europe/Berlin"),
        RosterEngineer(handle: "bob", name: "Bob Baker", team: "server", zone: "Europe/Berlin"),
        RosterEngineer(handle: "carol", name: "Carol Clark", team: "web", zone: "Europe/Berlin"),
        RosterEngineer(handle: "dave", name: "Dave Dunn", team: "mobile", zone: "America/New_York"),
        RosterEngineer(handle: "erin", name: "Erin Evans", team: "mobile", zone: "America/New_York"),
        RosterEngineer(handle: "frank", name: "Frank Ford", team: "desktop", zone: "Australia/Sydney"),
        RosterEngineer(handle: "gina", name: "Gina Gray", team: "desktop", zone: "Australia/Sydney"),
    ]

    /// One 24×7 shift of alice and bob in `zone`, handing off Monday 09:00 local from 2025-01-06.
    static func allDay(zone: String = "Europe/Berlin", pattern: RosterPattern = .single,
                       people: [String] = ["alice", "bob"]) -> RosterDefinition {
        RosterDefinition(admins: ["root"], engineers: engineers, rotations: [
            RosterRotation(name: "R1", zone: zone, anchorDay: day("2025-01-06"), lead: "carol", pattern: pattern,
                           shifts: [RosterShift(name: "ALL", zone: zone, start: 0, end: 1440, people: people)]),
        ])
    }

    /// EMEA 08:00–17:00 Berlin and Americas 09:00–18:00 New York, weekdays, fallback as given.
    static func twoZones(fallback: RosterFallback = .lead) -> RosterDefinition {
        let weekdays = Array(0..<5)
        return RosterDefinition(admins: ["root"], fallback: fallback, engineers: engineers, rotations: [
            RosterRotation(name: "R1", zone: "Europe/Berlin", anchorDay: day("2025-01-06"), lead: "carol", shifts: [
                RosterShift(name: "EMEA", zone: "Europe/Berlin", start: 8 * 60, end: 17 * 60, days: weekdays,
                            people: ["alice", "bob"]),
                RosterShift(name: "Americas", zone: "America/New_York", start: 9 * 60, end: 18 * 60, days: weekdays,
                            people: ["dave", "erin"]),
            ], nextTeam: "mobile"),
        ])
    }

    static func state(_ d: RosterDefinition, _ events: [RosterEvent] = []) -> RosterState {
        var s = RosterState(definition: d)
        for e in events { s.apply(e) }
        return s
    }
}
