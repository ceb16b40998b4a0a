/// The board as replayed from its events: tickets, each column's order, and the board's settings.

public struct BoardState: Equatable, Sendable {
    public private(set) var settings = BoardSettings()
    /// True once `board.created` has been applied.
    public private(set) var isInitialized = false
    /// Every ticket by key. On a board opened lazily from a snapshot every read decodes all of them (nothing is cached
    /// behind the value: `decodeAll` keeps them, once); per-card reads go through `ticket(_:)`.
    public var tickets: [String: Ticket] {
        guard let lazyTickets else { return storedTickets.dictionary }
        var all = Dictionary(lazyTickets.all().map { ($0.key, $0) }, uniquingKeysWith: { _, last in last })
        storedTickets.forEach { key, t in all[key] = t }
        return all
    }
    /// Every ticket; on a board still undecoded (`lazyTickets`), only the ones changed or added since the snapshot,
    /// which replace the snapshot's. A change decodes its own card only: with every card decoded at the first change
    /// (about 340 bytes a card) the open board's process at 200,000 tickets peaked at 117 MB.
    private(set) var storedTickets = TicketTable()
    /// Tickets whoever read the board has not decoded yet (a snapshot, on the journal side), read one at a time
    /// under `storedTickets` until `decodeAll`. Core knows only what it may ask of them, not how they are stored.
    package var lazyTickets: (any UndecodedTickets)?
    /// Keys of the on-board tickets of each column, top to bottom.
    public var order: [Column: [String]] { lists.dictionary }
    private(set) var lists = ColumnLists()
    /// What rule order reads of each TO DO card but its age, in the same order as `order[.todo]`: the header's
    /// out-of-rule count reads the tiers after every change, and looking up every TO DO card by key was most of a
    /// move at 50,000 tickets; the binary searches for a card's place compare tiers and levels here and look a ticket
    /// up only on a tie (158 → 113 million instructions of a full replay of 50,000 tickets, 4,342 million in all).
    /// Derived, so not part of the board's value; placeholders while `todoCardsKnown` is false.
    private(set) var todoCards: [TodoCard] = []
    /// False on a board read lazily until the first change (or `readyForChanges`) reads TO DO's cards: a first
    /// frame does not decode them.
    private(set) var todoCardsKnown = true
    /// True on a board read lazily until it takes an event: the column lists are still the snapshot's, so its table of
    /// tiers (`UndecodedTickets.tierPositions`) counts them. An event may reorder a column without changing a card
    /// (a restore where no card was moved by hand), so no other state tells.
    private(set) var listsAsRead = true
    /// The number the next new ticket gets: one past the largest seen, so keys have no gaps or duplicates.
    public private(set) var nextNumber = 1
    public private(set) var lastSeq: Int64 = 0
    /// Events this version did not understand, counted so the user can be told rather than the data dropped silently.
    public private(set) var unknownEvents = 0
    /// Whether TO DO's cards not moved by hand are known to be in rule order, so a new card's place is found by
    /// binary search: a scan made replay quadratic in the size of TO DO (0.8 s per command at 3,500 cards).
    package var todoRuleSorted = SortHint(knowledge: .sorted)
    /// The nearest response-clock deadline of every card with a running clock, kept on apply and stored in the
    /// snapshot, so a frame counts breaches without reading the cards (`ResponseClocks.swift`).
    package private(set) var clocks = ClockIndex()

    public init() {}

