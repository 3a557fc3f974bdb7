import DevhubCore

/// The state of one build while it runs: the build number, the list layout, the manifest entries to save,
/// the report. ``SiteBuilder`` calls its steps in order.
struct BuildRun {
    /// Manifest keys of profile units start with this; they are tracked by range, not by build number.
    static let profilePrefix = "profile:"

    let builder: SiteBuilder
    let build: Int64
    let global: String
    let committer: UnitCommitter
    /// Custom domains of public profiles (full builds only: a targeted build runs only while they are unchanged).
    let domains: [DomainName]
    /// The lists as this build lays them out (full build) or as the last full build left them (targeted build).
    private(set) var layout: ListLayout
    var report = BuildReport()
    /// Files of the profiles and lists this build produced (written or unchanged): what a seal of it counts.
    private(set) var profileAndListFiles = 0
    /// The seal this build keeps: the output it vouches for is left as it is (nil: the build renders what changed).
    let keptSeal: BuildSeal?
    /// Every non-profile entry, read once by a full build; nil in a targeted build, which reads the few it needs.
    private var knownEntries: [String: ManifestEntry]?
    /// Entries to save and unchanged keys to mark, written together by ``flush()``.
    private var pendingSaves: [ManifestEntry] = []
    private var pendingTouches: [String] = []

    /// A full build: reads the counts, the custom domains and every non-profile manifest entry.
    init(fullBuildOf builder: SiteBuilder) throws {
        self.builder = builder
        // Read before the set itself: a change during the build leaves the saved layout outdated, never wrong.
        let version = try builder.source.publicSetVersion()
        build = try builder.manifest.beginBuild()
        global = builder.globalHash
        domains = try builder.source.publicCustomDomains()
        layout = ListLayout(
            version: version, inputHash: builder.layoutHash, directoryCount: try builder.source.publicProfileCount(.directory),
            sitemapCount: try builder.source.publicProfileCount(.sitemap))
        committer = UnitCommitter(output: builder.output, claimedDomains: Set(domains.map(\.value)))
        keptSeal = nil
        knownEntries = Dictionary(
            uniqueKeysWithValues: try builder.manifest.entries(notProducedSince: .max, exceptPrefix: Self.profilePrefix).map { ($0.key, $0) })
        report.profiles = layout.directoryCount
    }

    /// A targeted build over the layout the last full build saved; nil when the set of public profiles, a custom
    /// domain or the page sizes changed since (positions shift, so the caller runs the full, incremental pipeline).
    init?(targetedBuildOf builder: SiteBuilder) throws {
        guard let saved = try builder.manifest.listLayout(), saved.inputHash == builder.layoutHash,
              saved.version == (try builder.source.publicSetVersion())
        else { return nil }
        self.builder = builder
        build = try builder.manifest.beginBuild()
        global = builder.globalHash
        domains = []
        layout = saved
        committer = UnitCommitter(output: builder.output, claimedDomains: [])
        keptSeal = nil
        report.profiles = saved.directoryCount
    }

    /// A full build over the output the seal vouches for: reads the custom domains (for `domains.json`) and the saved
    /// layout; nil when there is none.
    init?(sealedBuildOf builder: SiteBuilder, seal: BuildSeal) throws {
        guard let saved = try builder.manifest.listLayout() else { return nil }
        self.builder = builder
        build = try builder.manifest.beginBuild()
        global = builder.globalHash
        domains = try builder.source.publicCustomDomains()
        layout = saved
        committer = UnitCommitter(output: builder.output, claimedDomains: Set(domains.map(\.value)))
        keptSeal = seal
        report.profiles = saved.directoryCount
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
        try flush()
    }

