/// The text layer of vCard (RFC 6350 §3): escaping values, folding and unfolding content lines. Escaping, unescaping
/// and splitting work on Unicode scalars, never on `Character`s: a `,` or `\\` followed by a combining mark (one
/// grapheme cluster) is still a comma or a backslash.
public enum VCardText {
    /// Escapes a property value: backslash, comma and semicolon; every line break (CRLF, LF, CR, VT, FF, NEL,
    /// U+2028, U+2029) becomes `\n`.
    public static func escape(_ value: String) -> String {
        var out = String.UnicodeScalarView()
        var previousCR = false
        for scalar in value.unicodeScalars {
            defer { previousCR = scalar == "\r" }
            switch scalar {
            case "\\": out.append(contentsOf: "\\\\".unicodeScalars)
            case ",": out.append(contentsOf: "\\,".unicodeScalars)
            case ";": out.append(contentsOf: "\\;".unicodeScalars)
            case "\n" where previousCR: continue
            case _ where Text.isLineBreak(scalar): out.append(contentsOf: "\\n".unicodeScalars)
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// Undoes ``escape(_:)`` (`\n` and `\N` are newlines; an unknown escape keeps its scalar).
    public static func unescape(_ value: Substring) -> String {
        guard value.utf8.contains(UInt8(ascii: "\\")) else { return String(value) }
        var out = String.UnicodeScalarView()
        var escaping = false
        for scalar in value.unicodeScalars {
            if escaping {
                out.append(scalar == "n" || scalar == "N" ? "\n" : scalar)
                escaping = false
            } else if scalar == "\\" {
                escaping = true
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Splits a structured value on unescaped `separator` (`;` for N and ADR, `,` for CATEGORIES), unescaping each part.
    public static func split(_ value: Substring, on separator: Unicode.Scalar) -> [String] {
        var parts: [String] = []
        let scalars = value.unicodeScalars
        var start = scalars.startIndex
        var index = scalars.startIndex
        var escaping = false
        while index < scalars.endIndex {
            let scalar = scalars[index]
            if escaping {
                escaping = false
            } else if scalar == "\\" {
                escaping = true
            } else if scalar == separator {
                parts.append(unescape(Substring(scalars[start..<index])))
                start = scalars.index(after: index)
            }
            index = scalars.index(after: index)
        }
        parts.append(unescape(Substring(scalars[start...])))
        return parts
    }

    /// Folds a content line: at most 75 octets per physical line, continuation lines start with a space,
    /// and neither a UTF-8 sequence nor a user-perceived character (emoji, letter + accent) is split, so readers
    /// that unfold by characters get the text back too. (Walking `Character`s is safe here: folding compares
    /// nothing, and every reader removes the inserted CRLF + space wherever it lands.)
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

    /// The logical lines of `text`, without a length limit (see ``VCardLines``, which the importer uses with one).
    public static func unfold(_ text: String) -> [Substring] {
        var reader = VCardLines(text, maxLineBytes: .max)
        var lines: [Substring] = []
        while let line = try? reader.next() { lines.append(Substring(line.text)) }
        return lines
    }

    /// Decodes quoted-printable bytes (`=C3=A9` → é) as UTF-8.
    public static func decodeQuotedPrintable(_ value: String) -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(value.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "="), utf8.count >= 2,
               let high = Hex.value(ofDigit: utf8[utf8.startIndex]), let low = Hex.value(ofDigit: utf8[utf8.startIndex + 1])
            {
                bytes.append(high << 4 | low)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