    /// Rebuilds a state from a snapshot's parts; only the snapshot reader calls it.
    package init(settings: BoardSettings, isInitialized: Bool, tickets: [String: Ticket], order: [Column: [String]],
         nextNumber: Int, lastSeq: Int64, unknownEvents: Int, todoRuleSorted: SortHint.Knowledge,
         clockDeadlines: [(key: String, deadline: Int64)]? = nil) {
        self.settings = settings
        self.isInitialized = isInitialized
        self.storedTickets = TicketTable(tickets)
        self.lists = ColumnLists(order)
        self.todoCards = Self.todoCards(of: order[.todo] ?? [], in: storedTickets)
        // Without tickets (a snapshot read lazily supplies them after this) the entries are placeholders.
        self.todoCardsKnown = storedTickets.count > 0 || (order[.todo] ?? []).isEmpty
        self.nextNumber = nextNumber
        self.lastSeq = lastSeq
        self.unknownEvents = unknownEvents
        self.todoRuleSorted = SortHint(knowledge: todoRuleSorted)
        if let clockDeadlines {
            clocks = ClockIndex(entries: clockDeadlines)
        } else {
            rebuildClocks()
        }
    }

    /// Every card's nearest deadline afresh: after the targets change, or for a state read without stored deadlines.
    private mutating func rebuildClocks() {
        let targets = settings.responseTargets
        clocks = ClockIndex(entries: allTickets.compactMap { t in
            BoardState.deadline(of: t, targets: targets).map { (key: t.key, deadline: $0) }
        })
    }

    /// The deadlines for the snapshot, ascending.
    package var clockDeadlines: [(key: String, deadline: Int64)] {
        clocks.deadlines.map { (key: $0.key, deadline: $0.value) }.sorted { ($0.deadline, $0.key) < ($1.deadline, $1.key) }
    }

    @inline(__always)
    public func ticket(_ key: String) -> Ticket? { stored(key, number: TicketTable.number(of: key)) }

    /// The ticket under `key`, whose number is known: the table's, else the snapshot's.
    @inline(__always)
    private func stored(_ key: String, number: Int32) -> Ticket? {
        if let t = storedTickets.ticket(key, number: number) { return t }
        return lazyTickets?.ticket(key)
    }

    /// Every ticket in no particular order, the changed ones in place of the snapshot's.
    private var allTickets: [Ticket] {
        guard let lazyTickets else { return storedTickets.values }
        guard storedTickets.count > 0 else { return lazyTickets.all() }
        return Array(tickets.values)
    }

    /// Brings a snapshot's ticket into `storedTickets` before it changes.
    private mutating func take(_ key: String, number: Int32) {
        guard let lazyTickets, storedTickets.ticket(key, number: number) == nil,
              let t = lazyTickets.ticket(key) else { return }
        storedTickets.set(key, number: number, t)
    }

    /// Calls `body` with what a filter reads of a card: its title's UTF-8 bytes (only for the call), tier, level,
    /// category and assignee. A card still in the snapshot is read in place, not decoded: the filter index of a
    /// 200,000-card board read card by card through `ticket(_:)` took 116 ms (50,000: 30 ms). False when there is
    /// no such card.
    @discardableResult
    public func readFilterFields(_ key: String, _ body: (UnsafeRawBufferPointer, Tier, Level?, Category, String?) -> Void) -> Bool {
        guard let t = storedTickets[key] else { return lazyTickets?.readFilterFields(key, body) ?? false }
        var title = t.title
        title.withUTF8 { body(UnsafeRawBufferPointer($0), t.tier, t.level, t.category, t.assignee) }
        return true
    }

    /// A ticket decoded and kept: on a board still read from a snapshot, one changed or added since.
    package func storedTicket(_ key: String) -> Ticket? { storedTickets[key] }

    /// How many tickets are decoded and kept (see `storedTicket`).
    package var storedTicketCount: Int { storedTickets.count }

    /// Every ticket decoded and kept (see `storedTicket`), in no particular order.
    package var storedTicketList: [Ticket] { storedTickets.values }

    /// True while the tickets are still the snapshot's undecoded bytes (see `decodeAll`).
    public var isPartlyDecoded: Bool { lazyTickets != nil }

    /// Decodes every ticket of a board opened lazily, once; the board's value does not change. Only a reader of
    /// every card wants this: a change decodes its own card.
    public mutating func decodeAll() {
        guard let lazy = lazyTickets else { return }
        var all = lazy.all()
        storedTickets.forEach { _, t in all.append(t) } // later ones replace the snapshot's
        lazyTickets = nil
        storedTickets = TicketTable(tickets: all)
        todoCards = Self.todoCards(of: keys(in: .todo), in: storedTickets)
        todoCardsKnown = true
    }

