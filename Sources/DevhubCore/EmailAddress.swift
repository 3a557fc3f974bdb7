import Foundation

/// A syntactically plausible email address, trimmed and with a lower-cased domain.
public struct EmailAddress: Hashable, Sendable, CustomStringConvertible {
    /// The normalised address.
    public let value: String

    /// Checks `raw`: one `@`, a non-empty local part, a domain with a dot, no spaces or control characters,
    /// at most 254 characters.
    public init(_ raw: String, field: String = "email") throws(CoreError) {
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw CoreError(field: field, "is required") }
        guard trimmed.utf8.count <= 254 else { throw CoreError(field: field, "is longer than 254 characters") }
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].utf8.count <= 64,
              let domain = try? DomainName(String(parts[1]), field: field),
              !trimmed.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control }),
              !trimmed.contains(where: { "<>()[],;:\\\"".contains($0) })
        else {
            throw CoreError(field: field, "is not a valid email address")
        }
        value = "\(parts[0])@\(domain.value)"
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
