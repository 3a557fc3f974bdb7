/// Site-wide settings the generator renders with (from `content/site.yml`, the environment and flags,
/// resolved by the CLI; the generator itself never reads the environment).
public struct SiteSettings: Equatable, Sendable, Codable {
    /// The site's name, shown in titles and the header.
    public var title: String
    /// One sentence for the directory's meta description.
    public var description: String
    /// The public base URL where `output/` is served, without a trailing slash, e.g. `https://devhub.example`.
    public var baseURL: String
    /// The pages' language (`<html lang>`).
    public var language: String
    /// Profiles per directory page.
    public var directoryPageSize: Int
    /// URLs one `sitemap.xml` may hold before the sitemap is split (the protocol's limit is 50,000).
    public var sitemapMaxURLs: Int
    /// URLs per shard once split (at most `sitemapMaxURLs`): smaller shards make an edit's rewrite cheaper.
    public var sitemapShardURLs: Int
    /// The companion server's URL, without a trailing slash (Quick Connect forms post there); the base URL by default.
    public var appURL: String

    /// Creates settings; `baseURL` and `appURL` lose any trailing slash.
    public init(
        title: String = "Devhub", description: String = "Developer profiles.", baseURL: String = "http://127.0.0.1:8080",
        language: String = "en", directoryPageSize: Int = 100, sitemapMaxURLs: Int = 50_000, sitemapShardURLs: Int = 1_000,
        appURL: String? = nil
    ) {
        self.title = title
        self.description = description
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        var app = appURL ?? base
        while app.hasSuffix("/") { app.removeLast() }
        self.appURL = app
        self.language = language
        self.directoryPageSize = max(1, directoryPageSize)
        self.sitemapMaxURLs = min(Sitemap.maxURLs, max(1, sitemapMaxURLs))
        self.sitemapShardURLs = min(self.sitemapMaxURLs, max(1, sitemapShardURLs))
    }
}
