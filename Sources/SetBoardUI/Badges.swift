/// The tier badges, card marks and key labels that cards, the detail view and the help overlay share.
import SetBoardCore

/// Short labels and marks shared by cards, the detail view and the help overlay.
enum Badges {
    static func tier(_ tier: Tier) -> String {
        switch tier {
        case .community: return "COM"
        case .escalation: return "ESC"
        case .hotfix: return "HOT"
        case .release: return "REL"
        case .customer: return "CUS"
        case .other: return "OTH"
        }
    }

    static func role(_ tier: Tier) -> StyleRole {
        switch tier {
        case .community: return .tierCommunity
        case .escalation: return .tierEscalation
        case .hotfix: return .tierHotfix
        case .release: return .tierRelease
        case .customer: return .tierCustomer
        case .other: return .tierOther
        }
    }

    /// ASCII marks, so vt100 and the linux console show them too: ! stuck, ^ moved by hand, # incident.
    static let legend = [("!", "stuck: no event for longer than its column allows"), ("^", "moved by hand against the rule order"),
                         ("#", "linked to an open incident"), ("*", "(before the title) just changed by someone else")]

    static func marks(_ t: Ticket, state: BoardState, incidents: IncidentState, now: Int64) -> [(String, StyleRole)] {
        var marks: [(String, StyleRole)] = []
        if state.isStuck(t, now: now) { marks.append(("!", .stuck)) }
        if t.movedByHand != nil { marks.append(("^", .handMoved)) }
        if incidents.openIncident(forTicket: t.key) != nil { marks.append(("#", .incident)) }
        return marks
    }

    static func keyLabel(_ key: Key) -> String {
        switch key {
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .tab: return "Tab"
        case .backTab: return "S-Tab"
        case .function(let n): return "F\(n)"
        case .ctrl(let c): return "^" + String(c).uppercased()
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .home: return "Home"
        case .end: return "End"
        default: return key.name
        }
    }
}
