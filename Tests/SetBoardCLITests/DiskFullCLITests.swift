/// A write that the disk refuses, end to end: the journal cannot grow (a file-size limit, as a full disk), and the
/// old way to fake one, the journal as a link to /dev/full, is now an attack that is refused.
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

struct DiskFullCLITests {
    /// `ulimit -f` makes every write past the limit fail (EFBIG) the way a full disk fails it (ENOSPC).
    @Test func aWriteTheDiskRefusesSaysTheChangeWasNotSaved() throws {
        let cli = try CLIRunner()
        try cli.ok("init")
        try cli.ok("add", "First ticket")
        let journal = cli.board + "/journal.log"
        let before = try Data(contentsOf: URL(fileURLWithPath: journal))
        let blocks = before.count / 512
        let r = try cli.run(["/bin/sh", "-c", "ulimit -f \(blocks); trap '' XFSZ; exec \"$0\" \"$@\"", CLIRunner.binary,
                             "add", String(repeating: "A long title ", count: 20)], viaShell: true)
        #expect(r.status == 1)
        #expect(r.out == "")
        #expect(r.err.hasPrefix("setboard: error: cannot write \(journal): File too large — the change was not saved"), "\(r.err)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: journal)) == before, "nothing half-written is left")
        #expect(try cli.ok("list").contains("First ticket"))
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full"), "needs /dev/full"))
    func aJournalThatLinksToADeviceIsRefusedAndTheDeviceUntouched() throws {
        let cli = try CLIRunner()
        try cli.ok("init")
        let journal = cli.board + "/journal.log"
        let modeBefore = try FileManager.default.attributesOfItem(atPath: "/dev/full")[.posixPermissions] as? Int
        try FileManager.default.removeItem(atPath: journal)
        try FileManager.default.createSymbolicLink(atPath: journal, withDestinationPath: "/dev/full")

        let r = try cli.run(["incident", "open", "--level", "L2", "Disk filled up"])
        #expect(r.status == 1)
        #expect(r.out == "")
        #expect(r.err.hasPrefix("setboard: error: refusing to use \(journal): it is a symbolic link;"), "\(r.err)")
        #expect(try FileManager.default.attributesOfItem(atPath: "/dev/full")[.posixPermissions] as? Int == modeBefore)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: journal) == "/dev/full")
    }
}

/// Who may read a board: an outsider is told they lack permission, a teammate reads whatever the lock file's mode.
struct BoardPermissionCLITests {
    @Test(.enabled(if: geteuid() != 0, "root ignores permissions, so an outsider cannot be played as root"))
    func anOutsiderIsToldPermissionDeniedWithThePath() throws {
        let cli = try CLIRunner()
        try cli.ok("init")
        #expect(chmod(cli.board, 0o000) == 0)
        defer { chmod(cli.board, 0o700) }
        let r = try cli.run(["list"])
        #expect(r.status == 1)
        #expect(r.err == "setboard: error: cannot read \(cli.board)/journal.log: Permission denied\n", "\(r.err)")
    }

    @Test(.enabled(if: geteuid() != 0, "root ignores permissions, so a lock file it cannot write means nothing to it"))
    func aLockFileThisAccountCanOnlyReadStillLetsItReadAndWrite() throws {
        let cli = try CLIRunner()
        try cli.ok("init")
        try cli.ok("add", "First")
        #expect(chmod(cli.board + "/journal.lock", 0o440) == 0)
        #expect(try cli.ok("list").contains("First"))
        try cli.ok("add", "Second")
        #expect(try cli.ok("list").contains("Second"))
    }
}

/// A sticky team board: only the owner of journal.log may replace it, and a repair by anyone else stops before it
/// changes anything (a half-done one would leave the journal with a second name, which writers refuse).
struct StickyBoardCLITests {
    static let canSwitchUser = geteuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")

    @Test(.enabled(if: canSwitchUser, "needs root and setpriv to play a second account"))
    func repairByAnotherMemberOfAStickyBoardChangesNothing() throws {
        let cli = try CLIRunner()
        try cli.ok("init")
        try cli.ok("add", "First")
        let journal = cli.board + "/journal.log"
        try FileManager.default.createDirectory(atPath: cli.root.appendingPathComponent("other").path, withIntermediateDirectories: true)
        // The teammate can write everything (group or other bits), but the directory is sticky and the files are root's.
        #expect(chmod(cli.root.path, 0o755) == 0)
        #expect(chmod(cli.board, 0o1777) == 0)
        for name in ["journal.log", "journal.lock", "replica"] { chmod(cli.board + "/" + name, 0o666) }
        try Data("0badc0de {\"torn\":".utf8).append(toFile: journal)
        let before = try Data(contentsOf: URL(fileURLWithPath: journal))
        let names = try FileManager.default.contentsOfDirectory(atPath: cli.board).sorted()

        let r = try cli.run(["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", CLIRunner.binary,
                             "journal", "repair"], environment: ["HOME": cli.root.appendingPathComponent("other").path],
                            viaShell: true)
        #expect(r.status == 1)
        #expect(r.err.contains("the board directory is sticky, so only the owner of journal.log (uid 0)"), "\(r.err)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: journal)) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: cli.board).sorted() == names)
        // The owner can.
        #expect(try cli.ok("journal", "repair").contains("backup of the old journal"))
    }
}

extension Data {
    func append(toFile path: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: self)
    }
}
