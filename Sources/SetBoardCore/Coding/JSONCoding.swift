/// Compact JSON text for journal lines and `--json` output, and a strict byte-level parser that never traps on bad input.

extension JSONValue {
    /// One line of JSON with no spaces, keys in stored order, non-ASCII kept as UTF-8.
    public func compactEncoded() -> String {
        var out: [UInt8] = []
        out.reserveCapacity(128)
        encode(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `compactEncoded` for printing (`--json`): the scalars JSON allows raw but a terminal must not get (C1 controls,
    /// bidi overrides and isolates) become `\u` escapes, so the output parses to the same value and shows nothing hidden.
    /// Escaped while encoding, in one pass: a second pass rebuilding the text scalar by scalar was quadratic.
    public func printableEncoded() -> String {
        var out: [UInt8] = []
        out.reserveCapacity(128)
        encode(into: &out, printable: true)
        return String(decoding: out, as: UTF8.self)
    }

    public func encode(into out: inout [UInt8]) {
        encode(into: &out, printable: false)
    }

    /// With `printable`, strings also escape what `TextSafety.isUnsafe` names (see `printableEncoded`).
    func encode(into out: inout [UInt8], printable: Bool) {
        switch self {
        case .null: out.append(contentsOf: Array("null".utf8))
        case let .bool(b): out.append(contentsOf: Array((b ? "true" : "false").utf8))
        case let .int(i): out.append(contentsOf: Array(String(i).utf8))
        case let .double(d):
            // JSON has no NaN or infinity; writing null keeps the line parseable rather than corrupting the journal.
            if d.isFinite { out.append(contentsOf: Array("\(d)".utf8)) } else { out.append(contentsOf: Array("null".utf8)) }
        case let .string(s): JSONValue.encodeString(s, printable: printable, into: &out)
        case let .array(items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                item.encode(into: &out, printable: printable)
            }
            out.append(UInt8(ascii: "]"))
        case let .object(pairs):
            out.append(UInt8(ascii: "{"))
            for (i, (k, v)) in pairs.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONValue.encodeString(k, printable: printable, into: &out)
                out.append(UInt8(ascii: ":"))
                v.encode(into: &out, printable: printable)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// A string as `encodeString` writes it, with the scalars a terminal must not get as `\uXXXX` (all of them lie
    /// in the Basic Multilingual Plane, so four digits always do).
    static func encodePrintableString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for scalar in s.unicodeScalars {
            if scalar.isASCII {
                appendEscapedByte(UInt8(scalar.value), into: &out)
            } else if TextSafety.isUnsafe(scalar) {
                out += [92, UInt8(ascii: "u")]
                TextSafety.appendHex(scalar.value, minimumDigits: 4, into: &out)
            } else {
                UTF8.encode(scalar) { out.append($0) }
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    static let hexDigits = Array("0123456789abcdef".utf8)

    static func encodeString(_ s: String, printable: Bool = false, into out: inout [UInt8]) {
        // Printable ASCII needs no scalar decoding either way; anything else takes the scalar path when printing.
        if printable && !TextSafety.isPrintableASCII(s) { return encodePrintableString(s, into: &out) }
        out.append(UInt8(ascii: "\""))
        for byte in s.utf8 { appendEscapedByte(byte, into: &out) }
        out.append(UInt8(ascii: "\""))
    }

    /// One byte of a string's UTF-8 as JSON writes it: quote, backslash and controls escaped, the rest as is.
    @inline(__always)
    static func appendEscapedByte(_ byte: UInt8, into out: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""): out.append(contentsOf: [92, 34])
        case UInt8(ascii: "\\"): out.append(contentsOf: [92, 92])
        case 0x0A: out.append(contentsOf: [92, UInt8(ascii: "n")])
        case 0x0D: out.append(contentsOf: [92, UInt8(ascii: "r")])
        case 0x09: out.append(contentsOf: [92, UInt8(ascii: "t")])
        case 0..<0x20, 0x7F:
            // Control bytes are escaped so a journal line never holds a raw newline or terminal escape.
            out.append(contentsOf: [92, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0xF)])
        default: out.append(byte)
        }
    }

    /// Parses exactly one JSON value filling the whole text (whitespace around it allowed); nil when malformed.
    public static func parse(_ text: String) -> JSONValue? {
        var copy = text
        return copy.withUTF8 { parse(bytes: $0) }
    }

    public static func parse(bytes: UnsafeBufferPointer<UInt8>) -> JSONValue? {
        var parser = JSONParser(bytes: bytes)
        guard let value = parser.parseValue(depth: 0) else { return nil }
        parser.skipSpace()
        return parser.index == bytes.count ? value : nil
    }
}

/// A recursive-descent parser over UTF-8 bytes with a nesting limit, so hostile input cannot exhaust the stack.
struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    static let maxDepth = 64
    /// Members of the objects being parsed, innermost last: each object is copied out once at its exact size.
    /// Growing a fresh array of pairs member by member cost a runtime type lookup per growth, 12% of a replay.
    var members: [(String, JSONValue)] = []

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func skipSpace() {
        while index < bytes.count {
            let b = bytes[index]
            guard b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 else { return }
            index += 1
        }
    }

    mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        let start = word.utf8Start
        for i in 0..<count where bytes[index + i] != start[i] { return false }
        index += count
        return true
    }

    mutating func parseValue(depth: Int) -> JSONValue? {
        guard depth < JSONParser.maxDepth else { return nil }
        skipSpace()
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "n"): return literal("null") ? .null : nil
        case UInt8(ascii: "t"): return literal("true") ? .bool(true) : nil
        case UInt8(ascii: "f"): return literal("false") ? .bool(false) : nil
        case UInt8(ascii: "\""): return parseString().map { .string($0) }
        case UInt8(ascii: "["): return parseArray(depth: depth)
        case UInt8(ascii: "{"): return parseObject(depth: depth)
        default: return parseNumber()
        }
    }

