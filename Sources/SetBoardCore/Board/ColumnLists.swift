// Each column's keys, top to bottom, in an array by column instead of a dictionary keyed by the column.

/// The board's order, one optional list per column (nil and empty differ, as they did in the dictionary it replaces:
/// a snapshot keeps the difference). A `[Column: [String]]` hashed the column's raw string on every look, as any
/// String-valued enum hashes: about 2% of a full replay's instructions at 50,000 tickets went to that alone.
struct ColumnLists: Equatable, Sendable {
    private var lists: [[String]?] = Array(repeating: nil, count: Column.allCases.count)

    init() {}

    init(_ dictionary: [Column: [String]]) {
        for (column, keys) in dictionary { self[column] = keys }
    }

    @inline(__always)
    private static func index(_ column: Column) -> Int {
        switch column {
        case .todo: return 0
        case .inProgress: return 1
        case .inReview: return 2
        case .handedOver: return 3
        case .done: return 4
        }
    }

    subscript(column: Column) -> [String]? {
        get { lists[Self.index(column)] }
        set { lists[Self.index(column)] = newValue }
        _modify { yield &lists[Self.index(column)] }
    }

    subscript(column: Column, default empty: [String]) -> [String] {
        get { lists[Self.index(column)] ?? empty }
        set { lists[Self.index(column)] = newValue }
        _modify {
            let i = Self.index(column)
            if lists[i] == nil { lists[i] = empty }
            yield &lists[i]!
        }
    }

    mutating func removeValue(forKey column: Column) -> [String]? {
        let i = Self.index(column)
        let list = lists[i]
        lists[i] = nil
        return list
    }

    var dictionary: [Column: [String]] {
        var out: [Column: [String]] = [:]
        for column in Column.allCases {
            if let list = self[column] { out[column] = list }
        }
        return out
    }
}
