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

    /// Parses a logical line; nil when it has no `:`. Works on UTF-8 bytes (`:`, `;`, `=`, `,`, `"` are ASCII), so a
    /// delimiter followed by a combining mark is still a delimiter.
    public init?(line: Substring) {
        let utf8 = line.utf8
        var inQuotes = false
        guard let colon = utf8.firstIndex(where: { byte in
            if byte == UInt8(ascii: "\"") { inQuotes.toggle() }
            return byte == UInt8(ascii: ":") && !inQuotes
        }) else { return nil }
        var segments = utf8[..<colon].split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false)
        let qualified = segments.removeFirst()
        if let dot = qualified.lastIndex(of: UInt8(ascii: ".")) {
            group = Self.text(qualified[..<dot]).lowercased()
            name = Self.text(qualified[qualified.index(after: dot)...]).uppercased()
        } else {
            name = Self.text(qualified).uppercased()
        }
        parameters = [:]
        for segment in segments {
            let pair = segment.split(separator: UInt8(ascii: "="), maxSplits: 1)
            // vCard 2.1 writes bare types: `TEL;CELL:`.
            let key = pair.count == 2 ? Self.text(pair[0]).uppercased() : "TYPE"
            let values = (pair.count == 2 ? pair[1] : pair.first ?? segment[...]).split(separator: UInt8(ascii: ","))
                .map { value in Self.text(Self.trimmingQuotes(value)).lowercased() }
            parameters[key, default: []] += values
        }
        let value = Self.text(utf8[utf8.index(after: colon)...])
        if parameters["ENCODING"]?.contains("quoted-printable") == true {
            rawValue = Substring(VCardText.decodeQuotedPrintable(value))
        } else {
            rawValue = Substring(value)
        }
    }

    private static func text(_ bytes: Substring.UTF8View.SubSequence) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    private static func trimmingQuotes(_ bytes: Substring.UTF8View.SubSequence) -> Substring.UTF8View.SubSequence {
        var bytes = bytes
        while bytes.first == UInt8(ascii: "\"") { bytes = bytes.dropFirst() }
        while bytes.last == UInt8(ascii: "\"") { bytes = bytes.dropLast() }
        return bytes
    }

    /// The value unescaped.
    public var text: String { VCardText.unescape(rawValue) }

    /// True when `TYPE` includes `type`.
    public func hasType(_ type: String) -> Bool { parameters["TYPE"]?.contains(type) == true }
}
