/// Colour themes: per style role a foreground, background and attributes, read from themes/*.yaml.
import Yams

public enum ThemeColor: Hashable, Sendable {
    case terminalDefault
    /// 0–7 basic, 8–15 bright, 16–255 the xterm cube and greys.
    case indexed(Int)

    static let names: [String: Int] = [
        "black": 0, "red": 1, "green": 2, "yellow": 3, "blue": 4, "magenta": 5, "cyan": 6, "white": 7,
        "bright-black": 8, "grey": 8, "gray": 8, "bright-red": 9, "bright-green": 10, "bright-yellow": 11,
        "bright-blue": 12, "bright-magenta": 13, "bright-cyan": 14, "bright-white": 15,
    ]

    public init?(name: String) {
        let n = name.lowercased()
        if n == "default" { self = .terminalDefault; return }
        if let i = ThemeColor.names[n] { self = .indexed(i); return }
        if let i = Int(n), (0...255).contains(i) { self = .indexed(i); return }
        return nil
    }

    /// The nearest of the eight basic colours, for terminals (the linux console, plain xterm) that have no more.
    public var fallback8: ThemeColor {
        guard case let .indexed(n) = self else { return self }
        switch n {
        case 0...7: return self
        case 8...15: return .indexed(n - 8)
        case 16...231:
            let c = n - 16
            let (r, g, b) = (c / 36, (c / 6) % 6, c % 6)
            let bits = (r >= 3 ? 1 : 0) | (g >= 3 ? 2 : 0) | (b >= 3 ? 4 : 0)
            return .indexed(bits)
        default:
            return .indexed(n < 244 ? 0 : 7)
        }
    }
}

public struct TextStyle: Hashable, Sendable {
    public var foreground: ThemeColor
    public var background: ThemeColor
    public var bold: Bool
    public var reverse: Bool
    public var underline: Bool
    public var dim: Bool

    public init(foreground: ThemeColor = .terminalDefault, background: ThemeColor = .terminalDefault,
                bold: Bool = false, reverse: Bool = false, underline: Bool = false, dim: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.reverse = reverse
        self.underline = underline
        self.dim = dim
    }
}

public struct ThemeError: Error, Equatable, CustomStringConvertible {
    public var line: Int?
    public var message: String
    public var description: String { line.map { "line \($0): \(message)" } ?? message }
}

public struct Theme: Sendable, Equatable {
    public var name: String
    public var styles: [StyleRole: TextStyle]

    public init(name: String, styles: [StyleRole: TextStyle]) {
        self.name = name
        self.styles = styles
    }

    /// A role the theme leaves out looks like `normal`, so a short theme file is still a whole theme.
    public func style(_ role: StyleRole) -> TextStyle { styles[role] ?? styles[.normal] ?? TextStyle() }

    /// Attributes only: what NO_COLOR and colourless terminals get. Every distinction the board makes stays visible.
    public static let mono: Theme = {
        var s: [StyleRole: TextStyle] = [:]
        for role in [StyleRole.header, .footer, .cardSelected, .tabSelected, .paneSelected, .columnTitleFocused,
                     .overlayTitle, .alert] {
            s[role] = TextStyle(reverse: true)
        }
        for role in [StyleRole.columnTitle, .error, .stuck, .overdue, .tierCommunity, .tierEscalation, .paneTitle] {
            s[role] = TextStyle(bold: true)
        }
        for role in [StyleRole.handMoved, .incident, .message] { s[role] = TextStyle(underline: true) }
        s[.dim] = TextStyle(dim: true)
        return Theme(name: "mono", styles: s)
    }()

    /// Reads a theme file. The shape is `styles: { role: { fg: COLOUR, bg: COLOUR, attrs: [bold, …] } }`;
    /// unknown roles, colours and attributes are errors with their line, never silently ignored.
    public static func parse(yaml: String, name: String) throws(ThemeError) -> Theme {
        let root: Node?
        do { root = try Yams.compose(yaml: yaml) } catch {
            let first = String(describing: error).split(whereSeparator: \.isNewline).first.map(String.init) ?? "not YAML"
            throw ThemeError(line: nil, message: "not valid YAML: \(first)")
        }
        guard let mapping = root?.mapping else { throw ThemeError(line: 1, message: "expected a mapping with `styles:`") }
        for (key, _) in mapping where !["name", "description", "styles"].contains(key.string ?? "") {
            throw ThemeError(line: line(key), message: "unknown key `\(key.string ?? "?")` (expected name, description, styles)")
        }
        guard let stylesNode = mapping["styles"] else { throw ThemeError(line: 1, message: "missing `styles:`") }
        guard let styles = stylesNode.mapping else { throw ThemeError(line: line(stylesNode), message: "`styles:` must be a mapping") }
        var result: [StyleRole: TextStyle] = [:]
        for (key, value) in styles {
            guard let roleName = key.string, let role = StyleRole(rawValue: roleName) else {
                throw ThemeError(line: line(key), message: "unknown style `\(key.string ?? "?")`; known: "
                                 + StyleRole.allCases.map(\.rawValue).joined(separator: ", "))
            }
            result[role] = try style(value, role: roleName)
        }
        let title = mapping["name"]?.string ?? name
        return Theme(name: title, styles: result)
    }

    private static func style(_ node: Node, role: String) throws(ThemeError) -> TextStyle {
        guard let m = node.mapping else { throw ThemeError(line: line(node), message: "`\(role)` must be a mapping of fg, bg, attrs") }
        var style = TextStyle()
        for (key, value) in m {
            switch key.string ?? "" {
            case "fg": style.foreground = try color(value, role: role)
            case "bg": style.background = try color(value, role: role)
            case "attrs":
                let items: [Node]
                if let s = value.sequence { items = Array(s) } else { items = [value] }
                for item in items {
                    switch item.string ?? "" {
                    case "bold": style.bold = true
                    case "reverse": style.reverse = true
                    case "underline": style.underline = true
                    case "dim": style.dim = true
                    default:
                        throw ThemeError(line: line(item), message: "`\(role)`: unknown attribute `\(item.string ?? "?")` (bold, reverse, underline, dim)")
                    }
                }
            default:
                throw ThemeError(line: line(key), message: "`\(role)`: unknown key `\(key.string ?? "?")` (fg, bg, attrs)")
            }
        }
        return style
    }

    private static func color(_ node: Node, role: String) throws(ThemeError) -> ThemeColor {
        guard let text = node.string, let c = ThemeColor(name: text) else {
            throw ThemeError(line: line(node), message: "`\(role)`: unknown colour `\(node.string ?? "?")` (a name like red or bright-blue, default, or 0–255)")
        }
        return c
    }

    private static func line(_ node: Node) -> Int? { node.mark.map { $0.line } }
}
