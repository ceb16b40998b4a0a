/// A teammate's attacks on a shared board through its files: links, FIFOs and forged snapshots planted where setboard
/// reads or writes. Each one must leave the target outside the board untouched, in content and mode.
import Foundation
import SetBoardCore
import Testing
@testable import SetBoardJournal
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A private file of the victim's outside the board, and a way to check nothing touched it.
struct VictimFile {
    let path: String
    let bytes: [UInt8]
    let mode: mode_t

    init(in dir: ScratchDir, name: String = "victim-bashrc", text: String = "export PS1='$ '", mode: mode_t = 0o644) throws {
        path = dir.sub(name)
        bytes = Array(text.utf8)
        self.mode = mode
        try Bytes.write(bytes, to: path)
        chmod(path, mode)
    }

    func expectUntouched(_ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(Bytes.read(path) == bytes, "the victim's file was written", sourceLocation: sourceLocation)
        #expect(permissionBits(path) == mode, "the victim's file changed mode", sourceLocation: sourceLocation)
    }
}

func isSymbolicLink(_ path: String) -> Bool {
    var st = stat()
    return lstat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFLNK
}

/// Runs `body` on another thread and gives up after `seconds`: a call that hangs (a FIFO opened for reading waits
/// for a writer forever) fails the test instead of hanging the run.
func finishes<T: Sendable>(within seconds: Double, _ body: @escaping @Sendable () -> T) -> T? {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Thread.detachNewThread {
        box.value = body()
        done.signal()
    }
    return done.wait(timeout: .now() + seconds) == .success ? box.value : nil
}

/// Where the thread `finishes` starts leaves its result; read only after the semaphore says it is there.
final class ResultBox<T>: @unchecked Sendable { var value: T? }

struct PlantedFileTests {
    let clock = FixedClock()

    func boardWithEvents(_ dir: ScratchDir, _ count: Int64 = 2) throws -> FileJournal {
        let journal = try FileJournal.create(directory: dir.sub("board"), clock: clock)
        for n in 1...count { try appendNote(journal, n) }
        return journal
    }

