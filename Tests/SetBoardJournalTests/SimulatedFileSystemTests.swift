/// The simulated disk itself: a power cut keeps exactly what was synced, faults fail the call asked for, and nothing else.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
import SetBoardJournal

struct SimulatedFileSystemTests {
    let bytes: [UInt8] = Array("0123456789".utf8)

    /// A file in `/d`, created with the directory entry synced, holding `synced` on disk and `unsynced` after it.
    func file(synced: [UInt8], unsynced: [UInt8] = []) throws -> SimulatedFileSystem {
        let fs = SimulatedFileSystem()
        try fs.makeDirectory("/d", mode: 0o700)
        try fs.syncDirectory("/")
        let f = try fs.open("/d/f", flags: O_WRONLY | O_CREAT | O_APPEND)
        try fs.syncDirectory("/d")
        try f.writeAll(synced)
        try f.syncData()
        try f.writeAll(unsynced)
        return fs
    }

    @Test func aCrashKeepsSyncedBytesAndDropsTheRest() throws {
        let fs = try file(synced: bytes, unsynced: Array("abc".utf8))
        #expect(fs.contents(of: "/d/f") == bytes + Array("abc".utf8))
        #expect(fs.durableContents(of: "/d/f") == bytes)
        fs.crash()
        #expect(fs.contents(of: "/d/f") == bytes)
    }

    @Test func aCrashCanKeepAnyPrefixOfTheUnsyncedAppend() throws {
        var seen = Set<Int>()
        for seed in 0..<200 as Range<UInt64> {
            let fs = try file(synced: bytes, unsynced: Array("abcdef".utf8))
            fs.crash(keeping: .randomPrefix(seed: seed))
            let after = try #require(fs.contents(of: "/d/f"))
            #expect(Array((bytes + Array("abcdef".utf8)).prefix(after.count)) == after)
            seen.insert(after.count - bytes.count)
        }
        #expect(seen == Set(0...6))
    }

    @Test func aFileInADirectoryNeverSyncedVanishes() throws {
        let fs = SimulatedFileSystem()
        try fs.makeDirectory("/d", mode: 0o700)
        let f = try fs.open("/d/f", flags: O_WRONLY | O_CREAT)
        try f.writeAll(bytes)
        try f.sync()
        try fs.syncDirectory("/d")
        // "/" was never synced, so "/d" (and with it "/d/f") is not on disk.
        fs.crash()
        #expect(!fs.fileExists("/d"))
        #expect(fs.contents(of: "/d/f") == nil)
    }

    @Test func aRenameWithoutADirectorySyncIsUndone() throws {
        let fs = try file(synced: bytes)
        let tmp = try fs.open("/d/tmp", flags: O_WRONLY | O_CREAT)
        try tmp.writeAll(Array("new".utf8))
        try tmp.sync()
        try fs.rename("/d/tmp", to: "/d/f")
        #expect(fs.contents(of: "/d/f") == Array("new".utf8))
        fs.crash()
        #expect(fs.contents(of: "/d/f") == bytes)
        #expect(fs.names(in: "/d") == ["f"])

        try fs.rename("/d/f", to: "/d/g")
        try fs.syncDirectory("/d")
        fs.crash()
        #expect(fs.names(in: "/d") == ["g"])
    }

    @Test func anUnsyncedRemovalComesBack() throws {
        let fs = try file(synced: bytes)
        fs.remove("/d/f")
        #expect(!fs.fileExists("/d/f"))
        fs.crash()
        #expect(fs.contents(of: "/d/f") == bytes)
    }

