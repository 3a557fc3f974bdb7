/// The shared rules for free-text fields: trimmed, blank is absent, a length limit, no control characters.
public enum FieldText {
    /// `text` trimmed, or nil when blank.
    public static func blankToNil(_ text: String?) -> String? {
        guard let text else { return nil }
        let trimmed = Text.trimmed(text)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// A required single value: trimmed, at most `limit` code points, no control characters.
    public static func required(_ text: String?, field: String, limit: Int) throws(CoreError) -> String {
        guard let value = try optional(text, field: field, limit: limit) else {
            throw CoreError(field: field, "is required")
        }
        return value
    }

    /// An optional single value (nil when blank): trimmed, at most `limit` code points, no control characters.
    public static func optional(_ text: String?, field: String, limit: Int) throws(CoreError) -> String? {
        guard let value = blankToNil(text) else { return nil }
        try checkLength(value, field: field, limit: limit)
        guard !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw CoreError(field: field, "contains control characters")
        }
        return value
    }

    /// Optional multi-line text (notes): trimmed, at most `limit` code points; newlines and tabs allowed.
    public static func notes(_ text: String?, field: String, limit: Int) throws(CoreError) -> String? {
        guard let value = blankToNil(text) else { return nil }
        try checkLength(value, field: field, limit: limit)
        guard !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && !"\n\r\t".unicodeScalars.contains($0) }) else {
            throw CoreError(field: field, "contains control characters")
        }
        return value
    }

    /// At most `limit` Unicode code points — what JSON Schema's `maxLength` counts, so the API takes exactly what
    /// `openapi.yaml` documents. Counted by scalar, never by `Character`: an emoji modifier or a pile of combining
    /// marks makes one character of many code points, and each one counts.
    static func checkLength(_ value: String, field: String, limit: Int) throws(CoreError) {
        guard value.unicodeScalars.count <= limit else { throw CoreError(field: field, "is longer than \(limit) characters") }
    }

    /// An http(s) URL (websites, avatars; `mailto:` is for links only).
    public static func webURL(_ raw: String, field: String) throws(CoreError) -> String {
        let url = try SafeURL.validate(raw, field: field)
        guard url.lowercased().hasPrefix("http") else {
            throw CoreError(field: field, "'\(url)' must be an http or https URL")
        }
        return url
    }
}
