/// How an alert's labels become a CAT2 ticket's tier, level and owning team, and which alerts page: the `alerts:`
/// section of the map file, as values.

/// `label=value`: matches an alert whose label has exactly that value.
public struct LabelMatch: Equatable, Sendable, CustomStringConvertible {
    public var label: String
    public var value: String

    public init(label: String, value: String) {
        self.label = label
        self.value = value
    }

    /// "severity=critical" → label `severity`, value `critical`; nil without a `=` or with an empty label.
    public init?(text: String) {
        guard let eq = text.firstIndex(of: "=") else { return nil }
        let label = String(text[..<eq]).trimmingWhitespace()
        guard !label.isEmpty else { return nil }
        self.init(label: label, value: String(text[text.index(after: eq)...]).trimmingWhitespace())
    }

    public func matches(_ alert: WebhookAlert) -> Bool { alert.label(label) == value }

    public var description: String { "\(label)=\(value)" }
}

public struct AlertRules: Equatable, Sendable {
    /// The tier when no `tiers` rule matches.
    public var defaultTier: Tier
    /// The first rule, in the file's order, that any alert of the group matches gives the tier.
    public var tiers: [(LabelMatch, Tier)]
    /// Of the rules the group's alerts match, the most severe level wins.
    public var levels: [(LabelMatch, Level)]
    /// The first matching rule gives the owning team; otherwise the value of `teamLabel`, when it is a valid name.
    public var teams: [(LabelMatch, String)]
    public var teamLabel: String?
    /// Alerts that page the on-call chain when they reach the board; the most urgent matching priority wins.
    public var pages: [(LabelMatch, PagePriority)]

    public init(defaultTier: Tier = .other, tiers: [(LabelMatch, Tier)] = [], levels: [(LabelMatch, Level)] = [],
                teams: [(LabelMatch, String)] = [], teamLabel: String? = nil, pages: [(LabelMatch, PagePriority)] = []) {
        self.defaultTier = defaultTier
        self.tiers = tiers
        self.levels = levels
        self.teams = teams
        self.teamLabel = teamLabel
        self.pages = pages
    }

    /// With no map file: every alert is a CAT2 ticket of tier `other`, no level, no team, and nothing pages.
    public static let none = AlertRules()

    public func tier(for alerts: [WebhookAlert]) -> Tier {
        tiers.first { rule in alerts.contains { rule.0.matches($0) } }?.1 ?? defaultTier
    }

    public func level(for alerts: [WebhookAlert]) -> Level? {
        levels.filter { rule in alerts.contains { rule.0.matches($0) } }.map(\.1).min()
    }

    public func team(for alerts: [WebhookAlert]) -> String? {
        if let rule = teams.first(where: { rule in alerts.contains { rule.0.matches($0) } }) { return rule.1 }
        guard let teamLabel else { return nil }
        return alerts.lazy.compactMap { $0.label(teamLabel) }.first { Decide.isValidHandle($0) }
    }

    public func pagePriority(for alerts: [WebhookAlert]) -> PagePriority? {
        pages.filter { rule in alerts.contains { rule.0.matches($0) } }.map(\.1).min()
    }

    public static func == (a: AlertRules, b: AlertRules) -> Bool {
        a.defaultTier == b.defaultTier && a.teamLabel == b.teamLabel
            && a.tiers.elementsEqual(b.tiers, by: ==) && a.levels.elementsEqual(b.levels, by: ==)
            && a.teams.elementsEqual(b.teams, by: ==) && a.pages.elementsEqual(b.pages, by: ==)
    }
}
