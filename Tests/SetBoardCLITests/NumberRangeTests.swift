/// Numbers typed on the command line that become milliseconds: too large is the same range error as a little too large.
import Testing

@Suite("command-line numbers never overflow") struct NumberRangeTests {
    @Test(arguments: ["2562047788015", "2562047788016", "\(Int.max)", "337", "0", "-1"])
    func incidentUpdateIntervalOutOfRangeIsAnError(_ hours: String) throws {
        let cli = try CLIRunner()
        try cli.ok("init")
        let r = try cli.run(["incident", "open", "--level", "L1", "--every=\(hours)", "x"])
        #expect(r.status == 1, "status \(r.status): \(r.err)")
        #expect(r.err == "setboard: error: the update interval must be between 1 minute and 14 days\n")
    }

    @Test func theLargestIntervalInRangeIsTaken() throws {
        let cli = try CLIRunner()
        try cli.ok("init")
        #expect(try cli.ok("incident", "open", "--level", "L1", "--every", "336", "x") == "INC-1\n")
    }
}