    /// Reads what a change needs of a board opened lazily (TO DO's tiers, levels and hand marks) ahead of the first
    /// change, so the first key that moves a card does not pay for it. Decodes TO DO's cards one by one and keeps
    /// four bytes of each.
    public mutating func readyForChanges() {
        guard !todoCardsKnown else { return }
        todoCards = todoCards(reading: keys(in: .todo))
        todoCardsKnown = true
    }

    /// The entries of these TO DO keys, each card read through `ticket(_:)` (the snapshot's too, one at a time).
    private func todoCards(reading keys: [String]) -> [TodoCard] {
        keys.map { key in ticket(key).map { TodoCard($0) } ?? TodoCard() }
    }

    /// The tier's position in `Tier.allCases`, by a switch: a search of `allCases` was 38 instructions a card.
    package static func tierByte(_ tier: Tier) -> UInt8 {
        switch tier {
        case .community: return 0
        case .escalation: return 1
        case .hotfix: return 2
        case .release: return 3
        case .customer: return 4
        case .other: return 5
        }
    }

    static func todoCards(of keys: [String], in tickets: TicketTable) -> [TodoCard] {
        // A board read lazily from a snapshot has no tickets yet: every look-up would miss, after hashing its key
        // (200k, 10,884 TO DO cards: 2.9 M instructions of a first frame; 50k: 0.7 M).
        guard tickets.count > 0 else { return Array(repeating: TodoCard(), count: keys.count) }
        return keys.map { tickets[$0].map { TodoCard($0) } ?? TodoCard() }
    }

    public func keys(in column: Column) -> [String] { lists[column] ?? [] }

    public func cards(in column: Column) -> [Ticket] {
        // On a board still undecoded, only this column's cards are decoded.
        if lazyTickets != nil { return keys(in: column).compactMap { ticket($0) } }
        return keys(in: column).compactMap { storedTickets[$0] }
    }

    public static func == (a: BoardState, b: BoardState) -> Bool {
        a.settings == b.settings && a.isInitialized == b.isInitialized && a.lists == b.lists
            && a.nextNumber == b.nextNumber && a.lastSeq == b.lastSeq && a.unknownEvents == b.unknownEvents
            && (a.lazyTickets == nil && b.lazyTickets == nil ? a.storedTickets == b.storedTickets : a.tickets == b.tickets)
    }

    public var onBoardCount: Int { Column.allCases.reduce(0) { $0 + keys(in: $1).count } }

    public var openCount: Int { Column.allCases.filter { $0 != .done }.reduce(0) { $0 + keys(in: $1).count } }

    public func nextKey() -> String { "\(settings.prefix)-\(nextNumber)" }

    /// Every ticket, on the board or not, in column then board order, then the off-board ones by key.
    public var allTicketsInBoardOrder: [Ticket] {
        let onBoard = Column.allCases.flatMap { cards(in: $0) }
        let all = allTickets
        let offBoard = all.filter { !$0.isOnBoard }.sorted { $0.number < $1.number }
        return onBoard + offBoard
    }

