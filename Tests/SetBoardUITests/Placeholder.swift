// Placeholder test file for SetBoardUITests.
import Testing
@Test func placeholderSetBoardUITests() { #expect(1 + 1 == 2) }
