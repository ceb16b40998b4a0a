/// The header's on-call words and the alert row's text, worded from the roster's and the pages' facts.
import SetBoardCore

enum OnCallViews {
    /// `alice (primary) · bob (backup) · carol (lead)`, escaped: handles come from a file a person wrote.
    static func header(_ onCall: OnCall) -> String? {
        let parts = OnCallRole.allCases.compactMap { role in
            onCall.handle(for: role).map { "\(TextSafety.escaped($0)) (\(role.rawValue))" }
        }
        guard !parts.isEmpty else { return onCall.uncovered ? "nobody on call" : nil }
        return parts.joined(separator: " · ")
    }

    /// A page waiting for someone takes the alert row over the columns: impossible to miss, with what to type; a
    /// hand-over due soon follows it. Nil when neither is there.
    /// The hint comes before the page's summary, so a long summary cannot push it off the row.
    static func alert(pages: [Page], now: Int64, handoverWarning: String?) -> String? {
        var alert: String?
        if let first = pages.first {
            let more = pages.count > 1 ? "(+\(pages.count - 1) more) " : ""
            alert = "PAGE " + PageReport.line(first, now: now, beforeSummary: "\(more)· `setboard ack` acknowledges ·", short: true)
        }
        if let warning = handoverWarning {
            alert = alert.map { $0 + " · " + warning } ?? warning
        }
        return alert
    }
}
