/// The one-line answer to "why is this card here?", from the rules, the neighbours and any hand move.

extension BoardState {
    /// "hotfix · L2 · 3d old" — the facts the rules order by.
    public func rankFacts(_ t: Ticket, now: Int64) -> String {
        "\(t.tier.rawValue) · \(t.level?.rawValue ?? "no level") · \(WorkingTime.shortAge(now - t.created)) old"
    }

    public func whyHere(_ key: String, now: Int64) -> String {
        guard let t = ticket(key) else { return "\(key) is not on this board" }
        guard t.isOnBoard else {
            return "\(key) left the SET board: a \(t.type.rawValue) owned by \(t.team ?? "another team") (list --all shows it)"
        }
        let list = keys(in: t.column)
        guard let index = list.firstIndex(of: key) else { return "\(key) is not placed in \(t.column.title)" }
        let facts = rankFacts(t, now: now)
        let place = "#\(index + 1) of \(list.count) in \(t.column.title)"
        if let hand = t.movedByHand {
            return "\(place): moved by hand by \(hand.actor) \(WorkingTime.shortAge(now - hand.at)) ago, "
                + "against the rule order (\(facts)); `=` restores rule order"
        }
        guard t.column == .todo else {
            return "\(place), in the order cards arrived (\(facts))"
        }
        guard index > 0, let above = ticket(list[index - 1]) else {
            return "\(place): top of the queue, nothing outranks it (\(facts))"
        }
        return "\(place) (\(facts)); below \(above.key) \(reason(above: above, below: t))"
    }

    /// Why `above` sits above `below`, in the words of the rules.
    private func reason(above: Ticket, below: Ticket) -> String {
        if above.movedByHand != nil { return "(moved there by hand by \(above.movedByHand?.actor ?? "someone"))" }
        if !ruleLess(above, below) { return "(its place is older than this card's last change; `=` restores rule order)" }
        let ra = settings.rank(of: above.tier), rb = settings.rank(of: below.tier)
        if ra != rb { return "(\(above.tier.rawValue) outranks \(below.tier.rawValue))" }
        if above.level != below.level {
            return "(same tier; \(above.level?.rawValue ?? "no level") before \(below.level?.rawValue ?? "no level"))"
        }
        if above.created != below.created { return "(same tier and level; older)" }
        return "(same tier, level and age; lower key)"
    }
}
