/// A realistic demo board as a script of timed commands: ~40 tickets over every tier, level and column.

public struct DemoStep: Sendable {
    public var at: Int64
    public var command: Command
}

public enum DemoBoard {
    struct Seed {
        var title: String
        var tier: Tier
        var level: Level?
        var column: Column
        var assignee: String?
        var ageHours: Int64
        var category: Category = .cat1
        var team: String? = nil
        var type: TicketType = .bug
        var idleHours: Int64? = nil
    }

    static let people = ["alice", "bob", "carol", "dave", "erin", "frank"]

    static let seeds: [Seed] = [
        Seed(title: "Login loop on community server after SSO change", tier: .community, level: .l1, column: .todo, assignee: nil, ageHours: 30),
        Seed(title: "Community-daily: channel sidebar empty after upgrade", tier: .community, level: .l2, column: .inProgress, assignee: "alice", ageHours: 50),
        Seed(title: "Customer Acme: HTTP 500 when saving a post with a file", tier: .escalation, level: .l2, column: .todo, assignee: nil, ageHours: 20),
        Seed(title: "Customer Globex: LDAP sync drops users in nested groups", tier: .escalation, level: .l1, column: .inProgress, assignee: "bob", ageHours: 70),
        Seed(title: "Customer Initech: slow channel switch on large teams", tier: .escalation, level: .l3, column: .todo, assignee: nil, ageHours: 120),
        Seed(title: "Customer Umbrella: push notifications delayed by minutes", tier: .escalation, level: .l2, column: .handedOver, assignee: "carol", ageHours: 200, team: "mobile"),
        Seed(title: "Customer Hooli: export job stuck at 99%", tier: .escalation, level: .l3, column: .inProgress, assignee: "dave", ageHours: 260, idleHours: 140),
        Seed(title: "Hotfix: database migration holds a table lock", tier: .hotfix, level: .l1, column: .inReview, assignee: "erin", ageHours: 40),
        Seed(title: "Hotfix: websocket reconnect storm after deploy", tier: .hotfix, level: .l2, column: .todo, assignee: nil, ageHours: 28, category: .cat2),
        Seed(title: "Hotfix: plugin upload rejects signed bundles", tier: .hotfix, level: .l2, column: .done, assignee: "frank", ageHours: 300),
        Seed(title: "Hotfix: crash when a reaction emoji is removed twice", tier: .hotfix, level: .l3, column: .todo, assignee: nil, ageHours: 60),
        Seed(title: "Release 10.4: search index rebuild never finishes", tier: .release, level: .l2, column: .todo, assignee: nil, ageHours: 90),
        Seed(title: "Release 10.4: threads view loses scroll position", tier: .release, level: .l3, column: .inProgress, assignee: "frank", ageHours: 150, idleHours: 100),
        Seed(title: "Release 10.4: permalink preview shows wrong author", tier: .release, level: .l3, column: .inReview, assignee: "alice", ageHours: 110),
        Seed(title: "Release 10.4: boards card drag jitters in Firefox", tier: .release, level: .l4, column: .todo, assignee: nil, ageHours: 130),
        Seed(title: "Release 10.3.2: compliance export skips DMs", tier: .release, level: .l2, column: .done, assignee: "bob", ageHours: 400),
        Seed(title: "Customer report: markdown tables overflow on mobile", tier: .customer, level: .l3, column: .todo, assignee: nil, ageHours: 170),
        Seed(title: "Customer report: 日本語 channel names sort wrongly", tier: .customer, level: .l3, column: .todo, assignee: nil, ageHours: 80),
        Seed(title: "Customer report: emoji picker freezes 🎉 on Safari", tier: .customer, level: .l4, column: .todo, assignee: nil, ageHours: 210),
        Seed(title: "Customer report: guest accounts see archived channels", tier: .customer, level: .l2, column: .inProgress, assignee: "carol", ageHours: 45),
        Seed(title: "Customer report: SAML metadata refresh fails silently", tier: .customer, level: .l3, column: .handedOver, assignee: "dave", ageHours: 330, team: "identity"),
        Seed(title: "Customer report: file previews blank for HEIC images", tier: .customer, level: .l4, column: .done, assignee: "erin", ageHours: 500),
        Seed(title: "Flaky e2e test: message edit history", tier: .other, level: .l4, column: .todo, assignee: nil, ageHours: 240),
        Seed(title: "Typo in System Console rate limiting page", tier: .other, level: nil, column: .todo, assignee: nil, ageHours: 300),
        Seed(title: "Log spam: 'context canceled' at info level", tier: .other, level: .l4, column: .inReview, assignee: "bob", ageHours: 190, category: .cat2),
        Seed(title: "Metrics endpoint leaks goroutines under load", tier: .other, level: .l3, column: .inProgress, assignee: "erin", ageHours: 180, category: .cat2, idleHours: 120),
        Seed(title: "Ask R&D: how are read receipts computed?", tier: .other, level: nil, column: .done, assignee: "alice", ageHours: 350, type: .question),
        Seed(title: "Community: link unfurl hangs for some domains", tier: .community, level: .l3, column: .todo, assignee: nil, ageHours: 75),
        Seed(title: "Customer Stark: bulk import fails on 2 GB archives", tier: .escalation, level: .l2, column: .inReview, assignee: "frank", ageHours: 140),
        Seed(title: "Hotfix: Elasticsearch indexing skips edited posts", tier: .hotfix, level: .l2, column: .handedOver, assignee: "carol", ageHours: 230, team: "search"),
        Seed(title: "Release 10.5: calls widget covers the reply box", tier: .release, level: .l4, column: .done, assignee: "dave", ageHours: 260),
        Seed(title: "Customer report: timezone shows UTC for Kolkata users", tier: .customer, level: .l3, column: .inProgress, assignee: "bob", ageHours: 95),
        Seed(title: "Customer report: notification sounds play twice", tier: .customer, level: .l4, column: .todo, assignee: nil, ageHours: 55),
        Seed(title: "Feature ask: per-channel retention policy UI", tier: .other, level: nil, column: .todo, assignee: nil, ageHours: 100, type: .feature),
        Seed(title: "Hotfix: OAuth callback rejects uppercase redirect", tier: .hotfix, level: .l1, column: .done, assignee: "erin", ageHours: 280),
        Seed(title: "Escalation: audit log missing IP for API tokens", tier: .escalation, level: .l3, column: .todo, assignee: nil, ageHours: 44),
        Seed(title: "Release 10.4: custom status expiry off by an hour", tier: .release, level: .l3, column: .todo, assignee: nil, ageHours: 66),
        Seed(title: "Other: outdated help link in invite dialog", tier: .other, level: .l4, column: .done, assignee: "frank", ageHours: 450),
        Seed(title: "Customer report: CSV user import ignores roles", tier: .customer, level: .l2, column: .todo, assignee: nil, ageHours: 35),
        Seed(title: "Community: reply counts wrong after thread merge", tier: .community, level: .l2, column: .inReview, assignee: "carol", ageHours: 85),
    ]