    /// Replays one event; never fails: an event about an unknown ticket is ignored.
    public mutating func apply(_ event: BoardEvent, seq: Int64, at ts: Int64, by actor: String) {
        #if DEBUG
        // Every debug run checks the TO DO tiers against the cards after every event.
        defer {
            assert(todoCards == todoCards(reading: keys(in: .todo)), "TO DO's entries drifted")
        }
        #endif
        // The number in the event's key, read once: every lookup of the card below and the column searches use it.
        let eventKey = event.ticketKey
        let keyNumber = eventKey.map(TicketTable.number(of:)) ?? -1
        if lazyTickets != nil {
            // Only the cards this event changes leave the snapshot, so the board stays undecoded.
            readyForChanges()
            listsAsRead = false
            if let eventKey { take(eventKey, number: keyNumber) }
            if case let .orderRestored(column) = event {
                // Only a hand mark changes; the other cards are read where they are (DONE may hold most of them).
                for key in keys(in: column) where ticket(key)?.movedByHand != nil {
                    take(key, number: TicketTable.number(of: key))
                }
            }
        }
        // Whatever the event did to its card (or to the targets), the kept deadlines follow. Without targets no card
        // has a deadline (and none is kept): 3% of a full replay was finding that out.
        let targets = eventKey == nil || settings.responseTargets.hours.isEmpty && clocks.deadlines.isEmpty
            ? nil : settings.responseTargets
        // The card's deadline before the event, which is the kept one: when the event leaves it as it was, the kept
        // deadlines are not looked up at all. Hashing the key to look there was 550 instructions an event, 3% of a
        // full replay of 50,000 tickets, and most events (a card without a clock, or moving between two columns where
        // the same clocks run) change nothing there.
        let deadlineBefore = targets.flatMap { targets in
            eventKey.flatMap { storedTickets.ticket($0, number: keyNumber) }.flatMap { Self.deadline(of: $0, targets: targets) }
        }
        #if DEBUG
        if targets != nil, let key = eventKey {
            assert(clocks.deadlines[key] == deadlineBefore, "the kept deadline of \(key) is not its card's")
        }
        #endif
        defer {
            if let targets, let key = eventKey {
                let after = storedTickets.ticket(key, number: keyNumber).flatMap { Self.deadline(of: $0, targets: targets) }
                if after != deadlineBefore { clocks.set(key, after) }
            }
        }
        lastSeq = max(lastSeq, seq)
        switch event {
        case let .boardCreated(name, prefix):
            isInitialized = true
            settings.name = name
            settings.prefix = prefix
        case let .settingsChanged(tierOrder, stuckLimits, levelStuckLimits):
            if let tierOrder {
                settings.tierOrder = BoardSettings.completed(tierOrder)
                todoRuleSorted.knowledge = .unknown
            }
            if let stuckLimits { settings.stuckLimits = stuckLimits }
            if let levelStuckLimits { settings.levelStuckLimits = levelStuckLimits }
        case let .ticketCreated(key, new):
            guard case .none = storedTickets.ticket(key, number: keyNumber) else { return }
            let number = BoardState.number(of: key) ?? nextNumber
            nextNumber = max(nextNumber, number.addingReportingOverflow(1).partialValue)  // a key of Int.max must not trap
            var ticket = Ticket(key: key, number: number, title: new.title, description: new.description,
                                tier: new.tier, level: new.level, category: new.category, type: new.type,
                                column: new.column, assignee: new.assignee, team: new.team, created: new.createdAt ?? ts)
            // An imported ticket is as old as its origin says, but it was last touched now.
            if new.createdAt != nil { ticket.updated = ts }
            ticket.source = new.source
            ticket.component = new.component
            storedTickets.set(key, number: keyNumber, ticket)
            if ticket.isOnBoard { place(key, keyNumber, Placing(ticket)) }
        case let .ticketMoved(key, _, to):
            update(key, keyNumber, at: ts) { t in
                t.column = to
                t.movedByHand = nil
            }
        case let .ticketRanked(key, position):
            guard var ticket = storedTickets[key], ticket.isOnBoard else { return }
            ticket.updated = max(ticket.updated, ts)
            // Mutating the column's array in place (not a copy) keeps a replay of a long journal linear.
            let column = ticket.column
            if let i = lists.firstIndex(of: key, in: column) {
                lists.remove(at: i, in: column)
                if column == .todo { todoCards.remove(at: i) }
            }
            let count = lists.count(in: column)
            let index: Int
            switch position {
            case .top: index = 0
            case .bottom: index = count
            case let .after(other): index = lists.firstIndex(of: other, in: column).map { $0 + 1 } ?? count
            }
            lists.insert(key, number: keyNumber, at: index, in: column)
            ticket.movedByHand = isInRuleOrder(at: index, in: lists[column] ?? [], ticket: ticket) ? nil : HandMove(actor: actor, at: ts)
            if column == .todo { todoCards.insert(TodoCard(ticket), at: index) }
            // Taken out of a sorted run and put back between the rule-placed cards that bracket it, the run stays
            // sorted; a run that was not sorted may have lost its disorder with the card.
            if column == .todo && todoRuleSorted.knowledge == .unsorted { todoRuleSorted.knowledge = .unknown }
            storedTickets[key] = ticket
        case let .ticketAssigned(key, assignee):
            update(key, keyNumber, at: ts) { $0.assignee = assignee }
        case let .ticketEdited(key, c):
            update(key, keyNumber, at: ts) { t in
                if let v = c.title { t.title = v }
                if let v = c.description { t.description = v }
                if let v = c.tier { t.tier = v }
                if let v = c.level { t.level = v }
                if let v = c.category { t.category = v }
                if let v = c.type { t.type = v }
                if let v = c.team { t.team = v }
            }
        case let .checklistMarked(key, item, state):
            // In place: a copy taken out and stored back would copy the ticket's fields on every event.
            storedTickets.modify(key, number: keyNumber) { t in
                t.record(item, state)
                t.updated = max(t.updated, ts)
            }
        case let .ticketNudged(key):
            storedTickets.modify(key, number: keyNumber) { t in
                t.nudges += 1
                t.updated = max(t.updated, ts)
            }
        case let .ticketTakenOver(key, _, to):
            storedTickets.modify(key, number: keyNumber) { t in
                t.assignee = to
                t.updated = max(t.updated, ts)
            }
        case let .clockTargetSet(clock, tier, level, hours):
            settings.responseTargets.set(clock, tier: tier, level: level, hours: hours)
            rebuildClocks()
        case let .routingDefined(routes, contacts):
            settings.routing = routes
            settings.routingContacts = contacts ?? [:]
        case let .ticketHandedOver(key, team):
            update(key, keyNumber, at: ts) { t in
                t.team = team
                t.column = .handedOver
                t.movedByHand = nil
            }
        case let .ticketRerouted(key, type, team, reason):
            update(key, keyNumber, at: ts) { t in
                t.type = type
                t.team = team
                t.rerouted = Reroute(actor: actor, at: ts, team: team, reason: reason)
            }
        case let .orderRestored(column):
            var list = keys(in: column)
            for key in list { storedTickets.modify(key) { $0.movedByHand = nil } }
            list.sort { a, b in
                guard let ta = ticket(a), let tb = ticket(b) else { return a < b }
                return ruleLess(ta, tb)
            }
            lists[column] = list
            if column == .todo {
                todoRuleSorted.knowledge = .sorted
                todoCards = todoCards(reading: list)
            }
        }
    }

