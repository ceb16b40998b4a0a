/// The board's inline forms (add, edit, incident update) and the filter: what they ask and what they turn into.
import SetBoardCore

enum Forms {
    static func add() -> Form {
        Form(kind: .add, fields: [
            FormField(label: "Title", value: "", hint: "what is wrong, in one line"),
            tierField(.other),
            FormField(label: "Level", value: "", hint: "L1 L2 L3 L4 or empty"),
            FormField(label: "Assignee", value: "", hint: "a handle, or empty"),
            categoryField(.cat1),
            FormField(label: "Description", value: "", hint: "one line here; `setboard edit` for more"),
        ])
    }

    static func tierField(_ tier: Tier) -> FormField {
        let names = Tier.allCases.map(\.rawValue)
        return FormField(label: "Tier", value: tier.rawValue, hint: "Space/←→ or type: " + names.joined(separator: " "),
                         choices: names)
    }

    static func categoryField(_ category: Category) -> FormField {
        FormField(label: "Category", value: category.rawValue, hint: "Space/←→: CAT1 (people) or CAT2 (alert)",
                  choices: Category.allCases.map(\.rawValue))
    }

    static func edit(_ t: Ticket) -> Form {
        Form(kind: .edit(t.key), fields: [
            FormField(label: "Title", value: t.title, hint: "one line"),
            tierField(t.tier),
            FormField(label: "Level", value: t.level?.rawValue ?? "", hint: "L1 L2 L3 L4 or empty"),
            categoryField(t.category),
            FormField(label: "Type", value: t.type.rawValue, hint: TicketType.allCases.map(\.rawValue).joined(separator: " ")),
            FormField(label: "Team", value: t.team ?? "", hint: "owning team, or empty"),
            FormField(label: "Description", value: t.description.replacingNewlines, hint: "one line here; `setboard edit` for more"),
        ])
    }

    static func incidentUpdate(_ id: String) -> Form {
        Form(kind: .incidentUpdate(id), fields: [FormField(label: "Update", value: "", hint: "what changed, for \(id)")])
    }

    /// The new commander's handle, typed over the current one.
    static func incidentCommander(_ id: String, current: String?) -> Form {
        Form(kind: .incidentCommander(id), fields: [
            FormField(label: "Commander", value: current ?? "", hint: "the new commander of \(id)"),
        ])
    }

    /// Level L1 or L2 (the only incident levels), the card's level when it is one of them; the title from the card.
    /// The commander starts as `setboard incident open` would pick: the SET primary, else the person at the keyboard.
    static func incidentOpen(_ t: Ticket, commander: String) -> Form {
        let level = t.level == .l2 ? "L2" : "L1"
        return Form(kind: .incidentOpen(t.key), fields: [
            FormField(label: "Level", value: level, hint: "Space/←→: L1 (critical) or L2 (major)", choices: ["L1", "L2"]),
            FormField(label: "Title", value: t.title.replacingNewlines, hint: "one line"),
            FormField(label: "Commander", value: commander, hint: "the incident commander's handle"),
        ])
    }

    static func nextChecklistState(_ s: ChecklistState) -> ChecklistState {
        switch s {
        case .missing: return .present
        case .present: return .notApplicable
        case .notApplicable: return .missing
        }
    }

