// The `jira:` section of the intake map file: Jira's statuses, types, priorities, labels, components and users → the board's words.
import Foundation
import SetBoardCore
import Yams

/// Read from the same file as `AlertMap` (`$XDG_CONFIG_HOME/setboard/map.yaml` or `--map FILE`); `alerts:` is skipped here.
public enum JiraMap: IntakeMapSection {
    public static let example = """
        # setboard intake map, `jira:` section: how `setboard import jira` turns Jira's values into the board's.
        # Jira's values are matched in any case. (`alerts:` belongs to `setboard alert`; both may sit in one file.)
        jira:
          url: https://jira.example.com      # Jira's address: each ticket links to <url>/browse/<key>
          category: CAT1                     # CAT1 (people) or CAT2 (alerts) for every imported ticket
          statuses:                          # Jira status -> column (todo, in-progress, in-review, handed-over, done)
            Open: todo
            In Progress: in-progress
            Code Review: in-review
            Waiting for Team: handed-over
            Closed: done
          types:                             # Jira issue type -> bug, feature or question
            Bug: bug
            Story: feature
            Task: bug
          tier: other                        # the tier when no rule under `tiers` matches
          tiers:                             # the first rule an issue matches wins: label, priority, component or type
            label hotfix: hotfix
            label release-blocker: release
            component Cloud: community
            label customer: customer
          levels:                            # of the rules an issue matches, the most severe level wins
            priority Highest: L1
            priority High: L2
            priority Medium: L3
            priority Low: L4
            label sev1: L1
          users:                             # Jira user name or display name -> board handle
            Alice Example: alice
            bob.jones: bob
          teams:                             # component -> owning team
            Server: server
            Mobile: mobile

        """

    /// Reads the file's `jira:` section; none gives `JiraRules.none`. Every problem names its line.
    public static func parse(_ text: String) throws(FileProblem) -> JiraRules {
        guard let node = try IntakeMapFile.section("jira", of: text) else { return .none }
        return try section(node)
    }

    static func section(_ node: Node) throws(FileProblem) -> JiraRules {
        if node.null != nil { return .none }
        guard let fields = node.mapping else { throw FileProblem("line \(line(node)): `jira` must be a mapping") }
        var rules = JiraRules.none
        for (_, v) in fields {
            for (key, _) in v.mapping ?? [:] {
                if let text = key.scalar?.string.trimmingCharacters(in: .whitespaces) { rules.spelled[text.lowercased()] = text }
            }
        }
        for (k, v) in fields {
            let name = k.string ?? "?"
            switch name {
            case "url":
                guard let url = v.scalar?.string, url.hasPrefix("https://") || url.hasPrefix("http://"),
                      !url.contains(where: { $0.isWhitespace || $0.isNewline }), url.count <= 500 else {
                    throw FileProblem("line \(line(v)): `url` must be Jira's address, like https://jira.example.com")
                }
                rules.url = url
            case "category":
                rules.category = try word(v, "category", Category.init(text:), ["CAT1", "CAT2"])
            case "statuses":
                rules.statuses = try table(v, name) { (n) throws(FileProblem) in
                    try word(n, "column", Column.init(text:), Column.allCases.map(\.rawValue))
                }
            case "types":
                rules.types = try table(v, name) { (n) throws(FileProblem) in
                    try word(n, "type", { TicketType(rawValue: $0.lowercased()) }, TicketType.allCases.map(\.rawValue))
                }
            case "tier":
                rules.defaultTier = try word(v, "tier", Tier.init(rawValue:), Tier.allCases.map(\.rawValue))
            case "tiers":
                rules.tiers = try rulesList(v, name) { (n) throws(FileProblem) in
                    try word(n, "tier", Tier.init(rawValue:), Tier.allCases.map(\.rawValue))
                }
            case "levels":
                rules.levels = try rulesList(v, name) { (n) throws(FileProblem) in
                    try word(n, "level", Level.init(text:), Level.allCases.map(\.rawValue))
                }
            case "users":
                rules.users = try table(v, name) { (n) throws(FileProblem) in
                    try word(n, "handle", { Decide.isValidHandle($0) ? $0 : nil }, ["a handle of letters, digits, '.', '_' or '-'"])
                }
            case "teams":
                rules.teams = try table(v, name) { (n) throws(FileProblem) in
                    try word(n, "team", { Decide.isValidHandle($0) ? $0 : nil }, ["a name of letters, digits, '.', '_' or '-'"])
                }
            default:
                throw FileProblem("line \(line(k)): unknown field \"\(TextSafety.escaped(name))\" under `jira` "
                                  + "(expected url, category, statuses, types, tier, tiers, levels, users or teams)")
            }
        }
        return rules
    }

    /// `Jira value: result` lines, keyed by the lower-cased value; a value twice is refused.
    static func table<T>(_ node: Node, _ field: String, _ result: (Node) throws(FileProblem) -> T) throws(FileProblem) -> [String: T] {
        if node.null != nil { return [:] }
        guard let pairs = node.mapping else { throw FileProblem("line \(line(node)): `\(field)` must map Jira's values to results") }
        var out: [String: T] = [:]
        for (k, v) in pairs {
            guard let text = k.scalar?.string.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
                throw FileProblem("line \(line(k)): a key under `\(field)` must be a Jira value")
            }
            guard out[text.lowercased()] == nil else {
                throw FileProblem("line \(line(k)): \"\(TextSafety.escaped(text))\" appears twice under `\(field)`")
            }
            out[text.lowercased()] = try result(v)
        }
        return out
    }

    /// `label hotfix: result` lines, in the file's order.
    static func rulesList<T>(_ node: Node, _ field: String,
                             _ result: (Node) throws(FileProblem) -> T) throws(FileProblem) -> [(JiraMatch, T)] {
        if node.null != nil { return [] }
        guard let pairs = node.mapping else {
            throw FileProblem("line \(line(node)): `\(field)` must map `label X`, `priority X`, `component X` or `type X` to a result")
        }
        var out: [(JiraMatch, T)] = []
        for (k, v) in pairs {
            guard let text = k.scalar?.string, let match = JiraMatch(text: text) else {
                throw FileProblem("line \(line(k)): \"\(TextSafety.escaped(k.string ?? "?"))\" under `\(field)` is not "
                                  + "`label X`, `priority X`, `component X` or `type X`")
            }
            guard !out.contains(where: { $0.0.field == match.field && $0.0.value.lowercased() == match.value.lowercased() }) else {
                throw FileProblem("line \(line(k)): \"\(TextSafety.escaped(text))\" appears twice under `\(field)`")
            }
            out.append((match, try result(v)))
        }
        return out
    }
}