    /// Every public profile, in batches rendered in parallel, and the lists over them: directory pages and
    /// sitemaps. Profile units no longer produced are removed as their key range goes by. Saves the layout.
    /// A batch's manifest entries are saved while the next batch renders.
    mutating func renderProfilesAndLists() async throws {
        let filesBefore = report.written + report.unchanged
        defer { profileAndListFiles = report.written + report.unchanged - filesBefore }
        var directory = DirectoryPager(pageSize: settings.directoryPageSize, total: layout.directoryCount)
        var sitemap = SitemapShards(settings: settings, pages: builder.pages, profileCount: layout.sitemapCount)
        for shard in sitemap.start() { try commitSitemap(shard, using: sitemap) }
        // While one batch's profiles render in parallel, this task lays out its lists and reads the next batch.
        let renderer = ProfileBatchRenderer(run: self)
        var batch = try nextBatch(after: nil)
        while true {
            let profiles = batch.listings.map { ProfileKeyFacts(username: $0.username, customDomain: $0.customDomain, contentHash: $0.contentHash) }
            let previous = batch.previous
            let listings = batch.listings
            var next: Batch?
            let result = try await renderer.render(profiles, previous: previous) {
                next = try layOutAndReadNext(listings, directory: &directory, sitemap: &sitemap)
            }
            // Saved by the next batch's layout step (its flush runs while that batch renders) or by finishLists:
            // the files are in place already, so the manifest still never vouches for bytes not on disk.
            absorb(result)
            guard let next else { break }
            batch = next
        }
        try finishLists(directory: &directory, sitemap: &sitemap)
    }

    /// A batch of public profiles in username order with the manifest entries of their key range.
    private struct Batch {
        let listings: [ProfileListing]
        let previous: [String: ManifestEntry]
    }

    /// The next batch of public profiles after `after` and the manifest entries of their key range, having removed
    /// the units in that range no longer produced (the last, empty batch's range runs to the end of the keys).
    private mutating func nextBatch(after: Username?) throws -> Batch {
        let listings = try source.publicListings(.directory, after: after, limit: SiteBuilder.batchSize)
        let previous = try builder.manifest.entries(prefix: Self.profilePrefix, after: after?.value, through: listings.last?.username.value)
        let keys = Set(listings.map { Self.profileKey($0.username) })
        try removeUnits(previous.filter { !keys.contains($0.key) })
        return Batch(listings: listings, previous: Dictionary(uniqueKeysWithValues: previous.map { ($0.key, $0) }))
    }

    /// Adds a batch to the lists (committing the directory pages and sitemap shards it fills) and reads the next
    /// batch; nil after the last one.
    private mutating func layOutAndReadNext(
        _ listings: [ProfileListing], directory: inout DirectoryPager, sitemap: inout SitemapShards
    ) throws -> Batch? {
        guard let last = listings.last else { return nil }
        for listing in listings {
            if let page = directory.add(listing) { try commitDirectoryPage(page) }
            if listing.customDomain == nil, let shard = sitemap.add(listing) { try commitSitemap(shard, using: sitemap) }
        }
        try flush()
        return try nextBatch(after: last.username)
    }

    /// Commits the last directory page and sitemap units and saves the layout.
    private mutating func finishLists(directory: inout DirectoryPager, sitemap: inout SitemapShards) throws {
        if let page = directory.finish() { try commitDirectoryPage(page) }
        for shard in sitemap.finish() { try commitSitemap(shard, using: sitemap) }
        if sitemap.layout.isSplit { try commit(sitemap.indexUnit()) }
        try flush()
        layout.starts = directory.starts + sitemap.starts
        try builder.manifest.saveListLayout(layout)
    }

    /// Counts the kept seal's profile and list files as unchanged and marks the list units as produced by this build
    /// (profile units are tracked by key range, not by build number).
    mutating func keepSealedProfilesAndLists() throws {
        guard let keptSeal else { return }
        for prefix in Self.listPrefixes { try builder.manifest.touch(keysWithPrefix: prefix, build: build) }
        report.unchanged += keptSeal.files
    }

    /// Seals the output as this build left it (after its stale files are gone). A build that kept the seal saves it
    /// again; one that rendered writes a new token in the directory first, then the seal, so a build stopped between
    /// the two leaves a token the database does not name.
    mutating func seal(state: String) throws {
        if let keptSeal { return try builder.manifest.saveSeal(keptSeal) }
        let token = try builder.output.renewSealToken()
        try builder.manifest.saveSeal(BuildSeal(state: state, token: token, files: profileAndListFiles))
    }

    /// Key prefixes of the list units: directory pages and sitemap files.
    static let listPrefixes = ["directory:", "sitemap"]

    /// Removes the non-profile units earlier builds wrote and this one did not produce.
    mutating func removeStale() throws {
        try removeUnits(try builder.manifest.entries(notProducedSince: build, exceptPrefix: Self.profilePrefix))
    }

    // MARK: Targeted build

