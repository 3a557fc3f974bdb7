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
        profile.name = try FieldText.required(name, field: "name", limit: ProfileLimits.name)
        profile.headline = try FieldText.optional(headline, field: "headline", limit: ProfileLimits.headline)
        profile.location = try FieldText.optional(location, field: "location", limit: ProfileLimits.location)
        profile.website = try FieldText.blankToNil(website).map { url throws(CoreError) in
            try FieldText.webURL(url, field: "website")
        }
        profile.avatar = try FieldText.blankToNil(avatar).map { url throws(CoreError) in
            try FieldText.webURL(url, field: "avatar")
        }
        guard links.count <= ProfileLimits.links else {
            throw CoreError(field: "links", "has \(links.count) entries; at most \(ProfileLimits.links) are allowed")
        }
        profile.links = []
        for (index, link) in links.enumerated() {
            let field = "links[\(index)]"
            let label = try FieldText.required(link.label, field: "\(field).label", limit: ProfileLimits.linkLabel)
            let url = try SafeURL.validate(link.url, field: "\(field).url")
            profile.links.append(ProfileLink(label: label, url: url))
        }
        guard skills.count <= ProfileLimits.skills else {
            throw CoreError(field: "skills", "has \(skills.count) entries; at most \(ProfileLimits.skills) are allowed")
        }
        profile.skills = try skills.enumerated().map { index, skill throws(CoreError) in
            try FieldText.required(skill, field: "skills[\(index)]", limit: ProfileLimits.skill)
        }
        guard bio.unicodeScalars.count <= ProfileLimits.bio else {
            throw CoreError(field: "bio", "is longer than \(ProfileLimits.bio) characters")
        }
        return profile
    }
}
