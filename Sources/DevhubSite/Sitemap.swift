/// Sitemaps per sitemaps.org: a `urlset` up to 50,000 URLs and 50 MB, and past that an index over shards.
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

    /// Splits `entries` into shards of at most `maxURLs` entries and `maxBytes` bytes each (as documents).
    public static func split(_ entries: [Entry], maxURLs: Int = maxURLs, maxBytes: Int = maxBytes) -> [[Entry]] {
        var shards: [[Entry]] = []
        var accumulator = Accumulator(maxURLs: maxURLs, maxBytes: maxBytes)
        for entry in entries {
            if let full = accumulator.add(entry) { shards.append(full) }
        }
        if let last = accumulator.finish() { shards.append(last) }
        return shards
    }

    /// Collects entries one at a time and hands back a shard whenever the next entry would not fit.
    public struct Accumulator: Sendable {
        let maxURLs: Int
        let maxBytes: Int
        private var entries: [Entry] = []
        private var bytes = 0

        /// An empty accumulator with the given limits.
        public init(maxURLs: Int = Sitemap.maxURLs, maxBytes: Int = Sitemap.maxBytes) {
            self.maxURLs = max(1, maxURLs)
            self.maxBytes = maxBytes
        }

        /// Adds `entry`; returns the previous shard when `entry` had to start a new one.
        public mutating func add(_ entry: Entry) -> [Entry]? {
            let size = entry.element.utf8.count
            var full: [Entry]?
            if !entries.isEmpty, entries.count >= maxURLs || bytes + size > maxBytes - Sitemap.urlsetHead.utf8.count - Sitemap.urlsetTail.utf8.count {
                full = entries
                entries = []
                bytes = 0
            }
            entries.append(entry)
            bytes += size
            return full
        }

        /// The last, partly filled shard (nil when nothing was added since the last full one).
        public mutating func finish() -> [Entry]? {
            defer { entries = []; bytes = 0 }
            return entries.isEmpty ? nil : entries
        }
    }
}
