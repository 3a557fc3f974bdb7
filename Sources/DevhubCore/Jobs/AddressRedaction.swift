/// Removes email addresses from text bound for logs and the job table (a mail program's error often quotes the
/// recipient): every run of characters between separators that contains `@` becomes `[address]`. Works by Unicode
/// scalar, linear in the text.
public enum AddressRedaction {
    /// `text` with every address-like word replaced by `[address]`.
    public static func redact(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        var word = String.UnicodeScalarView()
        var wordHasAt = false
        func flush() {
            if wordHasAt { result.append(contentsOf: "[address]".unicodeScalars) } else { result.append(contentsOf: word) }
            word.removeAll(keepingCapacity: true)
            wordHasAt = false
        }
        for scalar in text.unicodeScalars {
            if isSeparator(scalar) {
                flush()
                result.append(scalar)
            } else {
                if scalar == "@" { wordHasAt = true }
                word.append(scalar)
            }
        }
        flush()
        return String(result)
    }

    private static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || "<>,;:\"'()[]{}=".unicodeScalars.contains(scalar)
    }
}