    @Test func aQuarantineLinkIsNeverWrittenThroughAndTheBoardStillReads() throws {
        let dir = try ScratchDir("plant")
        let victim = try VictimFile(in: dir)
        let journal = try boardWithEvents(dir)
        try FileManager.default.createSymbolicLink(atPath: journal.quarantinePath, withDestinationPath: victim.path)
        try Bytes.append(Array("0badc0de {\"torn\":\"echo pwned\"".utf8), to: journal.journalPath)

        let reader = try FileJournal.open(directory: journal.directory, clock: clock)
        victim.expectUntouched()
        #expect(reader.records.count == 2, "every complete event is still read")
        let reason = reader.readOnlyReason ?? ""
        #expect(reason.contains("refusing to use \(journal.quarantinePath): it is a symbolic link"), "\(reason)")
        #expect(isSymbolicLink(journal.quarantinePath))
        // A change tries again and refuses again, naming the path; the target stays as it was.
        let error = #expect(throws: JournalError.self) { try appendNote(reader, 3) }
        #expect(String(describing: error).contains("symbolic link"))
        victim.expectUntouched()

        #expect(throws: JournalError.self) { try JournalMaintenance.repair(directory: journal.directory, clock: clock) }
        victim.expectUntouched()
        #expect(!((try? FileManager.default.contentsOfDirectory(atPath: journal.directory)) ?? []).contains { $0.contains(".tmp-") },
                "a failed repair leaves no temp file")
    }

    @Test func aLockFileLinkIsNeitherOpenedNorChmoddedAndReadingGoesOn() throws {
        let dir = try ScratchDir("plant")
        let key = try VictimFile(in: dir, name: "id_ed25519", text: "-----BEGIN OPENSSH PRIVATE KEY-----", mode: 0o644)
        let journal = try boardWithEvents(dir)
        try FileManager.default.removeItem(atPath: journal.lockPath)
        try FileManager.default.createSymbolicLink(atPath: journal.lockPath, withDestinationPath: key.path)

        let reader = try FileJournal.open(directory: journal.directory, clock: clock)
        key.expectUntouched()
        #expect(reader.records.count == 2)
        #expect((reader.readOnlyReason ?? "").contains(journal.lockPath), "\(reader.readOnlyReason ?? "writable")")
        #expect(throws: JournalError.self) { try appendNote(reader, 3) }
        #expect(throws: JournalError.self) { try JournalMaintenance.repair(directory: journal.directory, clock: clock) }
        key.expectUntouched()
    }

    /// Only a lock file setboard creates is given the board's mode; an existing one may be anyone's file.
    @Test func anExistingLockFileKeepsItsMode() throws {
        let dir = try ScratchDir("plant")
        let journal = try boardWithEvents(dir)
        chmod(journal.lockPath, 0o640)
        try Bytes.append(Array("0badc0de {\"torn\":".utf8), to: journal.journalPath)
        let reopened = try FileJournal.open(directory: journal.directory, clock: clock)
        try appendNote(reopened, 3)
        #expect(permissionBits(journal.lockPath) == 0o640)
        // The quarantine was made by this open, so it has the board's mode whatever the umask.
        #expect(permissionBits(journal.quarantinePath) == 0o600)
    }

    @Test func aJournalLinkToAPrivateFileIsRefusedByOpenVerifyAndRepair() throws {
        let dir = try ScratchDir("plant")
        let victim = try VictimFile(in: dir, name: "notes", text: "line one\nno newline at the end", mode: 0o600)
        let journal = try boardWithEvents(dir)
        try FileManager.default.removeItem(atPath: journal.journalPath)
        try FileManager.default.createSymbolicLink(atPath: journal.journalPath, withDestinationPath: victim.path)

        let error = #expect(throws: JournalError.self) { try FileJournal.open(directory: journal.directory, clock: clock) }
        #expect(error == .unsafeFile(path: journal.journalPath, reason: "it is a symbolic link"))
        #expect(String(describing: error).contains("refusing to use \(journal.journalPath)"))
        #expect(throws: JournalError.self) { try JournalMaintenance.verify(directory: journal.directory) }
        #expect(throws: JournalError.self) { try JournalMaintenance.repair(directory: journal.directory, clock: clock) }
        victim.expectUntouched()
        let names = try FileManager.default.contentsOfDirectory(atPath: journal.directory)
        #expect(!names.contains("journal.quarantine") && !names.contains { $0.contains(".bak-") || $0.contains(".tmp-") },
                "nothing copied out of the victim's file: \(names)")
    }

    /// The old repair wrote `journal.log.tmp-<pid>`: links planted over the pid range took the write into the
    /// victim's home and left journal.log a link there.
    @Test func repairNeverWritesThroughPlantedTempNames() throws {
        let dir = try ScratchDir("plant")
        let victim = try VictimFile(in: dir)
        let journal = try boardWithEvents(dir, 3)
        var lines = Bytes.lines(Bytes.read(journal.journalPath)).complete
        lines[1][20] ^= 0x01
        try Bytes.write(lines.flatMap { $0 } + Array("0badc0de {\"torn\":".utf8), to: journal.journalPath)
        let me = Int(getpid())
        for pid in max(1, me - 50)...(me + 50) {
            for name in ["journal.log.tmp-\(pid)", "journal.quarantine.tmp-\(pid)"] {
                try FileManager.default.createSymbolicLink(atPath: journal.directory + "/" + name, withDestinationPath: victim.path)
            }
        }

        let report = try JournalMaintenance.repair(directory: journal.directory, clock: clock)
        victim.expectUntouched()
        #expect(report.movedLines == 1 && report.keptEvents == 2)
        #expect(!isSymbolicLink(journal.journalPath), "journal.log must stay a file in the board")
        #expect(try JournalMaintenance.verify(directory: journal.directory).isClean)
        let backup = try #require(report.backupPath)
        #expect(!isSymbolicLink(backup) && Bytes.read(backup).count > Bytes.read(journal.journalPath).count)
        #expect(isSymbolicLink(journal.directory + "/journal.log.tmp-\(me)"), "the planted links are left alone")
    }

    @Test func aHardLinkedJournalIsNotWrittenInto() throws {
        let dir = try ScratchDir("plant")
        let journal = try boardWithEvents(dir)
        let elsewhere = dir.sub("second-name")
        #expect(link(journal.journalPath, elsewhere) == 0)
        let before = Bytes.read(elsewhere)
        let reader = try FileJournal.open(directory: journal.directory, clock: clock)
        #expect(reader.records.count == 2)
        let error = #expect(throws: JournalError.self) { try appendNote(reader, 3) }
        #expect(String(describing: error).contains("hard link"))
        #expect(Bytes.read(elsewhere) == before)
    }

    @Test func aFIFOInTheBoardIsRefusedWithoutHanging() throws {
        let dir = try ScratchDir("plant")
        let journal = try boardWithEvents(dir)
        let board = journal.directory
        try FileManager.default.removeItem(atPath: board + "/replica")
        #expect(mkfifo(board + "/replica", 0o600) == 0)
        #expect(mkfifo(journal.quarantinePath, 0o600) == 0)
        try Bytes.append(Array("0badc0de {\"torn\":".utf8), to: journal.journalPath)
        let clock = self.clock
        let outcome = finishes(within: 10) { () -> String in
            do {
                let reader = try FileJournal.open(directory: board, clock: clock)
                return "\(reader.records.count) \(reader.readOnlyReason ?? "writable")"
            } catch {
                return "error \(error)"
            }
        }
        let text = try #require(outcome, "opening a board with FIFOs in it hung")
        #expect(text.hasPrefix("2 ") && text.contains("FIFO"), "\(text)")
    }

    @Test func fileSystemOpenRefusesEverythingButRegularFiles() throws {
        let dir = try ScratchDir("plant")
        let fs = PosixFileSystem.shared
        let victim = try VictimFile(in: dir)
        try FileManager.default.createSymbolicLink(atPath: dir.sub("link"), withDestinationPath: victim.path)
        try FileManager.default.createSymbolicLink(atPath: dir.sub("dangling"), withDestinationPath: dir.sub("nowhere"))
        #expect(mkfifo(dir.sub("fifo"), 0o600) == 0)
        try FileManager.default.createDirectory(atPath: dir.sub("sub"), withIntermediateDirectories: false)
        let cases: [(String, Int32, String)] = [
            ("link", O_RDONLY, "it is a symbolic link"), ("link", O_WRONLY | O_APPEND, "it is a symbolic link"),
            ("link", O_WRONLY | O_CREAT | O_TRUNC, "it is a symbolic link"), ("dangling", O_WRONLY | O_CREAT, "it is a symbolic link"),
            ("fifo", O_RDONLY, "it is a named pipe (FIFO)"), ("fifo", O_WRONLY, "it is a named pipe (FIFO)"),
            ("sub", O_RDONLY, "it is a directory"),
        ]
        for (name, flags, reason) in cases {
            let path = dir.sub(name)
            let outcome = finishes(within: 5) { () -> JournalError? in
                do {
                    _ = try fs.open(path, flags: flags, mode: 0o600)
                    return nil
                } catch {
                    return error as? JournalError
                }
            }
            #expect(outcome == .some(.unsafeFile(path: path, reason: reason)), "\(name) \(flags)")
        }
        victim.expectUntouched()
        #expect(!FileManager.default.fileExists(atPath: dir.sub("nowhere")), "a dangling link is not created through")
        // An ordinary file still opens, and its descriptor blocks as usual (O_NONBLOCK was only for the open).
        let plain = try fs.open(victim.path, flags: O_RDONLY)
        #expect(try plain.read(from: 0, count: 100) == victim.bytes)
    }

    @Test func newFilesAreCreatedExclusivelyUnderUnpredictableNames() throws {
        let dir = try ScratchDir("plant")
        let fs = PosixFileSystem.shared
        var names = Set<String>()
        for _ in 0..<20 {
            let (_, path) = try fs.createUnique(prefix: dir.sub("x.tmp-"), mode: 0o600)
            names.insert(path)
        }
        #expect(names.count == 20)
        let target = dir.sub("target")
        try fs.writeDurably(Array("new".utf8), to: target, directory: dir.path, mode: 0o640)
        #expect(Bytes.read(target) == Array("new".utf8))
        #expect(permissionBits(target) == 0o640)
    }
}