    /// The script, oldest step first; every timestamp is in the past of `now`.
    public static func script(now: Int64, name: String = "SET board") -> [DemoStep] {
        let hour: Int64 = 3_600_000
        let oldest = seeds.map(\.ageHours).max() ?? 0
        var steps = [DemoStep(at: now - (oldest + 1) * hour, command: .initBoard(name: name, prefix: "SET"))]
        var later: [DemoStep] = []
        for (i, seed) in seeds.enumerated() {
            let created = now - seed.ageHours * hour
            let key = "SET-\(i + 1)"
            let description = seed.tier == .other && seed.level == nil ? "" :
                "Reported \(seed.ageHours / 24) days ago. Steps to reproduce and customer impact are in the linked thread."
            steps.append(DemoStep(at: created, command: .add(NewTicket(
                title: seed.title, description: description, tier: seed.tier, level: seed.level,
                category: seed.category, type: seed.type))))
            // Work on a ticket happens after it is created and, for stuck ones, stops `idleHours` ago.
            let lastTouch = now - (seed.idleHours ?? min(seed.ageHours / 2, 20)) * hour
            let step = max(1, (lastTouch - created) / 4)
            if let who = seed.assignee {
                later.append(DemoStep(at: created + step, command: .assign(key: key, assignee: who)))
            }
            if seed.column != .todo {
                later.append(DemoStep(at: created + 2 * step, command: .move(key: key, to: seed.column)))
                later.append(DemoStep(at: created + 3 * step, command: .markChecklist(key: key, item: .version, state: .present)))
                if i % 3 == 0 {
                    later.append(DemoStep(at: lastTouch, command: .markChecklist(key: key, item: .logs, state: .present)))
                }
            }
            if let team = seed.team {
                later.append(DemoStep(at: lastTouch, command: .edit(key: key, changes: TicketChanges(team: .some(team)))))
            }
        }
        // A routing directory, so hand-over can name each component's owning team.
        steps.append(DemoStep(at: now - (oldest + 1) * hour + 60_000, command: .defineRouting([
            "login": "identity", "ldap": "identity", "push": "mobile", "search": "search", "export": "server",
            "plugins": "integrations", "websocket": "server",
        ])))
        // Two hand moves against the rules, so the marks and "why here" have something to show.
        later.append(DemoStep(at: now - 5 * hour, command: .rank(key: "SET-23", position: .top)))
        later.append(DemoStep(at: now - 4 * hour, command: .rank(key: "SET-17", position: .after("SET-3"))))
        // Sorted by time with ties kept in script order, so the demo is the same on every run.
        let ordered = later.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
        return steps + ordered
    }
}

