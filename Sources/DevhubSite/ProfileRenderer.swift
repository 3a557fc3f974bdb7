import DevhubCore

/// Renders one profile's files: its page, QR code, vCard, JSON and abuse report form, and — with a custom domain —
/// the domain's own root (page, QR code, robots.txt, sitemap).
public struct ProfileRenderer: Sendable {
    let context: RenderContext

    /// Creates a renderer for one build.
    public init(context: RenderContext) {
        self.context = context
    }

    /// The public URL of `profile`: its custom domain's root when it has one, else `/@username/` on the base URL.
    public static func canonicalURL(of profile: Profile, settings: SiteSettings) -> String {
        canonicalURL(username: profile.username, customDomain: profile.customDomain, settings: settings)
    }

    /// The public URL of the profile `username` with custom domain `customDomain`.
    static func canonicalURL(username: Username, customDomain: DomainName?, settings: SiteSettings) -> String {
        customDomain.map { "https://\($0.value)/" } ?? "\(settings.baseURL)/\(username.handle)/"
    }

    /// The files of `snapshot` in `parts` (by default every file it produces), sorted by path. A build renders fewer
    /// parts when the others' inputs are unchanged (see ``ProfileInputHash``).
    public func render(_ snapshot: ProfileSnapshot, parts: ProfileParts = .all) throws(SiteError) -> [OutputFile] {
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
        let structured = ProfileDocument.structuredData(
            snapshot, url: canonical, description: bio.plainText.isEmpty ? profile.headline : description, image: image,
            createdAt: created, modifiedAt: modified)

        let basePath = "\(settings.baseURL)/\(handle)/"
        var page = ProfilePageModel(
            layout: context.layoutModel(title: title, description: description, canonical: canonical), profile: profile,
            url: canonical, qrURL: "/\(handle)/qr.svg", vcardURL: "/\(handle)/contact.vcf", jsonURL: "/api/profiles/\(handle).json",
            bioHTML: bio.html, image: image, created: created, modified: modified,
            modifiedLabel: Timestamp.readableDate(snapshot.updatedAt), structuredData: structured, reportURL: "/\(handle)/report/")
        var files: [OutputFile] = []
        if parts.contains(.pages) {
            let report = ReportPageModel(
                layout: context.layoutModel(
                    title: "Report @\(profile.username.value) · \(settings.title)", description: "Report the profile @\(profile.username.value)",
                    canonical: nil),
                username: profile.username.value, profileURL: "/\(handle)/", action: "\(settings.appURL)/report")
            files.append(OutputFile("\(handle)/report/index.html", bytes: try context.reportPage.render(report)))
            files.append(OutputFile("\(handle)/index.html", bytes: try context.profilePage.render(page)))
        }
        if parts.contains(.pages), let domain = profile.customDomain {
            page.layout = context.layoutModel(title: title, description: description, canonical: canonical, absoluteAssets: true)
            page.qrURL = "/qr.svg"
            page.vcardURL = basePath + "contact.vcf"
            page.jsonURL = "\(settings.baseURL)/api/profiles/\(handle).json"
            page.reportURL = basePath + "report/"
            files.append(OutputFile("domains/\(domain.value)/index.html", bytes: try context.profilePage.render(page)))
        }
        if parts.contains(.qrCode) {
            guard let qr = QRCode.svgBytes(for: canonical, title: "QR code for \(canonical)") else {
                throw SiteError("rendering the QR code of \(handle)", reason: "the URL \(canonical) is too long to encode")
            }
            files.append(OutputFile("\(handle)/qr.svg", bytes: qr))
            if let domain = profile.customDomain { files.append(OutputFile("domains/\(domain.value)/qr.svg", bytes: qr)) }
        }
        guard parts.contains(.data) else { return files.sorted { $0.path < $1.path } }
        files += [
            OutputFile("\(handle)/contact.vcf", bytes: VCard.bytes(snapshot, url: canonical, revision: Timestamp.basic(snapshot.updatedAt))),
            OutputFile("api/profiles/\(handle).json", bytes: ProfileDocument.api(
                profile, bioHTML: bio.html, url: canonical, qrCode: basePath + "qr.svg", vcard: basePath + "contact.vcf",
                createdAt: created, updatedAt: modified)),
        ]
        if let domain = profile.customDomain {
            let root = "domains/\(domain.value)"
            files += [
                OutputFile("\(root)/robots.txt", "User-agent: *\nAllow: /\n\nSitemap: \(canonical)sitemap.xml\n"),
                OutputFile("\(root)/sitemap.xml", Sitemap.urlset([.init(location: canonical, lastModified: modified)])),
            ]
        }
        return files.sorted { $0.path < $1.path }
    }
}
