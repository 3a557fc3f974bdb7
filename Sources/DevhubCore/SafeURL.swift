import Foundation

/// The one rule for every URL a user gives us: only `http`, `https` and `mailto`, well formed.
public enum SafeURL {
    /// Schemes a link on a public page may use.
    public static let allowedSchemes: Set<String> = ["http", "https", "mailto"]

    /// Returns `raw` trimmed if it is an absolute `http(s)` URL with a host or a `mailto:` address;
    /// throws naming `field` otherwise.
    public static func validate(_ raw: String, field: String) throws(CoreError) -> String {
        let trimmed = Text.trimmed(raw)
        guard !trimmed.isEmpty else { throw CoreError(field: field, "is empty") }
        guard trimmed.utf8.count <= 2048 else { throw CoreError(field: field, "is longer than 2048 characters") }
        guard !trimmed.unicodeScalars.contains(where: isSpaceOrControl) else {
            throw CoreError(field: field, "'\(trimmed)' contains spaces or control characters")
        }
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased() else {
            throw CoreError(field: field, "'\(trimmed)' is not an absolute URL")
        }
        guard allowedSchemes.contains(scheme) else {
            throw CoreError(field: field, "'\(trimmed)' uses scheme '\(scheme)'; only http, https and mailto are allowed")
        }
        if scheme == "mailto" {
            guard components.path.contains("@") else {
                throw CoreError(field: field, "'\(trimmed)' is not a mailto: address")
            }
        } else {
            guard let host = components.host, !host.isEmpty, trimmed.lowercased().hasPrefix(scheme + "://") else {
                throw CoreError(field: field, "'\(trimmed)' has no host")
            }
        }
        return trimmed
    }

    /// A space or a control character (general category Cc): in ASCII exactly U+0000–U+001F and U+007F, decided
    /// without the scalar-properties lookup, which most URLs never need.
    private static func isSpaceOrControl(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar.value < 0x20 || scalar.value == 0x7F || scalar == " " }
        return scalar.properties.generalCategory == .control
    }

    /// True when `raw` would pass ``validate(_:field:)``.
    public static func isAllowed(_ raw: String) -> Bool {
        (try? validate(raw, field: "url")) != nil
    }
}