extension DemoBoard {
    /// The demo's roster: EMEA in Berlin and the Americas in New York. Its rotation starts at the hand-off (Monday
    /// 09:00 Berlin) of the week holding `now` (Unix ms), so the demo is in week one whenever it is run, and the next
    /// rotation is already imported, so the roster never warns that it runs out. Outside both shifts' hours the
    /// Americas pair answers, so someone is on call at any hour; `admins` lets the person running the demo try
    /// overrides and leave.
    public static func roster(now: Int64, admins: [String], zones: any TimeZoneProvider) -> RosterDefinition {
        let today = WorkingTime.floorDiv(now, WorkingTime.dayMs)
        var monday = today - WorkingTime.weekday(ofDay: today)
        let berlin = zones.clock("Europe/Berlin").rules
        if RosterClock.instant(wall: monday * WorkingTime.dayMs + 9 * WorkingTime.hourMs, in: berlin) > now { monday -= 7 }
        let weekdays = Array(0..<5)
        return RosterDefinition(
            admins: admins.filter(Decide.isValidHandle), fallback: .shift("Americas"),
            escalation: EscalationPolicy(waits: [900_000, 900_000, 900_000], repeats: 1),
            engineers: [
                RosterEngineer(handle: "alice", name: "Alice Archer", team: "server", zone: "Europe/Berlin"),
                RosterEngineer(handle: "bob", name: "Bob Baker", team: "server", zone: "Europe/Berlin"),
                RosterEngineer(handle: "carol", name: "Carol Clark", team: "web", zone: "Europe/Berlin"),
                RosterEngineer(handle: "dave", name: "Dave Dunn", team: "mobile", zone: "America/New_York"),
                RosterEngineer(handle: "erin", name: "Erin Evans", team: "mobile", zone: "America/New_York"),
                RosterEngineer(handle: "frank", name: "Frank Ford", team: "desktop", zone: "America/Chicago"),
                RosterEngineer(handle: "grace", name: "Grace Green", team: "desktop", zone: "Europe/Dublin"),
            ],
            rotations: [
                RosterRotation(name: "SET", zone: "Europe/Berlin", anchorDay: monday, lead: "carol", shifts: [
                    RosterShift(name: "EMEA", zone: "Europe/Berlin", start: 8 * 60, end: 17 * 60, days: weekdays,
                                people: ["alice", "bob"]),
                    RosterShift(name: "Americas", zone: "America/New_York", start: 9 * 60, end: 18 * 60, days: weekdays,
                                people: ["dave", "erin"]),
                ], nextTeam: "desktop"),
                // The desktop team's people take over two weeks on.
                RosterRotation(name: "SET-next", zone: "Europe/Berlin", anchorDay: monday + 14, lead: "dave", shifts: [
                    RosterShift(name: "EMEA", zone: "Europe/Berlin", start: 8 * 60, end: 17 * 60, days: weekdays,
                                people: ["grace", "carol"]),
                    RosterShift(name: "Americas", zone: "America/New_York", start: 9 * 60, end: 18 * 60, days: weekdays,
                                people: ["frank", "erin"]),
                ]),
            ])
    }
}
