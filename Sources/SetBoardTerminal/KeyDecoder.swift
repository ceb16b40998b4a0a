/// Translates what `get_wch` returns (a character or a curses key code) into the UI's `Key`.
import CNcurses
import SetBoardUI

enum KeyDecoder {
    /// `isKeyCode` is true when `get_wch` returned KEY_CODE_YES, i.e. `value` is a KEY_* constant.
    static func decode(value: UInt32, isKeyCode: Bool) -> Key? {
        isKeyCode ? decodeKeyCode(Int32(bitPattern: value)) : decodeCharacter(value)
    }

    private static func decodeCharacter(_ value: UInt32) -> Key? {
        switch value {
        case 27: return .escape
        case 10, 13: return .enter
        case 9: return .tab
        case 8, 127: return .backspace
        case 0: return nil
        case 1...26:
            // Ctrl-A is 1 … Ctrl-Z is 26; the key map names them by their lower-case letter.
            guard let scalar = Unicode.Scalar(value + 96) else { return nil }
            return .ctrl(Character(scalar))
        case 28...31: return nil
        default:
            guard let scalar = Unicode.Scalar(value) else { return nil }
            // Other C0/C1 controls are never keys a person meant; dropping them keeps them out of text fields.
            if scalar.properties.generalCategory == .control { return nil }
            return .char(Character(scalar))
        }
    }

    private static func decodeKeyCode(_ code: Int32) -> Key? {
        let f0 = setboard_key_f0()
        if code > f0 && code <= f0 + 63 { return .function(Int(code - f0)) }
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_BTAB: return .backTab
        case KEY_RESIZE: return .resize
        default: return nil
        }
    }
}
