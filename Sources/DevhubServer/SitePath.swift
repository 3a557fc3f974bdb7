import DevhubCore

/// A request path decoded once and then checked, before anything looks at the disk: percent-escapes are decoded
/// exactly once, and a path whose decoded form holds a NUL or another control character, a backslash, an empty
/// segment, or a segment starting with `.` (`..`, the staging folder, the build lock) is refused. The file server
/// is handed ``encoded``, whose single decoding is this same checked path, so the file served and the type it is
/// served as come from one string.
struct SitePath: Equatable, Sendable {
    /// The decoded segments (`/@ada/qr.svg` → `["@ada", "qr.svg"]`).
    let segments: [String]
    /// Whether the path ends in `/` (a folder: its `index.html`).
    let isFolder: Bool

    /// Longest path accepted, in bytes before decoding.
    static let maximumLength = 2048
    /// Most segments accepted.
    static let maximumSegments = 32

    /// Decodes and checks `raw` (the request target's path, still percent-encoded); nil when it is refused.
    init?(_ raw: String) {
        let bytes = Array(raw.utf8)
        guard bytes.first == UInt8(ascii: "/"), bytes.count <= Self.maximumLength else { return nil }
        guard let decoded = Hex.percentDecoded(bytes[...], plusIsSpace: false) else { return nil }
        guard let text = String(validating: decoded, as: UTF8.self),
              !text.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0 == "\\" })
        else { return nil }
        var parts = text.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).dropFirst()
        isFolder = parts.last?.isEmpty ?? true
        if isFolder, !parts.isEmpty { parts = parts.dropLast() }
        guard parts.count <= Self.maximumSegments,
              parts.allSatisfy({ !$0.isEmpty && $0.first != UInt8(ascii: ".") })
        else { return nil }
        segments = parts.map { String(decoding: $0, as: UTF8.self) }
    }

    /// The decoded path, e.g. `/@ada/`.
    var decoded: String { "/" + segments.joined(separator: "/") + (isFolder && !segments.isEmpty ? "/" : "") }

    /// The path percent-encoded again (everything but unreserved characters, `@` and `/`), for the file server.
    var encoded: String {
        "/" + segments.map(Self.percentEncoded).joined(separator: "/") + (isFolder && !segments.isEmpty ? "/" : "")
    }

    /// Whether the path is `prefix` or below it (`prefix` without a trailing slash, e.g. `/api`).
    func isUnder(_ prefix: String) -> Bool {
        decoded == prefix || decoded.hasPrefix(prefix + "/")
    }

    private static func percentEncoded(_ segment: String) -> String {
        var out = ""
        for byte in segment.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "@"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
