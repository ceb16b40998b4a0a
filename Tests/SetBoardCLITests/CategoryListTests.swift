/// `setboard list --category`: CAT1 (raised by people) and CAT2 (raised by an alert) as a filter of the list.
import Testing

@Suite("list --category") struct CategoryListTests {
    @Test func categoryKeepsOnlyThatCategoryInTextAndJSON() throws {
        let cli = try CLIRunner()
        try cli.ok("init")
        try cli.ok("add", "Login loop", "--tier", "community")
        try cli.ok("add", "Disk alert on db-3", "--category", "CAT2")
        let cat2 = try cli.ok("list", "--category", "CAT2")
        #expect(cat2.contains("Disk alert on db-3"))
        #expect(!cat2.contains("Login loop"))
        let cat1 = try cli.ok("list", "--category", "cat1", "--json")
        #expect(cat1.contains("Login loop"))
        #expect(!cat1.contains("Disk alert"))
        let bad = try cli.run(["list", "--category", "CAT3"])
        #expect(bad.status == 64)
    }
}
