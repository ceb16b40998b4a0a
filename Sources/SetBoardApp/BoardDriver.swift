/// The headless half of the full-screen board: the app model wired to the journal, with no terminal in sight.
import SetBoardCore
import SetBoardJournal
import SetBoardUI

/// Keys go to the model; its effects go to the journal; only then is the model told the change is done.
/// The run loop, the benchmark and tests all drive the board through this one type.
public final class BoardDriver {
    public let store: BoardStore
    public let clock: any JournalClock
    public let actor: String
    /// Settable so a caller can swap in a model with another key map before the first key.
    public var model: AppModel
    /// Adds facts other modules own (who is on call, the roster pane, alerts) to each frame's context.
    public var decorate: ((inout BoardContext, BoardStore) -> Void)?
    /// The header's out-of-rule count for the board as of `applied` events, so a key that changes nothing does not
    /// walk all of TO DO again.
    private var outOfRule: (applied: Int, count: Int)?
    /// The last journal read error shown, so a lasting problem is said once rather than every poll.
    private var lastRefreshError: String?
    /// The user's zone, in which the past is named (header of `render --at`, history mode).
    public var timeZone: any ZoneRules = FixedOffsetZone.utc
    /// History mode: the board as it was, stepped through the journal; nil while the board shows now.
    public private(set) var history: BoardHistory?
    /// The header's out-of-rule count of the history step shown.
    private var historyOutOfRule: (position: Int, count: Int)?
    /// Who else has this board open (presence), as the header lists them; the session keeps it fresh.
    public var alsoHere: [String] = []
    /// Cards others changed a moment ago, with the monotonic time until which they stay marked.
    private var marked: [String: Int64] = [:]
    /// How long a card someone else changed stays marked.
    public static let markMilliseconds: Int64 = 5_000
    /// Keys that would change the board: refused in history mode before they open a form.
    static let writingActions: Set<Action> = [.moveDown, .moveUp, .moveLeft, .moveRight, .add, .edit, .claim, .nudge,
                                              .take, .restoreOrder, .update, .acknowledgePage, .pagePrimary, .openIncident]

    public init(store: BoardStore, clock: any JournalClock, actor: String, keyMap: KeyMap = .default) {
        self.store = store
        self.clock = clock
        self.actor = actor
        self.model = AppModel(keyMap: keyMap)
        if let reason = store.journal.readOnlyReason {
            model.showMessage("read-only board: " + reason, isError: true)
        } else if let warning = store.journal.warnings.last {
            model.showMessage(warning, isError: true)
        } else if let note = store.notes.last {
            // Said on stderr too, but the full screen covers that at once: a snapshot set aside is shown here.
            model.showMessage(note, isError: true)
        }
    }

    /// What the model sees now: the replayed state, the time, who is acting, and the ticket histories.
    public func context() -> BoardContext {
        let now = clock.nowMilliseconds()
        var context = BoardContext(
            state: store.state,
            incidents: store.incidents,
            now: now,
            actor: actor,
            history: HistorySource(store: store, now: now),
            readOnlyReason: store.journal.readOnlyReason)
        context.projects = store.projects
        context.projectLeads = store.roster.definition?.editors ?? []
        if outOfRule?.applied != store.applied {
            outOfRule = (store.applied, store.state.outOfRuleCount(in: .todo))
        }
        context.outOfRuleCount = outOfRule?.count
        // As `setboard page`: the roster's policy, never a notify command an older setboard stored in it.
        var policy = store.roster.policy
        policy.notifyCommand = nil
        context.pagePolicy = policy
        context.links = store.links
        context.alerts = store.alerts
        decorate?(&context, store)
        if store.pastTime != nil { context.pastTime = TimeExpression.wallText(now, zone: timeZone) }
        context.alsoHere = alsoHere
        if !marked.isEmpty {
            let tick = MonotonicClock.milliseconds()
            marked = marked.filter { $0.value > tick }
            context.recentlyChanged = Set(marked.keys)
        }
        if let history { show(history, in: &context) }
        return context
    }

    public func frame(size: Size) -> Grid {
        let context = context()
        model.layOut(context: context, size: size)
        return model.render(context: context, size: size)
    }

    /// Handles one key; true when the user asked to quit. A change is on disk before the model hears it is done.
    @discardableResult
    public func handle(_ key: Key) -> Bool {
        apply(key).contains(.quit)
    }

