/// The one place that sets the terminal up and tears it down, reads keys, and blits Grids (only what changed).
import CNcurses
import SetBoardUI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public enum TerminalError: Error, CustomStringConvertible {
    case notATerminal
    case cannotOpen(term: String)

    public var description: String {
        switch self {
        case .notATerminal:
            return "the full-screen board needs a terminal on stdin and stdout; use `setboard list` or `setboard render` in scripts"
        case let .cannotOpen(term):
            return "cannot use the terminal type \"\(term)\" (no terminfo entry?); try TERM=xterm-256color or TERM=vt100"
        }
    }
}

public final class Terminal {
    public private(set) var isActive = false
    public private(set) var colorMode = ColorMode.mono
    private var palette: Palette?
    private var previous: Grid?
    private var repaintAll = true
    /// Consecutive key waits that ended at once with nothing: a terminal that has gone away (stdin at EOF).
    private var emptyWakeups = 0
    private let theme: Theme
    private let noColor: Bool

    public init(theme: Theme, noColor: Bool) {
        self.theme = theme
        self.noColor = noColor
    }

    deinit { teardown() }

    /// Puts the terminal into full-screen mode. Signals are trapped first so ncurses leaves SIGINT/SIGTERM to us.
    public func setup() throws {
        guard !isActive else { return }
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw TerminalError.notATerminal }
        Terminal.chooseLocale()
        SignalTrap.install()
        CrashRestore.saveModes()
        guard setboard_newterm() != nil else {
            SignalTrap.uninstall()
            throw TerminalError.cannotOpen(term: getenv("TERM").map { String(cString: $0) } ?? "")
        }
        isActive = true
        cbreak()
        noecho()
        nonl()
        intrflush(setboard_stdscr(), false)
        keypad(setboard_stdscr(), true)
        set_escdelay(25)
        curs_set(0)
        var mode = ColorMode.mono
        var defaultColors = false
        if !noColor && has_colors() {
            start_color()
            defaultColors = use_default_colors() == OK
            mode = ColorMode.choose(noColor: noColor, hasColors: true, colors: Int(setboard_colors()))
        }
        colorMode = mode
        palette = Palette(theme: theme, mode: mode, colors: Int(setboard_colors()),
                          maxPairs: Int(setboard_color_pairs()), defaultColors: defaultColors)
        previous = nil
        repaintAll = true
        CrashRestore.arm(restoring: CrashRestore.sequence(capabilities: ["rmcup", "cnorm", "sgr0", "rmkx"].map(Terminal.capability)))
    }

    /// A string capability of the terminal from terminfo, or nil when it has none.
    private static func capability(_ name: String) -> [UInt8]? {
        guard let value = tigetstr(name), Int(bitPattern: value) != -1 else { return nil }
        return Array(String(cString: value).utf8)
    }

    /// Restores the terminal. Safe to call more than once and after a failed setup; runs on quit, error and signals.
    public func teardown() {
        guard isActive else { return }
        isActive = false
        curs_set(1)
        endwin()
        CrashRestore.disarm()
        SignalTrap.uninstall()
    }

    /// The screen size as curses knows it (updated by KEY_RESIZE).
    public var size: Size {
        Size(width: max(0, Int(setboard_columns())), height: max(0, Int(setboard_rows())))
    }

    /// The next key, or nil when `timeoutMs` passed without one. A resize comes back as `.resize` and makes the
    /// next blit repaint the whole screen.
    public func readKey(timeoutMs: Int32) -> Key? {
        guard isActive else { return nil }
        wtimeout(setboard_stdscr(), timeoutMs)
        var value: wint_t = 0
        let started = Terminal.monotonicMilliseconds()
        let status = wget_wch(setboard_stdscr(), &value)
        if status == ERR {
            emptyWakeups = Terminal.monotonicMilliseconds() - started < Int64(timeoutMs / 2) ? emptyWakeups + 1 : 0
            return nil
        }
        emptyWakeups = 0
        let key = KeyDecoder.decode(value: UInt32(value), isKeyCode: status == KEY_CODE_YES)
        if key == .resize { repaintAll = true }
        if key == .ctrl("l") { repaintAll = true }
        return key
    }

    /// True when key waits keep returning at once: the terminal is gone (a hang-up without SIGHUP, stdin closed).
    public var lostTerminal: Bool { emptyWakeups > 50 }

    /// Asks for a full repaint on the next blit (after a resize or Ctrl-L).
    public func invalidate() { repaintAll = true }

    /// Draws `grid`, writing only the cells that differ from the last grid drawn, then updates the screen once.
    public func blit(_ grid: Grid) {
        guard isActive, let palette else { return }
        let full = repaintAll || previous?.size != grid.size
        if full {
            werase(setboard_stdscr())
            clearok(setboard_stdscr(), true)
        }
        let old = full ? nil : previous
        for y in 0..<grid.size.height {
            var redrawNext = false
            for x in 0..<grid.size.width {
                let cell = grid[x, y]
                let forced = redrawNext
                redrawNext = false
                if let old {
                    let before = old[x, y]
                    if before == cell && !forced { continue }
                    // A wide character that became narrow leaves its right half behind unless that half is redrawn.
                    if before.width == 2 { redrawNext = true }
                }
                draw(cell, x: x, y: y, palette: palette)
            }
        }
        wnoutrefresh(setboard_stdscr())
        doupdate()
        previous = grid
        repaintAll = false
    }

    /// Each cell goes to its own x, so a terminal that disagrees about a character's width cannot shift the row.
    private func draw(_ cell: Cell, x: Int, y: Int, palette: Palette) {
        if cell.width == 0 { return }
        let entry = palette.entry(cell.role)
        if cell.width == 2 {
            // If the terminal thinks this character is narrow, the right half still shows a blank, not old text.
            _ = Terminal.put([32, 0], y: y, x: x + 1, entry: entry)
        }
        var text = cell.text.unicodeScalars.prefix(5).map { wchar_t(bitPattern: $0.value) }
        if text.isEmpty || setboard_wcwidth(text[0]) < 0 { text = [32] }
        text.append(0)
        if Terminal.put(text, y: y, x: x, entry: entry) == ERR && text.count > 2 {
            // setcchar takes one spacing character plus combining marks; an emoji sequence is more than that.
            _ = Terminal.put([text[0], 0], y: y, x: x, entry: entry)
        }
    }

    private static func put(_ text: [wchar_t], y: Int, x: Int, entry: Palette.Entry) -> Int32 {
        text.withUnsafeBufferPointer { buffer in
            setboard_put_cell(Int32(y), Int32(x), buffer.baseAddress, entry.attributes, entry.pair)
        }
    }

    /// The user's locale; when none is set at all (a bare SSH or cron environment) UTF-8 is assumed, because
    /// the board's borders and marks are not ASCII and every terminal in use today speaks UTF-8.
    private static func chooseLocale() {
        setlocale(LC_ALL, "")
        let names = ["LC_ALL", "LC_CTYPE", "LANG"]
        if names.allSatisfy({ (getenv($0).map { String(cString: $0) } ?? "").isEmpty }) {
            if setlocale(LC_CTYPE, "C.UTF-8") == nil { setlocale(LC_CTYPE, "C.utf8") }
        }
    }

}

extension Terminal {
    /// The clock that only goes forward, for key timeouts and redraws: the wall clock can jump.
    static func monotonicMilliseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }
}
