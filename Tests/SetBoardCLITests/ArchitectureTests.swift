/// ARCHITECTURE.md's module arrows, checked against Package.swift and against every source file's imports.
import Foundation
import Testing

@Suite struct ArchitectureTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    /// The platform's own modules, which any target may import.
    static let system: Set<String> = ["Foundation", "Glibc", "Darwin", "Dispatch"]

    static func read(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    /// `target -> a, b, c` lines of the block that follows "## Modules".
    static func documentedArrows() throws -> [String: Set<String>] {
        let text = try read("ARCHITECTURE.md")
        guard let section = text.range(of: "## Modules"), let open = text.range(of: "```\n", range: section.upperBound..<text.endIndex),
              let close = text.range(of: "```", range: open.upperBound..<text.endIndex) else { return [:] }
        var arrows: [String: Set<String>] = [:]
        for line in text[open.upperBound..<close.lowerBound].split(separator: "\n") {
            let parts = line.components(separatedBy: "->")
            guard parts.count == 2 else { continue }
            let deps = parts[1].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            arrows[parts[0].trimmingCharacters(in: .whitespaces)] = Set(deps)
        }
        return arrows
    }

    /// Every non-test target of Package.swift with the targets and products it depends on.
    static func packageArrows() throws -> [String: Set<String>] {
        let text = try read("Package.swift")
        var arrows: [String: Set<String>] = [:]
        let scanner = text as NSString
        let pattern = try NSRegularExpression(pattern: #"\.(target|executableTarget)\(\s*name:\s*"([^"]+)"(?:,\s*dependencies:\s*\[([^\]]*)\])?"#)
        for match in pattern.matches(in: text, range: NSRange(location: 0, length: scanner.length)) {
            let name = scanner.substring(with: match.range(at: 2))
            var deps: Set<String> = []
            if match.range(at: 3).location != NSNotFound {
                let list = scanner.substring(with: match.range(at: 3))
                    .replacingOccurrences(of: #"package:\s*"[^"]*""#, with: "", options: .regularExpression)
                let quoted = try NSRegularExpression(pattern: #""([^"]+)""#)
                let l = list as NSString
                for q in quoted.matches(in: list, range: NSRange(location: 0, length: l.length)) {
                    deps.insert(l.substring(with: q.range(at: 1)))
                }
            }
            arrows[name] = deps
        }
        return arrows
    }

    @Test func theDocumentedArrowsAreExactlyThePackages() throws {
        let documented = try Self.documentedArrows()
        let package = try Self.packageArrows()
        #expect(documented.count >= 7)
        #expect(documented == package)
    }

    @Test func everySourceFileImportsOnlyWhatItsTargetMay() throws {
        let arrows = try Self.documentedArrows()
        let sources = Self.root.appendingPathComponent("Sources")
        var checked = 0
        for target in arrows.keys {
            let dir = sources.appendingPathComponent(target)
            guard let files = FileManager.default.enumerator(atPath: dir.path) else {
                Issue.record("no Sources/\(target)")
                continue
            }
            for case let file as String in files where file.hasSuffix(".swift") {
                let text = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
                for line in text.split(separator: "\n") where line.hasPrefix("import ") || line.hasPrefix("@testable import ") {
                    let module = String(line.split(separator: " ").last ?? "")
                    if Self.system.contains(module) { continue }
                    #expect(arrows[target]?.contains(module) == true, "Sources/\(target)/\(file) imports \(module)")
                    checked += 1
                }
            }
        }
        #expect(checked > 50)
    }

    /// The terminal is keys, signals and grids: it must not reach the journal or the domain.
    @Test func theTerminalImportsOnlyTheShimAndTheUI() throws {
        #expect(try Self.packageArrows()["SetBoardTerminal"] == ["CNcurses", "SetBoardUI"])
    }

    /// Core reads nothing from the host: not even Foundation (time-zone rules arrive through a `TimeZoneProvider`).
    @Test func coreImportsNoSystemModule() throws {
        let dir = Self.root.appendingPathComponent("Sources/SetBoardCore")
        let files = try #require(FileManager.default.enumerator(atPath: dir.path))
        var read = 0
        for case let file as String in files where file.hasSuffix(".swift") {
            let text = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") where line.hasPrefix("import ") || line.hasPrefix("@_exported import ") {
                let module = String(line.split(separator: " ").last ?? "")
                #expect(!Self.system.contains(module), "Sources/SetBoardCore/\(file) imports \(module)")
            }
            read += 1
        }
        #expect(read > 40)
    }
}
