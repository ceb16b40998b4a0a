// TIME as typed for `--at` and `diff`: ISO 8601, dates and words, read in the user's zone against a pinned now.
import Testing
@testable import SetBoardCore

@Suite("TIME expressions")
struct TimeExpressionTests {
    /// Tuesday 2026-11-24 10:00 UTC; the user's clock two hours ahead.
    let now = WorkingTime.parseISO8601("2026-11-24T10:00:00Z")!
    let zone = FixedOffsetZone(identifier: "Test/Plus2", offset: 7_200_000)

    func at(_ text: String) throws -> String {
        RosterTimeText.iso(try TimeExpression.parse(text, now: now, zone: zone))
    }

    @Test func instantsWithAZoneAreTakenAsWritten() throws {
        #expect(try at("2026-11-24T17:00Z") == "2026-11-24T17:00:00Z")
        #expect(try at("2026-11-24T17:00:00+01:00") == "2026-11-24T16:00:00Z")
        #expect(try at("now") == "2026-11-24T10:00:00Z")
        #expect(try at(" NOW ") == "2026-11-24T10:00:00Z")
    }

    @Test func datesAndTimesWithoutAZoneAreTheUsersWallClock() throws {
        #expect(try at("2026-11-24") == "2026-11-23T22:00:00Z")
        #expect(try at("2026-11-24 17:00") == "2026-11-24T15:00:00Z")
        #expect(try at("2026-11-24T17:00") == "2026-11-24T15:00:00Z")
        #expect(try at("10:30") == "2026-11-24T08:30:00Z")
    }

    @Test func relativeFormsCountBackFromNow() throws {
        #expect(try at("-2d") == "2026-11-22T10:00:00Z")
        #expect(try at("-3h") == "2026-11-24T07:00:00Z")
        #expect(try at("-30m") == "2026-11-24T09:30:00Z")
        #expect(try at("-1w") == "2026-11-17T10:00:00Z")
    }

    @Test func daysByNameAreTheMostRecentOnTheUsersClock() throws {
        #expect(try at("yesterday 09:00") == "2026-11-23T07:00:00Z")
        #expect(try at("yesterday") == "2026-11-22T22:00:00Z")
        #expect(try at("today 9:05") == "2026-11-24T07:05:00Z")
        #expect(try at("last friday 17:00") == "2026-11-20T15:00:00Z")
        #expect(try at("Last Fri 17:00") == "2026-11-20T15:00:00Z")
        #expect(try at("friday") == "2026-11-19T22:00:00Z")
        // Today is a Tuesday: "tuesday" is today, "last tuesday" a week ago.
        #expect(try at("tuesday 08:00") == "2026-11-24T06:00:00Z")
        #expect(try at("last tuesday 08:00") == "2026-11-17T06:00:00Z")
    }

    @Test func anythingElseIsRefusedWithTheFormsItTakes() {
        for bad in ["", "garbage", "-2x", "-d", "--2d", "last", "last fri 25:00", "yesterday 9", "2026-13-01",
                    "yesterday 09:00 extra", "fr", "2026-11-24T17:00Q", String(repeating: "1", count: 100)] {
            #expect(throws: TimeExpression.ParseError.self, "\(bad)") { try TimeExpression.parse(bad, now: now, zone: zone) }
        }
        let error = TimeExpression.ParseError(text: "soon\u{1b}[31m")
        #expect(error.description.contains("last friday 17:00"))
        #expect(!error.description.contains("\u{1b}"))
    }

    @Test func theHeaderNamesThePastOnTheUsersClock() {
        #expect(TimeExpression.wallText(now, zone: zone) == "2026-11-24 12:00 Test/Plus2")
    }
}
