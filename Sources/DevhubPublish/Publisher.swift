import DevhubStore
import Foundation

/// `devhub publish`: brings a Bunny Storage zone to the output folder's bytes, incrementally, then purges the CDN.
///
/// Files go up in phases (assets, then pages and files, then the lists, sitemaps and `domains.json`), deletions
/// come last, each phase with at most `jobs` requests in flight; a phase with a failure stops the run before the
/// next one. The published state records a path only after the zone confirmed it, and the URLs to purge are
/// queued in the same transaction, so a publish killed at any point is finished by the next one.
public struct Publisher: Sendable {
    let configuration: BunnyConfiguration
    let database: AppDatabase
    let outputPath: String
    let jobs: Int
    let storage: BunnyStorage
    let progress: (@Sendable (String) -> Void)?

    /// `timeout` is per request in seconds; `progress`, when given, receives a short status line as work advances.
    public init(
        configuration: BunnyConfiguration, database: AppDatabase, outputPath: String, jobs: Int = 8, timeout: Double = 30,
        progress: (@Sendable (String) -> Void)? = nil
    ) {
        self.configuration = configuration
        self.database = database
        self.outputPath = outputPath
        self.jobs = max(1, jobs)
        self.storage = BunnyStorage(configuration: configuration, http: BunnyHTTP(timeout: timeout, connections: max(1, jobs)))
        self.progress = progress
    }

    /// Publishes; with `verify`, first replaces the recorded state with a listing of the zone (so missing, altered
    /// and stray files are found). Throws ``PublishError`` when a key is refused or the zone cannot be listed.
    public func publish(verify: Bool = false) async throws(PublishError) -> PublishReport {
        let clock = ContinuousClock.now
        let target = configuration.target
        if verify {
            let zone = try await storage.listAll()
            try store { try database.replacePublishedFiles(target: target, with: zone.filter { !PublishPlan.isUnrecorded($0.key) }) }
        } else {
            _ = try await storage.list("")  // a refused key shows here, once, before any work
        }
        let plan = try PublishPlan.scan(outputPath)
        // Quick Connect pages: the zone's listing is their state (their paths hold tokens, the database never does).
        let connect = try await storage.listAll(under: PublishPlan.unrecordedFolder)
        let state = try store { try database.publishedFiles(target: target) }.filter { !PublishPlan.isUnrecorded($0.key) }
            .merging(connect) { $1 }
        let tally = Tally(progress: progress)
        let unrecordedPurges = UnrecordedPurges()
        var report = PublishReport()
        report.skipped = plan.files.count { state[$0.key] == $0.value }

        let changed = plan.files.filter { state[$0.key] != $0.value }
        let purging = configuration.purge != nil
        for phase in PublishPlan.Phase.allCases {
            let paths = changed.keys.filter { PublishPlan.phase(of: $0) == phase }.sorted()
            await tally.expect(paths.count)
            await forEach(paths) { path in
                guard let data = FileManager.default.contents(atPath: (outputPath as NSString).appendingPathComponent(path)) else {
                    await tally.failed(path, "cannot read the file")
                    return
                }
                let sha256 = PublishPlan.sha256(data)  // what is sent, even if the file changed since the scan
                let urls = purging ? plan.purgeURLs(path, baseURL: configuration.baseURL, deleted: false) : []
                let outcome = await storage.upload(path, body: data, sha256: sha256)
                if case .done = outcome, PublishPlan.isUnrecorded(path) { await unrecordedPurges.add(urls) }
                await tally.finish(path, outcome) {
                    guard !PublishPlan.isUnrecorded(path) else { return }
                    try database.recordPublished(target: target, path: path, sha256: sha256, purgeURLs: urls)
                }
            }
            try await tally.stopIfRefused()
            if await tally.hasFailures { break }
        }
        if await !tally.hasFailures {
            let gone = state.keys.filter { plan.files[$0] == nil }.sorted()
            await tally.expect(gone.count)
            await forEach(gone) { path in
                let urls = purging ? plan.purgeURLs(path, baseURL: configuration.baseURL, deleted: true) : []
                let outcome = await storage.delete(path)
                if case .done = outcome, PublishPlan.isUnrecorded(path) { await unrecordedPurges.add(urls) }
                await tally.finish(path, outcome, deletion: true) {
                    guard !PublishPlan.isUnrecorded(path) else { return }
                    try database.recordPublished(target: target, path: path, sha256: nil, purgeURLs: urls)
                }
            }
            try await tally.stopIfRefused()
        }
        if purging {
            let urls = try store { try database.pendingPurges(target: target) }
            let inMemory = await unrecordedPurges.urls.subtracting(urls).sorted()
            await tally.expect(urls.count + inMemory.count)
            await forEach(urls) { url in
                await tally.finish(url, await storage.purge(url), purge: true) { try database.purgeDone(target: target, url: url) }
            }
            await forEach(inMemory) { url in
                let outcome = await storage.purge(url)
                // A failure names the page, never its token.
                await tally.finish(url, outcome, purge: true) {}
            }
            try await tally.stopIfRefused()
        }
        await tally.fill(&report)
        let elapsed = ContinuousClock.now - clock
        report.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return report
    }

