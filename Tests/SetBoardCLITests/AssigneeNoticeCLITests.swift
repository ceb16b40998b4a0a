/// A nudged or stuck card tells its assignee through the user's notify command, once per nudge and per stuck period.
import Foundation
import Testing

@Suite("assignee notices CLI", .serialized)
struct AssigneeNoticeCLITests {
    @Test func nudgesAndStuckCardsTellTheAssigneeOnceEach() throws {
        let cli = try CLIRunner()
        let scratch = try CLIRunner()
        let notes = scratch.root.appendingPathComponent("notes").path
        try cli.ok("init")
        try cli.ok("add", "Login loop", "--tier", "community", "--level", "L2")
        try cli.ok("add", "Nobody's card", "--tier", "community", "--level", "L2")
        try cli.ok("assign", "SET-1", "alice")
        try cli.configureNotify("echo \"$SETBOARD_TICKET_KEY $SETBOARD_TICKET_REASON $SETBOARD_TICKET_HANDLE|$SETBOARD_TICKET_TEXT\" >> \(notes)")
        func told() -> String { (try? String(contentsOfFile: notes, encoding: .utf8)) ?? "" }
        #expect(try cli.ok("watch", "--once") == "")
        try cli.ok("nudge", "SET-1")
        try cli.ok("nudge", "SET-2") // no assignee: nobody is told
        cli.now = "2026-11-24T10:01:00Z"
        let first = try cli.ok("watch", "--once")
        #expect(first.hasPrefix("2026-11-24 10:01 UTC  SET-1 nudged: telling assignee @alice\n"), "watch: \(first)")
        #expect(try cli.ok("watch", "--once") == "")
        try cli.ok("nudge", "SET-1")
        #expect(try cli.ok("watch", "--once").contains("SET-1 nudged: telling assignee @alice"))
        #expect(try cli.ok("watch", "--once") == "")
        // Tuesday 10:01 to Monday 10:01 is four working days: past the limit of three.
        cli.now = "2026-11-30T10:01:00Z"
        #expect(try cli.ok("watch", "--once").contains("SET-1 stuck in "))
        #expect(try cli.ok("watch", "--once") == "")
        // Reassigning is an event: a new idle time, and the next stuck period tells the new assignee.
        try cli.ok("assign", "SET-1", "bob")
        cli.now = "2026-12-04T10:01:00Z"
        #expect(try cli.ok("watch", "--once").contains("telling assignee @bob"))
        #expect(try cli.ok("watch", "--once") == "")
        let lines = told().split(separator: "\n").map { $0.split(separator: "|").first.map(String.init) ?? "" }
        #expect(lines == ["SET-1 nudge alice", "SET-1 nudge alice", "SET-1 stuck alice", "SET-1 stuck bob"], "\(told())")
        #expect(told().contains("SET-1 nudged (nudge 2): @alice, please look at it: Login loop"))
        #expect(try cli.ok("log").contains("SET-1 nudge 1 notifying assignee @alice"))
    }
}
