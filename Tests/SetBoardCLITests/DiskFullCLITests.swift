/// A full disk end to end: the journal is a symbolic link to /dev/full, where every write fails with ENOSPC.
import Foundation
import Testing

@Suite(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full"), "needs /dev/full"))
struct DiskFullCLITests {
    @Test func aWriteToAFullDiskSaysTheChangeWasNotSaved() throws {
        let cli = try CLIRunner()
        try cli.ok("init")
        let journal = cli.board + "/journal.log"
        let modeBefore = try FileManager.default.attributesOfItem(atPath: "/dev/full")[.posixPermissions] as? Int
        try FileManager.default.removeItem(atPath: journal)
        try FileManager.default.createSymbolicLink(atPath: journal, withDestinationPath: "/dev/full")

        // /dev/full reads as an empty board, so an incident (which needs no ticket) is the change that gets written.
        let r = try cli.run(["incident", "open", "--level", "L2", "Disk filled up"])
        #expect(r.status == 1)
        #expect(r.out == "")
        #expect(r.err == "setboard: error: cannot write \(journal): No space left on device — the change was not saved; free some space and try again\n")
        // The board must not have touched the device it wrote through (the tests may run as root).
        #expect(try FileManager.default.attributesOfItem(atPath: "/dev/full")[.posixPermissions] as? Int == modeBefore)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: journal) == "/dev/full")
    }
}
