/// Turns SIGINT, SIGTERM and SIGHUP into a flag the run loop checks, so the terminal is restored by normal code.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A signal handler may only do async-signal-safe work; curses is not. The handler records which signal came and
/// returns; the loop sees it within one key timeout, leaves, and tears the terminal down in the one place that does.
public enum SignalTrap {
    /// A plain pointer rather than a Swift global variable: a global would go through exclusivity checks that a
    /// handler interrupting the main thread could trip over.
    nonisolated(unsafe) private static let slot: UnsafeMutablePointer<sig_atomic_t> = {
        let p = UnsafeMutablePointer<sig_atomic_t>.allocate(capacity: 1)
        p.initialize(to: 0)
        return p
    }()

    public static let trapped: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    /// Installs the handlers. Called before `initscr`, so ncurses sees them and does not install its own for
    /// SIGINT and SIGTERM (it only takes signals that are still at their default).
    public static func install() {
        slot.pointee = 0
        for signal in trapped { set(signal, handler: { received in SignalTrap.record(received) }) }
    }

    /// Puts the default dispositions back once the terminal is restored.
    public static func uninstall() {
        for signal in trapped { set(signal, handler: nil) }
    }

    /// The signal that asked us to stop, or nil.
    public static var received: Int32? {
        let value = slot.pointee
        return value == 0 ? nil : Int32(value)
    }

    private static func record(_ signal: Int32) {
        slot.pointee = sig_atomic_t(signal)
    }

    private static func set(_ signal: Int32, handler: (@convention(c) (Int32) -> Void)?) {
        var action = sigaction()
        #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = handler ?? SIG_DFL
        #else
        action.__sigaction_u.__sa_handler = handler ?? SIG_DFL
        #endif
        sigemptyset(&action.sa_mask)
        // SA_RESTART keeps a journal append's flock or write from failing half-way; the key wait still wakes up
        // because select/poll are never restarted.
        action.sa_flags = SA_RESTART
        sigaction(signal, &action, nil)
    }
}
