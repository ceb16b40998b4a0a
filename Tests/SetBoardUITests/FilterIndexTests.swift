/// The filter index answers every filter exactly as matching card by card does, on a generated board.
import Testing
import SetBoardCore
import SetBoardJournal
@testable import SetBoardUI

@Suite struct FilterIndexTests {
    static let board: BoardState = {
        var state = BoardState()
        for step in BoardGenerator.script(tickets: 600, seed: 3, now: 1_795_000_000_000).enumerated() {
            state.apply(step.element.event, seq: Int64(step.offset + 1), at: step.element.at, by: step.element.actor)
        }
        return state
    }()

    /// Filters of every kind: words from the titles (whole, cut, upper case), key fragments, tiers, levels, handles,
    /// `mine`, mixtures, words that span key and title, and words nothing holds.
    static var filters: [String] {
        let state = board
        var words = Set<String>()
        for t in state.tickets.values.prefix(40) {
            for w in t.title.split(separator: " ") where w.count > 2 {
                words.insert(String(w))
                words.insert(String(w.prefix(3)).uppercased())
                words.insert(String(w.suffix(2)))
            }
        }
        let handles = Set(state.tickets.values.compactMap(\.assignee)).sorted()
        var out = words.sorted()
        out += ["set-1", "SET-12", "-5", "12", "0", "e", "zzz-nothing", "set-12login", "a b", "the of",
                "tier:hotfix", "tier:community login", "level:L1", "level:l2 tier:release", "mine", "mine e",
                "tier:nope", "level:x", "ü", "Ö e", "@nobody"]
        out += handles.prefix(4).map { "@" + $0 }
        out += handles.prefix(2).map { "@\($0) e" }
        return out
    }

    @Test func theIndexKeepsExactlyTheCardsTheFilterMatches() throws {
        let state = Self.board
        let index = FilterIndex(state)
        #expect(index.seq == state.lastSeq)
        let actor = try #require(state.tickets.values.compactMap(\.assignee).first)
        var answered = 0
        for text in Self.filters {
            let filter = try #require(BoardFilter(text), "\(text)")
            guard FilterIndex.canAnswer(filter) else {
                #expect(text.contains { !$0.isASCII }, "only a non-ASCII word needs the card-by-card path: \(text)")
                continue
            }
            answered += 1
            for column in Column.allCases {
                let expected = state.keys(in: column).filter { state.ticket($0).map { filter.matches($0, actor: actor) } ?? false }
                let got = index.keys(in: column, matching: filter, actor: actor)
                #expect(got == expected, "filter \(text) in \(column.title)")
            }
        }
        #expect(answered > 100)
    }

    /// The board the full-screen board holds: read lazily from a snapshot, then changed card by card. Its index reads
    /// the snapshot's cards in place and the changed ones from the board, and keeps what the replayed board's does.
    @Test func theIndexOfABoardReadLazilyKeepsWhatTheReplayedBoardsDoes() throws {
        var w = SnapshotWriter()
        Self.board.encodeSnapshot(into: &w)
        let file = FileBytes(copying: w.bytes)
        var r = SnapshotReader(file.buffer)
        var lazy = try BoardState(snapshot: &r, decodeParts: { @Sendable parts throws(SnapshotDecodingError) in
            var out: [[Ticket]] = []
            for part in parts { out.append(try BoardState.decodeTickets(part.bytes, count: part.count)) }
            return out
        }, lazily: (file, 0))
        var replayed = Self.board
        let todo = replayed.keys(in: .todo)
        let events: [BoardEvent] = [
            .ticketEdited(key: todo[0], changes: TicketChanges(title: "Zebra crossing LOGIN")),
            .ticketMoved(key: todo[1], from: .todo, to: .inReview),
            .ticketCreated(key: replayed.nextKey(), ticket: NewTicket(title: "Zebra uploads", tier: .community)),
        ]
        for (i, event) in events.enumerated() {
            let seq = replayed.lastSeq + 1
            replayed.apply(event, seq: seq, at: 1_795_000_000_000 + Int64(i), by: "x")
            lazy.apply(event, seq: seq, at: 1_795_000_000_000 + Int64(i), by: "x")
        }
        #expect(lazy.isPartlyDecoded, "the index is read from a board still in its snapshot")
        let index = FilterIndex(lazy)
        let actor = try #require(replayed.tickets.values.compactMap(\.assignee).first)
        for text in Self.filters + ["zebra", "zebra login", "tier:community zebra"] {
            let filter = try #require(BoardFilter(text), "\(text)")
            guard FilterIndex.canAnswer(filter) else { continue }
            for column in Column.allCases {
                let expected = replayed.keys(in: column).filter { replayed.ticket($0).map { filter.matches($0, actor: actor) } ?? false }
                #expect(index.keys(in: column, matching: filter, actor: actor) == expected, "filter \(text) in \(column.title)")
            }
        }
        #expect(index.keys(in: .todo, matching: try #require(BoardFilter("zebra")), actor: actor).count == 2)
    }

    @Test func aFilterOnTheBoardFollowsChangesToIt() throws {
        var state = Self.board
        var cache = FilterCache()
        let filter = try #require(BoardFilter("login"))
        func shown() -> [String] {
            cache.keys(.todo, all: state.keys(in: .todo), filter: filter, context: BoardContext(state: state, now: 0, actor: "x"))
        }
        let before = shown()
        let seq = state.lastSeq + 1
        state.apply(.ticketCreated(key: state.nextKey(), ticket: NewTicket(title: "Login fails again", tier: .community)),
                    seq: seq, at: 1_795_000_000_000, by: "x")
        let after = shown()
        #expect(after.count == before.count + 1 && after.contains("SET-601"), "the new card shows under the filter")
    }
}
