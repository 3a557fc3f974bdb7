import DevhubCore
import Foundation

/// `content/site.yml`: site settings an operator keeps with the content. Every key is optional;
/// flags and `DEVHUB_*` environment variables override them.
public struct SiteConfigFile: Equatable, Sendable {
    public var title: String?
    public var description: String?
    public var baseURL: String?
    public var language: String?
    public var directoryPageSize: Int?
    public var sitemapMaxURLs: Int?
    public var sitemapShardURLs: Int?

    /// The keys the file may use.
    public static let knownKeys: Set<String> = [
        "title", "description", "base_url", "language", "directory_page_size", "sitemap_max_urls", "sitemap_shard_urls",
    ]

    /// Creates an empty configuration.
    public init() {}

    /// Reads `path`; a missing file is an empty configuration.
    public static func read(_ path: String) throws(ContentError) -> SiteConfigFile {
        guard let data = FileManager.default.contents(atPath: path) else { return SiteConfigFile() }
        guard let text = String(data: data, encoding: .utf8) else { throw ContentError(file: path, "is not valid UTF-8") }
        guard !Text.trimmed(text).isEmpty else { return SiteConfigFile() }
        let mapping = try YAMLMapping(text, file: path, firstLine: 1)
        try mapping.rejectUnknownKeys(knownKeys)
        var config = SiteConfigFile()
        config.title = try mapping.optionalString("title")
        config.description = try mapping.optionalString("description")
        config.baseURL = try mapping.optionalString("base_url")
        config.language = try mapping.optionalString("language")
        config.directoryPageSize = try mapping.optionalPositiveInt("directory_page_size")
        config.sitemapMaxURLs = try mapping.optionalPositiveInt("sitemap_max_urls")
        config.sitemapShardURLs = try mapping.optionalPositiveInt("sitemap_shard_urls")
        return config
    }
}
