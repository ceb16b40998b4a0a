/// Random sessions of board commands: replay is exact, restoring order obeys the rules, keys stay gap-free and
/// every card sits in exactly one column.
import PropertyBased
import Testing
@testable import SetBoardCore
@testable import SetBoardJournal

/// Turns plain integers into commands, so the generator is an array of numbers and a failure prints compactly.
struct RandomSession {
    static let people = ["alice", "bob", "carol", "dave"]
    static let levels: [Level?] = [nil, .l1, .l2, .l3, .l4]
    static let kinds = 13

    var board = BoardFixture.initialized()
    var accepted = 0
    var refused = 0

    /// The command that number `n` stands for at this point of the session.
    static func command(_ n: Int, state: BoardState, allowRanks: Bool) -> Command? {
        let r = n / kinds
        let count = state.tickets.count
        let key = "SET-\(count == 0 ? 1 : 1 + r % count)"
        let other = "SET-\(count == 0 ? 1 : 1 + (r / 7) % count)"
        let column = Column.allCases[(r / 11) % Column.allCases.count]
        let tier = Tier.allCases[(r / 3) % Tier.allCases.count]
        let level = levels[(r / 5) % levels.count]
        switch n % kinds {
        case 0, 1:
            let arrival = (r / 17) % 4 == 0 ? column : .todo
            return .add(NewTicket(title: "t\(n)", tier: tier, level: level, column: arrival))
        case 2: return .move(key: key, to: column)
        case 3: return allowRanks ? .rank(key: key, position: .top) : nil
        case 4: return allowRanks ? .rank(key: key, position: .bottom) : nil
        case 5: return allowRanks ? .rank(key: key, position: .after(other)) : nil
        case 6: return .assign(key: key, assignee: (r / 13) % 5 == 4 ? nil : people[(r / 13) % 4])
        case 7: return .restoreOrder((r / 19) % 2 == 0 ? .todo : column)
        case 8: return .nudge(key: key)
        case 9: return .edit(key: key, changes: TicketChanges(tier: tier, level: .some(level)))
        case 10:
            // Features with a team leave the board; clearing the team brings them back.
            let leaves = (r / 23) % 2 == 0
            return .edit(key: key, changes: leaves ? TicketChanges(type: .feature, team: .some("web")) : TicketChanges(team: .some(nil)))
        case 11: return (r / 29) % 2 == 0 ? .takeOver(key: key) : .handOver(key: key, team: "server")
        default:
            guard allowRanks else { return nil }
            let shift = r % Tier.allCases.count
            return .changeSettings(tierOrder: Array(Tier.defaultOrder[shift...] + Tier.defaultOrder[..<shift]), stuckLimits: nil)
        }
    }

    /// Plays one number; several steps share a timestamp so age ties fall back to the key number.
    mutating func play(_ n: Int, step: Int, allowRanks: Bool = true) {
        guard let command = RandomSession.command(n, state: board.state, allowRanks: allowRanks) else { return }
        let at = Clock.monday + Int64(step / 3) * Clock.hour
        do {
            try board.run(command, at: at, by: RandomSession.people[step % RandomSession.people.count])
            accepted += 1
        } catch {
            refused += 1
        }
    }

    /// The same journal replayed after every event went through its JSON text and back.
    func replayedThroughJSON() -> BoardState? {
        var fresh = BoardState()
        for entry in board.log {
            guard let event = throughJournal(entry.event) else { return nil }
            fresh.apply(event, seq: entry.seq, at: entry.at, by: entry.actor)
        }
        return fresh
    }
}

@Suite("Board properties")
struct PropertyTests {
    static let sessions = Gen.int(in: 0...2_000_000).array(of: 1...80)

    @Test func replayGivesTheSameBoard() async {
        await propertyCheck(count: 150, input: PropertyTests.sessions) { numbers in
            var s = RandomSession()
            for (i, n) in numbers.enumerated() { s.play(n, step: i) }
            #expect(s.board.replayed() == s.board.state)
            #expect(s.replayedThroughJSON() == s.board.state)
        }
    }

