/// A validated, lower-cased username: 1–39 characters of `[a-z0-9-]`, no leading or trailing `-`,
/// and not one of the names the site's own paths use.
public struct Username: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// The canonical (lower-case) spelling.
    public let value: String

    /// Names that would collide with the site's own paths or confuse visitors.
    public static let reserved: Set<String> = [
        "api", "assets", "admin", "app", "connect", "domains", "sitemap", "robots", "hooks",
        "verify-email", "healthz", "metrics", "404", "index", "static", "login", "logout", "signup",
        "settings", "about", "privacy", "terms", "help", "support", "www", "mail", "root",
        "devhub", "system", "null", "undefined", "me", "profile", "profiles", "user", "users",
    ]

    /// The longest username accepted (GitHub's limit).
    public static let maxLength = 39

    /// Validates `raw`; usernames compare case-insensitively, so it is lower-cased first.
    public init(_ raw: String, field: String = "username") throws(CoreError) {
        let value = raw.lowercased()
        guard !value.isEmpty else { throw CoreError(field: field, "is empty") }
        guard value.utf8.count <= Self.maxLength else {
            throw CoreError(field: field, "'\(raw)' is longer than \(Self.maxLength) characters")
        }
        guard value.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }) else {
            throw CoreError(field: field, "'\(raw)' may contain only letters a-z, digits and '-'")
        }
        guard !value.hasPrefix("-"), !value.hasSuffix("-") else {
            throw CoreError(field: field, "'\(raw)' may not start or end with '-'")
        }
        guard !Self.reserved.contains(value) else {
            throw CoreError(field: field, "'\(raw)' is reserved")
        }
        self.value = value
    }

    /// Wraps a value read back from storage, where it was validated on the way in.
    public init(trusted value: String) {
        self.value = value
    }

    /// The public path segment, `@value`.
    public var handle: String { "@\(value)" }

    public var description: String { value }

    public static func < (lhs: Username, rhs: Username) -> Bool { lhs.value < rhs.value }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        self = try Username(raw)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
