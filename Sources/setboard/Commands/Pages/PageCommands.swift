/// `setboard page`, `ack`, `pages` and `watch`: page the on-call chain, acknowledge, see escalations, notify.
import ArgumentParser
import Foundation
import SetBoardCore
import SetBoardJournal
import SetBoardTerminal

enum PageCLI {
    /// Resolves "1", "p-1" or "P-1" to an existing page id.
    static func id(_ typed: String, in session: Session) throws -> String {
        let candidate = Int(typed).map { "P-\($0)" } ?? typed.uppercased()
        guard session.store.pages.page(candidate) != nil else { throw PageError.unknownPage(typed) }
        return candidate
    }

    /// This user's notify command for `page`, which pages whatever the config says: a config that cannot be used
    /// is a warning there, not a reason to leave someone unpaged.
    static func notifyCommandIfReadable() -> String? {
        do { return try TUIConfig.load().notify } catch {
            printError("warning: \(error); the page is recorded but nobody was told")
            return nil
        }
    }

    static func json(_ page: Page, now: Int64) -> JSONValue {
        let status = page.status(at: now)
        func opt(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
        func time(_ ms: Int64?) -> JSONValue { ms.map { .string(PageNotifier.isoSecond($0)) } ?? .null }
        return .object([
            ("id", .string(page.id)), ("priority", .string(page.priority.label)), ("summary", .string(page.summary)),
            ("ticket", opt(page.ticket)),
            ("opened", time(page.opened)), ("opened_by", .string(page.openedBy)),
            ("step", status.map { .int(Int64($0.step + 1)) } ?? .null), ("steps", .int(Int64(page.stepCount))),
            ("role", opt(status?.holder.role.rawValue)), ("holder", opt(status?.holder.handle)),
            ("next_escalation", time(status?.nextEscalationAt)), ("next_holder", opt(status?.nextHolder?.handle)),
            ("exhausted", .bool(status?.exhausted ?? false)), ("next_reminder", time(status?.nextReminderAt)),
            ("acknowledged_by", opt(page.acknowledgedBy)), ("acknowledged_at", time(page.acknowledgedAt)),
            ("chain", .array(page.chain.map { .object([("role", .string($0.role.rawValue)), ("handle", .string($0.handle))]) })),
        ])
    }
}

struct PageOnCall: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "page", abstract: "Page the SET primary; unacknowledged, it escalates to the backup, then the lead.",
        discussion: """
            Prints the page id and who holds it. The chain and the escalation policy are fixed when the page opens. \
            The notify command of your own config (`notify:` in $XDG_CONFIG_HOME/setboard/config.yaml, if set) \
            runs now for the primary; later steps are told by whichever notifier is running: a full-screen board \
            or `setboard watch` of an account whose config has the command; one that starts late tells every \
            step it missed, saying how late. A page nobody acknowledges never ends silently: once the chain \
            has run out it stays on the board and reminds the last person every `remind` interval (default 15m).

            Priorities: P1 and P2 (the default) page at once and escalate at the roster's pace; P3 and P4 wait \
            four times as long at each step and between reminders; P5 does the same and tells the primary alone.
            """)
    @OptionGroup var options: BoardOptions
    @Option(help: ArgumentHelp("The ticket this page is about.", valueName: "key")) var ticket: String?
    @Option(help: ArgumentHelp("P1 (critical) to P5 (informational).", valueName: "P1…P5")) var priority: String = "P2"
    @Argument(help: "A one-line summary.") var summary: String

    func validate() throws {
        guard PagePriority(text: priority) != nil else { throw ValidationError("--priority takes P1, P2, P3, P4 or P5") }
    }

    func run() throws {
        try reportingFailures {
            let session = try Session(options)
            let key = try ticket.map { try session.key($0) }
            let now = session.now
            let records = try session.store.perform(
                .open(summary: summary, ticket: key, onCall: OnCallLookup.onCall(store: session.store, now: now),
                      policy: OnCallLookup.policy(store: session.store), priority: PagePriority(text: priority) ?? .standard),
                actor: session.actor, now: now)
            guard let id = records.first?.payload["id"]?.stringValue, let page = session.store.pages.page(id),
                  let status = page.status(at: now) else { return }
            var line = "\(id) \(page.priority.label) paged @\(TextSafety.escaped(status.holder.handle)) (\(status.holder.role.rawValue))"
            if let due = status.nextEscalationAt {
                let next = status.nextHolder.map { "escalates to @\(TextSafety.escaped($0.handle)) (\($0.role.rawValue))" } ?? "runs out"
                line += "; \(next) at \(WorkingTime.isoMinute(due)) UTC unless acknowledged"
            }
            print(line)
            let notifier = PageNotifier(store: session.store, clock: session.clock, actor: session.actor,
                                        command: PageCLI.notifyCommandIfReadable())
            if let warning = StoredNotifyCommand.warningOnce(session.store) { printError("warning: " + warning) }
            for note in notifier.tick() + notifier.drain() where note.isProblem { printError("warning: " + note.text) }
        }
    }
}

