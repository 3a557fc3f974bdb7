/// What the generator needs to render one Quick Connect page: the code as stored, its owner's public name, and
/// its token (derived from the code's id under the server's key; the database holds only the token's hash; the
/// page's folder name is the token).
public struct QuickConnectPage: Equatable, Sendable {
    public var token: String
    public var id: String
    /// The owner's profile name, or nil when they have none.
    public var ownerName: String?
    /// The owner's public profile, when it is public.
    public var ownerUsername: Username?
    public var event: String
    public var location: String?
    public var session: String?
    /// Milliseconds since 1970.
    public var expiresAt: Int64
    public var revokedAt: Int64?
    public var useCount: Int
    public var maxSubmissions: Int?

    public init(
        token: String, id: String, ownerName: String?, ownerUsername: Username?, event: String, location: String?, session: String?,
        expiresAt: Int64, revokedAt: Int64?, useCount: Int, maxSubmissions: Int?
    ) {
        self.token = token
        self.id = id
        self.ownerName = ownerName
        self.ownerUsername = ownerUsername
        self.event = event
        self.location = location
        self.session = session
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.useCount = useCount
        self.maxSubmissions = maxSubmissions
    }

    /// Whether the code takes submissions at `now` (milliseconds).
    public func state(now: Int64) -> QuickConnectState {
        QuickConnectState.of(expiresAt: expiresAt, revokedAt: revokedAt, useCount: useCount, maxSubmissions: maxSubmissions, now: now)
    }
}

/// Where the generator reads the Quick Connect codes whose pages it renders.
public protocol QuickConnectSource: Sendable {
    /// The codes with ids among `ids` (nil: every code) whose token can be derived, each carrying its token, in id
    /// order (unknown ids are left out).
    func quickConnectPages(ids: [String]?) throws -> [QuickConnectPage]
    /// The token of code `codeID`, whether or not the code still exists (to find the folder of a deleted code's page).
    func quickConnectToken(codeID: String) -> String
}

/// Quick Connect tokens: 128 bits (of an HMAC of the code's id) as 32 lower-case hex digits (safe as a folder name on any file system).
public enum QuickConnectToken {
    /// Whether `text` has a token's shape (cheap filter before any lookup).
    public static func isWellFormed(_ text: some StringProtocol) -> Bool {
        text.utf8.count == 32 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}
