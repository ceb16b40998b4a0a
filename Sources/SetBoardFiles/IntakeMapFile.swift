// The intake map file (`map.yaml`) shared by the Alertmanager intake and the Jira import: one YAML reading, one list of sections.
import SetBoardCore
import Yams

enum IntakeMapFile {
    /// Every section the file may hold; each reader takes its own and leaves the others to theirs.
    static let sections = ["alerts", "jira"]

    /// The node under `name`, or nil when the file is empty or has no such section. A file that is not YAML, not a
    /// mapping, or names a section nobody reads is refused with its line, whichever reader finds it first.
    static func section(_ name: String, of text: String) throws(FileProblem) -> Node? {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw FileProblem("not valid YAML: \(String(describing: error).split(whereSeparator: \.isNewline).first ?? "")")
        }
        guard let node else { return nil }
        guard let root = node.mapping else {
            throw FileProblem("line \(node.mark?.line ?? 0): expected a mapping with a `\(name):` section")
        }
        var found: Node?
        for (k, v) in root {
            guard let key = k.string, sections.contains(key) else {
                throw FileProblem("line \(k.mark?.line ?? 0): unknown section \"\(TextSafety.escaped(k.string ?? "?"))\" (expected `alerts` or `jira`)")
            }
            if key == name { found = v }
        }
        return found
    }
}

/// What the readers of the map's sections share: a node's line for messages, and one word from a fixed set.
protocol IntakeMapSection {}

extension IntakeMapSection {
    static func line(_ node: Node) -> Int { node.mark?.line ?? 0 }

    static func word<T>(_ node: Node, _ what: String, _ parse: (String) -> T?, _ allowed: [String]) throws(FileProblem) -> T {
        guard let text = node.scalar?.string, let value = parse(text) else {
            throw FileProblem("line \(line(node)): \"\(TextSafety.escaped(node.string ?? "?"))\" is not a \(what) "
                              + "(use \(allowed.joined(separator: ", ")))")
        }
        return value
    }
}
