/// Keys are data: names round-trip, remapping moves a key from one action to another, and the help is the table.
import Testing
import SetBoardCore
@testable import SetBoardUI

@Suite struct KeyMapTests {
    @Test func remappingAFreeKeyMakesItDoTheAction() throws {
        var map = KeyMap.default
        #expect(map.action(for: .char("x")) == nil)
        try map.remap("x", to: "claim")
        #expect(map.action(for: .char("x")) == .claim)
        #expect(map.keys(for: .claim) == [.char("x"), .char("c")])
        #expect(map.entries.filter { $0.keys.contains(.char("x")) }.map(\.action) == [.claim])
    }

    @Test func remappingATakenKeyUnbindsItFromItsOldAction() throws {
        var map = KeyMap.default
        try map.remap("x", to: "claim")
        try map.remap("x", to: "nudge")
        #expect(map.action(for: .char("x")) == .nudge)
        #expect(map.keys(for: .claim) == [.char("c")])
        try map.remap("j", to: "claim")
        #expect(map.action(for: .char("j")) == .claim)
        #expect(map.keys(for: .down) == [.down])
        #expect(map.entries.filter { $0.keys.contains(.char("j")) }.count == 1)
    }

    @Test func aRemappedKeyWorksOnTheBoard() throws {
        var map = KeyMap.default
        try map.remap("x", to: "claim")
        let h = try CraftedBoard.make(handMove: false)
        h.model = AppModel(keyMap: map)
        h.press(.char("j"))
        #expect(h.selected == "SET-2")
        #expect(h.press(.char("x")) == [.perform(.assign(key: "SET-2", assignee: "alice"))])
        #expect(h.store.state.ticket("SET-2")?.assignee == "alice")
    }

    @Test func anUnknownKeyNameIsRefusedWithTheNamesThatWork() {
        var map = KeyMap.default
        #expect(throws: KeyMapError.self) { try map.remap("hyper-q", to: "claim") }
        do {
            try map.remap("hyper-q", to: "claim")
        } catch {
            #expect(error.description == "unknown key `hyper-q` (a character, up, down, enter, esc, tab, ctrl-x, f1 …)")
        }
        #expect(map == KeyMap.default)
    }

    @Test func anUnknownActionNameIsRefusedWithTheActionsThatExist() {
        var map = KeyMap.default
        do {
            try map.remap("x", to: "explode")
            Issue.record("remapping to an unknown action was accepted")
        } catch {
            #expect(error.description.hasPrefix("unknown action `explode`; known: select-down, select-up, "))
            #expect(error.description.contains("restore-order"))
            #expect(error.description.contains("claim"))
        }
        #expect(map == KeyMap.default)
    }

    @Test(arguments: ["j", "J", "space", "enter", "esc", "tab", "shift-tab", "pgdn", "ctrl-l", "f1", "f12", "up", "home"])
    func keyNamesRoundTrip(name: String) throws {
        let key = try #require(Key(name: name))
        #expect(key.name == name)
        #expect(Key(name: key.name) == key)
    }

    @Test func keyNamesAcceptCommonSpellings() {
        #expect(Key(name: "Return") == .enter)
        #expect(Key(name: "ESCAPE") == .escape)
        #expect(Key(name: "ctrl-D") == .ctrl("d"))
        #expect(Key(name: "F5") == .function(5))
        #expect(Key(name: "") == nil)
        #expect(Key(name: "ctrl-1") == nil)
        #expect(Key(name: "f25") == nil)
        #expect(Key(name: "resize") == nil)
    }

    @Test func everyDefaultKeyMeansOneActionOnly() {
        var seen: [Key: Action] = [:]
        for entry in KeyMap.default.entries {
            for key in entry.keys {
                #expect(seen[key] == nil, "\(key.name) is bound to \(seen[key]?.rawValue ?? "") and \(entry.action.rawValue)")
                seen[key] = entry.action
            }
        }
        #expect(seen.count > 20)
    }

    @Test func theHelpViewListsEveryEntryOfTheKeyMap() throws {
        let h = try CraftedBoard.make()
        h.model.open(view: .help)
        let screen = h.screen(100, 60)
        for entry in KeyMap.default.entries {
            let keys = entry.keys.map(Badges.keyLabel).joined(separator: " ")
            #expect(screen.contains(keys.padded(to: 12) + " " + entry.help), "help lacks \(entry.action.rawValue)")
        }
        for group in Set(KeyMap.default.entries.map(\.group)) { #expect(screen.contains("\n " + group + "\n")) }
        for (mark, meaning) in Badges.legend { #expect(screen.contains(mark.padded(to: 12) + " " + meaning)) }
    }

    @Test func theHelpViewFollowsARemap() throws {
        var map = KeyMap.default
        try map.remap("x", to: "claim")
        try map.remap("t", to: "nudge")
        let h = try CraftedBoard.make()
        h.model = AppModel(keyMap: map)
        h.model.open(view: .help)
        let screen = h.screen(100, 60)
        #expect(screen.contains("  x c          claim: assign to me"))
        #expect(screen.contains("  t n          nudge a stuck card"))
        // An action left without keys is not offered at all.
        #expect(!screen.contains("take over the card"))
    }

    @Test func theHelpScrollsWithTheSelectionKeysAndAnyOtherKeyClosesIt() throws {
        let h = try CraftedBoard.make()
        h.press(.char("?"))
        let top = h.screen()
        #expect(top.contains("Keys (remap them under `keys:` in config.yaml)"))
        #expect(!top.contains("this help"))
        h.press(Array(repeating: .char("j"), count: 40))
        let bottom = h.screen()
        #expect(bottom.contains("this help"))
        #expect(bottom.contains("in the detail view: cycle a checklist item"))
        h.press(.char("k"))
        #expect(h.screen() != bottom, "one k after scrolling past the end must scroll back up")
        h.press(.char("x"))
        #expect(h.model.mode == .board)
        #expect(h.journal.records.count == 12)
    }
}
