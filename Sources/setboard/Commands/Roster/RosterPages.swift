/// Active pages as `setboard roster` shows them: the same lines and JSON as `setboard pages`.
import SetBoardCore
import SetBoardJournal

enum RosterPages {
    /// Lines of the "active pages" section of `setboard roster` (already escaped, no newline); none hides the section.
    /// `now` is Unix milliseconds, the board's clock.
    static func lines(store: BoardStore, now: Int64) -> [String] {
        PageReport.lines(pages: store.pages, now: now)
    }

    /// The `pages` value of `setboard roster --json`: the active pages, as `setboard pages --json` gives them.
    static func json(store: BoardStore, now: Int64) -> JSONValue {
        .array(store.pages.list().map { PageCLI.json($0, now: now) })
    }
}
