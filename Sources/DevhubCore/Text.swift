/// Fast text clean-up on UTF-8 bytes for the hot paths (import and rendering of many profiles).
public enum Text {
    /// `text` without leading and trailing white space (Unicode white space, newlines included).
    public static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        if first == scalars.startIndex, last == scalars.index(before: scalars.endIndex) { return text }
        return String(scalars[first...last])
    }

    /// `text` with every run of ASCII white space turned into one space, and none at either end.
    public static func collapsingWhitespace(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            String(unsafeUninitializedCapacity: bytes.count) { out in
                var count = 0
                var pendingSpace = false
                for byte in bytes {
                    if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) {
                        pendingSpace = count > 0
                    } else {
                        if pendingSpace { out[count] = 0x20; count += 1; pendingSpace = false }
                        out[count] = byte
                        count += 1
                    }
                }
                return count
            }
        }
    }

    /// True for a scalar that some reader treats as a line break: LF, VT, FF, CR, NEL, U+2028 and U+2029.
    public static func isLineBreak(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: true
        default: false
        }
    }

    /// `text` with every line-break scalar (and CRLF as one) replaced by `replacement`, scalar by scalar: a
    /// line break followed by a combining mark is still a line break.
    public static func replacingLineBreaks(_ text: String, with replacement: Unicode.Scalar) -> String {
        guard text.unicodeScalars.contains(where: isLineBreak) else { return text }
        var out = String.UnicodeScalarView()
        var previousCR = false
        for scalar in text.unicodeScalars {
            defer { previousCR = scalar == "\r" }
            if scalar == "\n", previousCR { continue }
            out.append(isLineBreak(scalar) ? replacement : scalar)
        }
        return String(out)
    }

    /// The items of a typed list (`swift, C++; go`): split on any of `separators` scalar by scalar (a `,` followed by
    /// a combining mark still separates), trimmed, blanks left out.
    public static func listItems(_ text: String, separators: Set<Unicode.Scalar> = [","]) -> [String] {
        text.unicodeScalars.split(whereSeparator: separators.contains)
            .map { trimmed(String(String.UnicodeScalarView($0))) }
            .filter { !$0.isEmpty }
    }
}
