/// What every command needs: where the board is, who is acting, what time it is, and a clean way to fail.
import Foundation
import SetBoardCore
import SetBoardJournal
import ArgumentParser

/// A failure the user caused or can fix: printed as one line, exit status 1.
struct CLIFailure: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
}

/// A clock that the demo and `SETBOARD_NOW` can set; otherwise it reads the system time.
final class CommandClock: JournalClock, @unchecked Sendable {
    var pinned: Int64?
    /// Only the system time is checked against the journal when stamping; a pinned time is meant as given.
    var readsHostClock: Bool { pinned == nil }
    init(pinned: Int64?) { self.pinned = pinned }
    func nowMilliseconds() -> Int64 {
        if let pinned { return pinned }
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }
}

struct BoardOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The board directory.",
        discussion: "Default: $SETBOARD_BOARD, else $XDG_DATA_HOME/setboard/default (~/.local/share/setboard/default).",
        valueName: "path"))
    var board: String?

    static func environment(_ name: String) -> String? {
        // getenv, not ProcessInfo's environment, which copies the whole environment into a dictionary at each call:
        // 1.5 of the 62 M instructions of a first frame from a snapshot at 50,000 tickets.
        guard let value = getenv(name), value.pointee != 0 else { return nil }
        return String(cString: value)
    }

    static var dataHome: String {
        environment("XDG_DATA_HOME") ?? ((environment("HOME") ?? NSHomeDirectory()) + "/.local/share")
    }

    static var configHome: String {
        environment("XDG_CONFIG_HOME") ?? ((environment("HOME") ?? NSHomeDirectory()) + "/.config")
    }

    var explicitPath: String? { board ?? BoardOptions.environment("SETBOARD_BOARD") }

    var path: String { explicitPath ?? BoardOptions.dataHome + "/setboard/default" }

    /// `SETBOARD_NOW` pins the clock for scripts, tests and reproducible demos; a bad value is an error, not ignored.
    static func pinnedNow() throws -> Int64? {
        guard let text = environment("SETBOARD_NOW") else { return nil }
        guard let ms = WorkingTime.parseISO8601(text) else {
            throw CLIFailure("SETBOARD_NOW=\(TextSafety.escaped(text)) is not an ISO 8601 time (e.g. 2026-11-24T10:00:00Z)")
        }
        return ms
    }

    func makeClock() throws -> CommandClock { CommandClock(pinned: try BoardOptions.pinnedNow()) }

    /// A relative `XDG_CACHE_HOME` is ignored, as the XDG spec says: it would scatter caches over working directories.
    static var cacheHome: String {
        environment("XDG_CACHE_HOME").flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? ((environment("HOME") ?? NSHomeDirectory()) + "/.cache")
    }

    /// Snapshots are on unless `SETBOARD_SNAPSHOT=off` (for measuring a full replay, or ruling the cache out).
    static var snapshotPolicy: SnapshotPolicy? {
        let off = ["off", "0", "no", "false"].contains(environment("SETBOARD_SNAPSHOT")?.lowercased() ?? "")
        return off ? nil : SnapshotPolicy(cacheHome: cacheHome)
    }

    /// Opens the board and its journal (from this user's snapshot when it matches), printing any repair, damage or
    /// snapshot warnings on stderr. A read-only board is announced to readers; writers get the reason as their
    /// one-line error instead.
    /// `lazily` is for commands that draw one screen: a snapshot's tickets are decoded as the screen shows them.
    func openStore(clock: CommandClock, reading: Bool = false, lazily: Bool = false) throws -> BoardStore {
        let store = try BoardStore.open(directory: path, clock: clock, snapshots: BoardOptions.snapshotPolicy,
                                        lazily: lazily)
        for warning in store.journal.warnings + store.notes { printError("warning: " + warning) }
        if reading, let reason = store.journal.readOnlyReason { printError("warning: showing a read-only board: " + reason) }
        // One board per process, needed until it exits: freeing 50,000 tickets one by one at exit cost 15 ms of a
        // 110 ms start, so this reference is never released and the OS takes the memory back.
        _ = Unmanaged.passRetained(store)
        return store
    }
}

