/// A custom domain a profile is served on: a lower-case DNS host name with at least one dot.
public struct DomainName: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The canonical (lower-case, no trailing dot) spelling.
    public let value: String

    /// Validates `raw` as a host name a CNAME can point at (no scheme, port, path or IP address).
    public init(_ raw: String, field: String = "custom_domain") throws(CoreError) {
        var value = raw.lowercased()
        if value.hasSuffix(".") { value.removeLast() }
        guard value.utf8.count <= 253, value.contains(".") else {
            throw CoreError(field: field, "'\(raw)' is not a domain name like profile.example.com")
        }
        let labels = value.split(separator: ".", omittingEmptySubsequences: false)
        for label in labels {
            guard (1...63).contains(label.utf8.count),
                  label.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }),
                  !label.hasPrefix("-"), !label.hasSuffix("-")
            else {
                throw CoreError(field: field, "'\(raw)' is not a domain name like profile.example.com")
            }
        }
        guard let last = labels.last, last.contains(where: { $0.isLetter }) else {
            throw CoreError(field: field, "'\(raw)' is an IP address; a domain name is needed")
        }
        self.value = value
    }

    /// Wraps a value read back from storage, where it was validated on the way in.
    public init(trusted value: String) {
        self.value = value
    }

    public var description: String { value }

    public static func < (lhs: DomainName, rhs: DomainName) -> Bool { lhs.value < rhs.value }
}
