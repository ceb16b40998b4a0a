/// The Definition of Ready and Definition of Done checklists a new project starts with: the handbook's lists.

/// One checklist item as a template names it: a short id to tick it by, and the sentence a DRI assesses.
public struct ChecklistTemplateItem: Equatable, Sendable {
    public var id: String
    public var text: String

    public init(id: String, text: String) {
        self.id = id
        self.text = text
    }

    /// Ids are typed on the command line (`project dor PRJ-3 rfc=done`) and stored in the journal: lower-case
    /// letters, digits and dashes, starting with a letter.
    public static func isValidID(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, ("a"..."z").contains(first), id.unicodeScalars.count <= 32 else { return false }
        return id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}

/// The two lists a project is checked against; a team may replace them (`project-templates.yaml` on the board).
public struct ProjectTemplates: Equatable, Sendable {
    public static let maxItems = 64
    public static let maxItemText = 300

    public var dor: [ChecklistTemplateItem]
    public var dod: [ChecklistTemplateItem]

    public init(dor: [ChecklistTemplateItem], dod: [ChecklistTemplateItem]) {
        self.dor = dor
        self.dod = dod
    }

    /// Why a list cannot be a checklist, or nil when it can: 1 to `maxItems` items, valid distinct ids, one-line texts.
    public static func problem(with items: [ChecklistTemplateItem], list: String) -> String? {
        guard !items.isEmpty else { return "the \(list) list is empty" }
        guard items.count <= maxItems else { return "the \(list) list has more than \(maxItems) items" }
        var seen: Set<String> = []
        for item in items {
            guard ChecklistTemplateItem.isValidID(item.id) else {
                return "\(list) item id \"\(TextSafety.escaped(item.id))\" is not lower-case letters, digits and dashes (at most 32)"
            }
            guard seen.insert(item.id).inserted else { return "\(list) item id \"\(item.id)\" appears twice" }
            let text = item.text.trimmingWhitespace()
            guard !text.isEmpty, !text.contains(where: \.isNewline), text.unicodeScalars.count <= maxItemText else {
                return "\(list) item \(item.id): the text must be one line of 1 to \(maxItemText) characters"
            }
        }
        return nil
    }

    private static func items(_ pairs: [(String, String)]) -> [ChecklistTemplateItem] {
        pairs.map { ChecklistTemplateItem(id: $0.0, text: $0.1) }
    }

    /// The handbook's Definition of Ready and Definition of Done, in its order and sections.
    public static let handbook = ProjectTemplates(
        dor: items([
            ("context", "Context: research on alternatives, risks of and reasons not to pursue"),
            ("objective", "Objective: business impact, value to customers, how to measure them"),
            ("dependencies", "External and internal dependencies"),
            ("stakeholders", "List of stakeholders"),
            ("rfc", "RFC or written document explaining the above"),
            ("scope", "Fixed scope, clear deliverables"),
            ("milestones", "Milestones and plan for the work: MVP definition, rollout plan"),
            ("security", "Security risk level assessment and approval if required"),
            ("timelines", "Impact assessment timelines"),
            ("cost", "Cost projection"),
            ("capacity", "Engineering capacity required estimate"),
        ]),
        dod: items([
            ("completed", "No more work required from the team"),
            ("tested", "Fully tested (unit, integration, scale, load, performance)"),
            ("rolled-out", "Rolled out to applicable instances"),
            ("future-work", "Future work tracked as issues"),
            ("user-docs", "User-facing documentation"),
            ("customer-docs", "Customer-facing documentation"),
            ("enablement", "Enablement and training material"),
            ("operability-docs", "Operability documentation"),
            ("security-approval", "Security approval"),
            ("legal", "Legal and compliance approval"),
            ("sign-off", "Stakeholder sign-off"),
            ("rollout-plan", "Rollout plan"),
            ("rollback", "Feature flagging and rollback plans"),
            ("monitoring", "Monitoring and observability plan"),
            ("measurement", "Impact and correctness measurement plan"),
            ("cost-plan", "Cost assessment and verification plan"),
            ("playbooks", "On-call playbooks and troubleshooting documentation"),
            ("knowledge", "Team knowledge sharing for operators and future work"),
            ("launch", "Launch questionnaire or playbook"),
        ]))
}
