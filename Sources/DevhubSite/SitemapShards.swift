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
    private var buffer: [Item] = []
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

    /// One entry of a sitemap before it is rendered: a fixed page, or a profile by what its entry is made from (a build
    /// whose shards are unchanged makes no entry text at all).
    enum Item {
        case fixed(Sitemap.Entry)
        case profile(Username, updatedAt: Int64)

        /// The item of a profile listing.
        init(_ listing: ProfileListing) { self = .profile(listing.username, updatedAt: listing.updatedAt) }
    }

    /// A sitemap file to write unless its inputs are unchanged: its manifest key, path, input hash and entries.
    struct Shard {
        let key: String
        let path: String
        let inputHash: String
        let items: [Item]
    }

    /// The sitemap entry of `item`.
    func entry(for item: Item) -> Sitemap.Entry {
        switch item {
        case .fixed(let entry): entry
        case .profile(let username, let updatedAt):
            Sitemap.Entry(location: "\(baseURL)/\(username.handle)/", lastModified: Timestamp.iso8601(updatedAt))
        }
    }

    // MARK: Streaming (full builds)

    /// Starts the stream with the fixed entries; returns the shards they filled.
    mutating func start() -> [Shard] {
        fixed.compactMap { add(.fixed($0)) }
    }

    /// Adds the next profile in username order; returns a shard when one filled up.
    mutating func add(_ listing: ProfileListing) -> Shard? {
        if layout.isSplit, starts.last?.number != shardNumber {
            starts.append(ListPageStart(list: .sitemap, number: shardNumber, after: lastUsername))
        }
        lastUsername = listing.username.value
        return add(Item(listing))
    }

    private mutating func add(_ item: Item) -> Shard? {
        buffer.append(item)
        guard layout.isSplit, buffer.count == layout.shardURLs else { return nil }
        defer { buffer = []; shardNumber += 1 }
        return shard(shardNumber, buffer)
    }

    /// The shards still to lay out: the last one, or the single sitemap.
    mutating func finish() -> [Shard] {
        guard layout.isSplit else { return [single(buffer)] }
        return buffer.isEmpty ? [] : [shard(shardNumber, buffer)]
    }

    /// The fixed entries that fall in shard `number` (only the first shards have any).
    func fixedEntries(inShard number: Int) -> ArraySlice<Sitemap.Entry> {
        let positions = layout.positions(ofShard: number)
        return fixed[min(positions.lowerBound, fixed.count)..<min(positions.upperBound, fixed.count)]
    }

    // MARK: Units

    /// Shard `number` holding `items`.
    func shard(_ number: Int, _ items: [Item]) -> Shard {
        Shard(key: "sitemap:\(number)", path: "sitemap-\(number).xml", inputHash: inputHash(items), items: items)
    }

    /// The unsplit sitemap holding `items`.
    func single(_ items: [Item]) -> Shard {
        Shard(key: "sitemap", path: "sitemap.xml", inputHash: inputHash(items), items: items)
    }

    /// The unit of `shard`, rendered.
    func unit(_ shard: Shard) -> BuildUnit {
        let text = Sitemap.urlset(shard.items.map(entry(for:)))
        return BuildUnit(key: shard.key, inputHash: shard.inputHash, files: [OutputFile(shard.path, text)])
    }

    /// Hash of what a sitemap file's text is made from: the generator, the base URL and each item.
    private func inputHash(_ items: [Item]) -> String {
        var hasher = InputHasher()
        hasher.add("sitemap")
        hasher.add(SiteBuilder.generatorVersion)
        hasher.add(baseURL)
        for item in items {
            switch item {
            case .fixed(let entry):
                hasher.add(entry.location)
                hasher.add(entry.lastModified ?? "")
            case .profile(let username, let updatedAt):
                hasher.add(username.value)
                hasher.add(updatedAt)
            }
        }
        return hasher.finish()
    }

    /// The unit of the index over all shards.
    func indexUnit() -> BuildUnit {
        let shards = (1...max(1, layout.shardCount)).map { Sitemap.Entry(location: "\(baseURL)/sitemap-\($0).xml", lastModified: nil) }
        let text = Sitemap.index(shards)
        return BuildUnit(key: "sitemap", inputHash: InputHasher.hash(text), files: [OutputFile("sitemap.xml", text)])
    }
}
