/// Sitemaps per sitemaps.org: a `urlset` up to 50,000 URLs, and past that an index over shards.
/// The protocol's other limit, 50 MB, cannot be reached: the CLI caps the base URL at 256 characters,
/// so an entry is under 400 bytes and 50,000 of them under 20 MB (a test checks the worst case).
public enum Sitemap {
    /// The protocol's limit on URLs per file.
    public static let maxURLs = 50_000
    /// The protocol's limit on bytes per (uncompressed) file.
    public static let maxBytes = 50 * 1024 * 1024

    /// One `<url>`.
    public struct Entry: Equatable, Sendable {
        /// Absolute URL.
        public var location: String
        /// W3C datetime, when known.
        public var lastModified: String?

        /// Creates an entry.
        public init(location: String, lastModified: String?) {
            self.location = location
            self.lastModified = lastModified
        }

        /// The entry's `<url>` element, one line.
        var element: String {
            var text = "<url><loc>\(XML.escape(location))</loc>"
            if let lastModified { text += "<lastmod>\(lastModified)</lastmod>" }
            return text + "</url>\n"
        }
    }

    static let urlsetHead = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
    static let urlsetTail = "</urlset>\n"

    /// A complete `urlset` document.
    public static func urlset(_ entries: [Entry]) -> String {
        var text = urlsetHead
        for entry in entries { text += entry.element }
        return text + urlsetTail
    }

    /// A `sitemapindex` over the shard files at `locations`.
    public static func index(_ shards: [Entry]) -> String {
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for shard in shards {
            text += "<sitemap><loc>\(XML.escape(shard.location))</loc>"
            if let lastModified = shard.lastModified { text += "<lastmod>\(lastModified)</lastmod>" }
            text += "</sitemap>\n"
        }
        return text + "</sitemapindex>\n"
    }

    /// Where each entry of a sitemap of `entryCount` URLs goes: one file while the count is within
    /// `maxURLs`, else shards of `shardURLs` consecutive entries. Entry positions are fixed by the
    /// username order, so an edit rewrites only the shard that holds the profile.
    public struct Layout: Equatable, Sendable {
        public let entryCount: Int
        public let maxURLs: Int
        public let shardURLs: Int

        /// A layout; `shardURLs` is capped at `maxURLs`.
        public init(entryCount: Int, maxURLs: Int = Sitemap.maxURLs, shardURLs: Int = Sitemap.maxURLs) {
            self.entryCount = entryCount
            self.maxURLs = max(1, maxURLs)
            self.shardURLs = min(self.maxURLs, max(1, shardURLs))
        }

        /// Whether the sitemap is an index over shards.
        public var isSplit: Bool { entryCount > maxURLs }
        /// Shard files (0 when not split).
        public var shardCount: Int { isSplit ? (entryCount + shardURLs - 1) / shardURLs : 0 }
        /// The 1-based shard holding the entry at 0-based `position` (nil when not split).
        public func shard(ofPosition position: Int) -> Int? { isSplit ? position / shardURLs + 1 : nil }
        /// The positions in shard `number`.
        public func positions(ofShard number: Int) -> Range<Int> {
            ((number - 1) * shardURLs)..<min(entryCount, number * shardURLs)
        }

        /// `entries` cut into the files this layout describes (one group when not split).
        public func split<T>(_ entries: [T]) -> [[T]] {
            guard isSplit else { return [entries] }
            return (1...shardCount).map { Array(entries[positions(ofShard: $0)]) }
        }
    }
}
