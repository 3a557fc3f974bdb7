import Foundation

/// Limits on profile fields; the editor, the importer and the API share them.
public enum ProfileLimits {
    public static let name = 100
    public static let headline = 120
    public static let location = 100
    public static let linkLabel = 50
    public static let links = 20
    public static let skill = 40
    public static let skills = 30
    public static let bio = 20_000
}

extension Profile {
    /// The profile with text trimmed and every field checked; throws the first problem, naming its field.
    public func validated() throws(CoreError) -> Profile {
        var profile = self
        profile.name = try Self.requiredText(name, field: "name", limit: ProfileLimits.name)
        profile.headline = try Self.optionalText(headline, field: "headline", limit: ProfileLimits.headline)
        profile.location = try Self.optionalText(location, field: "location", limit: ProfileLimits.location)
        profile.website = try website.flatMap(Self.blankToNil).map { url throws(CoreError) in
            try Self.webURL(url, field: "website")
        }
        profile.avatar = try avatar.flatMap(Self.blankToNil).map { url throws(CoreError) in
            try Self.webURL(url, field: "avatar")
        }
        guard links.count <= ProfileLimits.links else {
            throw CoreError(field: "links", "has \(links.count) entries; at most \(ProfileLimits.links) are allowed")
        }
        profile.links = []
        for (index, link) in links.enumerated() {
            let field = "links[\(index)]"
            let label = try Self.requiredText(link.label, field: "\(field).label", limit: ProfileLimits.linkLabel)
            let url = try SafeURL.validate(link.url, field: "\(field).url")
            profile.links.append(ProfileLink(label: label, url: url))
        }
        guard skills.count <= ProfileLimits.skills else {
            throw CoreError(field: "skills", "has \(skills.count) entries; at most \(ProfileLimits.skills) are allowed")
        }
        profile.skills = try skills.enumerated().map { index, skill throws(CoreError) in
            try Self.requiredText(skill, field: "skills[\(index)]", limit: ProfileLimits.skill)
        }
        guard bio.count <= ProfileLimits.bio else {
            throw CoreError(field: "bio", "is longer than \(ProfileLimits.bio) characters")
        }
        return profile
    }

    private static func blankToNil(_ text: String) -> String? {
        let trimmed = Text.trimmed(text)
        return trimmed.isEmpty ? nil : trimmed
    }

    private static func requiredText(_ text: String, field: String, limit: Int) throws(CoreError) -> String {
        guard let value = try optionalText(text, field: field, limit: limit) else {
            throw CoreError(field: field, "is required")
        }
        return value
    }

    private static func optionalText(_ text: String?, field: String, limit: Int) throws(CoreError) -> String? {
        guard let text, let value = blankToNil(text) else { return nil }
        guard value.count <= limit else { throw CoreError(field: field, "is longer than \(limit) characters") }
        guard !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw CoreError(field: field, "contains control characters")
        }
        return value
    }

    /// Websites and avatars must be http(s); `mailto:` is for links only.
    private static func webURL(_ raw: String, field: String) throws(CoreError) -> String {
        let url = try SafeURL.validate(raw, field: field)
        guard url.lowercased().hasPrefix("http") else {
            throw CoreError(field: field, "'\(url)' must be an http or https URL")
        }
        return url
    }
}
