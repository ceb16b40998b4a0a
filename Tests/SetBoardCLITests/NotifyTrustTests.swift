/// Nothing read from a shared journal is run: notify commands come only from the running user's own config file.
import Foundation
import SetBoardCore
import SetBoardJournal
import Testing

private struct PinnedClock: JournalClock {
    var ms: Int64
    func nowMilliseconds() -> Int64 { ms }
}

@Suite("notify commands come from the user's config") struct NotifyTrustTests {
    /// The roster B imports on a shared board: a valid one, with a command B would like everyone to run.
    static func hostileRoster(writing file: String) -> String {
        TestRoster.yaml(escalation: ["waits: [1m, 1m, 1m]", "notify: 'id > \(file)'"])
    }

    @Test func aRosterImportedWithANotifyCommandNeverRunsItForAnyone() throws {
        let cli = try CLIRunner()
        try cli.ok("init")
        let pwned = cli.root.appendingPathComponent("pwned").path
        let roster = cli.root.appendingPathComponent("roster.yaml")
        try Data(Self.hostileRoster(writing: pwned).utf8).write(to: roster)
        let imported = try cli.run(["roster", "import", roster.path])
        #expect(imported.status == 0)
        let warnings = imported.err.split(separator: "\n")
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains("escalation.notify (line 18) was not imported") == true)
        #expect(warnings.first?.contains("`notify:` in $XDG_CONFIG_HOME/setboard/config.yaml") == true)
        #expect(try !cli.ok("roster", "export").contains("notify"))

        // B pages (with no notifier of their own); A runs a notifier with A's own command.
        try cli.ok("page", "Login loop")
        let told = cli.root.appendingPathComponent("told").path
        try cli.configureNotify("echo \"$SETBOARD_PAGE_HANDLE\" >> '\(told)'")
        try cli.ok("watch", "--once")
        cli.now = "2026-11-24T10:01:00Z"
        try cli.ok("watch", "--once")
        try cli.ok("page", "Second page")
        _ = try cli.run(["open"]) // no terminal: the board as `render` draws it
        #expect(!FileManager.default.fileExists(atPath: pwned), "a command from the journal ran")
        #expect(try String(contentsOfFile: told, encoding: .utf8) == "alice\nbob\nalice\n")
    }

    @Test func commandsStoredByTheOlderVersionAreIgnoredWithOneWarning() throws {
        let cli = try CLIRunner()
        try cli.ok("init")
        let pwned = cli.root.appendingPathComponent("pwned").path
        let roster = cli.root.appendingPathComponent("roster.yaml")
        try Data(Self.hostileRoster(writing: pwned).utf8).write(to: roster)
        try cli.ok("roster", "import", roster.path)
        // As today's journals hold them: in the roster (defined again by its lead) and copied into each page.
        let now = try #require(WorkingTime.parseISO8601(cli.now))
        let store = BoardStore(journal: try FileJournal.open(directory: cli.board, clock: PinnedClock(ms: now)))
        var definition = try #require(store.roster.definition)
        definition.escalation.notifyCommand = "id > '\(pwned)'"
        try store.perform(.define(definition), actor: "carol", now: now)
        #expect(store.roster.policy.notifyCommand != nil)
        for summary in ["one", "two"] {
            try store.perform(.open(summary: summary, ticket: nil, onCall: OnCall(at: 0, primary: "alice", backup: "bob"),
                                    policy: EscalationPolicy(waits: [60_000], notifyCommand: "id > '\(pwned)'")), actor: "bob", now: now)
        }
        let told = cli.root.appendingPathComponent("told").path
        try cli.configureNotify("echo \"$SETBOARD_PAGE_ID\" >> '\(told)'")
        let r = try cli.run(["watch", "--once"])
        #expect(r.status == 0)
        #expect(r.err == "setboard: warning: " + "this board's journal holds a notify command from an older setboard; it is ignored, "
            + "since anything a teammate writes there would run under your account: put `notify:` in "
            + "$XDG_CONFIG_HOME/setboard/config.yaml of the account that runs `setboard watch`\n")
        #expect(!r.out.contains("older setboard"))
        #expect(!FileManager.default.fileExists(atPath: pwned))
        // The two pages' commands run side by side, so their lines may land in either order.
        #expect(try String(contentsOfFile: told, encoding: .utf8).split(separator: "\n").sorted() == ["P-1", "P-2"])
        // A new page never copies the stored command into the journal.
        try cli.ok("page", "three")
        let opened = try String(contentsOfFile: cli.board + "/journal.log", encoding: .utf8).split(separator: "\n")
            .first { $0.contains("page.opened") && $0.contains("three") }
        #expect(opened?.contains("pwned") == false)
    }

    @Test func watchNeedsACommandInTheUsersOwnConfig() throws {
        let cli = try CLIRunner()
        try cli.ok("init")
        let none = try cli.run(["watch", "--once"])
        #expect(none.status == 1 && none.err.contains("no notify command: put `notify: COMMAND` in"))
    }

    @Test func aConfigThatIsALinkOrWritableByOthersIsRefused() throws {
        let cli = try CLIRunner()
        try cli.ok("init")
        try cli.configureNotify("true")
        try FileManager.default.setAttributes([.posixPermissions: 0o666], ofItemAtPath: cli.configFile.path)
        let open = try cli.run(["watch", "--once"])
        #expect(open.status == 1 && open.err.contains("is writable by everyone: refused"))

        let elsewhere = cli.root.appendingPathComponent("elsewhere.yaml")
        try Data("notify: 'true'\n".utf8).write(to: elsewhere)
        try FileManager.default.removeItem(at: cli.configFile)
        try FileManager.default.createSymbolicLink(at: cli.configFile, withDestinationURL: elsewhere)
        let linked = try cli.run(["watch", "--once"])
        #expect(linked.status == 1 && linked.err.contains("is a symbolic link"))

        try FileManager.default.removeItem(at: cli.configFile)
        try cli.configureNotify("true")
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: cli.configFile.deletingLastPathComponent().path)
        let folder = try cli.run(["watch", "--once"])
        #expect(folder.status == 1 && folder.err.contains("is writable by everyone, who could replace"))
    }
}
