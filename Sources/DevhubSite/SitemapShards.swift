/// Turns the stream of sitemap entries into build units: one `sitemap.xml` while everything fits,
/// else `sitemap-1.xml`, `sitemap-2.xml`, … and a `sitemap.xml` index over them.
struct SitemapShards {
    let baseURL: String
    private var accumulator: Sitemap.Accumulator
    private var shards: [Sitemap.Entry] = []

    init(settings: SiteSettings) {
        baseURL = settings.baseURL
        accumulator = Sitemap.Accumulator(maxURLs: settings.sitemapMaxURLs)
    }

    /// Adds an entry; returns a shard's unit when one filled up.
    mutating func add(_ entry: Sitemap.Entry) -> BuildUnit? {
        guard let full = accumulator.add(entry) else { return nil }
        return shardUnit(full)
    }

    /// The units still to write: the last shard and the index, or the single sitemap.
    mutating func finish() -> [BuildUnit] {
        let last = accumulator.finish() ?? []
        guard !shards.isEmpty else {
            let text = Sitemap.urlset(last)
            return [BuildUnit(key: "sitemap", inputHash: InputHasher.hash(text), files: [OutputFile("sitemap.xml", text)])]
        }
        var units: [BuildUnit] = []
        if !last.isEmpty { units.append(shardUnit(last)) }
        let index = Sitemap.index(shards)
        units.append(BuildUnit(key: "sitemap", inputHash: InputHasher.hash(index), files: [OutputFile("sitemap.xml", index)]))
        return units
    }

    private mutating func shardUnit(_ entries: [Sitemap.Entry]) -> BuildUnit {
        let number = shards.count + 1
        let name = "sitemap-\(number).xml"
        shards.append(Sitemap.Entry(location: "\(baseURL)/\(name)", lastModified: entries.compactMap(\.lastModified).max()))
        let text = Sitemap.urlset(entries)
        return BuildUnit(key: "sitemap:\(number)", inputHash: InputHasher.hash(text), files: [OutputFile(name, text)])
    }
}
