/// A team's own Definition of Ready / Done templates as YAML, read strictly; a list it leaves out stays the handbook's.
import SetBoardCore
import Yams

public enum ProjectTemplatesYAML {
    /// The file's name in the board directory.
    public static let fileName = "project-templates.yaml"

    public static let example = """
        # setboard checklist templates: each new project copies these lists (projects already
        # created keep theirs). Each item is `id: text`; the id is what `project dor KEY id=done` ticks.
        # A list left out stays the handbook's.
        dor:
          - context: Context, alternatives researched, risks
          - rfc: RFC reviewed by the team
        dod:
          - tested: Fully tested
          - rolled-out: Rolled out to applicable instances

        """

    /// Reads the YAML; every problem names its line, and a list that does not hold is refused whole.
    public static func parse(_ text: String) throws -> ProjectTemplates {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw FileProblem("not valid YAML: \(String(describing: error).split(whereSeparator: \.isNewline).first ?? "")")
        }
        guard let root = node?.mapping else { throw FileProblem("line 1: expected a mapping with `dor:` and/or `dod:`") }
        var templates = ProjectTemplates.handbook
        for (k, v) in root {
            let line = k.mark?.line ?? 0
            guard let name = k.string, name == "dor" || name == "dod" else {
                throw FileProblem("line \(line): unknown field \"\(TextSafety.escaped(k.string ?? "?"))\" (expected `dor` or `dod`)")
            }
            guard let list = v.sequence else { throw FileProblem("line \(line): `\(name)` must be a list of `- id: text` items") }
            var items: [ChecklistTemplateItem] = []
            for entry in list {
                let l = entry.mark?.line ?? line
                guard let pair = entry.mapping, pair.count == 1, let (ik, iv) = pair.first,
                      let id = ik.string, let text = iv.string, iv.scalar != nil else {
                    throw FileProblem("line \(l): each `\(name)` item is one `id: text` pair")
                }
                items.append(ChecklistTemplateItem(id: id, text: text))
            }
            if let problem = ProjectTemplates.problem(with: items, list: name) { throw FileProblem("line \(line): " + problem) }
            if name == "dor" { templates.dor = items } else { templates.dod = items }
        }
        return templates
    }
}
