/// A board on a simulated disk: created through FileJournal, opened as often as a test likes, its files read back.
import SetBoardCore
@testable import SetBoardJournal

struct SimulatedBoard {
    static let directory = "/srv/setboard/set"
    let fs: SimulatedFileSystem
    let clock = FixedClock()
    var directory: String { SimulatedBoard.directory }
    var journalPath: String { directory + "/journal.log" }
    var quarantinePath: String { directory + "/journal.quarantine" }

    /// A new board, initialised, with `tickets` tickets added (SET-1 …), every write acknowledged.
    static func make(tickets: Int = 2, fs: SimulatedFileSystem = SimulatedFileSystem()) throws -> (SimulatedBoard, BoardStore) {
        let board = SimulatedBoard(fs: fs)
        let store = BoardStore(journal: try FileJournal.create(directory: directory, clock: board.clock, fileSystem: fs))
        try store.perform(.initBoard(name: "SET board", prefix: "SET"), actor: "alice", now: board.clock.ms)
        for n in 0..<tickets {
            try store.perform(.add(NewTicket(title: "ticket \(n + 1)")), actor: "alice", now: board.clock.ms)
        }
        return (board, store)
    }

    func open() throws -> FileJournal {
        try FileJournal.open(directory: directory, clock: clock, fileSystem: fs)
    }

    func openStore() throws -> BoardStore { BoardStore(journal: try open()) }

    var journalBytes: [UInt8] { fs.contents(of: journalPath) ?? [] }
}
