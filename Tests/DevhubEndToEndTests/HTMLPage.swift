import Foundation

/// One start tag: its lower-cased name and its attributes (names lower-cased, values with entities decoded).
struct HTMLTag: CustomStringConvertible {
    var name: String
    var attributes: [(name: String, value: String)]

    /// The value of the first attribute called `name`.
    subscript(_ name: String) -> String? { attributes.first { $0.name == name }?.value }

    /// Whether the space-separated `rel` attribute holds `value`.
    func hasRel(_ value: String) -> Bool {
        self["rel"]?.split(separator: " ").contains { $0.lowercased() == value } ?? false
    }

    var description: String { "<\(name) " + attributes.map { "\($0.name)=\"\($0.value)\"" }.joined(separator: " ") + ">" }
}

/// A generated HTML page, scanned the way a browser tokenizer would (quoted attributes, comments, raw-text
/// `script` and `style` elements), so tests look at real tags and attributes rather than at text.
struct HTMLPage {
    /// The page's source.
    let source: String
    /// Every start tag, in document order.
    private(set) var tags: [HTMLTag] = []
    /// Each `script` element's attributes and raw text.
    private(set) var scripts: [(tag: HTMLTag, body: String)] = []
    /// The text of `<title>`, entities decoded.
    private(set) var title: String?