    /// The change a submitted form asks for; nil when nothing changed; a failure explains what to fix.
    static func effect(of form: Form, state: BoardState) -> Result<AppEffect?, FormProblem> {
        switch form.kind {
        case .add:
            let title = form.value("Title")
            guard !title.isEmpty else { return .failure(FormProblem("a ticket needs a title")) }
            guard let tier = Tier(rawValue: form.value("Tier").lowercased()) else { return .failure(badTier(form.value("Tier"))) }
            let levelText = form.value("Level")
            let level = Level(text: levelText)
            if !levelText.isEmpty && level == nil { return .failure(FormProblem("level must be L1, L2, L3, L4 or empty, not \(levelText)")) }
            let assignee = form.value("Assignee")
            guard let category = Category(text: form.value("Category")) else {
                return .failure(FormProblem("category must be CAT1 or CAT2, not \(form.value("Category"))"))
            }
            return .success(.perform(.add(NewTicket(title: title, description: form.value("Description"), tier: tier,
                                                    level: level, category: category,
                                                    assignee: assignee.isEmpty ? nil : assignee))))
        case let .edit(key):
            guard let t = state.ticket(key) else { return .failure(FormProblem("\(key) is no longer on the board")) }
            var changes = TicketChanges()
            let title = form.value("Title")
            if title != t.title { changes.title = title }
            guard let tier = Tier(rawValue: form.value("Tier").lowercased()) else { return .failure(badTier(form.value("Tier"))) }
            if tier != t.tier { changes.tier = tier }
            let levelText = form.value("Level")
            let level = Level(text: levelText)
            if !levelText.isEmpty && level == nil { return .failure(FormProblem("level must be L1, L2, L3, L4 or empty, not \(levelText)")) }
            if level != t.level { changes.level = .some(level) }
            guard let category = Category(text: form.value("Category")) else {
                return .failure(FormProblem("category must be CAT1 or CAT2, not \(form.value("Category"))"))
            }
            if category != t.category { changes.category = category }
            guard let type = TicketType(rawValue: form.value("Type").lowercased()) else {
                return .failure(FormProblem("type must be bug, feature or question, not \(form.value("Type"))"))
            }
            if type != t.type { changes.type = type }
            let team = form.value("Team")
            if (team.isEmpty ? nil : team) != t.team { changes.team = .some(team.isEmpty ? nil : team) }
            let description = form.value("Description")
            if description != t.description.replacingNewlines { changes.description = description }
            return .success(changes == TicketChanges() ? nil : .perform(.edit(key: key, changes: changes)))
        case let .incidentUpdate(id):
            let text = form.value("Update")
            guard !text.isEmpty else { return .failure(FormProblem("an update needs some text")) }
            return .success(.performIncident(.postUpdate(id: id, text: text)))
        case let .incidentCommander(id):
            let handle = form.value("Commander")
            let bare = handle.hasPrefix("@") ? String(handle.dropFirst()) : handle
            guard !bare.isEmpty else { return .failure(FormProblem("an incident needs a commander")) }
            return .success(.performIncident(.setCommander(id: id, commander: bare)))
        case let .incidentOpen(key):
            let title = form.value("Title")
            guard !title.isEmpty else { return .failure(FormProblem("an incident needs a title")) }
            guard let level = Level(text: form.value("Level")), level == .l1 || level == .l2 else {
                return .failure(FormProblem("an incident is L1 or L2, not \(form.value("Level"))"))
            }
            let commander = form.value("Commander")
            guard !commander.isEmpty else { return .failure(FormProblem("an incident needs a commander")) }
            // Daily, as `incident open` without --every: L1 and L2 need an update at least that often.
            return .success(.performIncident(.open(level: level, title: title, ticket: key, commander: commander,
                                                   updateInterval: 24 * 3_600_000)))
        }
    }

    private static func badTier(_ text: String) -> FormProblem {
        FormProblem("tier must be one of \(Tier.allCases.map(\.rawValue).joined(separator: ", ")), not \(text)")
    }
}

struct FormProblem: Error, Equatable, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

extension String {
    /// A multi-line description shown in a one-line field.
    var replacingNewlines: String { split(whereSeparator: \.isNewline).joined(separator: " ") }
}

/// A filter typed after `/`: words match key and title; `tier:hotfix`, `level:L2`, `cat:CAT2`, `@handle`, `mine` and
/// `breached` (past its time-to-assign target) narrow further.
public struct BoardFilter: Sendable, Equatable {
    public let text: String
    var words: [String] = []
    var tiers: [Tier] = []
    var levels: [Level] = []
    var categories: [Category] = []
    var assignees: [String] = []
    var mine = false
    /// `project:PRJ-3`: only the tickets linked to these projects.
    var projects: [String] = []
    /// Only cards past their time-to-assign target: depends on the time, so the index and the cache leave it out.
    var breached = false
    /// The words as bytes when they are ASCII: then a card is searched in place, byte by byte, ignoring ASCII case.
    /// Lower-casing a copy of every title and searching it through Foundation cost 80 ms per filter at 50,000
    /// cards. (Only a non-ASCII letter whose lower case holds an ASCII one, such as the Kelvin sign, is missed.)
    private(set) var asciiWords: [[UInt8]] = []

    public init?(_ text: String) {
        let t = text.trimmingSpaces
        guard !t.isEmpty else { return nil }
        self.text = t
        for token in t.split(separator: " ").map(String.init) {
            let lower = token.lowercased()
            if lower.hasPrefix("tier:"), let tier = Tier(rawValue: String(lower.dropFirst(5))) {
                tiers.append(tier)
            } else if lower.hasPrefix("level:"), let level = Level(text: String(token.dropFirst(6))) {
                levels.append(level)
            } else if let value = BoardFilter.value(of: lower, after: ["cat:", "category:"]), let category = Category(text: value) {
                categories.append(category)
            } else if let key = BoardFilter.value(of: lower, after: ["project:"]), !key.isEmpty {
                projects.append(key.uppercased())
            } else if token.hasPrefix("@"), token.count > 1 {
                assignees.append(String(token.dropFirst()))
            } else if lower == "mine" {
                mine = true
            } else if lower == "breached" {
                breached = true
            } else {
                words.append(lower)
            }
        }
        asciiWords = words.compactMap { w in w.utf8.allSatisfy { $0 < 0x80 } ? Array(w.utf8) : nil }
    }

