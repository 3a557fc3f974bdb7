import DevhubCore

/// The state of one build while it runs: the build number, the manifest entries to touch, the report.
/// ``SiteBuilder/build()`` calls its steps in order.
struct BuildRun {
    let builder: SiteBuilder
    let build: Int64
    let global: String
    let committer: UnitCommitter
    let domains: [DomainName]
    let total: Int
    var report = BuildReport()
    private var touched: [String] = []

    init(builder: SiteBuilder) throws {
        self.builder = builder
        build = try builder.manifest.beginBuild()
        global = builder.globalHash
        domains = try builder.source.publicCustomDomains()
        total = try builder.source.publicProfileCount()
        committer = UnitCommitter(output: builder.output, claimedDomains: Set(domains.map(\.value)))
        report.profiles = total
    }

    private var context: RenderContext { builder.context }
    private var settings: SiteSettings { builder.context.settings }

    // MARK: Steps

    /// Assets, robots.txt, `_headers`, 404, `domains.json` and the content pages.
    mutating func renderSiteFiles() throws {
        try commit(BuildUnit(key: "assets", inputHash: global, files: context.templates.assets.map {
            OutputFile($0.outputPath, bytes: $0.bytes)
        }))
        try commit(BuildUnit(key: "robots", inputHash: global, files: [OutputFile("robots.txt", SiteFiles.robots(settings: settings))]))
        try commit(BuildUnit(key: "headers", inputHash: global, files: [OutputFile("_headers", SiteFiles.headers(settings: settings))]))
        try commit(BuildUnit(key: "domains", inputHash: global, files: [
            OutputFile("domains.json", SiteFiles.domainMap(domains.map(\.value))),
        ]))
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
        var sitemap = SitemapShards(settings: settings)
        let fixed = [settings.baseURL + "/"] + builder.pages.map { "\(settings.baseURL)/\($0.slug)/" }
        for location in fixed {
            if let shard = sitemap.add(Sitemap.Entry(location: location, lastModified: nil)) { try commit(shard) }
        }
        var after: Username?
        while true {
            let listings = try builder.source.publicListings(after: after, limit: SiteBuilder.batchSize)
            guard let last = listings.last else { break }
            after = last.username
            try await renderProfiles(listings)
            for listing in listings {
                if let page = directory.add(listing) { try commitDirectoryPage(page) }
                if listing.customDomain == nil {
                    let entry = Sitemap.Entry(
                        location: "\(settings.baseURL)/\(listing.username.handle)/", lastModified: Timestamp.iso8601(listing.updatedAt))
                    if let shard = sitemap.add(entry) { try commit(shard) }
                }
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
            report.deletedPaths += removed
        }
        try builder.manifest.remove(stale.map(\.key))
    }

    // MARK: Units

    /// Renders the listed profiles whose inputs changed (or whose files are not confirmed on disk), in parallel.
    private mutating func renderProfiles(_ listings: [ProfileListing]) async throws {
        let keys = listings.map { "profile:\($0.username.value)" }
        let previous = try builder.manifest.entries(keys)
        var inputs: [Username: String] = [:]
        var stale: [Username] = []
        var unchangedKeys: [String] = []
        for (listing, key) in zip(listings, keys) {
            let input = InputHasher.hash(global, listing.contentHash)
            if let old = previous[key], old.inputHash == input, committer.confirms(old) {
                unchangedKeys.append(key)
                report.unchanged += old.files.count
            } else {
                inputs[listing.username] = input
                stale.append(listing.username)
            }
        }
        try builder.manifest.touch(unchangedKeys, build: build)
        guard !stale.isEmpty else { return }

        let sliceSize = (stale.count + builder.concurrency - 1) / builder.concurrency
        let slices = stride(from: 0, to: stale.count, by: sliceSize).map { Array(stale[$0..<min($0 + sliceSize, stale.count)]) }
        let source = builder.source
        let renderer = ProfileRenderer(context: context)
        let committer = self.committer
        let inputHashes = inputs
        let outcomes = try await withThrowingTaskGroup(of: [UnitOutcome].self) { group in
            for slice in slices {
                group.addTask {
                    try source.publicProfiles(slice).map { snapshot in
                        let key = "profile:\(snapshot.profile.username.value)"
                        let unit = BuildUnit(key: key, inputHash: inputHashes[snapshot.profile.username] ?? "", files: try renderer.render(snapshot))
                        return try committer.commit(unit, previous: previous[key])
                    }
                }
            }
            return try await group.reduce(into: [UnitOutcome]()) { $0 += $1 }
        }
        try builder.manifest.save(outcomes.map(\.entry), build: build)
        for outcome in outcomes { report.add(outcome) }
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
