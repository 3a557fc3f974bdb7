import DevhubCore

/// Turns the base host's sitemap entries — the fixed pages, then every public profile without a custom
/// domain in username order — into build units: `sitemap.xml`, or shards and an index over them.
struct SitemapShards {
    let baseURL: String
    let layout: Sitemap.Layout
    /// The entries that come before the profiles: the directory and the content pages.
    let fixed: [Sitemap.Entry]
    /// Where each shard with a profile begins (for the saved ``ListLayout``; empty while the sitemap is not split).
    private(set) var starts: [ListPageStart] = []
    private var buffer: [Sitemap.Entry] = []
    private var shardNumber = 1
    private var lastUsername = ""

    init(settings: SiteSettings, pages: [StaticPage], profileCount: Int) {
        baseURL = settings.baseURL
        fixed = [Sitemap.Entry(location: baseURL + "/", lastModified: nil)]
            + pages.map { Sitemap.Entry(location: "\(settings.baseURL)/\($0.slug)/", lastModified: nil) }
        layout = Sitemap.Layout(
            entryCount: fixed.count + profileCount, maxURLs: settings.sitemapMaxURLs, shardURLs: settings.sitemapShardURLs)
        buffer = []
        buffer.reserveCapacity(min(layout.entryCount, layout.shardURLs))
    }

    /// The sitemap entry of a profile listing.
    func entry(for listing: ProfileListing) -> Sitemap.Entry {
        Sitemap.Entry(location: "\(baseURL)/\(listing.username.handle)/", lastModified: Timestamp.iso8601(listing.updatedAt))
    }

    // MARK: Streaming (full builds)

    /// Starts the stream with the fixed entries; returns the shards they filled.
    mutating func start() -> [BuildUnit] {
        fixed.compactMap { add($0) }
    }

    /// Adds the next profile in username order; returns a shard's unit when one filled up.
    mutating func add(_ listing: ProfileListing) -> BuildUnit? {
        if layout.isSplit, starts.last?.number != shardNumber {
            starts.append(ListPageStart(list: .sitemap, number: shardNumber, after: lastUsername))
        }
        lastUsername = listing.username.value
        return add(entry(for: listing))
    }

    private mutating func add(_ entry: Sitemap.Entry) -> BuildUnit? {
        buffer.append(entry)
        guard layout.isSplit, buffer.count == layout.shardURLs else { return nil }
        defer { buffer = []; shardNumber += 1 }
        return shardUnit(shardNumber, buffer)
    }

    /// The units still to write: the last shard and the index, or the single sitemap.
    mutating func finish() -> [BuildUnit] {
        guard layout.isSplit else { return [singleUnit(buffer)] }
        var units: [BuildUnit] = []
        if !buffer.isEmpty { units.append(shardUnit(shardNumber, buffer)) }
        units.append(indexUnit())
        return units
    }

    /// The fixed entries that fall in shard `number` (only the first shards have any).
    func fixedEntries(inShard number: Int) -> ArraySlice<Sitemap.Entry> {
        let positions = layout.positions(ofShard: number)
        return fixed[min(positions.lowerBound, fixed.count)..<min(positions.upperBound, fixed.count)]
    }

    // MARK: Units

    /// The unit of shard `number` holding `entries`.
    func shardUnit(_ number: Int, _ entries: [Sitemap.Entry]) -> BuildUnit {
        let text = Sitemap.urlset(entries)
        return BuildUnit(key: "sitemap:\(number)", inputHash: InputHasher.hash(text), files: [OutputFile("sitemap-\(number).xml", text)])
    }

    /// The unit of the unsplit sitemap.
    func singleUnit(_ entries: [Sitemap.Entry]) -> BuildUnit {
        let text = Sitemap.urlset(entries)
        return BuildUnit(key: "sitemap", inputHash: InputHasher.hash(text), files: [OutputFile("sitemap.xml", text)])
    }

    /// The unit of the index over all shards.
    func indexUnit() -> BuildUnit {
        let shards = (1...max(1, layout.shardCount)).map { Sitemap.Entry(location: "\(baseURL)/sitemap-\($0).xml", lastModified: nil) }
        let text = Sitemap.index(shards)
        return BuildUnit(key: "sitemap", inputHash: InputHasher.hash(text), files: [OutputFile("sitemap.xml", text)])
    }
}
