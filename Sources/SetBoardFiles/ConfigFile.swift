/// `$XDG_CONFIG_HOME/setboard/config.yaml` read from its text: the theme and key remaps; keys other commands read are left alone.
import SetBoardCore
import SetBoardUI
import Yams

public struct ConfigFile: Equatable, Sendable {
    public var theme: String?
    public var keyMap = KeyMap.default

    public init() {}

    /// A broken file is an error naming `path` (escaped, as it is printed), never silently ignored.
    public static func parse(_ text: String, path: String) throws(FileProblem) -> ConfigFile {
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch {
            let first = String(describing: error).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            throw FileProblem("\(TextSafety.escaped(path)) is not valid YAML: \(first)")
        }
        guard let node else { return ConfigFile() }
        guard let root = node.mapping else { throw FileProblem("\(TextSafety.escaped(path)): expected a mapping such as `theme: light`") }
        var config = ConfigFile()
        if let value = root["theme"] {
            guard let name = value.string, !name.isEmpty else {
                throw FileProblem("\(TextSafety.escaped(path)) line \((value.mark?.line ?? 0)): `theme:` needs a theme name or file")
            }
            config.theme = name
        }
        if let value = root["keys"] {
            guard let keys = value.mapping else {
                throw FileProblem("\(TextSafety.escaped(path)) line \((value.mark?.line ?? 0)): `keys:` needs a mapping such as `keys: { x: claim }`")
            }
            for (key, action) in keys {
                do {
                    try config.keyMap.remap(key.string ?? "", to: action.string ?? "")
                } catch {
                    throw FileProblem("\(TextSafety.escaped(path)) line \((key.mark?.line ?? 0)): \(error.description)")
                }
            }
        }
        return config
    }
}
