import DevhubCore

/// The state of one build while it runs: the build number, the manifest entries to touch, the report.
/// ``SiteBuilder`` calls its steps in order.
struct BuildRun {
    let builder: SiteBuilder
    let build: Int64
    let global: String
    let committer: UnitCommitter
    let domains: [DomainName]
    /// Public profiles (the directory's length).
    let total: Int
    /// Public profiles without a custom domain (the base sitemap's profile entries).
    let sitemapProfiles: Int
    var report = BuildReport()
    private var touched: [String] = []

    init(builder: SiteBuilder) throws {
        self.builder = builder
        build = try builder.manifest.beginBuild()
        global = builder.globalHash
        domains = try builder.source.publicCustomDomains()
        total = try builder.source.publicProfileCount(.directory)
        sitemapProfiles = try builder.source.publicProfileCount(.sitemap)
        committer = UnitCommitter(output: builder.output, claimedDomains: Set(domains.map(\.value)))
        report.profiles = total
    }

    private var context: RenderContext { builder.context }
    private var settings: SiteSettings { builder.context.settings }
    private var source: any ProfileSource { builder.source }

    // MARK: Full build steps

    /// Assets, robots.txt, `_headers`, 404, `domains.json` and the content pages.
    mutating func renderSiteFiles() throws {
        try commit(BuildUnit(key: "assets", inputHash: global, files: context.templates.assets.map {
            OutputFile($0.outputPath, bytes: $0.bytes)
        }))
        try commit(BuildUnit(key: "robots", inputHash: global, files: [OutputFile("robots.txt", SiteFiles.robots(settings: settings))]))
        try commit(BuildUnit(key: "headers", inputHash: global, files: [OutputFile("_headers", SiteFiles.headers(settings: settings))]))
        try commitDomainMap()
        let notFound = context.layout(title: "Page not found · \(settings.title)", description: settings.description, canonical: nil)
        try commit(BuildUnit(key: "404", inputHash: global, files: [OutputFile("404.html", try context.page("not-found", layout: notFound, [:]))]))
        for page in builder.pages {
            let rendered = context.markdown.render(page.markdown, headingOffset: 1)
            let layout = context.layout(
                title: "\(page.title) · \(settings.title)", description: page.description ?? Excerpt.make(rendered.plainText),
                canonical: "\(settings.baseURL)/\(page.slug)/")
            let html = try context.page("page", layout: layout, ["page_title": page.title, "body_html": rendered.html])
            try commit(BuildUnit(key: "page:\(page.slug)", inputHash: global, files: [OutputFile("\(page.slug)/index.html", html)]))
        }
    }

    /// Every public profile, in batches rendered in parallel, and the lists over them: directory pages and sitemaps.
    mutating func renderProfilesAndLists() async throws {
        var directory = DirectoryPager(pageSize: settings.directoryPageSize, total: total)
        var sitemap = SitemapShards(settings: settings, pages: builder.pages, profileCount: sitemapProfiles)
        for unit in sitemap.start() { try commit(unit) }
        var after: Username?
        while true {
            let listings = try source.publicListings(after: after, limit: SiteBuilder.batchSize)
            guard let last = listings.last else { break }
            after = last.username
            try await renderProfiles(listings.map { ($0.username, $0.contentHash) })
            for listing in listings {
                if let page = directory.add(listing) { try commitDirectoryPage(page) }
                if listing.customDomain == nil, let shard = sitemap.add(sitemap.entry(for: listing)) { try commit(shard) }
            }
        }
        if let page = directory.finish() { try commitDirectoryPage(page) }
        for unit in sitemap.finish() { try commit(unit) }
        try builder.manifest.touch(touched, build: build)
        touched = []
    }

    /// Removes what earlier builds wrote and this one did not produce.
    mutating func removeStale() throws {
        let stale = try builder.manifest.entries(notProducedSince: build)
        for entry in stale {
            let removed = committer.removeStale(entry)
            report.deleted += removed.count
            if report.collectsPaths { report.deletedPaths += removed }
        }
        try builder.manifest.remove(stale.map(\.key))
    }

    // MARK: Targeted build

    /// Regenerates `usernames` and the lists that show them: their directory pages, their sitemap shard,
    /// the domain map. Returns false, having written nothing, when the set of public profiles or of
    /// custom domains changed (positions shift, so the caller runs the full, incremental pipeline).
    mutating func renderOnly(_ usernames: [Username]) async throws -> Bool {
        let unique = Set(usernames).sorted()
        let previous = try builder.manifest.entries(unique.map { "profile:\($0.value)" })
        let snapshots = try source.publicProfiles(unique)
        let current = Dictionary(uniqueKeysWithValues: snapshots.map { ($0.profile.username, $0) })
        var domainMapChanged = false
        for username in unique {
            let before = previous["profile:\(username.value)"]
            let now = current[username]
            guard (before != nil) == (now != nil) else { return false }
            guard let before, let now else { continue }
            let oldDomain = before.files.first { $0.path.hasPrefix("domains/") }.map { $0.path.split(separator: "/")[1] }
            guard (oldDomain != nil) == (now.profile.customDomain != nil) else { return false }
            if let oldDomain, oldDomain != now.profile.customDomain?.value ?? "" { domainMapChanged = true }
        }
        report.profiles = total
        try await renderProfiles(snapshots.map { ($0.profile.username, $0.contentHash) })

        var pages = Set<Int>()
        var shards = Set<Int>()
        var wholeSitemap = false
        let sitemap = SitemapShards(settings: settings, pages: builder.pages, profileCount: sitemapProfiles)
        for snapshot in snapshots {
            let username = snapshot.profile.username
            pages.insert(try source.publicPosition(of: username, in: .directory) / settings.directoryPageSize + 1)
            guard snapshot.profile.customDomain == nil else { continue }
            let position = sitemap.fixed.count + (try source.publicPosition(of: username, in: .sitemap))
            if let shard = sitemap.layout.shard(ofPosition: position) { shards.insert(shard) } else { wholeSitemap = true }
        }
        let pageCount = max(1, (total + settings.directoryPageSize - 1) / settings.directoryPageSize)
        for number in pages.sorted() {
            let listings = try source.publicListings(
                .directory, offset: (number - 1) * settings.directoryPageSize, limit: settings.directoryPageSize)
            try commitDirectoryPage(DirectoryPager.Page(number: number, count: pageCount, total: total, listings: listings))
        }
        for number in shards.sorted() {
            try commit(sitemap.shardUnit(number, try sitemapEntries(sitemap, positions: sitemap.layout.positions(ofShard: number))))
        }
        if wholeSitemap {
            try commit(sitemap.singleUnit(try sitemapEntries(sitemap, positions: 0..<sitemap.layout.entryCount)))
        }
        if domainMapChanged { try commitDomainMap() }
        try builder.manifest.touch(touched, build: build)
        touched = []
        return true
    }