    /// Regenerates `usernames` and the lists that show them: their directory pages and sitemap shard (or the
    /// whole sitemap while it is not split), found through the saved layout.
    mutating func renderOnly(_ usernames: [Username]) async throws {
        let snapshots = try source.publicProfiles(Array(Set(usernames)))
        let keys = snapshots.map { Self.profileKey($0.profile.username) }
        let previous = try builder.manifest.entries(keys)
        absorb(try await ProfileBatchRenderer(run: self).render(snapshots.map {
            ProfileKeyFacts(username: $0.profile.username, customDomain: $0.profile.customDomain, contentHash: $0.contentHash)
        }, previous: previous))

        var pages: [Int: ListPageStart] = [:]
        var shards: [Int: ListPageStart] = [:]
        for snapshot in snapshots {
            let username = snapshot.profile.username
            if let page = try builder.manifest.listPage(.directory, holding: username) { pages[page.number] = page }
            if snapshot.profile.customDomain == nil, let shard = try builder.manifest.listPage(.sitemap, holding: username) {
                shards[shard.number] = shard
            }
        }
        let pageSize = settings.directoryPageSize
        let pageCount = max(1, (layout.directoryCount + pageSize - 1) / pageSize)
        for (number, start) in pages.sorted(by: { $0.key < $1.key }) {
            let listings = try source.publicListings(.directory, after: start.afterUsername, limit: pageSize)
            try commitDirectoryPage(DirectoryPager.Page(number: number, count: pageCount, total: layout.directoryCount, listings: listings))
        }
        let sitemap = SitemapShards(settings: settings, pages: builder.pages, profileCount: layout.sitemapCount)
        if sitemap.layout.isSplit {
            for (number, start) in shards.sorted(by: { $0.key < $1.key }) {
                let fixed = sitemap.fixedEntries(inShard: number)
                let limit = sitemap.layout.positions(ofShard: number).count - fixed.count
                let profiles = try source.publicListings(.sitemap, after: start.afterUsername, limit: limit)
                try commitSitemap(sitemap.shard(number, fixed.map(SitemapShards.Item.fixed) + profiles.map(SitemapShards.Item.init)), using: sitemap)
            }
        } else if snapshots.contains(where: { $0.profile.customDomain == nil }) {
            let profiles = try source.publicListings(.sitemap, after: nil, limit: layout.sitemapCount)
            try commitSitemap(sitemap.single(sitemap.fixed.map(SitemapShards.Item.fixed) + profiles.map(SitemapShards.Item.init)), using: sitemap)
        }
        try flush()
    }

    // MARK: Units

    static func profileKey(_ username: Username) -> String { profilePrefix + username.value }

    /// Adds a rendered batch to the report and its entries to the next ``flush()``.
    private mutating func absorb(_ batch: ProfileBatchRenderer.Result) {
        report.unchanged += batch.unchangedFiles
        for outcome in batch.outcomes { report.add(outcome) }
        pendingSaves += batch.outcomes.map(\.entry)
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
        hasher.add(Int64(settings.directoryPageSize))
        hasher.add(Int64(page.total))
        hasher.add(Int64(page.number))
        for listing in page.listings {
            hasher.add(listing.username.value)
            hasher.add(listing.name)
            hasher.add(listing.headline ?? "")
        }
        let input = hasher.finish()
        let key = "directory:\(page.number)"
        if let old = try previousEntry(key), old.inputHash == input, committer.confirms(old) {
            pendingTouches.append(key)
            report.unchanged += old.files.count
            return
        }
        let html = try page.render(context: context)
        try commit(BuildUnit(key: key, inputHash: input, files: [OutputFile(page.path, bytes: html)]))
    }

    /// A sitemap file: skipped when its entries are unchanged and its file confirmed, rendered otherwise.
    private mutating func commitSitemap(_ shard: SitemapShards.Shard, using sitemap: SitemapShards) throws {
        if let old = try previousEntry(shard.key), old.inputHash == shard.inputHash, committer.confirms(old) {
            pendingTouches.append(shard.key)
            report.unchanged += old.files.count
            return
        }
        try commit(sitemap.unit(shard))
    }

    /// Commits a unit that is rendered on every build (cheap ones): its files are written only if their bytes changed.
    private mutating func commit(_ unit: BuildUnit) throws {
        let outcome = try committer.commit(unit, previous: try previousEntry(unit.key))
        pendingSaves.append(outcome.entry)
        report.add(outcome)
    }

    /// Removes units' files (except under a domain another profile claims) and forgets them.
    private mutating func removeUnits(_ entries: [ManifestEntry]) throws {
        guard !entries.isEmpty else { return }
        for entry in entries {
            let removed = committer.removeStale(entry)
            report.deleted += removed.count
            if report.collectsPaths { report.deletedPaths += removed }
        }
        try builder.manifest.remove(entries.map(\.key))
    }