    /// Scans `source`.
    init(_ source: String) {
        self.source = source
        let bytes = Array(source.utf8)
        var i = 0
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "<"), i + 1 < bytes.count else { i += 1; continue }
            if Self.starts(bytes, at: i, with: "<!--") {
                i = Self.find(bytes, "-->", from: i + 4).map { $0 + 3 } ?? bytes.count
            } else if bytes[i + 1] == UInt8(ascii: "!") || bytes[i + 1] == UInt8(ascii: "?") || bytes[i + 1] == UInt8(ascii: "/") {
                i = Self.find(bytes, ">", from: i + 1).map { $0 + 1 } ?? bytes.count
            } else if Self.isLetter(bytes[i + 1]) {
                var tag: HTMLTag
                (tag, i) = Self.scanTag(bytes, from: i + 1)
                tags.append(tag)
                if ["script", "style", "title", "textarea"].contains(tag.name) {
                    let end = Self.find(bytes, "</\(tag.name)", from: i, caseInsensitive: true) ?? bytes.count
                    let body = String(decoding: bytes[i..<end], as: UTF8.self)
                    if tag.name == "script" { scripts.append((tag, body)) }
                    if tag.name == "title", title == nil { title = Self.decodeEntities(body) }
                    i = end
                }
            } else {
                i += 1
            }
        }
    }

    /// The content of `<meta property="…">`.
    func meta(property: String) -> String? {
        tags.first { $0.name == "meta" && $0["property"] == property }?["content"]
    }

    /// The content of `<meta name="…">`.
    func meta(name: String) -> String? {
        tags.first { $0.name == "meta" && $0["name"] == name }?["content"]
    }

    /// `link` and `a` tags whose `rel` holds `rel`.
    func links(rel: String) -> [HTMLTag] {
        tags.filter { ($0.name == "link" || $0.name == "a") && $0.hasRel(rel) }
    }

    /// The bodies of `<script type="application/ld+json">` elements, parsed with JSONSerialization.
    func jsonLD() throws -> [Any] {
        try scripts.filter { $0.tag["type"] == "application/ld+json" }.map {
            try JSONSerialization.jsonObject(with: Data($0.body.utf8))
        }
    }

    // MARK: Scanning

    private static func scanTag(_ bytes: [UInt8], from start: Int) -> (HTMLTag, Int) {
        var i = start
        while i < bytes.count, !isSpace(bytes[i]), bytes[i] != UInt8(ascii: ">"), bytes[i] != UInt8(ascii: "/") { i += 1 }
        var tag = HTMLTag(name: String(decoding: bytes[start..<i], as: UTF8.self).lowercased(), attributes: [])
        while i < bytes.count {
            while i < bytes.count, isSpace(bytes[i]) || bytes[i] == UInt8(ascii: "/") { i += 1 }
            guard i < bytes.count, bytes[i] != UInt8(ascii: ">") else { return (tag, i + 1) }
            let nameStart = i
            while i < bytes.count, !isSpace(bytes[i]), ![UInt8(ascii: "="), UInt8(ascii: ">"), UInt8(ascii: "/")].contains(bytes[i]) { i += 1 }
            let name = String(decoding: bytes[nameStart..<i], as: UTF8.self).lowercased()
            while i < bytes.count, isSpace(bytes[i]) { i += 1 }
            var value = ""
            if i < bytes.count, bytes[i] == UInt8(ascii: "=") {
                i += 1
                while i < bytes.count, isSpace(bytes[i]) { i += 1 }
                if i < bytes.count, bytes[i] == UInt8(ascii: "\"") || bytes[i] == UInt8(ascii: "'") {
                    let quote = bytes[i]
                    let valueStart = i + 1
                    i = valueStart
                    while i < bytes.count, bytes[i] != quote { i += 1 }
                    value = String(decoding: bytes[valueStart..<min(i, bytes.count)], as: UTF8.self)
                    i += 1
                } else {
                    let valueStart = i
                    while i < bytes.count, !isSpace(bytes[i]), bytes[i] != UInt8(ascii: ">") { i += 1 }
                    value = String(decoding: bytes[valueStart..<i], as: UTF8.self)
                }
            }
            if !name.isEmpty { tag.attributes.append((name, decodeEntities(value))) }
        }
        return (tag, i)
    }

    /// Decodes the named entities the generator uses and numeric references, scalar by scalar (as a browser does:
    /// `&quot;` followed by a combining mark is still a quote).
    static func decodeEntities(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "&")) else { return text }
        var out = String.UnicodeScalarView()
        var rest = Substring(text).unicodeScalars
        while let amp = rest.firstIndex(of: "&") {
            out.append(contentsOf: rest[..<amp])
            rest = rest[amp...]
            guard let semicolon = rest.prefix(12).firstIndex(of: ";") else { out.append("&"); rest = rest.dropFirst(); continue }
            let entity = String(String.UnicodeScalarView(rest[rest.index(after: rest.startIndex)..<semicolon]))
            var decoded: Unicode.Scalar?
            switch entity {
            case "amp": decoded = "&"
            case "lt": decoded = "<"
            case "gt": decoded = ">"
            case "quot": decoded = "\""
            case "apos": decoded = "'"
            default:
                if entity.hasPrefix("#x") || entity.hasPrefix("#X") {
                    decoded = UInt32(entity.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
                } else if entity.hasPrefix("#") {
                    decoded = UInt32(entity.dropFirst()).flatMap(Unicode.Scalar.init)
                }
            }
            if let decoded {
                out.append(decoded)
                rest = rest[rest.index(after: semicolon)...]
            } else {
                out.append("&")
                rest = rest.dropFirst()
            }
        }
        out.append(contentsOf: rest)
        return String(out)
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D
    }

    private static func starts(_ bytes: [UInt8], at index: Int, with prefix: String) -> Bool {
        let p = Array(prefix.utf8)
        return index + p.count <= bytes.count && Array(bytes[index..<index + p.count]) == p
    }

    private static func find(_ bytes: [UInt8], _ needle: String, from start: Int, caseInsensitive: Bool = false) -> Int? {
        let n = Array(needle.utf8).map { caseInsensitive ? lower($0) : $0 }
        guard !n.isEmpty, start <= bytes.count - n.count else { return nil }
        for i in start...(bytes.count - n.count) {
            var match = true
            for j in 0..<n.count where (caseInsensitive ? lower(bytes[i + j]) : bytes[i + j]) != n[j] {
                match = false
                break
            }
            if match { return i }
        }
        return nil
    }

    private static func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte }
}
