// One line per alert group of a CAT2 ticket (how many of its alerts fire, how many were resolved), for `show` and the detail view.

extension AlertState {
    /// "group {}:{alertname="DiskFull"}: 2 firing, 1 resolved (DiskFull, HighLoad)", one per group the ticket's alerts
    /// came in with, in the order they arrived; every sender's text escaped. Empty for a ticket no alert reached.
    public func summaryLines(of key: String) -> [String] {
        var groups: [String] = []
        var firing: [String: Int] = [:], resolved: [String: Int] = [:], names: [String: [String]] = [:]
        for (_, o) in alerts(of: key) where o.key == key {
            if firing[o.group] == nil && resolved[o.group] == nil { groups.append(o.group) }
            if o.isResolved { resolved[o.group, default: 0] += 1 } else { firing[o.group, default: 0] += 1 }
            if names[o.group]?.contains(o.name) != true { names[o.group, default: []].append(o.name) }
        }
        return groups.map { g in
            let shown = names[g, default: []].prefix(5).map { TextSafety.escaped($0) }.joined(separator: ", ")
            return "group \(TextSafety.escaped(g)): \(firing[g] ?? 0) firing, \(resolved[g] ?? 0) resolved" + (shown.isEmpty ? "" : " (\(shown))")
        }
    }
}