    /// Applies an event whose type this version does not know: it is kept in the journal, counted, and skipped.
    public mutating func skipUnknown(seq: Int64) {
        lastSeq = max(lastSeq, seq)
        unknownEvents += 1
    }

    /// What decides a card's place, read from it before and after a change.
    private struct Placing {
        var column: Column
        var isOnBoard: Bool
        var tier: Tier
        var level: Level?
        var handMoved: Bool
        var created: Int64
        var number: Int

        init(_ t: Ticket) {
            column = t.column; isOnBoard = t.isOnBoard; tier = t.tier; level = t.level
            handMoved = t.movedByHand != nil; created = t.created; number = t.number
        }
    }

    /// Changes a ticket and then re-places it if the change moved it between columns, onto or off the board,
    /// or changed what rule order says about it. The ticket is changed where it is stored and only what decides its
    /// place is read before and after: copying it out and storing it back copied its box (a malloc and a retain of
    /// every String field) on every move, 8% of a full replay of 50,000 tickets.
    private mutating func update(_ key: String, _ number: Int32, at ts: Int64, _ change: (inout Ticket) -> Void) {
        guard let (before, after) = storedTickets.modify(key, number: number, { t -> (Placing, Placing) in
            let before = Placing(t)
            change(&t)
            t.updated = max(t.updated, ts)
            return (before, Placing(t))
        }) else { return }
        let moved = before.column != after.column || before.isOnBoard != after.isOnBoard
        let reranked = before.tier != after.tier || before.level != after.level
        if before.isOnBoard && (moved || (reranked && !after.handMoved)),
           let i = index(of: key, number: number, placed: before) {
            lists.remove(at: i, in: before.column)
            if before.column == .todo { todoCards.remove(at: i) }
            // Taking a card out can end the disorder it caused.
            if before.column == .todo && todoRuleSorted.knowledge == .unsorted { todoRuleSorted.knowledge = .unknown }
        }
        if after.isOnBoard && (moved || (reranked && !after.handMoved)) {
            place(key, number, after)
            return
        }
        if after.column == .todo && before.handMoved && !after.handMoved {
            // A hand-moved card losing its mark where it stands joins the rule-placed cards out of turn.
            todoRuleSorted.knowledge = .unknown
        }
        // A hand-moved card keeps its place when its tier or level changes, and a card keeps it when its hand mark
        // is cleared where it stands; only its entry changes.
        if after.isOnBoard && after.column == .todo
            && (before.tier != after.tier || before.level != after.level || before.handMoved != after.handMoved),
           let i = lists.firstIndex(of: key, in: .todo) {
            todoCards[i] = Self.todoCard(after)
        }
    }

