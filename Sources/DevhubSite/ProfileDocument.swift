import DevhubCore

/// The JSON documents of a profile: the public API file (`api/profiles/@USER.json`, field names are a
/// contract, see README) and the Schema.org `ProfilePage` JSON-LD of its page.
enum ProfileDocument {
    /// The profile as the API file shows it (UTF-8).
    static func api(
        _ profile: Profile, bioHTML: String, url: String, qrCode: String, vcard: String, createdAt: String, updatedAt: String
    ) -> [UInt8] {
        JSONText.object([
            ("username", .string(profile.username.value)),
            ("name", .string(profile.name)),
            ("headline", .optional(profile.headline)),
            ("location", .optional(profile.location)),
            ("website", .optional(profile.website)),
            ("avatar", .optional(profile.avatar)),
            ("links", .array(profile.links.map { .object([("label", .string($0.label)), ("url", .string($0.url))]) })),
            ("skills", .array(profile.skills.map(JSONText.string))),
            ("custom_domain", .optional(profile.customDomain?.value)),
            ("bio", .string(profile.bio)),
            ("bio_html", .string(bioHTML)),
            ("url", .string(url)),
            ("qr_code", .string(qrCode)),
            ("vcard", .string(vcard)),
            ("created_at", .string(createdAt)),
            ("updated_at", .string(updatedAt)),
        ]).bytes(pretty: true)
    }

    /// Schema.org `ProfilePage` whose main entity is the `Person`, safe to embed in a `<script>` element.
    static func structuredData(
        _ snapshot: ProfileSnapshot, url: String, description: String?, image: String, createdAt: String, modifiedAt: String
    ) -> String {
        let profile = snapshot.profile
        let sameAs = ([profile.website] + profile.links.map(\.url)).compactMap { $0 }.filter { !$0.hasPrefix("mailto:") }
        let person = JSONText.object([
            ("@type", .string("Person")),
            ("name", .string(profile.name)),
            ("alternateName", .string("@\(profile.username.value)")),
            ("identifier", .string(snapshot.id)),
            ("description", .optional(description)),
            ("jobTitle", .optional(profile.headline)),
            ("homeLocation", profile.location.map { .object([("@type", .string("Place")), ("name", .string($0))]) }),
            ("image", .string(image)),
            ("url", .string(url)),
            ("sameAs", .array(sameAs.map(JSONText.string))),
            ("knowsAbout", .array(profile.skills.map(JSONText.string))),
        ])
        return JSONText.object([
            ("@context", .string("https://schema.org")),
            ("@type", .string("ProfilePage")),
            ("url", .string(url)),
            ("dateCreated", .string(createdAt)),
            ("dateModified", .string(modifiedAt)),
            ("mainEntity", person),
        ]).encoded(pretty: false, forScript: true)
    }
}
