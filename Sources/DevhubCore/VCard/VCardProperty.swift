import Foundation

/// One content line of a vCard: `item1.URL;TYPE=work:https://example.com`.
public struct VCardProperty: Equatable, Sendable {
    /// The group (`item1`), lower-cased, or nil.
    public var group: String?
    /// The property name, upper-cased (`URL`).
    public var name: String
    /// Parameters by upper-cased name; values lower-cased and split on commas (`TYPE=work,pref` → ["work", "pref"]).
    public var parameters: [String: [String]]
    /// The raw value, still escaped (quoted-printable already decoded).
    public var rawValue: Substring

    /// Parses a logical line; nil when it has no `:`.
    public init?(line: Substring) {
        var inQuotes = false
        guard let colon = line.firstIndex(where: { character in
            if character == "\"" { inQuotes.toggle() }
            return character == ":" && !inQuotes
        }) else { return nil }
        let head = line[..<colon]
        var segments = head.split(separator: ";", omittingEmptySubsequences: false)
        let qualified = segments.removeFirst()
        if let dot = qualified.lastIndex(of: ".") {
            group = qualified[..<dot].lowercased()
            name = qualified[qualified.index(after: dot)...].uppercased()
        } else {
            name = qualified.uppercased()
        }
        parameters = [:]
        for segment in segments {
            let pair = segment.split(separator: "=", maxSplits: 1)
            // vCard 2.1 writes bare types: `TEL;CELL:`.
            let key = pair.count == 2 ? pair[0].uppercased() : "TYPE"
            let values = (pair.count == 2 ? pair[1] : pair[0]).split(separator: ",")
                .map { $0.trimmingCharacters(in: ["\""]).lowercased() }
            parameters[key, default: []] += values
        }
        let value = line[line.index(after: colon)...]
        if parameters["ENCODING"]?.contains("quoted-printable") == true {
            rawValue = Substring(VCardText.decodeQuotedPrintable(String(value)))
        } else {
            rawValue = value
        }
    }

    /// The value unescaped.
    public var text: String { VCardText.unescape(rawValue) }

    /// True when `TYPE` includes `type`.
    public func hasType(_ type: String) -> Bool { parameters["TYPE"]?.contains(type) == true }
}
