/// Makes user-typed text safe to print: control characters, escape sequences and bidi overrides become visible escapes.

public enum TextSafety {
    /// True for scalars that must never reach a terminal raw: C0 and C1 controls, DEL, and bidi embedding,
    /// override and isolate controls that could make text read differently from what it is.
    public static func isUnsafe(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x061C: return true
        case 0x2028, 0x2029, 0xFEFF: return true
        default: return false
        }
    }

    /// True when every byte is printable ASCII (space to `~`): safe as it stands and one terminal cell a byte.
    /// Checking bytes is far cheaper than decoding scalars, and `list` and every frame ask it of every title.
    public static func isPrintableASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }

    /// The text with every unsafe scalar written as `\xHH` or `\u{HHHH}`; with `keepNewlines`, line feeds stay.
    /// Built as bytes in one pass: appending scalar by scalar to a string view made hostile text quadratic.
    public static func escaped(_ text: String, keepNewlines: Bool = false) -> String {
        if isPrintableASCII(text) { return text }
        guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 32)
        for s in text.unicodeScalars {
            if keepNewlines && s == "\n" {
                out.append(0x0A)
            } else if isUnsafe(s) {
                if s.value < 0x100 {
                    out += [UInt8(ascii: "\\"), UInt8(ascii: "x"), hexDigit(s.value >> 4), hexDigit(s.value)]
                } else {
                    out += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "{")]
                    appendHex(s.value, minimumDigits: 1, into: &out)
                    out.append(UInt8(ascii: "}"))
                }
            } else {
                UTF8.encode(s) { out.append($0) }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The low four bits of `value` as a lower-case hex digit.
    static func hexDigit(_ value: UInt32) -> UInt8 {
        let d = UInt8(value & 0xF)
        return d < 10 ? UInt8(ascii: "0") + d : UInt8(ascii: "a") + d - 10
    }

    /// `value` in lower-case hex, at least `minimumDigits` long (zero-padded).
    static func appendHex(_ value: UInt32, minimumDigits: Int, into out: inout [UInt8]) {
        var digits = 1
        while digits < 8 && value >> (4 * UInt32(digits)) != 0 { digits += 1 }
        digits = max(digits, minimumDigits)
        for i in stride(from: digits - 1, through: 0, by: -1) { out.append(hexDigit(value >> (4 * UInt32(i)))) }
    }
}
