/// A stored public profile as the generator sees it: the editable fields plus identity and times.
public struct ProfileSnapshot: Equatable, Sendable {
    /// The stable id (ULID).
    public var id: String
    /// The fields the owner edits.
    public var profile: Profile
    /// Creation time, milliseconds since 1970.
    public var createdAt: Int64
    /// Last change, milliseconds since 1970.
    public var updatedAt: Int64
    /// Hash of everything above (see ``ProfileListing/contentHash``).
    public var contentHash: String

    /// Creates a snapshot.
    public init(id: String, profile: Profile, createdAt: Int64, updatedAt: Int64, contentHash: String) {
        self.id = id
        self.profile = profile
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.contentHash = contentHash
    }
}

/// The few fields of a public profile that lists (directory, sitemaps, domain map) need.
public struct ProfileListing: Equatable, Sendable {
    public var username: Username
    public var name: String
    public var headline: String?
    public var customDomain: DomainName?
    /// Last change, milliseconds since 1970 (the sitemap's `lastmod`).
    public var updatedAt: Int64
    /// Hash of everything the profile's own pages are rendered from (changes whenever the row does).
    public var contentHash: String

    /// Creates a listing row.
    public init(username: Username, name: String, headline: String?, customDomain: DomainName?, updatedAt: Int64, contentHash: String) {
        self.username = username
        self.name = name
        self.headline = headline
        self.customDomain = customDomain
        self.updatedAt = updatedAt
        self.contentHash = contentHash
    }
}

/// Which public profiles a positional query counts: all of them (directory pages) or only those
/// listed in the base host's sitemap (no custom domain).
public enum ListingScope: String, Sendable {
    case directory
    case sitemap
}

/// Where the generator reads profiles from. The store implements it over SQLite; the generator
/// never holds more than a batch of profiles at once.
public protocol ProfileSource: Sendable {
    /// How many public profiles `scope` counts.
    func publicProfileCount(_ scope: ListingScope) throws -> Int
    /// The custom domains of public profiles, sorted.
    func publicCustomDomains() throws -> [DomainName]
    /// Up to `limit` listing rows of `scope` after `after` (exclusive; nil: from the first), in username order.
    func publicListings(_ scope: ListingScope, after: Username?, limit: Int) throws -> [ProfileListing]
    /// A number that changes whenever a profile joins or leaves the public set, or changes its username
    /// or custom domain: while it stays the same, every list keeps its order and length.
    func publicSetVersion() throws -> Int64
    /// A number that changes whenever anything a public page or list is rendered from changes (it never comes back
    /// to an earlier value).
    func publicContentVersion() throws -> Int64
    /// The full public profiles among `usernames`, in username order (private or unknown ones are left out).
    func publicProfiles(_ usernames: [Username]) throws -> [ProfileSnapshot]
}
