/// The board directory's files: private or team-shared permissions, and the typed errors for every wrong place.
import Foundation
import SetBoardCore
import Testing
@testable import SetBoardJournal
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether this machine lets us make a setgid, group-writable directory (it silently drops setgid for a group
/// the user is not in); the shared-board tests only mean something where it does.
func setgidDirectoriesWork() -> Bool {
    guard let dir = try? ScratchDir("probe") else { return false }
    return chmod(dir.path, 0o2770) == 0 && permissionBits(dir.path) == 0o2770
}

let isRoot = geteuid() == 0

struct BoardFilesTests {
    @Test func aNewBoardIsPrivateToItsOwner() throws {
        let dir = try ScratchDir("perm")
        let board = dir.sub("a/b/board")
        let journal = try FileJournal.create(directory: board, clock: FixedClock())
        #expect(permissionBits(board) == 0o700)
        for name in ["journal.log", "journal.lock", "replica"] {
            #expect(permissionBits(board + "/" + name) == 0o600, "\(name)")
        }
        #expect(journal.records.isEmpty)
        #expect(!journal.isReadOnly)
        #expect(Bytes.read(board + "/journal.log").isEmpty)
        let replica = String(decoding: Bytes.read(board + "/replica"), as: UTF8.self)
        #expect(replica.count == 17 && replica.hasSuffix("\n"))
        #expect(journal.replica + "\n" == replica)
    }

    @Test(.enabled(if: setgidDirectoriesWork(), "this account cannot make a setgid directory"))
    func aSharedDirectoryGivesGroupWritableFiles() throws {
        let dir = try ScratchDir("perm")
        let board = dir.sub("shared")
        try FileManager.default.createDirectory(atPath: board, withIntermediateDirectories: false)
        #expect(chmod(board, 0o2770) == 0)
        let journal = try FileJournal.create(directory: board, clock: FixedClock())
        for name in ["journal.log", "journal.lock", "replica"] {
            #expect(permissionBits(board + "/" + name) == 0o660, "\(name)")
        }
        #expect(permissionBits(board) == 0o2770, "create must not narrow a shared directory")

        // Files the journal makes later must be usable by the rest of the team too, whatever the umask.
        try appendNote(journal, 1)
        try Bytes.append(Array("0badc0de {\"torn\":".utf8), to: journal.journalPath)
        let reopened = try FileJournal.open(directory: board, clock: FixedClock())
        #expect(reopened.warnings.count == 1)
        #expect(permissionBits(reopened.quarantinePath) == 0o660)
        #expect(permissionBits(reopened.journalPath) == 0o660)
        // A board copied without its lock file gets a new one on the next open; the team must be able to take it.
        try FileManager.default.removeItem(atPath: reopened.lockPath)
        _ = try FileJournal.open(directory: board, clock: FixedClock())
        #expect(permissionBits(reopened.lockPath) == 0o660)

        try Bytes.append(Array("0badc0de {}\n".utf8), to: journal.journalPath)
        let repair = try JournalMaintenance.repair(directory: board, clock: FixedClock())
        #expect(permissionBits(journal.journalPath) == 0o660, "the repaired journal")
        #expect(repair.backupPath.flatMap(permissionBits) == 0o660, "the backup")
    }

    @Test func openingWhereThereIsNoBoardSaysWhichMistake() throws {
        let dir = try ScratchDir("err")
        let missing = dir.sub("nothing-here")
        #expect(throws: JournalError.boardNotFound(missing)) { try FileJournal.open(directory: missing, clock: FixedClock()) }
        #expect(throws: JournalError.boardNotFound(missing)) { try JournalMaintenance.verify(directory: missing) }

        #expect(throws: JournalError.notABoard(dir.path)) { try FileJournal.open(directory: dir.path, clock: FixedClock()) }
        #expect(throws: JournalError.notABoard(dir.path)) { try JournalMaintenance.verify(directory: dir.path) }

        let file = dir.sub("plain-file")
        try Bytes.write(Array("hello\n".utf8), to: file)
        #expect(throws: JournalError.notABoard(file)) { try FileJournal.open(directory: file, clock: FixedClock()) }
        #expect(!FileManager.default.fileExists(atPath: missing), "open must not create anything")
    }

    @Test func createRefusesABoardThatHasEvents() throws {
        let dir = try ScratchDir("err")
        let board = dir.sub("board")
        let first = try FileJournal.create(directory: board, clock: FixedClock())
        // An empty journal (an interrupted init) may be created over; its replica id stays.
        let again = try FileJournal.create(directory: board, clock: FixedClock())
        #expect(again.replica == first.replica)
        try appendNote(first, 1)
        let before = Bytes.read(first.journalPath)
        #expect(throws: JournalError.alreadyExists(board)) { try FileJournal.create(directory: board, clock: FixedClock()) }
        #expect(Bytes.read(first.journalPath) == before)
        #expect(JournalError.alreadyExists(board).description.contains("refusing"))
    }

    @Test(.enabled(if: !isRoot, "root ignores directory permissions"))
    func aReadOnlyDirectoryRefusesCreateAndWritesNothing() throws {
        let dir = try ScratchDir("err")
        let locked = dir.sub("locked")
        try FileManager.default.createDirectory(atPath: locked, withIntermediateDirectories: false)
        #expect(chmod(locked, 0o500) == 0)
        defer { chmod(locked, 0o700) }
        let error = #expect(throws: JournalError.self) { try FileJournal.create(directory: locked, clock: FixedClock()) }
        switch error {
        case let .io(_, _, code)?: #expect(code == EACCES)
        case .readOnly?: break
        default: Issue.record("expected a permission error, got \(String(describing: error))")
        }
        #expect((try FileManager.default.contentsOfDirectory(atPath: locked)).isEmpty)
    }

    @Test(.enabled(if: !isRoot, "root ignores file permissions"))
    func aBoardWithoutWritePermissionOpensReadOnly() throws {
        let dir = try ScratchDir("err")
        let board = dir.sub("board")
        let journal = try FileJournal.create(directory: board, clock: FixedClock())
        try appendNote(journal, 1)
        let before = Bytes.read(journal.journalPath)
        for name in ["journal.log", "journal.lock", "replica"] { chmod(board + "/" + name, 0o400) }
        chmod(board, 0o500)
        defer { chmod(board, 0o700) }

        let reader = try FileJournal.open(directory: board, clock: FixedClock())
        #expect(reader.records.count == 1)
        #expect((reader.readOnlyReason ?? "").contains("permission"))
        #expect(throws: JournalError.self) { try appendNote(reader, 2) }
        #expect(Bytes.read(journal.journalPath) == before)
    }

    @Test func errorsSayWhatToDoAndEscapeThePath() {
        let odd = "/tmp/evil\u{1B}[2J"
        for e in [JournalError.boardNotFound(odd), .notABoard(odd), .alreadyExists(odd), .replaced(odd),
                  .io(operation: "open", path: odd, errno: ENOENT)] {
            #expect(!e.description.contains("\u{1B}"), "\(e)")
        }
        #expect(JournalError.boardNotFound("/x").description.contains("setboard init"))
        #expect(JournalError.notABoard("/x").description.contains("init --board"))
    }
}
