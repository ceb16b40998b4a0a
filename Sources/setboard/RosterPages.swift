/// The hook where paging shows in `setboard roster`: active pages, filled in by the paging work; empty until then.
import SetBoardCore
import SetBoardJournal

enum RosterPages {
    /// Lines of the "active pages" section of `setboard roster` (already escaped, no newline); none hides the section.
    /// `now` is Unix milliseconds, the board's clock.
    static func lines(store: BoardStore, now: Int64) -> [String] {
        []
    }

    /// The `pages` value of `setboard roster --json`: an array, empty while nothing is paging.
    static func json(store: BoardStore, now: Int64) -> JSONValue {
        .array([])
    }
}