    /// Where rule order puts a card, as `ruleLess` compares it.
    private func rank(_ p: Placing) -> RuleRank {
        RuleRank(tier: settings.rank(of: p.tier), level: p.level?.rank ?? 5, created: p.created, number: p.number)
    }

    private func rank(_ t: Ticket) -> RuleRank {
        RuleRank(tier: settings.rank(of: t.tier), level: t.level?.rank ?? 5, created: t.created, number: t.number)
    }

    /// Puts a card arriving in a column at its place: TO DO by the rules (hand-placed cards keep their spots),
    /// other columns at the bottom, in the order cards arrive.
    private mutating func place(_ key: String, _ number: Int32, _ card: Placing) {
        guard card.column == .todo else {
            lists.append(key, number: number, in: card.column)
            return
        }
        let index = todoPlace(for: key, rank(card))
        lists.insert(key, number: number, at: index, in: .todo)
        todoCards.insert(Self.todoCard(card), at: index)
    }

    /// The place in TO DO for a card of this rank; a function of its own so the list it reads is let go before the
    /// list is changed (a second reference alive at the insert would copy the whole list).
    private mutating func todoPlace(for key: String, _ card: RuleRank) -> Int {
        let list = TodoList(keys: lists[.todo] ?? [], numbers: lists.numbers(in: .todo))
        if todoRuleSorted.knowledge == .unknown {
            todoRuleSorted.knowledge = ruleCardsAreSorted(list) ? .sorted : .unsorted
        }
        let index = todoRuleSorted.knowledge == .sorted ? placeBySearch(card) : placeByScan(card, in: list)
        #if DEBUG
        // Every debug run (all the tests, the property tests' random sessions among them) checks the two agree.
        assert(index == placeByScan(card, in: list), "binary search and scan disagree on \(key)'s place")
        #endif
        return index
    }

    /// Where a card stands in its column. In a sorted TO DO a rule-placed card is found by binary search: a scan of
    /// the column for every card leaving TO DO made a replay quadratic (50 s for 200,000 tickets).
    private func index(of key: String, number: Int32, placed card: Placing) -> Int? {
        if card.column == .todo && !card.handMoved && todoRuleSorted.knowledge == .sorted, let keys = lists[.todo] {
            let cardRank = rank(card)
            let i = firstRuleCard(notBelow: cardRank, orEqual: true)
            let found = i < keys.count && keys[i] == key ? i : lists.firstIndex(of: key, in: .todo)
            #if DEBUG
            assert(found == keys.firstIndex(of: key), "binary search and scan disagree on where \(key) is")
            #endif
            return found
        }
        // From the bottom: a card arrives at the bottom of every column but TO DO and most often moves on soon, and
        // a search from the top compared every card above it (13% of a full replay of 50,000 tickets).
        return lists.lastIndex(of: key, number: number, in: card.column)
    }

