/// The `alerts:` section of the intake map file: Alertmanager labels → tier, level, owning team and page priority.
import Foundation
import SetBoardCore
import Yams

/// The map file is shared with the Jira import, whose `jira:` section is read elsewhere and skipped here.
public enum AlertMap: IntakeMapSection {
    /// The file's name in `$XDG_CONFIG_HOME/setboard/`, used when no `--map FILE` is given.
    public static let defaultFileName = "map.yaml"

    public static let example = """
        # setboard intake map. `alerts:` says how Alertmanager's labels become a CAT2 ticket;
        # rules are `label=value: result`. (`jira:` belongs to `setboard import jira`.)
        alerts:
          tier: other                    # the tier when no rule under `tiers` matches
          tiers:                         # the first rule any alert of the group matches wins
            service=community: community
            env=customer: customer
          levels:                        # the most severe level matched wins
            severity=critical: L1
            severity=error: L2
            severity=warning: L3
          teams:                         # the first rule matched names the owning team...
            service=search: server
          team_label: team               # ...else this label's value does
          pages:                         # alerts that page the on-call chain, at this priority
            severity=critical: P1
            severity=page: P2

        """

    /// Reads the file; no `alerts:` section gives `AlertRules.none`. Every problem names its line.
    public static func parse(_ text: String) throws(FileProblem) -> AlertRules {
        guard let node = try IntakeMapFile.section("alerts", of: text) else { return .none }
        return try section(node)
    }

    static func section(_ node: Node) throws(FileProblem) -> AlertRules {
        if node.null != nil { return .none }
        guard let fields = node.mapping else { throw FileProblem("line \(line(node)): `alerts` must be a mapping") }
        var rules = AlertRules.none
        for (k, v) in fields {
            let name = k.string ?? "?"
            switch name {
            case "tier":
                rules.defaultTier = try word(v, "tier", Tier.init(rawValue:), Tier.allCases.map(\.rawValue))
            case "tiers":
                rules.tiers = try ruleList(v, name) { (n) throws(FileProblem) in
                    try word(n, "tier", Tier.init(rawValue:), Tier.allCases.map(\.rawValue))
                }
            case "levels":
                rules.levels = try ruleList(v, name) { (n) throws(FileProblem) in
                    try word(n, "level", Level.init(text:), Level.allCases.map(\.rawValue))
                }
            case "teams":
                rules.teams = try ruleList(v, name) { (n) throws(FileProblem) in
                    try word(n, "team", { Decide.isValidHandle($0) ? $0 : nil }, ["a name of letters, digits, '.', '_' or '-'"])
                }
            case "team_label":
                guard let label = v.scalar?.string, !label.isEmpty, !label.contains("=") else {
                    throw FileProblem("line \(line(v)): `team_label` must be a label name, like team")
                }
                rules.teamLabel = label
            case "pages":
                rules.pages = try ruleList(v, name) { (n) throws(FileProblem) in
                    try word(n, "page priority", PagePriority.init(text:), PagePriority.allCases.map(\.label))
                }
            default:
                throw FileProblem("line \(line(k)): unknown field \"\(TextSafety.escaped(name))\" under `alerts` "
                                  + "(expected tier, tiers, levels, teams, team_label or pages)")
            }
        }
        return rules
    }

    /// `label=value: result` lines, in the file's order.
    static func ruleList<T>(_ node: Node, _ field: String,
                            _ result: (Node) throws(FileProblem) -> T) throws(FileProblem) -> [(LabelMatch, T)] {
        if node.null != nil { return [] }
        guard let pairs = node.mapping else {
            throw FileProblem("line \(line(node)): `\(field)` must map `label=value` to a result")
        }
        var out: [(LabelMatch, T)] = []
        for (k, v) in pairs {
            guard let text = k.scalar?.string, let match = LabelMatch(text: text) else {
                throw FileProblem("line \(line(k)): \"\(TextSafety.escaped(k.string ?? "?"))\" under `\(field)` is not `label=value`")
            }
            guard !out.contains(where: { $0.0 == match }) else {
                throw FileProblem("line \(line(k)): \"\(TextSafety.escaped(text))\" appears twice under `\(field)`")
            }
            out.append((match, try result(v)))
        }
        return out
    }
}
