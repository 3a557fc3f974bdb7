/// What the owner asks for when creating an API key, checked: a name, its scopes, and when it expires.
public struct APIKeySpec: Equatable, Sendable {
    /// At most this many Unicode scalars in a key's name.
    public static let maxNameScalars = 100
    /// The longest lifetime a key may be given, in days (ten years).
    public static let maxExpiryDays = 3650

    /// The name shown in lists (trimmed, 1…100 scalars, no control characters).
    public let name: String
    /// Sorted, without repeats, never empty.
    public let scopes: [APIKeyScope]
    /// Days until the key stops working; nil: it never expires.
    public let expiresInDays: Int?

    /// Checks each field, naming the first bad one (`name`, `scopes`, `scopes[1]`, `expires_in_days`).
    public init(name rawName: String?, scopes rawScopes: [String]?, expiresInDays: Int?) throws(CoreError) {
        let name = Text.trimmed(rawName ?? "")
        guard !name.isEmpty else { throw CoreError(field: "name", "is required") }
        guard name.unicodeScalars.count <= Self.maxNameScalars else {
            throw CoreError(field: "name", "is longer than \(Self.maxNameScalars) characters")
        }
        guard !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw CoreError(field: "name", "contains control characters")
        }
        guard let rawScopes, !rawScopes.isEmpty else { throw CoreError(field: "scopes", "must list read, write or both") }
        guard rawScopes.count <= 10 else { throw CoreError(field: "scopes", "has more than 10 entries") }
        var scopes: Set<APIKeyScope> = []
        for (index, raw) in rawScopes.enumerated() {
            guard let scope = APIKeyScope(rawValue: raw) else {
                throw CoreError(field: "scopes[\(index)]", "must be read or write")
            }
            scopes.insert(scope)
        }
        if let expiresInDays, !(1...Self.maxExpiryDays).contains(expiresInDays) {
            throw CoreError(field: "expires_in_days", "must be a whole number of days from 1 to \(Self.maxExpiryDays), or null for no expiry")
        }
        self.name = name
        self.scopes = scopes.sorted()
        self.expiresInDays = expiresInDays
    }
}
