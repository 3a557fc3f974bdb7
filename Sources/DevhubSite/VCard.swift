import Crypto
import DevhubCore

/// vCard 4.0 (RFC 6350) text for a profile: CRLF line ends, lines folded at 75 octets without
/// splitting a UTF-8 sequence, and values escaped.
public enum VCard {
    /// ``make(_:url:revision:)`` as UTF-8 bytes.
    public static func bytes(_ snapshot: ProfileSnapshot, url: String, revision: String) -> [UInt8] {
        Array(make(snapshot, url: url, revision: revision).utf8)
    }

    /// The vCard of `snapshot`, whose canonical page is `url`.
    public static func make(_ snapshot: ProfileSnapshot, url: String, revision: String) -> String {
        let profile = snapshot.profile
        var lines = ["BEGIN:VCARD", "VERSION:4.0", "KIND:individual"]
        lines.append("FN:" + escape(profile.name))
        lines.append("N:" + structuredName(profile.name))
        lines.append("NICKNAME:" + escape(profile.username.value))
        if let headline = profile.headline { lines.append("TITLE:" + escape(headline)) }
        if let location = profile.location { lines.append("ADR;LABEL=\"" + parameter(location) + "\":;;;;;;") }
        lines.append("URL;TYPE=home:" + escape(url))
        if let website = profile.website { lines.append("URL;TYPE=work:" + escape(website)) }
        // Labelled links use the `itemN.` group + X-ABLabel convention that Apple and Google contacts read.
        for (index, link) in profile.links.enumerated() {
            let group = "item\(index + 1)."
            if link.url.lowercased().hasPrefix("mailto:") {
                lines.append(group + "EMAIL:" + escape(String(link.url.dropFirst("mailto:".count))))
            } else {
                lines.append(group + "URL:" + escape(link.url))
            }
            lines.append(group + "X-ABLabel:" + escape(link.label))
        }
        if let avatar = profile.avatar { lines.append("PHOTO:" + escape(avatar)) }
        if !profile.skills.isEmpty { lines.append("CATEGORIES:" + profile.skills.map(escape).joined(separator: ",")) }
        lines.append("UID:urn:uuid:" + uuid(from: snapshot.id))
        lines.append("REV:" + revision)
        lines.append("END:VCARD")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    private static func escape(_ value: String) -> String { VCardText.escape(value) }

    private static func fold(_ line: String) -> String { VCardText.fold(line) }

    /// A parameter value inside double quotes: quotes, line breaks and control characters are not allowed there, so
    /// they are dropped scalar by scalar (a `"` followed by a combining mark is still dropped).
    private static func parameter(_ value: String) -> String {
        String(String.UnicodeScalarView(value.unicodeScalars.filter { scalar in
            scalar != "\"" && !Text.isLineBreak(scalar) && scalar.properties.generalCategory != .control
        }))
    }

    /// `N` as family;given;;; from a display name: the last word is taken as the family name.
    private static func structuredName(_ name: String) -> String {
        let words = name.unicodeScalars.split(separator: " ").map { String(String.UnicodeScalarView($0)) }
        guard words.count > 1 else { return escape(name) + ";;;;" }
        return escape(words.last!) + ";" + escape(words.dropLast().joined(separator: " ")) + ";;;"
    }

    /// A stable UUID (version 8, name-based) derived from the profile's id.
    private static func uuid(from id: String) -> String {
        var bytes = Array(SHA256.hash(data: Array(id.utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x80
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let h = Array(Hex.encode(bytes))
        return [h[0..<8], h[8..<12], h[12..<16], h[16..<20], h[20..<32]].map { String($0) }.joined(separator: "-")
    }
}