struct Ack: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ack",
        abstract: "Acknowledge a page (default: the newest unacknowledged one); it stops escalating.")
    @OptionGroup var options: BoardOptions
    @Argument(help: "Page id, e.g. P-3.") var page: String?

    func run() throws {
        try reportingFailures {
            let session = try Session(options)
            let id = try page.map { try PageCLI.id($0, in: session) }
            let records = try session.store.perform(.acknowledge(id: id), actor: session.actor, now: session.now)
            let acked = records.first?.payload["id"]?.stringValue ?? id ?? "?"
            print("\(acked) acknowledged by @\(TextSafety.escaped(session.actor))")
        }
    }
}

struct ListPages: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pages", abstract: "List unacknowledged pages: who holds each and when it escalates.")
    @OptionGroup var options: BoardOptions
    @Flag(help: "Include acknowledged pages.") var all = false
    @Flag(help: "Print a JSON array.") var json = false

    func run() throws {
        try reportingFailures {
            let session = try Session(options, reading: true)
            let now = session.now
            let list = session.store.pages.list(includeAcknowledged: all)
            if json {
                print(JSONValue.array(list.map { PageCLI.json($0, now: now) }).printableEncoded())
            } else if list.isEmpty {
                print(all ? "no pages" : "no active pages")
            } else {
                for page in list { print(PageReport.line(page, now: now)) }
            }
        }
    }
}