    /// One pass over the column: are the cards not moved by hand in rule order among themselves?
    private func ruleCardsAreSorted(_ list: TodoList) -> Bool {
        var previous: RuleRank?
        for i in list.keys.indices {
            guard let t = card(i, of: list), t.movedByHand == nil else { continue }
            let r = rank(t)
            if let p = previous, r < p { return false }
            previous = r
        }
        return true
    }

    /// The place the rules give: before the first card not moved by hand that the new card outranks.
    private func placeByScan(_ card: RuleRank, in list: TodoList) -> Int {
        for i in list.keys.indices {
            guard let other = self.card(i, of: list), other.movedByHand == nil else { continue }
            if card < rank(other) { return i }
        }
        return list.keys.count
    }

    /// The same place as `placeByScan` while the rule-placed cards are sorted: a lower-bound search that steps
    /// over hand-moved cards (few, so the steps stay short).
    private func placeBySearch(_ card: RuleRank) -> Int {
        firstRuleCard(notBelow: card, orEqual: false)
    }

    /// The first rule-placed card of TO DO that `card` does not outrank (`orEqual`: or that is `card` itself), or
    /// the end, along TO DO's rule-placed cards sorted by the rules. It compares tiers and levels from `todoCards`
    /// and looks a ticket up only to break a tie on both.
    private func firstRuleCard(notBelow card: RuleRank, orEqual: Bool) -> Int {
        let keys = lists[.todo] ?? [], numbers = lists.numbers(in: .todo)
        // Each tier's rank read once, not at every step (`rank(of:)` searches the tier order: 39 of the search's 113
        // million instructions in a full replay of 50,000 tickets).
        let tiers = Tier.allCases.count
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: tiers) { tierRank -> Int in
        for tier in Tier.allCases { tierRank[Int(Self.tierByte(tier))] = settings.rank(of: tier) }
        return todoCards.withUnsafeBufferPointer { cards -> Int in
            // Whether the rule-placed card at `j` is at or past the place looked for.
            func holds(_ j: Int) -> Bool {
                let c = cards[j]
                let tier = tierRank[Int(c.tier)], level = Int(c.level)
                if tier != card.tier { return card.tier < tier }
                if level != card.level { return card.level < level }
                guard let t = stored(keys[j], number: numbers[j]) else { return false }
                let other = rank(t)
                return orEqual ? !(other < card) : card < other
            }
            // Invariant: `holds` is false for every rule-placed card before `lo`; `answer` is the first rule-placed
            // card at or after `hi` for which it holds (or the end), and it holds for none between `hi` and `answer`.
            var lo = 0, hi = cards.count, answer = cards.count
            while lo < hi {
                let mid = (lo + hi) / 2
                var j = mid
                while j < hi, cards[j].handMoved { j += 1 }
                if j == hi {
                    hi = mid
                } else if cards[j].isTicket, holds(j) {
                    answer = j
                    hi = mid
                } else {
                    lo = j + 1
                }
            }
            return answer
        }
        }
    }

    /// What rule order reads of a card arriving in TO DO.
    private static func todoCard(_ p: Placing) -> TodoCard {
        TodoCard(tier: p.tier, level: p.level, handMoved: p.handMoved)
    }

    /// TO DO's keys with their numbers, for the searches that read card after card.
    private struct TodoList {
        let keys: [String]
        let numbers: [Int32]
    }

    @inline(__always)
    private func card(_ i: Int, of list: TodoList) -> Ticket? { stored(list.keys[i], number: list.numbers[i]) }

    package static func number(of key: String) -> Int? {
        // A key of ASCII ending in a dash and up to nine digits, as nearly all are, is read from its bytes; the
        // character-by-character search below cost 2,500 instructions a ticket.
        var bytes = key // over the bytes in place: with `utf8.allSatisfy` this was 485 instructions a key, now 269
        if let n = TicketTable.slot(of: key), bytes.withUTF8({ $0.allSatisfy { $0 < 0x80 } }) { return n }
        guard let dash = key.lastIndex(of: "-") else { return nil }
        return Int(key[key.index(after: dash)...])
    }
}