    /// A snapshot of any board reads back as the same board, and events applied after it land as on the original.
    @Test func aSnapshotReadsBackAsTheSameBoard() async {
        await propertyCheck(count: 150, input: PropertyTests.sessions) { numbers in
            var s = RandomSession()
            let half = numbers.count / 2
            for (i, n) in numbers.prefix(half).enumerated() { s.play(n, step: i) }
            var w = SnapshotWriter()
            s.board.state.encodeSnapshot(into: &w)
            let bytes = w.bytes
            let decoded: Result<BoardState, SnapshotDecodingError> = bytes.withUnsafeBytes { raw in
                var r = SnapshotReader(raw)
                do throws(SnapshotDecodingError) {
                    let state = try BoardState(snapshot: &r)
                    return r.isAtEnd ? .success(state) : .failure(SnapshotDecodingError("bytes left over"))
                } catch {
                    return .failure(error)
                }
            }
            guard case var .success(restored) = decoded else {
                Issue.record("the snapshot did not read back: \(decoded)")
                return
            }
            #expect(restored == s.board.state)
            guard var lazy = PropertyTests.readLazily(bytes) else { return }
            PropertyTests.expectSameCards(lazy, s.board.state)
            let logged = s.board.log.count
            for (i, n) in numbers.dropFirst(half).enumerated() { s.play(n, step: half + i) }
            for entry in s.board.log.dropFirst(logged) {
                restored.apply(entry.event, seq: entry.seq, at: entry.at, by: entry.actor)
                lazy.apply(entry.event, seq: entry.seq, at: entry.at, by: entry.actor)
            }
            #expect(restored == s.board.state)
            #expect(restored.keys(in: .todo) == s.board.state.keys(in: .todo))
            // Changed card by card, the lazily read board still reads every card as the replayed one, undecoded.
            PropertyTests.expectSameCards(lazy, s.board.state)
            // Written again without being decoded (its unchanged cards' records copied as they stand), it is the
            // snapshot of the board read whole and changed alike, byte for byte.
            var fromLazy = SnapshotWriter(), fromWhole = SnapshotWriter()
            lazy.encodeSnapshot(into: &fromLazy)
            restored.encodeSnapshot(into: &fromWhole)
            #expect(fromLazy.bytes == fromWhole.bytes)
            #expect(lazy.isPartlyDecoded || s.board.state.tickets.isEmpty)
            lazy.decodeAll()
            #expect(lazy == s.board.state && !lazy.isPartlyDecoded)
        }
    }

    /// A snapshot read as a first frame reads it: tickets left undecoded, found one at a time through the index.
    static func readLazily(_ bytes: [UInt8]) -> BoardState? {
        let file = FileBytes(copying: bytes)
        let decoded: Result<BoardState, SnapshotDecodingError> = withExtendedLifetime(file) {
            var r = SnapshotReader(file.buffer)
            do throws(SnapshotDecodingError) {
                let state = try BoardState(snapshot: &r, decodeParts: { @Sendable (parts) throws(SnapshotDecodingError) in
                    var out: [[Ticket]] = []
                    for part in parts { out.append(try BoardState.decodeTickets(part.bytes, count: part.count)) }
                    return out
                }, lazily: (file, 0))
                return r.isAtEnd ? .success(state) : .failure(SnapshotDecodingError("bytes left over"))
            } catch {
                return .failure(error)
            }
        }
        guard case let .success(state) = decoded else {
            Issue.record("the snapshot did not read back lazily: \(decoded)")
            return nil
        }
        return state
    }