    private func previousEntry(_ key: String) throws -> ManifestEntry? {
        if let knownEntries { return knownEntries[key] }
        return try builder.manifest.entries([key])[key]
    }

    /// Saves the entries of committed units and marks unchanged ones: always after their files are in place,
    /// so the manifest never vouches for bytes that are not on disk.
    private mutating func flush() throws {
        try builder.manifest.save(pendingSaves, build: build)
        try builder.manifest.touch(pendingTouches, build: build)
        pendingSaves = []
        pendingTouches = []
    }
}

extension ListPageStart {
    /// ``after`` as the username to list after (nil on the first page).
    var afterUsername: Username? { after.isEmpty ? nil : Username(trusted: after) }
}

/// Renders a batch of profiles in parallel slices, skipping those whose inputs are unchanged and whose files are
/// confirmed on disk (confirming is a `stat` per file, so it runs in the slices too). Unchanged profiles need no
/// manifest write: their entries are found by key range, not by build number.
struct ProfileBatchRenderer: Sendable {
    let source: any ProfileSource
    let renderer: ProfileRenderer
    let committer: UnitCommitter
    let global: String
    let concurrency: Int
    let settings: SiteSettings

    /// What to do with a profile that is not skipped: its input hash, the parts to render and the files kept as they are.
    private struct Plan {
        let input: String
        var parts: ProfileParts
        var kept: [ManifestFile]
    }

    /// What a batch did.
    struct Result: Sendable {
        var outcomes: [UnitOutcome] = []
        var unchangedFiles = 0
    }

    init(run: BuildRun) {
        source = run.builder.source
        renderer = ProfileRenderer(context: run.builder.context)
        committer = run.committer
        // The app URL is in every profile's report form (where it posts).
        global = InputHasher.hash(run.global, run.builder.context.settings.appURL)
        concurrency = run.builder.concurrency
        settings = run.builder.context.settings
    }

    /// Renders `profiles`, running `meanwhile` on the calling task while the slices render. Slices run on threads
    /// that block in file writes (``BlockingWork``), two per core so that a core whose thread waits has another.
    func render(
        _ profiles: [ProfileKeyFacts], previous: [String: ManifestEntry],
        meanwhile: () throws -> Void = {}
    ) async throws -> Result {
        guard !profiles.isEmpty else {
            try meanwhile()
            return Result()
        }
        let work = BlockingWork(slicing: profiles, into: 2 * concurrency) { [self] in try renderSlice($0, previous: previous) }
        do {
            try meanwhile()
        } catch {
            _ = try? await work.value()  // the slices' files are being written: let them finish first
            throw error
        }
        return try await work.value().reduce(into: Result()) { total, slice in
            total.outcomes += slice.outcomes
            total.unchangedFiles += slice.unchangedFiles
        }
    }

    private func renderSlice(_ slice: ArraySlice<ProfileKeyFacts>, previous: [String: ManifestEntry]) throws -> Result {
        var result = Result()
        var plans: [Username: Plan] = [:]
        for profile in slice {
            let input = ProfileInputHash(global: global, profile: profile, settings: settings)
            let old = previous[BuildRun.profileKey(profile.username)]
            if let old, input.isUnchanged(from: old.inputHash), committer.confirms(old) {
                result.unchangedFiles += old.files.count
                continue
            }
            var plan = Plan(input: input.value, parts: .all, kept: [])
            if let old {
                let changed = input.changedParts(since: old.inputHash)
                if changed != .all, let kept = committer.confirmedFiles(of: old, outside: changed) {
                    plan.parts = changed  // e.g. only the pages after a template change: the QR code, vCard and JSON stay
                    plan.kept = kept
                }
            }
            plans[profile.username] = plan
        }
        guard !plans.isEmpty else { return result }
        result.outcomes = try source.publicProfiles(Array(plans.keys)).map { snapshot in
            let key = BuildRun.profileKey(snapshot.profile.username)
            let plan = plans[snapshot.profile.username] ?? Plan(input: "", parts: .all, kept: [])
            let unit = BuildUnit(key: key, inputHash: plan.input, files: try renderer.render(snapshot, parts: plan.parts), kept: plan.kept)
            return try committer.commit(unit, previous: previous[key])
        }
        return result
    }
}
