/// What the commands add to every frame of the full-screen board: who is on call now, and any page nobody has acknowledged.
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
        // A page waiting for someone takes the alert row over the columns: impossible to miss, with what to type.
        let active = PageReport.lines(pages: store.pages, now: context.now)
        if let first = active.first {
            let more = active.count > 1 ? " (+\(active.count - 1) more)" : ""
            context.alert = "PAGE \(first)\(more) · `setboard ack` acknowledges"
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
