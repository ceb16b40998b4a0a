/// Board-wide rules kept in the journal, so every user on the host orders and flags cards the same way.
public struct BoardSettings: Equatable, Sendable {
    public var name: String
    public var prefix: String
    public var tierOrder: [Tier]
    /// Working days (Monday–Friday) without an event after which a card in the column is stuck; nil never.
    public var stuckLimits: [Column: Int]
    /// Working days without an event after which a card of the level is stuck, in any column that has a limit:
    /// an L1 should be stuck sooner than an L4. The stricter of the column's and the level's limit applies.
    public var levelStuckLimits: [Level: Int] = [:]
    /// The routing directory: component → owning team, used to suggest where a ticket is handed over.
    public var routing: [String: String] = [:]
    /// Per component, how to reach its owning team (a handle such as `@mobile-oncall` or a channel such as `#server`).
    public var routingContacts: [String: String] = [:]
    /// Response-clock targets per clock, tier and level (see `ResponseTargets.defaults`).
    public var responseTargets = ResponseTargets.defaults

    /// The owning team for a component, matched without regard to case.
    public func owningTeam(of component: String) -> String? {
        routing[component] ?? routing.first { $0.key.lowercased() == component.lowercased() }?.value
    }

    /// The contact for a component, matched like `owningTeam(of:)`.
    public func contact(of component: String) -> String? {
        routingContacts[component] ?? routingContacts.first { $0.key.lowercased() == component.lowercased() }?.value
    }

    /// A contact is a handle or a channel: an optional `@` or `#` before a handle's letters, digits, '.', '_' or '-'.
    public static func isValidContact(_ text: String) -> Bool {
        let body = text.hasPrefix("@") || text.hasPrefix("#") ? String(text.dropFirst()) : text
        return Decide.isValidHandle(body)
    }

    public static let defaultStuckLimits: [Column: Int] = [.todo: 3, .inProgress: 3, .inReview: 3, .handedOver: 3]

    public init(name: String = "SET board", prefix: String = "SET", tierOrder: [Tier] = Tier.defaultOrder,
                stuckLimits: [Column: Int] = BoardSettings.defaultStuckLimits) {
        self.name = name
        self.prefix = prefix
        self.tierOrder = BoardSettings.completed(tierOrder)
        self.stuckLimits = stuckLimits
    }

    /// A partial tier order keeps the named tiers first and the rest in default order, so every tier has a rank.
    public static func completed(_ order: [Tier]) -> [Tier] {
        var seen = Set<Tier>()
        var result: [Tier] = []
        for tier in order + Tier.defaultOrder where !seen.contains(tier) {
            seen.insert(tier)
            result.append(tier)
        }
        return result
    }

    /// The limit a card is held to: none where its column has none (a done card is never stuck), else the smaller
    /// of the column's and its level's, so a level limit only ever makes a card stuck sooner.
    public func stuckLimit(column: Column, level: Level?) -> Int? {
        guard let columnLimit = stuckLimits[column] else { return nil }
        guard let level, let levelLimit = levelStuckLimits[level] else { return columnLimit }
        return min(columnLimit, levelLimit)
    }

    public func rank(of tier: Tier) -> Int { tierOrder.firstIndex(of: tier) ?? tierOrder.count }
}
