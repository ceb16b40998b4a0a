// Each column's keys, top to bottom, in an array by column instead of a dictionary keyed by the column.

/// The board's order, one optional list per column (nil and empty differ, as they did in the dictionary it replaces:
/// a snapshot keeps the difference). A `[Column: [String]]` hashed the column's raw string on every look, as any
/// String-valued enum hashes: about 2% of a full replay's instructions at 50,000 tickets went to that alone.
///
/// Beside each list, the number in each key (`TicketTable.slot(of:)`, -1 for a key without one), kept in step by
/// every change: a card is found in its column by comparing numbers, four bytes each, and only the one match's key
/// is compared as a String. Comparing Strings from the bottom of a column was 4.4% of a full replay of 50,000
/// tickets, and a `ticket.ranked` scanned a TO DO of thousands of Strings from the top.
struct ColumnLists: Sendable {
    private var lists: [[String]?] = Array(repeating: nil, count: Column.allCases.count)
    /// Nil for a column read from a snapshot (TO DO's until it first changes): counting the numbers of every key
    /// there was 3 of a 50,000-ticket first frame's 20 ms, for searches the first frame never makes. A column
    /// without them is searched by its keys, as before the numbers were kept.
    private var numbers: [[Int32]?] = Array(repeating: [], count: Column.allCases.count)

    init() {}

    /// A snapshot's order: the numbers are counted when a column first changes.
    init(_ dictionary: [Column: [String]]) {
        for (column, keys) in dictionary {
            lists[Self.index(column)] = keys
            numbers[Self.index(column)] = nil
        }
    }

    /// Counts TO DO's numbers if they are not kept yet, before its first change: its rule searches read them. The
    /// other columns of a snapshot stay without (a change keeps nil as nil) and are searched by key: counting DONE's
    /// 40,000 keys at the first move put that keystroke past 2 ms.
    @inline(__always)
    private mutating func counted(_ c: Int) {
        if c == 0, numbers[c] == nil { numbers[c] = lists[c]?.map(Self.number(of:)) ?? [] }
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

    @inline(__always)
    static func number(of key: String) -> Int32 { TicketTable.number(of: key) }

    /// A column's numbers, in step with its keys.
    func numbers(in column: Column) -> [Int32] {
        let c = Self.index(column)
        return numbers[c] ?? lists[c]?.map(Self.number(of:)) ?? []
    }

    /// A whole column's list; setting it recounts its numbers (a sort or a snapshot, not a card's move).
    subscript(column: Column) -> [String]? {
        get { lists[Self.index(column)] }
        set {
            let i = Self.index(column)
            lists[i] = newValue
            numbers[i] = newValue?.map(Self.number(of:)) ?? []
        }
    }

    func count(in column: Column) -> Int { lists[Self.index(column)]?.count ?? 0 }

    /// Where `key` (whose number is `number`) stands in the column, searched from the bottom: a card arrives at the
    /// bottom of every column but TO DO and most often moves on soon. A key is in its column once, so the first
    /// place from either end is the same.
    func lastIndex(of key: String, number: Int32, in column: Column) -> Int? {
        let c = Self.index(column)
        guard let list = lists[c] else { return nil }
        guard let numbers = numbers[c] else { return list.lastIndex(of: key) }
        return numbers.withUnsafeBufferPointer { nums -> Int? in
            var i = nums.count - 1
            while i >= 0 {
                if nums[i] == number && list[i] == key { return i }
                i -= 1
            }
            return nil
        }
    }

    /// The same place searched from the top (a `ticket.ranked`'s neighbour is as likely anywhere).
    func firstIndex(of key: String, in column: Column) -> Int? {
        let c = Self.index(column)
        guard let list = lists[c] else { return nil }
        guard let numbers = numbers[c] else { return list.firstIndex(of: key) }
        let number = Self.number(of: key)
        return numbers.withUnsafeBufferPointer { nums -> Int? in
            for i in nums.indices where nums[i] == number && list[i] == key { return i }
            return nil
        }
    }

    /// Puts a key at a place in its column, making the column's list if it had none.
    mutating func insert(_ key: String, number: Int32, at index: Int, in column: Column) {
        let c = Self.index(column)
        counted(c)
        if case .none = lists[c] { lists[c] = [] }
        lists[c]?.insert(key, at: index)
        numbers[c]?.insert(number, at: index)
    }

    mutating func append(_ key: String, number: Int32, in column: Column) {
        let c = Self.index(column)
        counted(c)
        if case .none = lists[c] { lists[c] = [] }
        lists[c]?.append(key)
        numbers[c]?.append(number)
    }

    mutating func remove(at index: Int, in column: Column) {
        let c = Self.index(column)
        counted(c)
        lists[c]?.remove(at: index)
        numbers[c]?.remove(at: index)
    }

    var dictionary: [Column: [String]] {
        var out: [Column: [String]] = [:]
        for column in Column.allCases {
            if let list = self[column] { out[column] = list }
        }
        return out
    }
}

extension ColumnLists: Equatable {
    /// The lists alone: the numbers follow from them.
    static func == (a: ColumnLists, b: ColumnLists) -> Bool { a.lists == b.lists }
}
