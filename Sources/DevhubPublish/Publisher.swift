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
    let key: ServerSecretKey
    let jobs: Int
    let purgeAllAbove: Int
    let storage: BunnyStorage
    let progress: (@Sendable (String) -> Void)?

    /// `key` derives Quick Connect tokens (the same key the build used); `timeout` is per request in seconds; more than
    /// `purgeAllAbove` URLs to purge make one purge of the whole pull zone instead; `progress`, when given, receives a
    /// short status line as work advances.
    public init(
        configuration: BunnyConfiguration, database: AppDatabase, outputPath: String, key: ServerSecretKey, jobs: Int = 8,
        timeout: Double = 30, purgeAllAbove: Int = 1_000, progress: (@Sendable (String) -> Void)? = nil
    ) {
        self.configuration = configuration
        self.database = database
        self.outputPath = outputPath
        self.key = key
        self.jobs = max(1, jobs)
        self.purgeAllAbove = max(1, purgeAllAbove)
        self.storage = BunnyStorage(configuration: configuration, http: BunnyHTTP(timeout: timeout, connections: max(1, jobs)))
        self.progress = progress
    }

    /// Publishes what the last build wrote (as its manifest records it). With `verify`, first lists the zone and hashes
    /// the output folder, replacing the recorded state with what the zone really holds (so missing, altered and stray
    /// files are found, and files changed by hand in the folder too). Throws ``PublishError`` when a key is refused,
    /// nothing was built or the zone cannot be listed.
    public func publish(verify: Bool = false) async throws(PublishError) -> PublishReport {
        let clock = ContinuousClock.now
        let target = configuration.target
        var strays: [String] = []
        let work: PublishWork
        if verify {
            let codeIDs = try store { try database.quickConnectTokenIDs(key: key) }
            var zone: [String: String] = [:]
            for (path, sha256) in try await storage.listAll() {
                if let recorded = PublishPlan.recordedName(path, codeIDs: codeIDs) { zone[recorded] = sha256 } else { strays.append(path) }
            }
            try store {
                try database.replacePublishedFiles(target: target, with: zone)
                try database.forgetPublishedUnits(target: target)
            }
            let plan = try PublishPlan.scan(outputPath, codeIDs: codeIDs)
            work = try store {
                try PublishWork.everyFile(plan, database: database, target: target, outputID: try database.buildOutputID(outputDirectory: outputPath))
            }
        } else {
            guard let units = try store({ try database.publishedUnitsState(target: target, outputDirectory: outputPath) }) else {
                throw .failed("no build of \(outputPath) is recorded in this database: run `devhub build` with the same --db and --out first")
            }
            _ = try await storage.list("assets/")  // a refused key shows here, once, before any work (a short listing)
            if units.isConsistent {
                work = try store { try PublishWork.changedUnits(units, database: database, target: target, outputPath: outputPath) }
            } else {
                let plan = try PublishPlan.fromManifest(database, outputPath: outputPath)
                work = try store { try PublishWork.everyFile(plan, database: database, target: target, outputID: units.outputID) }
            }
        }
        let plan = work.plan
        let changed = work.uploads
        let gone = work.deletions
        let tally = Tally(progress: progress)
        let tokenPurges = TokenPurges()
        var report = PublishReport()
        report.skipped = work.skipped
        let purging = configuration.purge != nil
        for phase in PublishPlan.Phase.allCases {
            let paths = changed.filter { PublishPlan.phase(of: $0) == phase }
            await tally.expect(paths.count)
            await forEach(paths) { recorded in
                let path = outputName(recorded)
                guard let data = FileManager.default.contents(atPath: (outputPath as NSString).appendingPathComponent(path)) else {
                    await tally.failed(recorded, "cannot read the file")
                    return
                }
                let sha256 = PublishPlan.sha256(data)  // what is sent, even if the file changed since the build
                let urls = purging ? plan.purgeURLs(path, baseURL: configuration.baseURL, deleted: false) : []
                let outcome = await storage.upload(path, body: data, sha256: sha256)
                await tokenPurges.add(recorded, outcome, urls)
                await tally.finish(recorded, outcome) { try record(recorded, sha256: sha256, purgeURLs: urls) }
            }
            try await tally.stopIfRefused()
            if await tally.hasFailures { break }
        }
        if await !tally.hasFailures {
            await tally.expect(gone.count + strays.count)
            await forEach(gone) { recorded in
                let path = outputName(recorded)
                let urls = purging ? plan.purgeURLs(path, baseURL: configuration.baseURL, deleted: true) : []
                let outcome = await storage.delete(path)
                await tokenPurges.add(recorded, outcome, urls)
                await tally.finish(recorded, outcome, deletion: true) { try record(recorded, sha256: nil, purgeURLs: urls) }
            }
            // Zone files under a token no code has: deleted, never recorded (the database holds no token).
            await forEach(strays.sorted()) { path in
                await tally.finish(PublishPlan.connectFolder + "…", await storage.delete(path), deletion: true) {}
            }
            try await tally.stopIfRefused()
        }
        if purging { try await purge(tally: tally, tokenPurges: await tokenPurges.urls) }
        if await !tally.hasFailures { try store { try work.complete(database: database, target: target) } }
        await tally.fill(&report)
        let elapsed = ContinuousClock.now - clock
        report.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return report
    }

    /// Purges the queued URLs (and the in-memory ones of Quick Connect pages), one request each, or, above
    /// ``purgeAllAbove``, the whole pull zone with one request.
    private func purge(tally: Tally, tokenPurges: Set<String>) async throws(PublishError) {
        let target = configuration.target
        let urls = try store { try database.pendingPurges(target: target) }
        let inMemory = tokenPurges.subtracting(urls).sorted()
        if urls.count + inMemory.count > purgeAllAbove {
            await tally.expect(1)
            await tally.finish("the whole pull zone", await storage.purgeAll(), purge: true) {
                try database.purgesDone(target: target, urls: urls)
            }
        } else {
            await tally.expect(urls.count + inMemory.count)
            await forEach(urls) { url in
                await tally.finish(url, await storage.purge(url), purge: true) { try database.purgeDone(target: target, url: url) }
            }
            await forEach(inMemory) { url in
                // A failure names the page's folder, never its token.
                await tally.finish(PublishPlan.connectFolder + "…", await storage.purge(url), purge: true) {}
            }
        }
        try await tally.stopIfRefused()
    }

    /// Records what the zone confirmed, with the URLs to purge (but a Quick Connect page's: they hold its token, see
    /// ``TokenPurges``).
    private func record(_ recorded: String, sha256: String?, purgeURLs: [String]) throws {
        let isConnect = PublishPlan.connectParts(recorded) != nil
        try database.recordPublished(target: configuration.target, path: recorded, sha256: sha256, purgeURLs: isConnect ? [] : purgeURLs)
    }

    /// The output's and the zone's path of a recorded name.
    private func outputName(_ recorded: String) -> String {
        PublishPlan.outputName(recorded) { key.quickConnectToken(codeID: $0) }
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
private actor TokenPurges {
    private(set) var urls: Set<String> = []

    /// Keeps `more` when `recorded` is a Quick Connect page the zone confirmed.
    func add(_ recorded: String, _ outcome: BunnyStorage.Outcome, _ more: [String]) {
        guard case .done = outcome, PublishPlan.connectParts(recorded) != nil else { return }
        urls.formUnion(more)
    }
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
        report.failures.append(PublishFailure(path: path, answer: answer))
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
                report.failures.append(PublishFailure(path: path, answer: "recording the published state: \(error)"))
            }
        case .refused(let message):
            if refusal == nil { refusal = message }
        case .failed(let answer):
            report.failures.append(PublishFailure(path: path, answer: answer))
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
