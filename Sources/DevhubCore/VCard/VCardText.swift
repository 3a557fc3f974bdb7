/// The text layer of vCard (RFC 6350 §3): escaping values, folding and unfolding content lines.
public enum VCardText {
    /// Escapes a property value: backslash, comma, semicolon and newlines.
    public static func escape(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case ",": out += "\\,"
            case ";": out += "\\;"
            case "\n", "\r\n", "\r": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }

    /// Undoes ``escape(_:)`` (`\n` and `\N` are newlines; an unknown escape keeps its character).
    public static func unescape(_ value: Substring) -> String {
        guard value.contains("\\") else { return String(value) }
        var out = ""
        var escaping = false
        for character in value {
            if escaping {
                out.append(character == "n" || character == "N" ? "\n" : character)
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                out.append(character)
            }
        }
        return out
    }

    /// Splits a structured value on unescaped `separator` (`;` for N and ADR, `,` for CATEGORIES), unescaping each part.
    public static func split(_ value: Substring, on separator: Character) -> [String] {
        var parts: [String] = []
        var start = value.startIndex
        var index = value.startIndex
        var escaping = false
        while index < value.endIndex {
            let character = value[index]
            if escaping {
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else if character == separator {
                parts.append(unescape(value[start..<index]))
                start = value.index(after: index)
            }
            index = value.index(after: index)
        }
        parts.append(unescape(value[start...]))
        return parts
    }

    /// Folds a content line: at most 75 octets per physical line, continuation lines start with a space,
    /// and neither a UTF-8 sequence nor a user-perceived character (emoji, letter + accent) is split, so readers
    /// that unfold by characters get the text back too.
    public static func fold(_ line: String) -> String {
        guard line.utf8.count > 75 else { return line }
        var out = ""
        var current = 0
        var limit = 75
        for character in line {
            let scalars = Array(character.unicodeScalars)
            let size = String(character).utf8.count
            if size > 74 {  // a pathological cluster longer than a line: split between its code points
                for scalar in scalars {
                    let scalarSize = String(scalar).utf8.count
                    if current + scalarSize > limit { out += "\r\n "; current = 0; limit = 74 }
                    out.unicodeScalars.append(scalar)
                    current += scalarSize
                }
                continue
            }
            if current + size > limit {
                out += "\r\n "
                current = 0
                limit = 74  // the leading space counts toward the 75 octets
            }
            out.append(character)
            current += size
        }
        return out
    }

    /// The logical lines of `text`: any line ending (CRLF, LF, CR), continuation lines (leading space or tab) joined,
    /// and vCard 2.1 quoted-printable soft breaks (`=` at the end) joined.
    public static func unfold(_ text: String) -> [Substring] {
        var lines: [Substring] = []
        var pending: String?
        var physical: [Substring] = []
        var lineStart = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "\r\n" || character == "\n" || character == "\r" {
                physical.append(text[lineStart..<index])
                lineStart = text.index(after: index)
            }
            index = text.index(after: index)
        }
        physical.append(text[lineStart...])
        var softBreak = false
        for line in physical {
            if let current = pending, softBreak {
                pending = current + line
            } else if let first = line.unicodeScalars.first, first == " " || first == "\t", let current = pending {
                // The first code point, not Character: a fold may land before a combining mark or U+FE0F.
                pending = current + String(line.unicodeScalars.dropFirst())
            } else {
                if let current = pending { lines.append(Substring(current)) }
                pending = line.isEmpty ? nil : String(line)
            }
            softBreak = pending.map { $0.hasSuffix("=") && $0.uppercased().contains("QUOTED-PRINTABLE") } ?? false
            if softBreak { pending?.removeLast() }
        }
        if let current = pending { lines.append(Substring(current)) }
        return lines
    }

    /// Decodes quoted-printable bytes (`=C3=A9` → é) as UTF-8.
    public static func decodeQuotedPrintable(_ value: String) -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(value.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "="), utf8.count >= 2,
               let high = hexValue(utf8[utf8.startIndex]), let low = hexValue(utf8[utf8.startIndex + 1])
            {
                bytes.append(high << 4 | low)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
