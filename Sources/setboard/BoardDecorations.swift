/// What the commands add to every frame of the full-screen board: who is on call now, and a hand-over due soon.
import SetBoardCore
import SetBoardJournal
import SetBoardTerminal
import SetBoardUI

enum BoardDecorations {
    /// Every driver the commands make gets the same decorations, so `render` prints what the full screen shows.
    static func install(on driver: BoardDriver) {
        driver.decorate = { context, store in apply(&context, store: store) }
    }

    static func apply(_ context: inout BoardContext, store: BoardStore) {
        if let onCall = OnCallLookup.onCall(store: store, now: context.now) {
            context.onCall = headerLine(onCall)
        }
        if let warning = CycleLookup.handoverWarning(store: store, now: context.now) {
            context.alert = context.alert.map { $0 + " · " + warning } ?? warning
        }
    }

    /// `alice (primary) · bob (backup) · carol (lead)`, escaped: handles come from a file a person wrote.
    static func headerLine(_ onCall: OnCall) -> String? {
        let parts = OnCallRole.allCases.compactMap { role in
            onCall.handle(for: role).map { "\(TextSafety.escaped($0)) (\(role.rawValue))" }
        }
        guard !parts.isEmpty else { return onCall.uncovered ? "nobody on call" : nil }
        return parts.joined(separator: " · ")
    }
}
