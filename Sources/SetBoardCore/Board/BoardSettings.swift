/// Board-wide rules kept in the journal, so every user on the host orders and flags cards the same way.
public struct BoardSettings: Equatable, Sendable {
    public var name: String
    public var prefix: String
    public var tierOrder: [Tier]
    /// Working days (Monday–Friday) without an event after which a card in the column is stuck; nil never.
    public var stuckLimits: [Column: Int]
    /// The routing directory: component → owning team, used to suggest where a ticket is handed over.
    public var routing: [String: String] = [:]

    /// The owning team for a component, matched without regard to case.
    public func owningTeam(of component: String) -> String? {
        routing[component] ?? routing.first { $0.key.lowercased() == component.lowercased() }?.value
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

    public func rank(of tier: Tier) -> Int { tierOrder.firstIndex(of: tier) ?? tierOrder.count }
}
