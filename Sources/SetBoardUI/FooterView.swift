/// The footer row: a question, the message of the last key, the read-only reason, or the keys that fit.
import SetBoardCore

extension AppModel {
    func drawFooter(_ grid: inout Grid, context: BoardContext) {
        let y = grid.size.height - 1
        let w = grid.size.width
        var role: StyleRole = .footer
        var text: String
        switch mode {
        case let .filter(typed):
            text = " filter: \(typed)_   (words, tier:T, level:L, @handle, mine, breached, project:PRJ-3 · Enter apply · Esc clear)"
            role = .message
        case let .confirmRestore(column):
            let moved = context.state.keys(in: column).filter { context.state.ticket($0)?.movedByHand != nil }.count
            let cards = moved == 1 ? "1 card moved by hand loses its place" : "\(moved) cards moved by hand lose their place"
            text = " Restore rule order in \(column.title)? \(cards). y/n"
            role = .alert
        default:
            if let m = message, let worded = word(m, context: context) {
                text = " " + worded
                if case .error = m.kind { role = .error } else { role = .message }
            } else if let event = context.pastEvent {
                // History mode: the step's event first, then the keys that step.
                text = " " + event + "   · , . event · [ ] hour · { } day · Esc now"
                role = .alert
            } else if let reason = context.readOnlyReason {
                text = " read-only: \(reason)"
                role = .error
            } else {
                text = " " + hints(width: w - 1)
            }
        }
        grid.fill(x: 0, y: y, width: w, height: 1, role: role)
        grid.putCut(text, x: 0, y: y, role: role, width: w)
    }

    /// The most useful keys, as many whole hints as fit: a hint is never cut in half.
    private func hints(width: Int) -> String {
        let all: [String]
        switch mode {
        case .detail: all = ["j/k scroll", "1-7 checklist", "e edit", "c claim", "u incident update", "Esc back"]
        case .help: all = ["j/k scroll", "PgDn/PgUp page", "any other key closes the help"]
        case .form: all = ["Tab next field", "Enter save", "Esc cancel"]
        case .project: all = ["j/k item", "d done", "n n/a", "o open", "space cycle", "Esc back"]
        default:
            // Quit and help come first so they survive on the narrowest screen.
            let names: [(Action, String)] = [(.quit, "quit"), (.help, "help"), (.moveDown, "move"), (.detail, "open"),
                                             (.add, "add"), (.filter, "filter"), (.claim, "claim"), (.incidents, "incidents"),
                                             (.roster, "roster")]
            all = names.compactMap { action, label in keyMap.keys(for: action).first.map { "\(Badges.keyLabel($0)) \(label)" } }
        }
        var text = ""
        for hint in all {
            let next = text.isEmpty ? hint : text + " · " + hint
            if DisplayWidth.of(next) > width { break }
            text = next
        }
        return text
    }

    /// A finished change said in words, with the rule it breaks when a card was moved against the rules.
    private func word(_ m: Message, context: BoardContext) -> String? {
        guard case let .done(effect) = m.kind else { return m.text.isEmpty ? nil : m.text }
        switch effect {
        case let .perform(.rank(key, _)):
            if let t = context.state.ticket(key), t.movedByHand != nil {
                // Why-here already names who moved it, the rule it breaks and the key that restores the order.
                return "saved · \(key) \(context.state.whyHere(key, now: context.now))"
            }
            return "saved · \(key) moved"
        case let .perform(.move(key, to)): return "saved · \(key) moved to \(to.title)"
        case .perform(.add):
            return "saved · added \(selected[focus] ?? "the ticket")"
        case let .perform(.assign(key, who)): return "saved · \(key) assigned to \(who ?? "nobody")"
        case let .perform(.nudge(key)): return "saved · \(key) nudged"
        case let .perform(.takeOver(key)): return "saved · you took over \(key)"
        case let .perform(.restoreOrder(column)): return "saved · \(column.title) is in rule order again"
        case let .perform(.edit(key, _)): return "saved · \(key) edited"
        case let .perform(.markChecklist(key, item, state)): return "saved · \(key): \(item.label) \(state.rawValue)"
        case let .performIncident(.postUpdate(id, _)): return "saved · update posted to \(id)"
        case let .performIncident(.open(level, _, key, _, _)):
            let id = key.flatMap { context.incidents.openIncident(forTicket: $0)?.id } ?? "the incident"
            return "saved · \(id) (\(level.rawValue)) opened\(key.map { " for \($0)" } ?? "")"
        case let .performPage(.acknowledge(id)): return "saved · \(id ?? "the page") acknowledged"
        case let .performPage(.open(_, key, onCall, _, _)):
            return "saved · paged @\(onCall?.primary ?? "the primary")\(key.map { " about \($0)" } ?? "")"
        case let .performProject(.mark(key, list, item, state)):
            return "saved · \(key) \(list.rawValue.uppercased()) \(item): \(state.rawValue)"
        default: return "saved"
        }
    }
}
