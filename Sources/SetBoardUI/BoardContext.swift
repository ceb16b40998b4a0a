/// What the board's screens read from the outside world: the replayed state, the clock, the user, and the panes' facts.
import SetBoardCore

public struct HistoryLine: Sendable, Equatable {
    public var at: Int64
    public var actor: String
    public var text: String
    public init(at: Int64, actor: String, text: String) {
        self.at = at
        self.actor = actor
        self.text = text
    }
}

/// A line of a side pane or full-screen view, with the style it is drawn in.
public struct PaneLine: Sendable, Equatable {
    public var text: String
    public var role: StyleRole
    public init(_ text: String, role: StyleRole = .pane) {
        self.text = text
        self.role = role
    }
}

public struct BoardContext: Sendable {
    public var state: BoardState
    public var incidents: IncidentState
    /// Milliseconds since the epoch, UTC.
    public var now: Int64
    /// The OS account of the person at the keyboard.
    public var actor: String
    /// Journal events about a ticket, oldest first.
    public var history: any TicketHistorySource
    /// Set when the journal is damaged and the board is open read-only.
    public var readOnlyReason: String?
    /// Who is on call now (from the roster once there is one); the header words it.
    public var onCall: OnCall?
    /// Pages waiting for someone, one line each (as `PageReport` words them); the alert row shows the first.
    public var pages: [Page] = []
    /// A hand-over due soon or overdue, as the cycle words it; the alert row shows it after any page.
    public var handoverWarning: String?
    /// The roster pane's facts; nil while the board has no roster.
    public var roster: RosterPaneFacts?
    /// Set when a board synced through git has not synced for longer than its interval ("not synced for 2h").
    public var syncWarning: String?
    /// TO DO cards above a card of a higher tier, when the caller keeps the count between frames: counting walks
    /// the whole column, a quarter of a frame at 50,000 tickets.
    public var outOfRuleCount: Int?
    /// The escalation policy a page opened from the board snapshots (the roster's, without any stored notify command).
    public var pagePolicy: EscalationPolicy = .standard
    /// The projects pane's facts and the board's `project:` filter.
    public var projects = ProjectState()
    /// Who besides a project's DRI may assess its checklists: the roster's leads and admins.
    public var projectLeads: Set<String> = []
    /// Jira origins and outside links: the detail view lists them and the filter matches a ticket's Jira key.
    public var links = LinkState()
    /// The alerts of CAT2 tickets, for the detail view's alert summary.
    public var alerts = AlertState()
    /// Set while the board shows the past (`render --at`, history mode): when, as the header says it.
    public var pastTime: String?
    /// In history mode: the event that made this step, in words, for the footer.
    public var pastEvent: String?
    /// Who else has this board open now (presence), by handle; the header lists them.
    public var alsoHere: [String] = []
    /// Cards someone else changed a moment ago: marked on the board for a few seconds.
    public var recentlyChanged: Set<String> = []

    public init(state: BoardState, incidents: IncidentState = IncidentState(), now: Int64, actor: String,
                history: any TicketHistorySource = NoHistory(), readOnlyReason: String? = nil,
                onCall: OnCall? = nil, pages: [Page] = [], handoverWarning: String? = nil, roster: RosterPaneFacts? = nil) {
        self.state = state
        self.incidents = incidents
        self.now = now
        self.actor = actor
        self.history = history
        self.readOnlyReason = readOnlyReason
        self.onCall = onCall
        self.pages = pages
        self.handoverWarning = handoverWarning
        self.roster = roster
    }
}

/// What the model asks the outside world to do; the driver writes it to the journal and reports back.
public enum AppEffect: Equatable, Sendable {
    case perform(Command)
    case performIncident(IncidentCommand)
    case performPage(PageCommand)
    case performProject(ProjectCommand)
    case quit
}

public enum ViewRequest: Equatable, Sendable {
    case board, detail(String), help
}
