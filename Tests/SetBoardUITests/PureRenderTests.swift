/// Drawing changes nothing: the layout step settles the frame, and `render` reads a model it cannot change.
import Testing
import SetBoardCore
@testable import SetBoardUI

@Suite struct PureRenderTests {
    /// The model is a `let` here, which `render` accepts only because it does not mutate; two draws are the same
    /// frame, and the same frame the driver shows.
    @Test func renderReadsAModelItCannotChange() throws {
        let h = try CraftedBoard.make()
        h.press([.char("j"), .char("l")])
        let context = h.context()
        var model = h.model
        model.layOut(context: context, size: Size(width: 80, height: 24))
        let laidOut = model
        let once = laidOut.render(context: context, size: Size(width: 80, height: 24)).plainText()
        #expect(laidOut.render(context: context, size: Size(width: 80, height: 24)).plainText() == once)
        #expect(once == h.screen(80, 24))
    }

    /// The detail view's history is read once per frame, in the layout step, not again while drawing.
    @Test func theDetailHistoryIsReadOncePerFrame() throws {
        let h = try CraftedBoard.make()
        final class CountingHistory: TicketHistorySource, @unchecked Sendable {
            var reads = 0
            func lines(of key: String) -> [HistoryLine] {
                reads += 1
                return [HistoryLine(at: 0, actor: "alice", text: "created")]
            }
        }
        let history = CountingHistory()
        var context = h.context()
        context.history = history
        var model = h.model
        model.open(view: .detail("SET-1"))
        model.layOut(context: context, size: Size(width: 80, height: 24))
        let text = model.render(context: context, size: Size(width: 80, height: 24)).plainText()
        #expect(text.contains("@alice created"))
        #expect(history.reads == 1)
    }
}
