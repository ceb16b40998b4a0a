/// Fuzzing projects: hostile `project.*` payloads are refused or decoded strictly and never crash the state, its progress
/// or its reports; hostile template YAML gets an error or templates that hold.
import SetBoardCore
import SetBoardFiles
import Testing

struct ProjectFuzzTests {
    static let items = [ChecklistTemplateItem(id: "rfc", text: "RFC"), ChecklistTemplateItem(id: "scope", text: "Scope")]
    static let seeds: [ProjectEvent] = [
        .created(key: "PRJ-1", title: "t", dri: "alice", stakeholders: ["bob"], description: "d", links: ["l"], dor: items, dod: items),
        .phaseChanged(key: "PRJ-1", from: .scoping, to: .ready, waiver: "w", reason: nil),
        .phaseChanged(key: "PRJ-1", from: .ready, to: .dropped, waiver: nil, reason: "r"),
        .itemMarked(key: "PRJ-1", list: .dod, item: "rfc", state: .na),
        .milestoneAdded(key: "PRJ-1", milestone: "M1", title: "m", due: CycleDay(number: 20_500)),
        .taskLinked(key: "PRJ-1", milestone: "M1", ticket: "SET-1"),
        .taskAdded(key: "PRJ-1", task: "PRJ-1.T1", milestone: nil, title: "t"),
        .taskDone(key: "PRJ-1", task: "PRJ-1.T1"),
    ]

    @Test func hostileProjectPayloadsAreRefusedOrAppliedSafely() {
        var random = SeededRandom(seed: FuzzBudget.seed(41))
        var state = ProjectState()
        for e in Self.seeds { state.apply(e, at: 0, by: "alice") }
        var accepted = 0
        for _ in 0..<FuzzBudget.inputs(default: 5_000) {
            let seed = Self.seeds[random.below(Self.seeds.count)]
            let payload = EventPayloadFuzzTests.mutate(seed.payload, &random)
            guard case let .project(event)? = try? EventRegistry.decode(type: seed.type, payload: payload) else { continue }
            accepted += 1
            #expect(!event.summary.unicodeScalars.contains { $0 == "\u{1B}" })
            state.apply(event, at: Int64(random.below(1_000_000)) * 86_400_000, by: "fuzz")
        }
        for p in state.projects.values {
            for now: Int64 in [0, .max / 2, 253_402_300_799_999] {
                _ = ProjectReports.show(p, board: BoardState(), now: now)
                _ = ProjectStatus.draft(projects: state, board: BoardState(), events: [], week: CycleDay(number: 20_000), now: now, markdown: true)
            }
        }
        print("fuzz project payloads: \(accepted) accepted")
        #expect(accepted > 0)
    }

    @Test func hostileTemplateFiles() {
        YAMLFuzzTests.fuzz("project templates", corpus: [Array(ProjectTemplatesYAML.example.utf8)], salt: 42) { text in
            guard let t = try? ProjectTemplatesYAML.parse(text) else { return }
            #expect(ProjectTemplates.problem(with: t.dor, list: "dor") == nil && ProjectTemplates.problem(with: t.dod, list: "dod") == nil)
        }
    }
}
