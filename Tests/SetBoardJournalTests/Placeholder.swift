// Placeholder test file for SetBoardJournalTests.
import Testing
@Test func placeholderSetBoardJournalTests() { #expect(1 + 1 == 2) }