    @Test func theNthCallFailsWithTheErrnoAskedForAndOnlyThatOne() throws {
        let fs = try file(synced: bytes)
        fs.fail(.init(.write, errno: ENOSPC, skip: 1))
        let f = try fs.open("/d/f", flags: O_WRONLY | O_APPEND)
        try f.writeAll(Array("1".utf8))
        #expect(throws: JournalError.io(operation: "write", path: "/d/f", errno: ENOSPC)) { try f.writeAll(Array("2".utf8)) }
        try f.writeAll(Array("3".utf8))
        #expect(fs.contents(of: "/d/f") == bytes + Array("13".utf8))

        fs.fail(.init(.sync, errno: EIO, times: nil))
        #expect(throws: JournalError.io(operation: "sync", path: "/d/f", errno: EIO)) { try f.syncData() }
        #expect(throws: JournalError.io(operation: "sync", path: "/d/f", errno: EIO)) { try f.syncData() }
        fs.clearFaults()
        try f.syncData()
        fs.fail(.init(.open, errno: EROFS, path: "/d/other"))
        _ = try fs.open("/d/f", flags: O_RDONLY)
        #expect(throws: JournalError.io(operation: "open", path: "/d/other", errno: EROFS)) {
            try fs.open("/d/other", flags: O_WRONLY | O_CREAT)
        }
        fs.fail(.init(.rename, errno: EIO))
        #expect(throws: JournalError.io(operation: "rename", path: "/d/f", errno: EIO)) { try fs.rename("/d/f", to: "/d/g") }
        #expect(fs.names(in: "/d") == ["f"])
    }

    @Test func aShortWriteLandsItsPrefixBeforeTheError() throws {
        let fs = try file(synced: bytes)
        fs.fail(.init(.write, errno: ENOSPC, bytesWritten: 4))
        let f = try fs.open("/d/f", flags: O_WRONLY | O_APPEND)
        #expect(throws: JournalError.self) { try f.writeAll(Array("abcdefgh".utf8)) }
        #expect(fs.contents(of: "/d/f") == bytes + Array("abcd".utf8))
    }

    @Test func afterThePowerCutNothingHappensAndOldFilesAreDead() throws {
        let fs = try file(synced: bytes)
        let f = try fs.open("/d/f", flags: O_WRONLY | O_APPEND)
        fs.cutPower(afterCalls: 1)
        try f.writeAll(Array("a".utf8))
        #expect(throws: JournalError.self) { try f.writeAll(Array("b".utf8)) }
        #expect(fs.isPoweredOff)
        #expect(throws: JournalError.self) { try fs.syncDirectory("/d") }
        #expect(fs.contents(of: "/d/f") == bytes + Array("a".utf8))
        fs.crash(keeping: .everything)
        #expect(!fs.isPoweredOff)
        #expect(fs.contents(of: "/d/f") == bytes + Array("a".utf8))
        #expect(throws: JournalError.io(operation: "write", path: "/d/f", errno: EIO)) { try f.writeAll(Array("c".utf8)) }
        try fs.open("/d/f", flags: O_WRONLY | O_APPEND).writeAll(Array("c".utf8))
    }

    @Test func aDeletedFileStaysReadableThroughItsOpenFileAndKeepsItsInode() throws {
        let fs = try file(synced: bytes)
        let f = try fs.open("/d/f", flags: O_RDONLY)
        let inode = try f.inode()
        fs.remove("/d/f")
        _ = try fs.open("/d/f", flags: O_WRONLY | O_CREAT)
        #expect(try f.read(from: 0, count: 100) == bytes)
        #expect(fs.status("/d/f")?.inode != inode)
    }

    @Test func aSecondLockHolderIsRefusedUntilTheFirstCloses() throws {
        let fs = try file(synced: bytes)
        var first: (any OpenFile)? = try fs.open("/d/f", flags: O_RDWR)
        try first?.lockExclusive()
        let second = try fs.open("/d/f", flags: O_RDWR)
        #expect(throws: JournalError.io(operation: "lock", path: "/d/f", errno: EDEADLK)) { try second.lockExclusive() }
        first = nil
        try second.lockExclusive()
    }

    @Test func aReadOnlyMountRefusesWritesWithEROFS() throws {
        let fs = try file(synced: bytes)
        fs.isReadOnly = true
        #expect(fs.access("/d/f", W_OK) == EROFS)
        #expect(fs.access("/d/f", F_OK) == 0)
        #expect(throws: JournalError.io(operation: "open", path: "/d/f", errno: EROFS)) {
            try fs.open("/d/f", flags: O_WRONLY | O_APPEND)
        }
        #expect(try fs.readAll("/d/f") == bytes)
    }
}
