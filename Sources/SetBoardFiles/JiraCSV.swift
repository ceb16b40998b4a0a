// Jira's CSV export read into `JiraIssue`s, and `export csv` written in the form Jira's CSV importer takes: CSV.swift does the CSV.
import CSV
import Foundation
import SetBoardCore

public enum JiraCSV {
    /// An export larger than this is refused before it is parsed: 64 MiB is hundreds of thousands of issues.
    public static let maxBytes = 64 << 20

    /// The issues of an export, in its order. The header is matched without regard to case or surrounding spaces;
    /// a column named more than once (Labels, Component/s, Comment, …) contributes every cell; columns it does not
    /// know are ignored. A missing `Issue key` or `Summary` column, a row of another width than the header, or a
    /// date it cannot read is an error naming the row.
    public static func issues(_ text: String) throws(FileProblem) -> [JiraIssue] {
        // CSV.swift keeps a UTF-8 byte-order mark when handed a string: Excel and Jira write one.
        let body = text.hasPrefix("\u{FEFF}") ? String(text.unicodeScalars.dropFirst()) : text
        let reader: CSVReader
        do {
            reader = try CSVReader(string: body, hasHeaderRow: true)
        } catch {
            throw FileProblem("no header row: a Jira CSV export starts with a line of column names (Summary, Issue key, …)")
        }
        guard let header = reader.headerRow, header.count > 1 || !(header.first ?? "").isEmpty else {
            throw FileProblem("no header row: a Jira CSV export starts with a line of column names (Summary, Issue key, …)")
        }
        let names = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        func columns(_ name: String) -> [Int] { names.indices.filter { names[$0] == name } }
        guard let keyColumn = columns("issue key").first else {
            throw FileProblem("the header has no `Issue key` column: export from Jira with all fields or current fields")
        }
        guard let summaryColumn = columns("summary").first else { throw FileProblem("the header has no `Summary` column") }
        let one: [String: Int] = ["issue type": 0, "status": 0, "priority": 0, "assignee": 0, "reporter": 0, "created": 0,
                                  "description": 0].reduce(into: [:]) { out, pair in
            if let i = columns(pair.key).first { out[pair.key] = i }
        }
        let labels = columns("labels"), components = columns("component/s") + columns("components"), comments = columns("comment")
        let fixVersions = columns("fix version/s") + columns("fix versions"), watchers = columns("watchers")
        var absent: Set<String> = []
        for name in ["description", "status", "issue type", "priority", "assignee", "reporter"] where one[name] == nil { absent.insert(name) }
        if labels.isEmpty { absent.insert("labels") }
        if components.isEmpty { absent.insert("components") }
        if fixVersions.isEmpty { absent.insert("fix versions") }
        if watchers.isEmpty { absent.insert("watchers") }
        var out: [JiraIssue] = []
        var row = 0
        while let raw = reader.next() {
            row += 1
            // Jira writes CRLF inside quoted cells too; the board's text uses LF.
            let cells = raw.map { $0.unicodeScalars.contains("\r") ? $0.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n") : $0 }
            // A blank line between records is no issue.
            if cells.count == 1 && cells[0].trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { continue }
            guard cells.count == header.count else {
                throw FileProblem("row \(row) has \(cells.count) fields but the header has \(header.count) "
                                  + "(a quote not closed, or a line cut short?)")
            }
            func cell(_ name: String) -> String? {
                guard let i = one[name] else { return nil }
                let v = cells[i].trimmingCharacters(in: .whitespacesAndNewlines)
                return v.isEmpty ? nil : v
            }
            func all(_ indices: [Int]) -> [String] {
                indices.map { cells[$0].trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
            }
            let key = cells[keyColumn].trimmingCharacters(in: .whitespacesAndNewlines)
            guard !key.isEmpty else { throw FileProblem("row \(row) has no Issue key") }
            var issue = JiraIssue(row: row, key: key, summary: cells[summaryColumn])
            issue.absent = absent
            issue.description = one["description"].map { cells[$0] } ?? ""
            issue.type = cell("issue type")
            issue.status = cell("status")
            issue.priority = cell("priority")
            issue.assignee = cell("assignee")
            issue.reporter = cell("reporter")
            // Jira writes several labels in one cell separated by spaces in some exports, one per column in others.
            issue.labels = all(labels).flatMap { $0.split(separator: " ").map(String.init) }
            issue.components = all(components)
            issue.comments = all(comments).map(JiraComment.init(cell:))
            issue.fixVersions = all(fixVersions)
            issue.watchers = all(watchers)
            if let created = cell("created") {
                guard let ms = JiraDate.parse(created) else {
                    throw FileProblem("row \(row) (\(TextSafety.escaped(key))): Created \"\(TextSafety.escaped(created))\" is not "
                                      + "a date like 07/Dec/26 10:15 AM or 2026-12-07T10:15:00Z")
                }
                issue.created = ms
            }
            out.append(issue)
        }
        if let error = reader.error { throw FileProblem("cannot read the CSV: \(error)") }
        return out
    }

    /// The columns `export csv` writes, as Jira's CSV importer names its fields.
    public static let exportHeader = ["Summary", "Issue key", "Issue Type", "Status", "Priority", "Labels", "Assignee",
                                      "Description", "Created"]

    /// Rows (each as many cells as `exportHeader`) as CSV text: RFC 4180 quoting, CRLF line ends as Jira writes them.
    public static func write(_ rows: [[String]]) throws -> String {
        let stream = OutputStream(toMemory: ())
        let writer = try CSVWriter(stream: stream, newline: .crlf)
        try writer.write(row: exportHeader)
        for row in rows { try writer.write(row: row) }
        writer.stream.close()
        guard let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data else { return "" }
        return String(decoding: data, as: UTF8.self) + "\r\n"
    }
}
