/// Numbers typed on the command line that become milliseconds: too large is the same range error as a little too large.
import Testing

@Suite("command-line numbers never overflow") struct NumberRangeTests {
    @Test(arguments: ["2562047788015", "2562047788016", "\(Int.max)", "25", "0", "-1"])
    func incidentUpdateIntervalOutOfRangeIsAnError(_ hours: String) throws {
        let cli = try CLIRunner()
        try cli.ok("init")
        let r = try cli.run(["incident", "open", "--level", "L1", "--every=\(hours)", "x"])
        // L1 and L2 need an update at least daily: a malformed command line (64), worded as for any excess.
        #expect(r.status == 64, "status \(r.status): \(r.err)")
        #expect(r.err == "setboard: error: --every takes 1 to 24 hours: L1 and L2 incidents need an update at least daily (see `setboard incident open --help`)\n")
    }

    @Test func theLargestIntervalInRangeIsTaken() throws {
        let cli = try CLIRunner()
        try cli.ok("init")
        #expect(try cli.ok("incident", "open", "--level", "L1", "--every", "24", "x") == "INC-1\n")
    }
}