struct Watch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Run the page notifier: tell each escalation step once, until SIGINT or SIGTERM.",
        discussion: """
            The command that tells people is `notify:` in your own $XDG_CONFIG_HOME/setboard/config.yaml (a file \
            of yours, not a symlink, not writable by others); it sees the page in SETBOARD_PAGE_* variables. \
            Nothing in the board's journal is ever run. Any number of notifiers (and open boards) may run against \
            one board: each step is claimed in the journal before the command runs, so nobody is told twice. \
            A team usually runs one `watch` under a service account. `--once` runs a single pass, for cron. \
            Steps that fell due while no notifier ran are told late, saying how late; a page that ran out \
            unacknowledged reminds the chain's last person at the policy's reminder interval until acknowledged.

            --listen 127.0.0.1:PORT also takes Alertmanager's webhook notifications: POST them to \
            http://127.0.0.1:PORT/alerts and each is recorded as `setboard alert` records one (see `alert --help`; \
            --map FILE, else $XDG_CONFIG_HOME/setboard/map.yaml). The answer is 200 only once the journal is written \
            and synced; a bad request gets a 4xx and writes nothing. --token-file FILE requires \
            `Authorization: Bearer <the file's content>`, as Alertmanager's `http_config: {authorization: \
            {credentials_file: FILE}}` sends it. Only loopback addresses are accepted unless --allow-remote is given, \
            which also requires a token. Without a notify command, `watch --listen` only takes in alerts.
            """)
    @OptionGroup var options: BoardOptions
    @Option(help: ArgumentHelp("Seconds between passes.", valueName: "seconds")) var interval: Int = 15
    @Option(help: ArgumentHelp("Seconds a notify command may run before it is killed.", valueName: "seconds"))
    var timeout: Int = PageNotifier.defaultTimeoutSeconds
    @Flag(help: "One pass, then exit.") var once = false
    @OptionGroup var listening: WatchListenOptions
    @Option(name: .customLong("sync-every"), help: ArgumentHelp(
        "Also run `setboard sync` in the background this often (30s, 5m, 1h); the board's header says when a sync is later than this.",
        valueName: "duration"))
    var syncEvery: String?

    func validate() throws {
        guard (1...3600).contains(interval) else { throw ValidationError("--interval takes 1 to 3600 seconds") }
        if let syncEvery, BackgroundSync.parse(syncEvery) == nil {
            throw ValidationError("--sync-every takes a duration from 10s to 24h, like 30s, 5m or 1h")
        }
        guard (1...600).contains(timeout) else { throw ValidationError("--timeout takes 1 to 600 seconds") }
        try listening.validate(once: once)
    }

    func run() throws {
        try reportingFailures {
            let config = try TUIConfig.load()
            let command = config.notify
            if command == nil && listening.listen == nil && syncEvery == nil {
                throw CLIFailure("no notify command: put `notify: COMMAND` in \(TextSafety.escaped(TUIConfig.path)) "
                                 + "(it runs once per escalation step, with the page in SETBOARD_PAGE_* variables)")
            }
            let session = try Session(options)
            if let warning = StoredNotifyCommand.warningOnce(session.store) { printError("warning: " + warning) }
            let notifier = PageNotifier(store: session.store, clock: session.clock, actor: session.actor, command: command,
                                        timeoutSeconds: timeout)
            let background: BackgroundSync? = try syncEvery.flatMap(BackgroundSync.parse).map { (ms: Int64) throws -> BackgroundSync in
                try BackgroundSync(board: options.path, intervalMs: ms)
            }
            if once {
                say(notifier.tick() + notifier.drain(), now: session.now)
                if let background { sayText(background.runOnce(), now: session.now) }
                return
            }
            SignalTrap.install()
            defer { SignalTrap.uninstall() }
            let clock = session.clock
            let listener = try listening.start(session: session) { text in
                print("\(WorkingTime.isoMinute(clock.nowMilliseconds())) UTC  \(TextSafety.escaped(text))")
                fflush(nil)
            }
            defer { listener?.stop() }
            let board = listener?.inbox
            func turn<T>(_ body: () -> T) -> T { board.map { $0.withBoard(body) } ?? body() }
            var next = MonotonicClock.milliseconds()
            while SignalTrap.received == nil {
                if MonotonicClock.milliseconds() >= next {
                    say(turn { notifier.tick() }, now: session.now)
                    next = MonotonicClock.milliseconds() + Int64(interval) * 1000
                } else if !notifier.isIdle {
                    say(turn { notifier.reap() }, now: session.now)
                }
                if let note = background?.step() { sayText(note, now: session.now) }
                // Short sleeps: a signal ends the loop within a tenth of a second, and children are reaped promptly.
                usleep(100_000)
            }
            say(turn { notifier.drain() }, now: session.now)
            if let note = background?.finish() { sayText(note, now: session.now) }
        }
    }

    private func sayText(_ text: String, now: Int64) {
        print("\(WorkingTime.isoMinute(now)) UTC  \(TextSafety.escaped(text))")
        fflush(nil)
    }

    /// Each line stamped with the time, so a notifier's log reads on its own.
    private func say(_ notes: [PageNotifier.Note], now: Int64) {
        for note in notes { print("\(WorkingTime.isoMinute(now)) UTC  \(note.text)") }
        fflush(nil)
    }
}
