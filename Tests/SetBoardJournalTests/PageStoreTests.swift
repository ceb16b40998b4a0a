/// Pages through two stores on one journal: ids never collide and only one store wins a step's notification.
import Foundation
import SetBoardCore
import Testing
@testable import SetBoardJournal

struct PageStoreTests {
    let now = FixedClock().ms
    let onCall = OnCall(at: 0, primary: "alice", backup: "bob", lead: "carol")

    @Test func twoStoresThatHaveNotRefreshedShareIdsAndClaimEachStepOnce() throws {
        let dir = try ScratchDir("pages")
        let board = dir.sub("board")
        let one = BoardStore(journal: try FileJournal.create(directory: board, clock: FixedClock()))
        try one.perform(.initBoard(name: "SET board", prefix: "SET"), actor: "alice", now: now)
        let two = BoardStore(journal: try FileJournal.open(directory: board, clock: FixedClock()))
        let policy = EscalationPolicy(waits: [60_000], notifyCommand: "true")
        try one.perform(.open(summary: "Login loop", ticket: nil, onCall: onCall, policy: policy), actor: "alice", now: now)
        let second = try two.perform(.open(summary: "Push", ticket: nil, onCall: onCall, policy: policy), actor: "bob", now: now)
        #expect(second.first?.payload["id"]?.stringValue == "P-2")

        // Both saw step 0 of P-1 due; the store that claims second is refused, so only one runs the command.
        #expect(one.pages.dueNotifications(at: now).map(\.id) == ["P-1"])
        try one.perform(.recordNotified(id: "P-1", step: 0), actor: "alice", now: now)
        #expect(throws: PageError.alreadyNotified(id: "P-1", step: 0)) {
            try two.perform(.recordNotified(id: "P-1", step: 0), actor: "bob", now: now)
        }
        #expect(two.pages.page("P-1")?.notified == [0: "alice"])
        // The claim caught `one` up with P-2, so there is nothing new to read, and the two agree.
        #expect(try one.refresh() == false)
        #expect(one.pages == two.pages)
    }
}
