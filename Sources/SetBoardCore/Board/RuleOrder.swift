/// The team's priority rules: tier, then level (unset last), then age (oldest first), then key.

extension BoardState {
    /// True when `a` belongs above `b` by the rules.
    public func ruleLess(_ a: Ticket, _ b: Ticket) -> Bool {
        let ta = settings.rank(of: a.tier), tb = settings.rank(of: b.tier)
        if ta != tb { return ta < tb }
        let la = a.level?.rank ?? 5, lb = b.level?.rank ?? 5
        if la != lb { return la < lb }
        if a.created != b.created { return a.created < b.created }
        return a.number < b.number
    }

    /// A column's tickets sorted by the rules alone, ignoring hand moves.
    public func ruleOrder(of column: Column) -> [String] {
        cards(in: column).sorted(by: ruleLess).map(\.key)
    }

    /// Whether the card at `index` sits where the rules allow relative to the nearest cards above and below it that
    /// the rules placed. Cards moved by hand are stepped over: placed between a hand-moved card and a card it
    /// outranks, a card is still out of rule order, and calling it in order would leave TO DO's rule-placed cards
    /// unsorted for good, making every later placement a scan of the whole column.
    func isInRuleOrder(at index: Int, in list: [String], ticket: Ticket) -> Bool {
        var i = index - 1
        while i >= 0 {
            if let above = self.ticket(list[i]), above.movedByHand == nil {
                if ruleLess(ticket, above) { return false }
                break
            }
            i -= 1
        }
        var j = index + 1
        while j < list.count {
            if let below = self.ticket(list[j]), below.movedByHand == nil {
                if ruleLess(below, ticket) { return false }
                break
            }
            j += 1
        }
        return true
    }

    /// How many cards sit above a card of a higher tier: what "out of rule order" counts on the header.
    public func outOfRuleCount(in column: Column = .todo) -> Int {
        var bestBelow = Int.max
        var count = 0
        func see(_ rank: Int) {
            if rank > bestBelow { count += 1 }
            bestBelow = min(bestBelow, rank)
        }
        let ranks = Tier.allCases.map { settings.rank(of: $0) }
        if column == .todo && todoCardsKnown {
            for card in todoCards.reversed() { see(ranks[Int(card.tier)]) }
        } else if let lazyTickets, listsAsRead {
            // A board opened lazily and not changed since counts from the snapshot's table of tiers: decoding a TO DO
            // of 30,000 cards for one number in the header would undo the point of opening lazily. (After an event
            // the table's places may be stale.)
            for position in lazyTickets.tierPositions(in: column, count: keys(in: column).count).reversed() {
                see(ranks[position])
            }
        } else {
            for key in keys(in: column).reversed() {
                if let t = ticket(key) { see(settings.rank(of: t.tier)) }
            }
        }
        return count
    }

    /// True when the column is exactly in rule order and no card carries a hand mark.
    public func isInRuleOrder(_ column: Column) -> Bool {
        let list = keys(in: column)
        if list.contains(where: { ticket($0)?.movedByHand != nil }) { return false }
        return list == ruleOrder(of: column)
    }

    /// The position that moves a card one step down (+1) or up (-1) within its column, or nil at the edge.
    public func rankPosition(moving key: String, by step: Int) -> RankPosition? {
        guard let t = ticket(key) else { return nil }
        let list = keys(in: t.column)
        guard let i = list.firstIndex(of: key) else { return nil }
        let target = i + step
        guard target >= 0, target < list.count, target != i else { return nil }
        if step > 0 { return .after(list[target]) }
        return target == 0 ? .top : .after(list[target - 1])
    }
}