/// Escapes the message once more on the way out: escaping is idempotent (its output is printable), so text a
/// caller forgot to escape, such as an argument quoted in an error, still never reaches the terminal raw.
func printError(_ message: String) {
    FileHandle.standardError.write(Data(("setboard: " + TextSafety.escaped(message, keepNewlines: true) + "\n").utf8))
}

/// Runs a command body, turning every failure into one readable line and exit status 1.
func reportingFailures(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let e as ExitCode {
        throw e
    } catch let e as CleanExit {
        throw e
    } catch let e as CLIFailure {
        printError("error: " + e.description)
        throw ExitCode(1)
    } catch let e as BoardError {
        printError("error: " + e.description)
        throw ExitCode(1)
    } catch let e as IncidentError {
        printError("error: " + e.description)
        throw ExitCode(1)
    } catch let e as JournalError {
        printError("error: " + e.description)
        if case let .boardNotFound(path) = e, let hint = Demo.hint(missing: path) { printError(hint) }
        throw ExitCode(1)
    } catch {
        printError("error: \(error)")
        throw ExitCode(1)
    }
}

/// Everything a command that changes the board needs, opened once.
struct Session {
    let store: BoardStore
    let clock: CommandClock
    let actor: String

    init(_ options: BoardOptions, reading: Bool = false, lazily: Bool = false) throws {
        clock = try options.makeClock()
        store = try options.openStore(clock: clock, reading: reading, lazily: lazily)
        actor = currentOSAccount()
    }

    var now: Int64 { clock.nowMilliseconds() }

    /// The SET primary on call now, once the board has a roster.
    var onCallPrimary: String? { OnCallLookup.primary(store: store, now: now) }

    /// Who commands a new incident when nobody is named: the current primary, else the person opening it.
    var defaultCommander: String { onCallPrimary ?? actor }
    var state: BoardState { store.state }

    @discardableResult
    func perform(_ command: Command) throws -> [JournalRecord] {
        try store.perform(command, actor: actor, now: now)
    }

    /// A change to a board rule (settings, routing): checked against the roster under the journal's lock, so a lead
    /// removed by another writer a moment ago is refused like any other.
    @discardableResult
    func performAsEditor(_ command: Command, changing what: String) throws -> [JournalRecord] {
        let actor = self.actor, now = self.now
        return try store.performEvents(actor: actor) { store in
            try BoardEditors.check(actor, roster: store.roster, changing: what)
            return try Decide.decide(command, state: store.state, actor: actor, now: now).map { NewEvent(.board($0)) }
        }
    }

    /// Resolves a key typed in any case ("set-4" → "SET-4") and refuses unknown ones.
    func key(_ typed: String) throws -> String {
        let upper = typed.uppercased()
        if store.state.ticket(upper) != nil { return upper }
        if let n = Int(typed), store.state.ticket("\(store.state.settings.prefix)-\(n)") != nil {
            return "\(store.state.settings.prefix)-\(n)"
        }
        // A Jira key (`MM-12345`) names the ticket imported from it or linked to it.
        if let k = store.links.ticket(ofJira: typed), store.state.ticket(k) != nil { return k }
        throw BoardError.unknownTicket(TextSafety.escaped(typed))
    }
}

/// A file a person wrote (a roster, a routing directory), read whole; unreadable or non-UTF-8 is a one-line error.
func readTextFile(_ path: String) throws -> String {
    let data: Data
    do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
        throw CLIFailure("cannot read \(TextSafety.escaped(path)): \(error.localizedDescription)")
    }
    guard let text = String(data: data, encoding: .utf8) else { throw CLIFailure("\(TextSafety.escaped(path)) is not UTF-8 text") }
    return text
}
