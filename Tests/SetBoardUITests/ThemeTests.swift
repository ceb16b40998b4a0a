/// Theme files: the shipped ones parse, mistakes are refused with their line, and 256 colours fall back to 8.
import Foundation
import Testing
@testable import SetBoardUI

@Suite struct ThemeTests {
    /// The package's themes/ folder, found from this file: Tests/SetBoardUITests/ThemeTests.swift → ../../themes.
    static let themesFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("themes")

    static func themeFiles() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: themesFolder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "yaml" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    @Test func thePackageShipsTheFourThemes() throws {
        let names = try Self.themeFiles().map { $0.deletingPathExtension().lastPathComponent }
        #expect(names == ["default", "high-contrast", "light", "mono"])
    }

    @Test func everyShippedThemeParsesAndDefinesNormal() throws {
        let files = try Self.themeFiles()
        #expect(!files.isEmpty)
        for file in files {
            let name = file.deletingPathExtension().lastPathComponent
            let text = try String(contentsOf: file, encoding: .utf8)
            let theme = try Theme.parse(yaml: text, name: name)
            #expect(theme.name == name, "\(file.lastPathComponent) names itself \(theme.name)")
            #expect(theme.styles[.normal] != nil, "\(file.lastPathComponent) does not define `normal`")
            #expect(theme.styles.count > 10, "\(file.lastPathComponent) styles only \(theme.styles.count) roles")
        }
    }

    @Test func theSelectedCardStandsOutInEveryShippedTheme() throws {
        for file in try Self.themeFiles() {
            let theme = try Theme.parse(yaml: try String(contentsOf: file, encoding: .utf8), name: "t")
            #expect(theme.style(.cardSelected) != theme.style(.card), "\(file.lastPathComponent)")
            #expect(theme.style(.error) != theme.style(.normal), "\(file.lastPathComponent)")
        }
    }

    @Test func aThemeFileIsReadIntoStyles() throws {
        let theme = try Theme.parse(yaml: """
            name: tiny
            styles:
              normal: { fg: default, bg: 16 }
              header: { fg: bright-blue, bg: black, attrs: [bold, reverse] }
              stuck:  { fg: 203, attrs: underline }
            """, name: "file")
        #expect(theme.name == "tiny")
        #expect(theme.style(.normal) == TextStyle(foreground: .terminalDefault, background: .indexed(16)))
        #expect(theme.style(.header) == TextStyle(foreground: .indexed(12), background: .indexed(0), bold: true, reverse: true))
        #expect(theme.style(.stuck) == TextStyle(foreground: .indexed(203), underline: true))
        // A role the file leaves out looks like normal.
        #expect(theme.style(.pane) == theme.style(.normal))
    }

    @Test func aBadColourIsRefusedWithItsLine() {
        expectError("""
            name: bad
            styles:
              normal: { fg: default }
              header: { fg: purple }
            """, line: 4, contains: "unknown colour `purple`")
        expectError("""
            styles:
              card:
                fg: 256
            """, line: 3, contains: "unknown colour `256`")
    }

    @Test func anUnknownRoleIsRefusedWithItsLine() {
        expectError("""
            styles:
              normal: { fg: default }

              cardSelectd: { fg: red }
            """, line: 4, contains: "unknown style `cardSelectd`; known: normal, header,")
    }

    @Test func anUnknownAttributeIsRefusedWithItsLine() {
        expectError("""
            name: x
            styles:
              normal: { fg: default }
              header:
                fg: red
                attrs: [bold, blink]
            """, line: 6, contains: "unknown attribute `blink`")
    }

    @Test func otherMistakesAreRefusedToo() {
        expectError("styles:\n  normal: { colour: red }\n", line: 2, contains: "unknown key `colour`")
        expectError("name: x\npalette: {}\nstyles: {}\n", line: 2, contains: "unknown key `palette`")
        expectError("name: x\n", line: 1, contains: "missing `styles:`")
        expectError("styles:\n  normal: red\n", line: 2, contains: "`normal` must be a mapping")
        #expect(throws: ThemeError.self) { try Theme.parse(yaml: "styles: [a, {", name: "x") }
    }

    @Test func colourNamesAndNumbers() {
        #expect(ThemeColor(name: "default") == .terminalDefault)
        #expect(ThemeColor(name: "Red") == .indexed(1))
        #expect(ThemeColor(name: "bright-white") == .indexed(15))
        #expect(ThemeColor(name: "grey") == .indexed(8))
        #expect(ThemeColor(name: "255") == .indexed(255))
        #expect(ThemeColor(name: "-1") == nil)
        #expect(ThemeColor(name: "256") == nil)
        #expect(ThemeColor(name: "purple") == nil)
    }

    @Test func colourFallsBackToTheNearestOfEight() {
        #expect(ThemeColor.indexed(196).fallback8 == .indexed(1))
        #expect(ThemeColor.indexed(15).fallback8 == .indexed(7))
        #expect(ThemeColor.indexed(9).fallback8 == .indexed(1))
        #expect(ThemeColor.indexed(3).fallback8 == .indexed(3))
        #expect(ThemeColor.indexed(16).fallback8 == .indexed(0))
        #expect(ThemeColor.indexed(231).fallback8 == .indexed(7))
        #expect(ThemeColor.indexed(46).fallback8 == .indexed(2))
        #expect(ThemeColor.indexed(21).fallback8 == .indexed(4))
        #expect(ThemeColor.indexed(232).fallback8 == .indexed(0))
        #expect(ThemeColor.indexed(255).fallback8 == .indexed(7))
        #expect(ThemeColor.terminalDefault.fallback8 == .terminalDefault)
    }

    @Test func monoKeepsEveryDistinctionWithoutColour() {
        let mono = Theme.mono
        for role in StyleRole.allCases {
            #expect(mono.style(role).foreground == .terminalDefault)
            #expect(mono.style(role).background == .terminalDefault)
        }
        #expect(mono.style(.cardSelected) != mono.style(.card))
        #expect(mono.style(.stuck) != mono.style(.card))
        #expect(mono.style(.handMoved) != mono.style(.card))
        #expect(mono.style(.error) != mono.style(.normal))
    }

    private func expectError(_ yaml: String, line: Int, contains text: String,
                             sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try Theme.parse(yaml: yaml, name: "test")
            Issue.record("accepted a bad theme", sourceLocation: sourceLocation)
        } catch {
            #expect(error.line == line, "\(error)", sourceLocation: sourceLocation)
            #expect(error.message.contains(text), "\(error)", sourceLocation: sourceLocation)
            #expect(error.description.hasPrefix("line \(line): "), sourceLocation: sourceLocation)
        }
    }
}
