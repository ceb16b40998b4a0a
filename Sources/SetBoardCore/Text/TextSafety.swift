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
    public static func escaped(_ text: String, keepNewlines: Bool = false) -> String {
        if isPrintableASCII(text) { return text }
        guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            if keepNewlines && s == "\n" {
                out.append(s)
            } else if isUnsafe(s) {
                let hex = String(s.value, radix: 16)
                let escape = s.value < 0x100
                    ? "\\x" + (hex.count < 2 ? "0" + hex : hex)
                    : "\\u{" + hex + "}"
                out.append(contentsOf: escape.unicodeScalars)
            } else {
                out.append(s)
            }
        }
        return String(out)
    }
}
