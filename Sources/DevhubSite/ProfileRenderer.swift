import DevhubCore

/// Renders one profile's files: its page, QR code, vCard and JSON, and — with a custom domain —
/// the domain's own root (page, QR code, robots.txt, sitemap).
public struct ProfileRenderer: Sendable {
    let context: RenderContext

    /// Creates a renderer for one build.
    public init(context: RenderContext) {
        self.context = context
    }

    /// The public URL of `profile`: its custom domain's root when it has one, else `/@username/` on the base URL.
    public static func canonicalURL(of profile: Profile, settings: SiteSettings) -> String {
        profile.customDomain.map { "https://\($0.value)/" } ?? "\(settings.baseURL)/\(profile.username.handle)/"
    }

    /// Every file `snapshot` produces, sorted by path.
    public func render(_ snapshot: ProfileSnapshot) throws(SiteError) -> [OutputFile] {
        let profile = snapshot.profile
        let settings = context.settings
        let handle = profile.username.handle
        let canonical = Self.canonicalURL(of: profile, settings: settings)
        let bio = context.markdown.render(profile.bio)
        let summary = bio.plainText.isEmpty ? (profile.headline ?? "\(profile.name) on \(settings.title)") : bio.plainText
        let description = Excerpt.make(summary)
        let image = profile.avatar ?? context.defaultImageURL
        let created = Timestamp.iso8601(snapshot.createdAt)
        let modified = Timestamp.iso8601(snapshot.updatedAt)
        let title = "\(profile.name) (@\(profile.username.value)) · \(settings.title)"
        guard let qr = QRCode.svg(for: canonical, title: "QR code for \(canonical)") else {
            throw SiteError("rendering the QR code of \(handle)", reason: "the URL \(canonical) is too long to encode")
        }

        let structured = ProfileDocument.structuredData(
            snapshot, url: canonical, description: bio.plainText.isEmpty ? profile.headline : description, image: image,
            createdAt: created, modifiedAt: modified)

        // Optional values are left out when absent: swift-mustache renders a present nil as "nil".
        var values: [String: Any] = [
            "username": profile.username.value,
            "name": profile.name,
            "links": profile.links.map { ["label": $0.label, "url": $0.url] },
            "skills": profile.skills.map { ["name": $0] },
            "has_skills": !profile.skills.isEmpty,
            "bio_html": bio.html,
            "og_image": image,
            "og_type": "profile",
            "date_created": created,
            "date_modified": modified,
            "date_modified_label": Timestamp.readableDate(snapshot.updatedAt),
            "json_ld": structured,
        ]
        values["headline"] = profile.headline
        values["location"] = profile.location
        values["website"] = profile.website
        values["avatar"] = profile.avatar
        let basePath = "\(settings.baseURL)/\(handle)/"
        let onBase = context.layout(title: title, description: description, canonical: canonical)
            .merging([
                "og_url": canonical, "qr_url": "/\(handle)/qr.svg", "vcard_url": "/\(handle)/contact.vcf",
                "json_url": "/api/profiles/\(handle).json",
            ]) { _, new in new }
        var files = [
            OutputFile("\(handle)/index.html", try context.page("profile", layout: onBase, values)),
            OutputFile("\(handle)/qr.svg", qr),
            OutputFile("\(handle)/contact.vcf", VCard.make(snapshot, url: canonical, revision: Timestamp.basic(snapshot.updatedAt))),
            OutputFile("api/profiles/\(handle).json", ProfileDocument.api(
                profile, bioHTML: bio.html, url: canonical, qrCode: basePath + "qr.svg", vcard: basePath + "contact.vcf",
                createdAt: created, updatedAt: modified)),
        ]
        if let domain = profile.customDomain {
            let root = "domains/\(domain.value)"
            let onDomain = context.layout(title: title, description: description, canonical: canonical, absoluteAssets: true)
                .merging([
                    "og_url": canonical, "qr_url": "/qr.svg", "vcard_url": basePath + "contact.vcf",
                    "json_url": "\(settings.baseURL)/api/profiles/\(handle).json",
                ]) { _, new in new }
            files += [
                OutputFile("\(root)/index.html", try context.page("profile", layout: onDomain, values)),
                OutputFile("\(root)/qr.svg", qr),
                OutputFile("\(root)/robots.txt", "User-agent: *\nAllow: /\n\nSitemap: \(canonical)sitemap.xml\n"),
                OutputFile("\(root)/sitemap.xml", Sitemap.urlset([.init(location: canonical, lastModified: modified)])),
            ]
        }
        return files.sorted { $0.path < $1.path }
    }
}
