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
        // SA_RESTART keeps a journal append's flock or write from failing half-way; the key wait still wakes up
        // because select/poll are never restarted.
        installSignalAction(signal, handler: handler, flags: SA_RESTART)
    }
}

/// Puts the terminal back when the process crashes with the board on screen (an overflow trap, a bad access,
/// an abort), where no teardown code runs: the handler writes bytes prepared beforehand, restores the saved
/// terminal modes, and dies of the same signal with its default action, so the exit status and any core dump
/// stay what they would have been. Only async-signal-safe calls (write, tcsetattr, raise) are made in it.
public enum CrashRestore {
    public static let crashSignals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT]

    /// Raw storage the handler reads without touching Swift's runtime: the restore bytes, their count, and the
    /// terminal modes from before curses changed them (with a flag saying whether they were read).
    static let capacity = 256
    nonisolated(unsafe) private static let bytes: UnsafeMutablePointer<UInt8> = {
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        p.initialize(repeating: 0, count: capacity)
        return p
    }()
    nonisolated(unsafe) private static let count: UnsafeMutablePointer<Int> = {
        let p = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        p.initialize(to: 0)
        return p
    }()
    nonisolated(unsafe) private static let modes: UnsafeMutablePointer<termios> = {
        let p = UnsafeMutablePointer<termios>.allocate(capacity: 1)
        p.initialize(to: termios())
        return p
    }()
    nonisolated(unsafe) private static let hasModes: UnsafeMutablePointer<sig_atomic_t> = {
        let p = UnsafeMutablePointer<sig_atomic_t>.allocate(capacity: 1)
        p.initialize(to: 0)
        return p
    }()

    /// Remembers the terminal's modes; called before curses changes them.
    public static func saveModes() {
        hasModes.pointee = tcgetattr(STDIN_FILENO, modes) == 0 ? 1 : 0
    }

    /// The bytes that undo full-screen mode, from the terminal's own capabilities (leave the alternate screen,
    /// show the cursor, plain attributes, keypad off), then a new line so the shell's prompt starts clean.
    public static func sequence(capabilities: [[UInt8]?]) -> [UInt8] {
        var out: [UInt8] = []
        for cap in capabilities { if let cap { out += cap } }
        out += Array("\r\n".utf8)
        return Array(out.prefix(capacity))
    }

    /// Prepares the restore bytes and installs the crash handlers; called once the screen is set up.
    public static func arm(restoring sequence: [UInt8]) {
        let n = min(sequence.count, capacity)
        for i in 0..<n { bytes[i] = sequence[i] }
        count.pointee = n
        for signal in crashSignals { set(signal, handler: { received in CrashRestore.handle(received) }) }
    }

    /// Back to the default actions once the terminal has been restored the normal way.
    public static func disarm() {
        for signal in crashSignals { set(signal, handler: nil) }
        count.pointee = 0
    }

    private static func handle(_ signal: Int32) {
        var written = 0
        let total = count.pointee
        while written < total {
            let n = write(STDOUT_FILENO, bytes + written, total - written)
            if n <= 0 { break }
            written += n
        }
        if hasModes.pointee == 1 { _ = tcsetattr(STDIN_FILENO, TCSANOW, modes) }
        // SA_RESETHAND put the default action back on entry and SA_NODEFER leaves the signal unblocked: this
        // raise ends the process as the crash would have.
        _ = raise(signal)
    }

    private static func set(_ signal: Int32, handler: (@convention(c) (Int32) -> Void)?) {
        installSignalAction(signal, handler: handler,
                            flags: handler == nil ? 0 : Int32(bitPattern: UInt32(SA_RESETHAND)) | Int32(SA_NODEFER))
    }
}

/// `sigaction` with an empty mask: `handler`, or the default action when nil, under `flags`.
private func installSignalAction(_ signal: Int32, handler: (@convention(c) (Int32) -> Void)?, flags: Int32) {
    var action = sigaction()
    #if canImport(Glibc)
    action.__sigaction_handler.sa_handler = handler ?? SIG_DFL
    #else
    action.__sigaction_u.__sa_handler = handler ?? SIG_DFL
    #endif
    sigemptyset(&action.sa_mask)
    action.sa_flags = flags
    sigaction(signal, &action, nil)
}
