import DevhubCore

/// An API key as its owner sees it in lists: never the key, never its hash.
public struct StoredAPIKey: Sendable, Equatable {
    public var id: String
    public var name: String
    /// The first characters of the key (`dh_AbCd1234`).
    public var prefix: String
    public var scopes: [APIKeyScope]
    /// Milliseconds since 1970.
    public var createdAt: Int64
    public var lastUsedAt: Int64?
    public var expiresAt: Int64?
    public var revokedAt: Int64?
}

/// A key the owner just created: its record and, this once, the key itself.
public struct CreatedAPIKey: Sendable {
    public var stored: StoredAPIKey
    /// The full key (`dh_…`), shown once and never stored.
    public var key: String
}

/// Whom a presented key authenticates, or why it does not.
public enum APIKeyAuthentication: Sendable, Equatable {
    /// A live key: its id, its owner, what it may do.
    case valid(id: String, userID: String, scopes: [APIKeyScope])
    /// No key has this hash (or its account is gone or waiting for its deletion).
    case unknown
    case revoked
    case expired
}
