import Foundation

/// What an owner types for a webhook endpoint, checked: an absolute http(s) URL of at most 2,000 bytes with a host
/// and no user name or password, a non-empty list of events, and a description of at most 200 characters.
/// (Whether the host's addresses may be reached is the server's check: it needs DNS.)
public struct WebhookEndpointFields: Sendable, Equatable {
    public var url: String
    public var events: [WebhookEventType]
    public var description: String

    /// The longest URL accepted, in UTF-8 bytes.
    public static let maximumURLBytes = 2_000
    /// The longest description, in Unicode scalars.
    public static let maximumDescription = 200

    /// Checks each value; throws a ``CoreError`` naming the first bad field (`url`, `events`, `description`).
    public init(url: String, events: [String], description: String?) throws(CoreError) {
        self.url = try Self.validatedURL(url)
        self.events = try WebhookEventType.validatedList(events)
        self.description = try Self.validatedDescription(description)
    }

    /// The URL checked (surrounding white space removed); see the type's summary.
    public static func validatedURL(_ raw: String, field: String = "url") throws(CoreError) -> String {
        let text = Text.trimmed(raw)
        guard !text.isEmpty else { throw CoreError(field: field, "is required") }
        guard text.utf8.count <= maximumURLBytes else { throw CoreError(field: field, "is longer than \(maximumURLBytes) bytes") }
        // Scalars only: no spaces or controls anywhere (URLComponents would percent-encode some of them).
        guard text.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            throw CoreError(field: field, "must be an ASCII URL without spaces (punycode for international host names)")
        }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https"
        else { throw CoreError(field: field, "must be an absolute http:// or https:// URL") }
        guard let host = components.host, !host.isEmpty else { throw CoreError(field: field, "must name a host") }
        guard components.user == nil, components.password == nil else { throw CoreError(field: field, "must not carry a user name or password") }
        guard components.fragment == nil else { throw CoreError(field: field, "must not have a #fragment") }
        if let port = components.port, !(1...65_535).contains(port) { throw CoreError(field: field, "has an invalid port") }
        return text
    }

    /// The description trimmed, at most ``maximumDescription`` scalars, without control characters ("" when absent).
    public static func validatedDescription(_ raw: String?, field: String = "description") throws(CoreError) -> String {
        let text = Text.trimmed(raw ?? "")
        guard text.unicodeScalars.count <= maximumDescription else {
            throw CoreError(field: field, "is longer than \(maximumDescription) characters")
        }
        guard !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw CoreError(field: field, "must be one line of text")
        }
        return text
    }
}
