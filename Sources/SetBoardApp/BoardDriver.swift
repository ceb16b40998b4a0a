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
        if outOfRule?.applied != store.applied {
            outOfRule = (store.applied, store.state.outOfRuleCount(in: .todo))
        }
        context.outOfRuleCount = outOfRule?.count
        // As `setboard page`: the roster's policy, never a notify command an older setboard stored in it.
        var policy = store.roster.policy
        policy.notifyCommand = nil
        context.pagePolicy = policy
        decorate?(&context, store)
        if store.pastTime != nil { context.pastTime = TimeExpression.wallText(now, zone: timeZone) }
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
        let effects = model.handle(key, context: context())
        for effect in effects {
            do {
                switch effect {
                case let .perform(command): try store.perform(command, actor: actor, now: clock.nowMilliseconds())
                case let .performIncident(command): try store.perform(command, actor: actor)
                case let .performPage(command): try store.perform(command, actor: actor, now: clock.nowMilliseconds())
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
            let changed = try store.refresh()
            lastRefreshError = nil
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
}
