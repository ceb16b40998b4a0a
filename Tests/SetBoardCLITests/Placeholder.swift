// Placeholder test file for SetBoardCLITests.
import Testing
@Test func placeholderSetBoardCLITests() { #expect(1 + 1 == 2) }
