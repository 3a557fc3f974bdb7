/// A developer's public profile as its owner edits it: the fields of a profile file
/// (`content/profiles/<username>.md`) or of the profile editor.
public struct Profile: Equatable, Sendable, Codable {
    /// Unique, case-insensitive handle; the page lives at `/@username`.
    public var username: Username
    /// Display name.
    public var name: String
    /// One line under the name, at most 120 characters.
    public var headline: String?
    /// Free-text place, e.g. "Berlin, Germany".
    public var location: String?
    /// The owner's own site (http, https).
    public var website: String?
    /// Absolute URL of a square picture.
    public var avatar: String?
    /// Other places the owner is found, in the owner's order; rendered with `rel="me"`.
    public var links: [ProfileLink]
    /// Technologies the owner knows, in the owner's order.
    public var skills: [String]
    /// A domain whose root serves this profile (the owner points a CNAME at the CDN).
    public var customDomain: DomainName?
    /// When false the profile is never rendered, and its files go on the next build.
    public var isPublic: Bool
    /// The biography in Markdown (GitHub-flavoured).
    public var bio: String

    /// Creates a profile; call ``validated()`` before storing one from user input.
    public init(
        username: Username, name: String, headline: String? = nil, location: String? = nil,
        website: String? = nil, avatar: String? = nil, links: [ProfileLink] = [], skills: [String] = [],
        customDomain: DomainName? = nil, isPublic: Bool = true, bio: String = ""
    ) {
        self.username = username
        self.name = name
        self.headline = headline
        self.location = location
        self.website = website
        self.avatar = avatar
        self.links = links
        self.skills = skills
        self.customDomain = customDomain
        self.isPublic = isPublic
        self.bio = bio
    }

    enum CodingKeys: String, CodingKey {
        case username, name, headline, location, website, avatar, links, skills
        case customDomain = "custom_domain", isPublic = "public", bio
    }
}

/// One labelled link on a profile.
public struct ProfileLink: Equatable, Sendable, Codable {
    /// What the visitor reads, e.g. "GitHub".
    public var label: String
    /// Where it goes (http, https or mailto).
    public var url: String

    /// Creates a link.
    public init(label: String, url: String) {
        self.label = label
        self.url = url
    }
}

extension DomainName: Codable {
    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        self = try DomainName(raw)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
