/// Technology names: the key two spellings share, `tech:` tags, and the `tech` parameter's list.
public enum TechnologyName {
    /// The prefix of an owner's technology tag (`tech:Rust`), matched case-insensitively.
    public static let tagPrefix = "tech:"
    /// Width of one technology name, in Unicode scalars.
    public static let maxScalars = 50
    /// Technologies in one `tech` list.
    public static let maxListCount = 5

    /// The key under which spellings count as one technology: ASCII letters lower-cased, scalar by scalar, nothing
    /// else changed (the same as SQLite's `lower()`, so the database's index and this code agree).
    public static func key(_ name: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in name.unicodeScalars {
            if scalar.value >= 0x41, scalar.value <= 0x5A {
                scalars.append(Unicode.Scalar(scalar.value + 0x20)!)
            } else {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// The technology a tag names (`tech:Rust` → `Rust`, as the tag spells it), or nil for any other tag.
    public static func fromTag(_ tag: String) -> String? {
        // Most tags are no technology: turned away on their first bytes (an ASCII letter matches either case).
        guard tag.utf8.count > 5, zip(tag.utf8, tagPrefix.utf8).allSatisfy({ $0 | 0x20 == $1 | 0x20 }) else { return nil }
        let scalars = Array(tag.unicodeScalars)
        let prefix = Array(tagPrefix.unicodeScalars)
        guard scalars.count > prefix.count, key(String(String.UnicodeScalarView(scalars[0..<prefix.count]))) == tagPrefix else { return nil }
        let name = trimmingSpaces(String(String.UnicodeScalarView(scalars[prefix.count...])))
        return name.isEmpty ? nil : name
    }

    /// `text` without U+0020 spaces at either end (what SQLite's `trim()` removes, so both sides agree).
    public static func trimmingSpaces(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " }) else { return "" }
        let last = scalars.lastIndex(where: { $0 != " " })!
        return String(scalars[first...last])
    }

    /// The technologies of a `tech` parameter (`Rust,WebAssembly`), exactly as the API documents it: 1 to
    /// ``maxListCount`` names separated by commas, each 1 to ``maxScalars`` scalars, no control character (C0, DEL, C1),
    /// no comma, no space at either end (`^E(,E){0,4}$`). Names with the same key count once (the first spelling).
    /// Throws naming `field`; reads the input once and stops at the first problem, so it is linear and bounded.
    public static func list(_ raw: String, field: String = "tech") throws(CoreError) -> [String] {
        var names: [String] = []
        var keys = Set<String>()
        var current = String.UnicodeScalarView()
        var count = 0
        var entries = 0
        func finish() throws(CoreError) {
            entries += 1
            guard entries <= maxListCount else { throw CoreError(field: field, "names more than \(maxListCount) technologies") }
            guard let first = current.first, let last = current.last else {
                throw CoreError(field: field, raw.isEmpty ? "is required" : "has an empty technology (two commas in a row, or one at an end)")
            }
            guard first != " ", last != " " else { throw CoreError(field: field, "has a technology starting or ending with a space") }
            let name = String(current)
            current = String.UnicodeScalarView()
            count = 0
            if keys.insert(key(name)).inserted { names.append(name) }
        }
        for scalar in raw.unicodeScalars {
            if scalar == "," {
                try finish()
                continue
            }
            guard !isControl(scalar) else { throw CoreError(field: field, "must not contain control characters") }
            count += 1
            guard count <= maxScalars else { throw CoreError(field: field, "has a technology longer than \(maxScalars) characters") }
            current.append(scalar)
        }
        try finish()
        return names
    }

    /// One technology of a list filter (`/api/contacts?tech=Rust`): nil when `raw` is absent or empty, else the one
    /// name of ``list(_:field:)`` (a comma is refused: the list filters by one technology).
    public static func single(_ raw: String?, field: String = "tech") throws(CoreError) -> String? {
        guard let raw, !raw.isEmpty else { return nil }
        guard !raw.unicodeScalars.contains(",") else { throw CoreError(field: field, "must name one technology (no commas)") }
        return try list(raw, field: field).first
    }

    /// Lenient input from a page's form (`Rust, WebAssembly ,`): spaces around names and empty names dropped, so
    /// ``list(_:field:)`` reads what a person meant.
    public static func tidied(_ raw: String) -> String {
        raw.split(separator: ",", omittingEmptySubsequences: false).map { trimmingSpaces(String($0)) }.filter { !$0.isEmpty }.joined(separator: ",")
    }

    /// C0 controls, DEL and C1 controls (`\x00-\x1f\x7f-\x9f`, as the API's patterns say).
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value <= 0x9F)
    }
}