    mutating func parseArray(depth: Int) -> JSONValue? {
        index += 1
        var items: [JSONValue] = []
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
        while true {
            guard let item = parseValue(depth: depth + 1) else { return nil }
            items.append(item)
            skipSpace()
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
            return nil
        }
    }

    mutating func parseObject(depth: Int) -> JSONValue? {
        index += 1
        let base = members.count
        defer { members.removeSubrange(base...) }
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object([]) }
        while true {
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\""), let key = parseString() else { return nil }
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
            index += 1
            guard let value = parseValue(depth: depth + 1) else { return nil }
            members.append((key, value))
            skipSpace()
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(Array(members[base...])) }
            return nil
        }
    }

    mutating func hex4() -> UInt32? {
        guard index + 4 <= bytes.count else { return nil }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[index]
            let d: UInt32
            switch b {
            case 0x30...0x39: d = UInt32(b - 0x30)
            case 0x41...0x46: d = UInt32(b - 0x41 + 10)
            case 0x61...0x66: d = UInt32(b - 0x61 + 10)
            default: return nil
            }
            v = v * 16 + d
            index += 1
        }
        return v
    }

    mutating func parseString() -> String? {
        index += 1
        let start = index
        // Fast path: no escapes, so the bytes can be validated and copied in one go; all-ASCII text (nearly every
        // string in a journal) is valid UTF-8 as it stands and skips the generic check, a fifth of a full replay.
        var high: UInt8 = 0
        while index < bytes.count {
            let b = bytes[index]
            guard b != UInt8(ascii: "\""), b != UInt8(ascii: "\\"), b >= 0x20 else { break }
            high |= b
            index += 1
        }
        guard index < bytes.count else { return nil }
        if bytes[index] == UInt8(ascii: "\"") {
            let slice = UnsafeBufferPointer(rebasing: bytes[start..<index])
            index += 1
            return high < 0x80 ? String(decoding: slice, as: UTF8.self) : String(validating: slice, as: UTF8.self)
        }
        var out = Array(bytes[start..<index])
        while index < bytes.count {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                index += 1
                return String(validating: out, as: UTF8.self)
            }
            if b < 0x20 { return nil }
            if b != UInt8(ascii: "\\") { out.append(b); index += 1; continue }
            index += 1
            guard index < bytes.count else { return nil }
            let e = bytes[index]
            index += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                guard var code = hex4() else { return nil }
                if (0xD800...0xDBFF).contains(code) {
                    guard literal("\\u"), let low = hex4(), (0xDC00...0xDFFF).contains(low) else { return nil }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(code) {
                    return nil
                }
                guard let scalar = Unicode.Scalar(code) else { return nil }
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            default: return nil
            }
        }
        return nil
    }

    mutating func parseNumber() -> JSONValue? {
        let start = index
        var isInteger = true
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        let digitsStart = index
        while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
        guard index > digitsStart else { return nil }
        if bytes[digitsStart] == 0x30, index - digitsStart > 1 { return nil }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            let fracStart = index
            while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
            guard index > fracStart else { return nil }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            let expStart = index
            while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
            guard index > expStart else { return nil }
        }
        // Seqs, clocks and times are integers of at most 18 digits: summed in place, without a String to parse.
        if isInteger, index - digitsStart <= 18 {
            var value: Int64 = 0
            for i in digitsStart..<index { value = value * 10 + Int64(bytes[i] - 0x30) }
            return .int(bytes[start] == UInt8(ascii: "-") ? -value : value)
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        if isInteger, let i = Int64(text) { return .int(i) }
        guard let d = Double(text), d.isFinite else { return nil }
        return .double(d)
    }
}
