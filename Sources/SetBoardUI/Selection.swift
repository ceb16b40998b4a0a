/// The selected card of each column: kept by key, repaired after others' changes, found through the filter.
import SetBoardCore

extension AppModel {
    mutating func resolvePendingSelection(_ context: BoardContext) {
        guard let expected = pendingSelection, var ticket = context.state.ticket(expected) else { return }
        if let title = pendingTitle, ticket.title != title {
            let prefix = context.state.settings.prefix
            guard let ours = (ticket.number + 1..<max(ticket.number + 1, context.state.nextNumber)).lazy
                .compactMap({ context.state.ticket("\(prefix)-\($0)") }).first(where: { $0.title == title }) else { return }
            ticket = ours
        }
        let key = ticket.key
        pendingSelection = nil
        pendingTitle = nil
        focus = ticket.column
        selected[ticket.column] = key
        selectedIndex[ticket.column] = nil
    }

    mutating func moveSelection(to index: Int, list: [String]) {
        guard !list.isEmpty else { return }
        let i = max(0, min(list.count - 1, index))
        selected[focus] = list[i]
        selectedIndex[focus] = i
    }

    /// The selected card's index: by key when it is still in the column (cheap when it has not moved), else the
    /// old position, so a card taken away by someone else leaves the selection near where it was.
    mutating func currentIndex(in column: Column, list: [String]) -> Int? {
        guard !list.isEmpty else { return nil }
        let remembered = selectedIndex[column] ?? 0
        if let key = selected[column] {
            if remembered < list.count, list[remembered] == key { return remembered }
            if let i = list.firstIndex(of: key) {
                selectedIndex[column] = i
                return i
            }
        }
        let i = min(remembered, list.count - 1)
        selected[column] = list[i]
        selectedIndex[column] = i
        return i
    }

    /// The cards shown in a column: all of them, or those the filter lets through (cached per board version).
    mutating func visibleKeys(_ column: Column, _ context: BoardContext) -> [String] {
        let all = context.state.keys(in: column)
        guard let filter else { return all }
        return filterCache.keys(column, all: all, filter: filter, context: context)
    }

    /// The ticket under the cursor on the board.
    public mutating func selectedTicket(_ context: BoardContext) -> String? {
        resolvePendingSelection(context)
        let list = visibleKeys(focus, context)
        return currentIndex(in: focus, list: list).map { list[$0] }
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s = s.dropFirst() }
        while s.last?.isWhitespace == true { s = s.dropLast() }
        return String(s)
    }
}
