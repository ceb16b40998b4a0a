/// The full-screen board's run loop: keys, the session's polling, resize and signals around one Terminal.
import SetBoardUI
#if canImport(Glibc)
import Glibc
#endif

/// What the full-screen board needs besides the board itself.
public struct TUIOptions: Sendable {
    public var theme: Theme
    /// `NO_COLOR` (or `--no-color`): the mono theme whatever the terminal can do.
    public var noColor: Bool
    public var keyMap: KeyMap
    /// How long a key wait lasts before the journal is checked for other processes' changes.
    public var pollMilliseconds: Int32
    /// A tenth of a second: another user's change shows well inside DESIGN.md's 250 ms, and an idle board's check
    /// (open the journal, read its size) costs next to nothing.
    public static let defaultPollMilliseconds: Int32 = 100

    public init(theme: Theme, noColor: Bool, keyMap: KeyMap = .default, pollMilliseconds: Int32 = defaultPollMilliseconds) {
        self.theme = theme
        self.noColor = noColor
        self.keyMap = keyMap
        self.pollMilliseconds = pollMilliseconds
    }
}

/// How the board was left.
public enum TUIExit: Equatable, Sendable {
    case quit
    /// SIGINT, SIGTERM or SIGHUP; the caller exits with 128 + signal, as a shell would report it.
    case signal(Int32)
    /// stdin stopped delivering anything (the terminal went away without a hang-up signal).
    case lostTerminal
}

public enum TUIApp {
    /// Runs the session full screen until the user quits or a signal arrives; the terminal is restored on every path,
    /// including a thrown error.
    @discardableResult
    public static func run(_ session: some FullScreenSession, options: TUIOptions) throws -> TUIExit {
        let terminal = Terminal(theme: options.theme, noColor: options.noColor)
        try terminal.setup()
        defer { terminal.teardown() }
        return loop(session: session, terminal: terminal, pollMilliseconds: options.pollMilliseconds)
    }

    /// Ages and incident due times move on their own, so an idle board is redrawn now and then (cheap: only
    /// changed cells reach the terminal).
    static let idleRedrawMilliseconds: Int64 = 5_000

    private static func loop(session: some FullScreenSession, terminal: Terminal, pollMilliseconds: Int32) -> TUIExit {
        terminal.blit(session.frame(size: terminal.size))
        #if DEBUG
        DebugCrash.ifAsked()
        #endif
        session.afterFirstFrame()
        var lastFrame = Terminal.monotonicMilliseconds()
        while true {
            if let signal = SignalTrap.received { return .signal(signal) }
            if terminal.lostTerminal { return .lostTerminal }
            var dirty = false
            if let key = terminal.readKey(timeoutMs: pollMilliseconds) {
                if session.handle(key) { return .quit }
                dirty = true
            } else {
                dirty = session.refresh() || Terminal.monotonicMilliseconds() - lastFrame >= idleRedrawMilliseconds
            }
            if SignalTrap.received != nil { continue }
            dirty = session.tick() || dirty
            if dirty {
                terminal.blit(session.frame(size: terminal.size))
                lastFrame = Terminal.monotonicMilliseconds()
            }
        }
    }
}

#if DEBUG
/// Test-only, and only in debug builds: `SETBOARD_DEBUG_CRASH=overflow|abort|segv` crashes the board right after its
/// first frame, so an end-to-end test can check that a crash still gives the terminal back.
enum DebugCrash {
    static func ifAsked() {
        guard let value = getenv("SETBOARD_DEBUG_CRASH") else { return }
        let how = String(cString: value)
        switch how {
        case "overflow":
            let one = Int64(how.count > 0 ? 1 : 0)
            let sum = Int64.max + one // traps, as an unchecked overflow on read values once did
            if sum == 0 { print(sum) }
        case "abort": abort()
        case "segv": _ = raise(SIGSEGV)
        default: return
        }
    }
}
#endif
