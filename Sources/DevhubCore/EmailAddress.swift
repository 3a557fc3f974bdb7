import Foundation

/// A syntactically plausible email address, trimmed and with a lower-cased domain.
public struct EmailAddress: Hashable, Sendable, CustomStringConvertible {
    /// The normalised address.
    public let value: String

    /// Bytes an address may not contain (the specials of RFC 5322 other than `@` and `.`).
    private static let forbidden = Set("<>()[],;:\\\"".utf8)

    /// Checks `raw`: one `@`, a non-empty local part, a domain with a dot, no spaces, control or format characters, no RFC 5322
    /// specials, at most 254 bytes. The checks run on bytes and scalars, so a `"` or `>` followed by a combining mark
    /// is refused like a bare one.
    public init(_ raw: String, field: String = "email") throws(CoreError) {
        let trimmed = Text.trimmed(raw)
        guard !trimmed.isEmpty else { throw CoreError(field: field, "is required") }
        guard trimmed.utf8.count <= 254 else { throw CoreError(field: field, "is longer than 254 characters") }
        let parts = trimmed.utf8.split(separator: UInt8(ascii: "@"), omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64,
              let domain = try? DomainName(String(decoding: parts[1], as: UTF8.self), field: field),
              !trimmed.unicodeScalars.contains(where: { $0.properties.isWhitespace || [.control, .format].contains($0.properties.generalCategory) }),
              !trimmed.utf8.contains(where: Self.forbidden.contains)
        else {
            throw CoreError(field: field, "is not a valid email address")
        }
        value = "\(String(decoding: parts[0], as: UTF8.self))@\(domain.value)"
    }

    /// Wraps a value read back from storage.
    public init(trusted value: String) { self.value = value }

    public var description: String { value }

    /// The address's identity for accounts and throttles: ``value`` in Unicode canonical composition (NFC), lower-cased
    /// by Unicode scalar, so `Ada@Example.com`, `ada@example.com` and `ADA@EXAMPLE.COM` are one address. ``value``
    /// keeps the spelling the owner typed (mail goes to it).
    public var key: String { Self.key(value) }

    /// The identity of a stored address (see ``key``).
    public static func key(_ address: String) -> String {
        address.precomposedStringWithCanonicalMapping.lowercased().precomposedStringWithCanonicalMapping
    }
}