    /// The sitemap entries at `positions` (fixed entries first, then profiles without a custom domain).
    private func sitemapEntries(_ sitemap: SitemapShards, positions: Range<Int>) throws -> [Sitemap.Entry] {
        let fixedCount = sitemap.fixed.count
        let fixed = sitemap.fixed[min(positions.lowerBound, fixedCount)..<min(positions.upperBound, fixedCount)]
        let offset = max(0, positions.lowerBound - fixedCount)
        let limit = positions.upperBound - fixedCount - offset
        let profiles = limit > 0 ? try source.publicListings(.sitemap, offset: offset, limit: limit) : []
        return Array(fixed) + profiles.map(sitemap.entry(for:))
    }

    // MARK: Units

    /// Renders the given profiles whose inputs changed (or whose files are not confirmed on disk), in parallel.
    private mutating func renderProfiles(_ profiles: [(username: Username, contentHash: String)]) async throws {
        let keys = profiles.map { "profile:\($0.username.value)" }
        let previous = try builder.manifest.entries(keys)
        var inputs: [Username: String] = [:]
        var stale: [Username] = []
        var unchangedKeys: [String] = []
        for (profile, key) in zip(profiles, keys) {
            let input = InputHasher.hash(global, profile.contentHash)
            if let old = previous[key], old.inputHash == input, committer.confirms(old) {
                unchangedKeys.append(key)
                report.unchanged += old.files.count
            } else {
                inputs[profile.username] = input
                stale.append(profile.username)
            }
        }
        try builder.manifest.touch(unchangedKeys, build: build)
        guard !stale.isEmpty else { return }

        let sliceSize = (stale.count + builder.concurrency - 1) / builder.concurrency
        let slices = stride(from: 0, to: stale.count, by: sliceSize).map { Array(stale[$0..<min($0 + sliceSize, stale.count)]) }
        let source = self.source
        let renderer = ProfileRenderer(context: context)
        let committer = self.committer
        let inputHashes = inputs
        let outcomes = try await withThrowingTaskGroup(of: [UnitOutcome].self) { group in
            for slice in slices {
                group.addTask {
                    try source.publicProfiles(slice).map { snapshot in
                        let key = "profile:\(snapshot.profile.username.value)"
                        let files = try renderer.render(snapshot)
                        let unit = BuildUnit(key: key, inputHash: inputHashes[snapshot.profile.username] ?? "", files: files)
                        return try committer.commit(unit, previous: previous[key])
                    }
                }
            }
            return try await group.reduce(into: [UnitOutcome]()) { $0 += $1 }
        }
        try builder.manifest.save(outcomes.map(\.entry), build: build)
        for outcome in outcomes { report.add(outcome) }
    }

    /// `domains.json`, from the custom domains of public profiles.
    private mutating func commitDomainMap() throws {
        try commit(BuildUnit(key: "domains", inputHash: global, files: [
            OutputFile("domains.json", SiteFiles.domainMap(domains.map(\.value))),
        ]))
    }

    /// A directory page: skipped when its listing is unchanged and its file confirmed, rendered otherwise.
    private mutating func commitDirectoryPage(_ page: DirectoryPager.Page) throws {
        var hasher = InputHasher()
        hasher.add(global)
        hasher.add(Int64(total))
        hasher.add(Int64(page.number))
        for listing in page.listings {
            hasher.add(listing.username.value)
            hasher.add(listing.name)
            hasher.add(listing.headline ?? "")
        }
        let input = hasher.finish()
        let key = "directory:\(page.number)"
        if let old = try builder.manifest.entries([key])[key], old.inputHash == input, committer.confirms(old) {
            touched.append(key)
            report.unchanged += old.files.count
            return
        }
        let html = try page.render(context: context)
        try commit(BuildUnit(key: key, inputHash: input, files: [OutputFile(page.path, html)]))
    }

    /// Commits a unit that is rendered on every build (cheap ones): its files are written only if their bytes changed.
    private mutating func commit(_ unit: BuildUnit) throws {
        let previous = try builder.manifest.entries([unit.key])[unit.key]
        let outcome = try committer.commit(unit, previous: previous)
        try builder.manifest.save([outcome.entry], build: build)
        report.add(outcome)
    }
}
