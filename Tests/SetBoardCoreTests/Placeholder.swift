// Placeholder test file for SetBoardCoreTests.
import Testing
@Test func placeholderSetBoardCoreTests() { #expect(1 + 1 == 2) }