    /// Handles one key and returns what the model asked for: each change is on disk before the model hears it is
    /// done, and a refusal reaches the model as an error to show.
    @discardableResult
    public func apply(_ key: Key) -> [AppEffect] {
        if let history, model.mode == .board, let handled = handleHistory(key, history) { return handled }
        if history == nil, model.mode == .board, model.keyMap.action(for: key) == .history {
            enterHistory()
            return []
        }
        let effects = model.handle(key, context: context())
        for effect in effects {
            if history != nil && effect != .quit {
                model.didFinish(effect, error: "the past is read-only: Esc returns to now")
                continue
            }
            do {
                switch effect {
                case let .perform(command): try store.perform(command, actor: actor, now: clock.nowMilliseconds())
                case let .performIncident(command): try store.perform(command, actor: actor)
                case let .performPage(command): try store.perform(command, actor: actor, now: clock.nowMilliseconds())
                case let .performProject(command): try store.perform(command, actor: actor)
                case .quit: continue
                }
                model.didFinish(effect, error: nil)
            } catch {
                // The model says "not saved" itself; a journal error that says so too would say it twice.
                model.didFinish(effect, error: (error as? JournalError)?.whyNotSaved ?? String(describing: error))
            }
        }
        return effects
    }

    /// Reads what other processes appended; true when the board changed and needs drawing.
    public func refresh() -> Bool {
        do {
            let before = store.journal.records.count
            let changed = try store.refresh()
            lastRefreshError = nil
            if changed { noticeOthersChanges(after: before) }
            return changed
        } catch {
            let text = String(describing: error)
            guard text != lastRefreshError else { return false }
            lastRefreshError = text
            model.showMessage(text, isError: true)
            return true
        }
    }

    /// For `render --select KEY --view …`: puts the model where the command line asks.
    public func prepare(select key: String?, view: ViewRequest, pane: Pane? = nil) {
        if let key { model.select(key: key) }
        model.open(view: view)
        if let pane { model.show(pane: pane) }
    }

    // MARK: history mode

    /// Enters history mode at the newest event: the journal is read and replayed once, with checkpoints.
    public func enterHistory() {
        do {
            // Read whole rather than through `forEachRecord`: a change of many events (an import, a generated board)
            // is read in one piece either way, and then the stream's copies only add to the peak (bench: 447 MB
            // against 339 MB on the 50k board).
            history = BoardHistory(records: try store.boardRecords())
            historyOutOfRule = nil
            model.clearMessage()
        } catch {
            model.showMessage("the history could not be read: \(error)", isError: true)
        }
    }

    /// Back to the board of now.
    public func leaveHistory() {
        history = nil
        historyOutOfRule = nil
        model.showMessage("back to now", isError: false)
    }

    /// History mode's own keys on the board; nil hands the key on to the model (moving around, details, help).
    private func handleHistory(_ key: Key, _ h: BoardHistory) -> [AppEffect]? {
        let hour: Int64 = 3_600_000
        switch key {
        case .char(","): h.step(events: -1)
        case .char("."): h.step(events: 1)
        case .char("["): h.step(milliseconds: -hour)
        case .char("]"): h.step(milliseconds: hour)
        case .char("{"): h.step(milliseconds: -24 * hour)
        case .char("}"): h.step(milliseconds: 24 * hour)
        case .escape where model.filter == nil:
            leaveHistory()
            return []
        default:
            let action = model.keyMap.action(for: key)
            if action == .history {
                leaveHistory()
                return []
            }
            if let action, BoardDriver.writingActions.contains(action) {
                model.showMessage("the past is read-only: Esc returns to now", isError: true)
                return []
            }
            return nil
        }
        model.clearMessage()
        return []
    }

    /// The context of the step shown: its board, its time in the header, its event in the footer.
    private func show(_ h: BoardHistory, in context: inout BoardContext) {
        context.state = h.board.state
        context.incidents = h.board.incidents
        context.now = h.time
        context.pastTime = TimeExpression.wallText(h.time, zone: timeZone)
        let step = "event \(h.position) of \(h.records.count)"
        context.pastEvent = h.lastEvent.map { record in
            let text = record.event?.summary ?? TextSafety.escaped(record.type)
            return "\(step) · @\(TextSafety.escaped(record.actor)): \(text)"
        } ?? "before the first event"
        context.readOnlyReason = "history mode shows the board as it was; Esc returns to now"
        context.history = store.isMerged
            ? HistorySource(store: store, now: h.time, upToTime: h.lastEvent?.ts ?? Int64.min)
            : HistorySource(store: store, now: h.time, upToSeq: h.lastEvent?.seq ?? 0)
        if historyOutOfRule?.position != h.position {
            historyOutOfRule = (h.position, h.board.state.outOfRuleCount(in: .todo))
        }
        context.outOfRuleCount = historyOutOfRule?.count
        context.pages = []
        context.handoverWarning = nil
        context.recentlyChanged = []
    }

    // MARK: who changed what

    /// Says in the footer what other people just changed, and marks their cards for a few seconds.
    private func noticeOthersChanges(after before: Int) {
        let records = store.journal.records
        guard records.count > before else { return }
        let fresh = records[before...].filter { $0.actor != actor }
        guard !fresh.isEmpty else { return }
        let until = MonotonicClock.milliseconds() + BoardDriver.markMilliseconds
        for record in fresh {
            if let key = ChangeNotices.ticket(record) { marked[key] = until }
        }
        if history == nil, let text = ChangeNotices.summary(Array(fresh)) { model.showMessage(text, isError: false) }
    }
}
