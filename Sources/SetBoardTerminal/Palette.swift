/// Turns a Theme into curses attributes and colour pairs for the colours this terminal actually has.
import CNcurses
import SetBoardUI

/// How much colour the terminal gets, decided once at setup.
public enum ColorMode: String, Equatable, Sendable {
    /// `NO_COLOR`, or a terminal without colours (vt100): the mono theme, attributes only.
    case mono
    /// The linux console and plain xterm: colours 0–7 (16 when the terminal has them); others take their fallback.
    case basic
    /// 256 colours: the theme as written.
    case full

    /// What to use, given the environment and what curses reports after `start_color`.
    public static func choose(noColor: Bool, hasColors: Bool, colors: Int) -> ColorMode {
        if noColor || !hasColors || colors < 8 { return .mono }
        return colors >= 256 ? .full : .basic
    }
}

struct Palette {
    struct Entry {
        var attributes: attr_t
        var pair: Int16
    }

    private var entries: [StyleRole: Entry] = [:]
    let mode: ColorMode

    /// Must run after `start_color` (unless mono): it defines one colour pair per distinct foreground/background.
    init(theme: Theme, mode: ColorMode, colors: Int, maxPairs: Int, defaultColors: Bool) {
        self.mode = mode
        let effective = mode == .mono ? Theme.mono : theme
        var pairs: [PairKey: Int16] = [:]
        for role in StyleRole.allCases {
            let style = effective.style(role)
            var attributes = attr_t(0)
            if style.bold { attributes |= setboard_attr_bold() }
            if style.reverse { attributes |= setboard_attr_reverse() }
            if style.underline { attributes |= setboard_attr_underline() }
            if style.dim { attributes |= setboard_attr_dim() }
            var pair: Int16 = 0
            if mode != .mono {
                let key = PairKey(foreground: Palette.index(style.foreground, colors: colors, defaultColors: defaultColors, isBackground: false),
                                  background: Palette.index(style.background, colors: colors, defaultColors: defaultColors, isBackground: true))
                if key.foreground == -1 && key.background == -1 {
                    pair = 0
                } else if let existing = pairs[key] {
                    pair = existing
                } else if pairs.count + 1 < maxPairs {
                    pair = Int16(pairs.count + 1)
                    init_pair(pair, Int16(key.foreground), Int16(key.background))
                    pairs[key] = pair
                }
            }
            entries[role] = Entry(attributes: attributes, pair: pair)
        }
    }

    func entry(_ role: StyleRole) -> Entry {
        entries[role] ?? Entry(attributes: 0, pair: 0)
    }

    private struct PairKey: Hashable {
        var foreground: Int
        var background: Int
    }

    /// The curses colour number: -1 is the terminal's own colour, which needs `use_default_colors`; without it
    /// the classic white on black stands in.
    private static func index(_ color: ThemeColor, colors: Int, defaultColors: Bool, isBackground: Bool) -> Int {
        var c = color
        if case let .indexed(n) = c, n >= colors { c = color.fallback8 }
        switch c {
        case .terminalDefault: return defaultColors ? -1 : (isBackground ? 0 : 7)
        case let .indexed(n): return max(0, min(n, colors - 1))
        }
    }
}