/// What is known about an order, kept as a cache: not part of the board's value, so two states with the same cards
/// are equal however they were reached.
package struct SortHint: Equatable, Sendable {
    package enum Knowledge: CaseIterable, Sendable { case sorted, unsorted, unknown }
    package var knowledge: Knowledge
    package static func == (lhs: SortHint, rhs: SortHint) -> Bool { true }
}

/// A board's tickets still in the form they were read in, found one at a time: the first frame of a 50,000-card
/// board shows about a hundred of them. The journal's snapshot reader supplies one; Core only asks. A conformer is
/// a value like the board that holds it (issue 14, point 6): bytes that never change and places in them, nothing
/// cached and no lock, so two copies of a board share nothing that can change under either.
package protocol UndecodedTickets: Sendable {
    /// The ticket with this key, decoded alone; nil when the board has no such ticket.
    func ticket(_ key: String) -> Ticket?
    /// The tier positions (in `Tier.allCases`) of a column's first `count` cards, top to bottom.
    func tierPositions(in column: Column, count: Int) -> [Int]
    /// Every ticket, decoded afresh on every call, in the snapshot's order: `BoardState.decodeAll` is where a board
    /// keeps them. An array, not a dictionary by key: at 200,000 tickets the dictionary was 13 MB more at the
    /// moment every ticket was decoded, the keystroke process's peak (134 → 119 MB).
    func all() -> [Ticket]
    /// Calls `body` with what a filter reads of the card with this key (see `BoardState.readFilterFields`); false
    /// when there is no such card.
    func readFilterFields(_ key: String, _ body: (UnsafeRawBufferPointer, Tier, Level?, Category, String?) -> Void) -> Bool
}

/// What rule order reads of a card (tier's rank, level's rank, age, number), compared as `ruleLess` compares two
/// tickets: read once per card, so a search compares numbers instead of reading two tickets at every step.
struct RuleRank: Comparable {
    var tier: Int
    var level: Int
    var created: Int64
    var number: Int

    static func < (a: RuleRank, b: RuleRank) -> Bool {
        if a.tier != b.tier { return a.tier < b.tier }
        if a.level != b.level { return a.level < b.level }
        if a.created != b.created { return a.created < b.created }
        return a.number < b.number
    }
}

/// What rule order reads of a TO DO card without its ticket, kept in the column's order (`BoardState.todoCards`):
/// four bytes a card, as TO DO's cards are moved along the array whenever one arrives or leaves. With the age and
/// number here too (24 bytes a card) the moves cost more than the lookups they saved: apply went from 958 to 1,023
/// million instructions of a full replay of 50,000 tickets, where these four bytes bring it to 918.
struct TodoCard: Equatable, Sendable {
    /// The tier's position in `Tier.allCases` (`BoardState.tierByte`); 0 for a key without a ticket (no board this
    /// code writes has one), as the tier bytes it replaces.
    var tier: UInt8 = 0
    /// The level's rank, 5 for none (last), as `ruleLess` counts it.
    var level: UInt8 = 5
    var handMoved = false
    /// False for a key without a ticket: the searches step past it as they stepped past a failed lookup.
    var isTicket = false

    init() {}

    init(tier: Tier, level: Level?, handMoved: Bool) {
        self.tier = BoardState.tierByte(tier)
        self.level = UInt8(truncatingIfNeeded: level?.rank ?? 5)
        self.handMoved = handMoved
        self.isTicket = true
    }

    init(_ t: Ticket) { self.init(tier: t.tier, level: t.level, handMoved: t.movedByHand != nil) }
}
