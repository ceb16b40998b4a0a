/// `setboard` / `setboard open` (the full-screen board) and `setboard render` (the same screen as plain text).
import ArgumentParser
import Foundation
import SetBoardApp
import SetBoardCore
import SetBoardFiles
import SetBoardJournal
import SetBoardTerminal
import SetBoardUI

struct Open: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Open the board full screen (what `setboard` alone does).",
        discussion: """
            Press ? on the board for its keys. When stdin or stdout is not a terminal, prints the board as \
            `setboard render` would instead. Colours come from --theme, else `theme:` in \
            $XDG_CONFIG_HOME/setboard/config.yaml, else the default theme; NO_COLOR gives the mono theme.
            """)
    @OptionGroup var options: BoardOptions
    @Option(help: ArgumentHelp("A theme name (default, light, high-contrast, mono) or a theme file.", valueName: "name|path"))
    var theme: String?
    @Flag(help: "No colours, whatever the terminal can show (as NO_COLOR does).") var noColor = false

    func run() throws {
        try reportingFailures {
            let clock = try options.makeClock()
            let store = try options.openStore(clock: clock, reading: true, lazily: true)
            guard isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 else {
                let driver = BoardDriver(store: store, clock: clock, actor: currentOSAccount())
                BoardDecorations.install(on: driver)
                print(driver.frame(size: Size(width: 100, height: 30)).plainText())
                return
            }
            let tui = try TUIOptions.standard(theme: theme, noColor: noColor)
            try exitLikeTheBoard(runFullScreen(store: store, clock: clock, options: tui))
        }
    }
}

/// The full-screen board: the driver with the commands' decorations and the page notifier beside it, run by the
/// terminal until the user quits. `setboard`, `open` and `demo` all come here.
func runFullScreen(store: BoardStore, clock: any JournalClock, options: TUIOptions) throws -> TUIExit {
    let actor = currentOSAccount()
    let driver = BoardDriver(store: store, clock: clock, actor: actor, keyMap: options.keyMap)
    BoardDecorations.installWithNotices(on: driver)
    driver.timeZone = UserZone.current()
    let notifier = PageNotifier(store: store, clock: clock, actor: actor, command: try TUIConfig.load().notify)
    let session = BoardSession(driver: driver, sideTask: notifier.sideTask)
    // Who else is here: announced while the board is open, gone when it closes (or, killed, after a timeout).
    let presence = (store.journal as? FileJournal).map { Presence(board: $0.directory, handle: actor) }
    session.presence = presence
    defer { presence?.leave() }
    return try TUIApp.run(session, options: options)
}

/// A board left by a signal exits as a shell reports a killed process (128 + signal), so scripts can tell.
func exitLikeTheBoard(_ outcome: TUIExit) throws {
    switch outcome {
    case .quit: return
    case let .signal(number): throw ExitCode(128 + number)
    case .lostTerminal: throw ExitCode(1)
    }
}

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Print exactly the screen the full-screen board would draw, as plain text.",
        discussion: "For scripts, documentation and tests: `setboard render --size 80x24 --view detail SET-4`.")
    @OptionGroup var options: BoardOptions
    @Option(help: ArgumentHelp("The screen size, WIDTHxHEIGHT.", valueName: "WxH")) var size = ScreenSize(width: 100, height: 30)
    @Option(parsing: .upToNextOption, help: ArgumentHelp("board, help, or detail KEY.", valueName: "view"))
    var view: [String] = ["board"]
    @Option(help: ArgumentHelp("Select this ticket first.", valueName: "key")) var select: String?
    @Option(help: ArgumentHelp("Show a side pane: incidents, roster or projects.", valueName: "pane")) var pane: PaneName?
    @Option(help: ArgumentHelp("The board as it was then (see `list --at`); the header says when.", valueName: "time"))
    var at: String?

    func validate() throws {
        _ = try request(resolve: { $0 })
    }

    func run() throws {
        try reportingFailures {
            let session = try at.map { try Session(options, at: $0, lazily: true) } ?? Session(options, reading: true, lazily: true)
            let driver = BoardDriver(store: session.store, clock: session.clock, actor: session.actor)
            driver.timeZone = UserZone.current()
            BoardDecorations.install(on: driver)
            driver.prepare(select: try select.map { try session.key($0) }, view: try request(resolve: session.key),
                           pane: pane.flatMap { Pane(rawValue: $0.rawValue) })
            print(driver.frame(size: Size(width: size.width, height: size.height)).plainText())
        }
    }

    private func request(resolve: (String) throws -> String) throws -> ViewRequest {
        switch (view.first?.lowercased(), view.count) {
        case ("board", 1): return .board
        case ("help", 1): return .help
        case ("detail", 2): return .detail(try resolve(view[1]))
        case ("detail", _): throw ValidationError("--view detail needs a ticket key: --view detail SET-4")
        default: throw ValidationError("--view takes board, help, or detail KEY")
        }
    }
}

/// `100x30`: a screen size on the command line.
struct ScreenSize: ExpressibleByArgument {
    var width: Int
    var height: Int
    init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }
    init?(argument: String) {
        let parts = argument.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let w = Int(parts[0]), let h = Int(parts[1]),
              (1...1000).contains(w), (1...1000).contains(h) else { return nil }
        self.init(width: w, height: h)
    }
    var defaultValueDescription: String { "\(width)x\(height)" }
}

/// What the user asked for in `$XDG_CONFIG_HOME/setboard/config.yaml`; keys other commands read are left alone.
struct TUIConfig {
    var theme: String?
    var keyMap = KeyMap.default
    /// The page notify command: only ever from this file, never from the board's journal.
    var notify: String?
    /// How long a synced page's sender may leave a due step untold before this user's notifier takes over.
    var pageTakeoverAfter: Int64?

    static var path: String { BoardOptions.configHome + "/setboard/config.yaml" }

    /// A missing file is no configuration; a broken or unsafe one (a symlink, or writable by others) is an error
    /// naming the file, never silently ignored.
    static func load(path: String = TUIConfig.path) throws -> TUIConfig {
        do {
            guard let text = try ConfigFile.readOwnFile(path) else { return TUIConfig() }
            let file = try ConfigFile.parse(text, path: path)
            return TUIConfig(theme: file.theme, keyMap: file.keyMap, notify: file.notify, pageTakeoverAfter: file.pageTakeoverAfter)
        } catch {
            throw CLIFailure(error.description)
        }
    }
}

extension TUIOptions {
    /// The options `setboard`, `setboard open` and `setboard demo` use: the theme from the flag, else the config
    /// file, else the default; `NO_COLOR` (any non-empty value) or the flag turns colour off.
    static func standard(theme: String? = nil, noColor: Bool = false) throws -> TUIOptions {
        let config = try TUIConfig.load()
        let name = theme ?? config.theme ?? ThemeLoader.defaultName
        let loaded: Theme
        do { loaded = try ThemeLoader.load(name, configHome: BoardOptions.configHome) } catch let e as ThemeLoadError {
            throw CLIFailure(e.description)
        }
        return TUIOptions(theme: loaded, noColor: noColor || BoardOptions.environment("NO_COLOR") != nil,
                          keyMap: config.keyMap)
    }
}

/// `--pane incidents|roster|projects` on the command line.
enum PaneName: String, ExpressibleByArgument, CaseIterable {
    case incidents, roster, projects
}