    /// Everything a frame asks of a lazily read board answers as the replayed board does, card by card.
    static func expectSameCards(_ lazy: BoardState, _ state: BoardState) {
        #expect(lazy.isPartlyDecoded || state.tickets.isEmpty)
        for (key, ticket) in state.tickets where lazy.ticket(key) != ticket {
            Issue.record("\(key) reads back lazily as \(String(describing: lazy.ticket(key)))")
        }
        #expect(lazy.ticket("\(state.settings.prefix)-\(state.nextNumber)") == nil)
        #expect(lazy.ticket("NOPE-1") == nil && lazy.ticket("") == nil)
        for column in Column.allCases {
            #expect(lazy.keys(in: column) == state.keys(in: column))
            #expect(lazy.outOfRuleCount(in: column) == state.outOfRuleCount(in: column))
        }
        for key in state.keys(in: .todo) { #expect(lazy.whyHere(key, now: 0) == state.whyHere(key, now: 0)) }
        #expect(lazy.isPartlyDecoded || state.tickets.isEmpty, "reading cards one by one must not decode the board")
        #expect(lazy == state)
    }

    @Test func restoringOrderObeysTheRulesAndClearsEveryMark() async {
        await propertyCheck(count: 150, input: PropertyTests.sessions) { numbers in
            var s = RandomSession()
            for (i, n) in numbers.enumerated() { s.play(n, step: i) }
            let later = Clock.monday + 365 * Clock.day
            for column in Column.allCases {
                if let why = s.board.refusal(.restoreOrder(column), at: later) {
                    #expect(why == .nothingToChange("\(column.title) is already in rule order"))
                } else {
                    _ = try? s.board.run(.restoreOrder(column), at: later)
                }
            }
            for column in Column.allCases {
                #expect(s.board.state.keys(in: column) == s.board.state.ruleOrder(of: column))
                #expect(s.board.state.cards(in: column).allSatisfy { $0.movedByHand == nil })
                #expect(s.board.state.outOfRuleCount(in: column) == 0)
                #expect(s.board.state.isInRuleOrder(column))
            }
        }
    }

    @Test func keysAreUniqueAndGapFree() async {
        await propertyCheck(count: 150, input: PropertyTests.sessions) { numbers in
            var s = RandomSession()
            for (i, n) in numbers.enumerated() { s.play(n, step: i) }
            let created = s.board.log.filter { if case .ticketCreated = $0.event { true } else { false } }.count
            let state = s.board.state
            #expect(state.tickets.count == created)
            #expect(Set(state.tickets.keys) == Set((0..<created).map { "SET-\($0 + 1)" }))
            #expect(state.tickets.values.allSatisfy { $0.key == "SET-\($0.number)" })
            #expect(state.nextKey() == "SET-\(created + 1)")
        }
    }

    @Test func everyCardSitsInExactlyOneColumn() async {
        await propertyCheck(count: 150, input: PropertyTests.sessions) { numbers in
            var s = RandomSession()
            for (i, n) in numbers.enumerated() { s.play(n, step: i) }
            let state = s.board.state
            var seen: [String: Int] = [:]
            for column in Column.allCases {
                for key in state.keys(in: column) {
                    seen[key, default: 0] += 1
                    #expect(state.ticket(key)?.column == column, "\(key) listed in \(column)")
                }
            }
            for ticket in state.tickets.values {
                #expect(seen[ticket.key] == (ticket.isOnBoard ? 1 : nil), "\(ticket.key)")
            }
            #expect(state.onBoardCount == state.tickets.values.filter(\.isOnBoard).count)
            #expect(state.allTicketsInBoardOrder.count == state.tickets.count)
        }
    }

    @Test func withoutHandMovesTodoIsAlwaysInRuleOrder() async {
        await propertyCheck(count: 150, input: PropertyTests.sessions) { numbers in
            var s = RandomSession()
            for (i, n) in numbers.enumerated() {
                s.play(n, step: i, allowRanks: false)
                #expect(s.board.todo() == s.board.state.ruleOrder(of: .todo), "after step \(i)")
            }
        }
    }

    @Test func sessionsExerciseTheBoard() async {
        // Guards the generator itself: most sessions should accept commands and create cards.
        var s = RandomSession()
        for (i, n) in (0..<400).map({ ($0 * 7_919) % 2_000_003 }).enumerated() { s.play(n, step: i) }
        #expect(s.accepted > 100)
        #expect(s.refused > 0)
        #expect(s.board.state.tickets.count > 20)
        #expect(s.board.log.contains { if case .ticketRanked = $0.event { true } else { false } })
        #expect(s.board.log.contains { if case .orderRestored = $0.event { true } else { false } })
    }
}