    /// Runs `body` on every item with at most ``jobs`` at once.
    private func forEach(_ items: [String], _ body: @escaping @Sendable (String) async -> Void) async {
        await withTaskGroup(of: Void.self) { group in
            var iterator = items.makeIterator()
            for _ in 0..<jobs {
                guard let item = iterator.next() else { break }
                group.addTask { await body(item) }
            }
            while await group.next() != nil {
                if let item = iterator.next() { group.addTask { await body(item) } }
            }
        }
    }

    private func store<T>(_ body: () throws -> T) throws(PublishError) -> T {
        do { return try body() } catch { throw .failed("the published state: \(error)") }
    }
}

/// The purge URLs of Quick Connect pages, kept in memory only (a publish killed before purging them leaves them to
/// the pages' short cache lifetime).
private actor UnrecordedPurges {
    private(set) var urls: Set<String> = []
    func add(_ more: [String]) { urls.formUnion(more) }
}

/// The counts of one publish, shared by its concurrent requests.
private actor Tally {
    private var report = PublishReport()
    private var refusal: String?
    private var total = 0
    private var done = 0
    private let progress: (@Sendable (String) -> Void)?

    init(progress: (@Sendable (String) -> Void)?) { self.progress = progress }

    var hasFailures: Bool { !report.failures.isEmpty || refusal != nil }

    func expect(_ count: Int) { total += count }

    func failed(_ path: String, _ answer: String) {
        report.failures.append(PublishFailure(path: PublishPlan.shown(path), answer: answer))
        step()
    }

    /// Counts `outcome` and, when the zone confirmed, runs `record` (the state write).
    func finish(
        _ path: String, _ outcome: BunnyStorage.Outcome, deletion: Bool = false, purge: Bool = false, record: () throws -> Void
    ) {
        switch outcome {
        case .done:
            do {
                try record()
                if purge { report.purged += 1 } else if deletion { report.deleted += 1 } else { report.uploaded += 1 }
            } catch {
                report.failures.append(PublishFailure(path: PublishPlan.shown(path), answer: "recording the published state: \(error)"))
            }
        case .refused(let message):
            if refusal == nil { refusal = message }
        case .failed(let answer):
            report.failures.append(PublishFailure(path: PublishPlan.shown(path), answer: answer))
        }
        step()
    }

    func stopIfRefused() throws(PublishError) {
        if let refusal { throw .keyRefused(refusal) }
    }

    func fill(_ target: inout PublishReport) {
        target.uploaded = report.uploaded
        target.deleted = report.deleted
        target.purged = report.purged
        target.failures = report.failures
    }

    private func step() {
        done += 1
        progress?("\(done)/\(total) requests, \(report.failures.count) failed")
    }
}
