import DevhubCore

/// The profile fields of the import format, as the API and the editor send them.
struct ProfileInput: Codable, Sendable {
    var username: String
    var name: String
    var headline: String?
    var location: String?
    var website: String?
    var avatar: String?
    var links: [ProfileLink]?
    var skills: [String]?
    var customDomain: String?
    var isPublic: Bool?
    var bio: String?

    enum CodingKeys: String, CodingKey {
        case username, name, headline, location, website, avatar, links, skills
        case customDomain = "custom_domain", isPublic = "public", bio
    }

    /// The input from a stored profile (what the editor and `GET /api/profile` show).
    init(_ profile: Profile) {
        username = profile.username.value
        name = profile.name
        headline = profile.headline
        location = profile.location
        website = profile.website
        avatar = profile.avatar
        links = profile.links
        skills = profile.skills
        customDomain = profile.customDomain?.value
        isPublic = profile.isPublic
        bio = profile.bio
    }

    /// A profile from the input; throws naming the field for a bad username or domain (the rest is checked by `validated()`).
    func profile() throws(CoreError) -> Profile {
        let domain = try customDomain.flatMap { Text.trimmed($0).isEmpty ? nil : $0 }.map { value throws(CoreError) in try DomainName(value) }
        return Profile(
            username: try Username(Text.trimmed(username)), name: name, headline: headline, location: location, website: website,
            avatar: avatar, links: links ?? [], skills: skills ?? [], customDomain: domain, isPublic: isPublic ?? true, bio: bio ?? "")
    }
}