    /// The rest of `token` after the first of `prefixes` it starts with.
    static func value(of token: String, after prefixes: [String]) -> String? {
        prefixes.first { token.hasPrefix($0) }.map { String(token.dropFirst($0.count)) }
    }

    /// Whether a card with these fields passes `tier:`, `level:`, `cat:`, `@handle` and `mine` (the words aside).
    func keeps(tier: Tier, level: Level?, category: Category, assignee: String?, actor: String) -> Bool {
        if !tiers.isEmpty && !tiers.contains(tier) { return false }
        if !categories.isEmpty && !categories.contains(category) { return false }
        if !levels.isEmpty && !levels.contains(where: { $0 == level }) { return false }
        if !assignees.isEmpty && !assignees.contains(where: { $0 == assignee }) { return false }
        return !mine || assignee == actor
    }

    /// `jira`: the ticket's Jira key, matched like its own key.
    func matches(_ t: Ticket, actor: String, jira: String? = nil) -> Bool {
        guard keeps(tier: t.tier, level: t.level, category: t.category, assignee: t.assignee, actor: actor) else { return false }
        if words.isEmpty { return true }
        if asciiWords.count == words.count {
            return asciiWords.allSatisfy { word in
                BoardFilter.contains(t.key, word) || BoardFilter.contains(t.title, word)
                    || jira.map { BoardFilter.contains($0, word) } == true
            }
        }
        let haystack = (t.key + " " + (jira.map { $0 + " " } ?? "") + t.title).lowercased()
        return words.allSatisfy { haystack.contains($0) }
    }

    /// Whether `word` (lower-case ASCII bytes) occurs in `text`, ignoring ASCII case.
    static func contains(_ text: String, _ word: [UInt8]) -> Bool {
        var text = text
        return text.withUTF8 { hay in
            guard word.count <= hay.count else { return false }
            let last = hay.count - word.count
            var i = 0
            while i <= last {
                var j = 0
                while j < word.count {
                    var b = hay[i + j]
                    if b >= 0x41 && b <= 0x5A { b |= 0x20 }
                    if b != word[j] { break }
                    j += 1
                }
                if j == word.count { return true }
                i += 1
            }
            return false
        }
    }
}

/// Filtered columns, kept until the board or the filter changes, so a keystroke does not re-filter 50k cards.
struct FilterCache: Sendable {
    private var version: (seq: Int64, text: String, actor: String, projects: Int, links: Int)?
    private var columns: [Column: [String]] = [:]
    /// Kept across filters until the board changes: typing one filter after another searches the same index.
    private var index: FilterIndex?

    mutating func keys(_ column: Column, all: [String], filter: BoardFilter, context: BoardContext) -> [String] {
        if let v = version, v.seq != context.state.lastSeq || v.text != filter.text || v.actor != context.actor
            || v.projects != context.projects.version || v.links != context.links.version {
            columns = [:]
        }
        version = (context.state.lastSeq, filter.text, context.actor, context.projects.version, context.links.version)
        if filter.breached {
            // Few cards breach, and a breach comes with the clock rather than an event: matched afresh each time.
            // Only cards with a running clock are looked at, from the kept deadlines: nothing else is decoded.
            let now = context.now
            return all.filter { key in
                context.state.isBreached(key: key, now: now)
                    && (context.state.ticket(key).map { filter.matches($0, actor: context.actor, jira: context.links.origin[key]?.jira) } ?? false)
            }
        }
        if let cached = columns[column] { return cached }
        let result: [String]
        if FilterIndex.canAnswer(filter) {
            let current = index.flatMap { $0.seq == context.state.lastSeq && $0.linksVersion == context.links.version ? $0 : nil }
                ?? FilterIndex(context.state, links: context.links)
            index = current
            result = current.keys(in: column, matching: filter, actor: context.actor)
        } else {
            result = all.filter { key in
                context.state.ticket(key).map { filter.matches($0, actor: context.actor, jira: context.links.origin[key]?.jira) } ?? false
            }
        }
        // A project's tickets are few: its links narrow whatever the words kept.
        let linked = filter.projects.isEmpty ? nil
            : filter.projects.reduce(into: Set<String>()) { $0.formUnion(context.projects.project($1)?.ticketKeys ?? []) }
        let kept = linked.map { set in result.filter { set.contains($0) } } ?? result
        columns[column] = kept
        return kept
    }
}
