import DevhubCore
import Foundation
import Logging

/// The generator: renders every public profile and the site around them into the output directory,
/// incrementally (a unit whose inputs are unchanged and whose files are confirmed on disk is skipped),
/// atomically (every file is renamed into place) and deterministically (same inputs, same bytes).
public struct SiteBuilder: Sendable {
    /// Changes whenever the renderers change what they produce from the same inputs.
    public static let generatorVersion = "devhub-site-1"
    /// Profiles read from the source per round trip.
    static let batchSize = 512

    let source: any ProfileSource
    let manifest: any BuildManifest
    let output: OutputDirectory
    let context: RenderContext
    let pages: [StaticPage]
    let logger: Logger
    let concurrency: Int
    /// Whether reports list every written and deleted path (the server's deploy hooks need them; a CLI
    /// build of 100,000 profiles would hold 400,000 paths for nothing).
    let collectsPaths: Bool
    /// Where Quick Connect codes come from (nil: no Quick Connect pages).
    let quickConnect: (any QuickConnectSource)?
    /// Milliseconds since 1970: Quick Connect pages close when their code expires.
    let now: @Sendable () -> Int64
    /// Renders Quick Connect pages (the server also renders the form with a visitor's errors through it).
    public let connectRenderer: ConnectPageRenderer

    /// Creates a builder; nothing is read or written until ``build()``.
    public init(
        source: any ProfileSource, manifest: any BuildManifest, output: OutputDirectory, context: RenderContext,
        pages: [StaticPage] = [], logger: Logger = Logger(label: "devhub.build"),
        concurrency: Int = ProcessInfo.processInfo.activeProcessorCount, collectsPaths: Bool = false,
        quickConnect: (any QuickConnectSource)? = nil,
        now: @escaping @Sendable () -> Int64 = { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }
    ) {
        self.collectsPaths = collectsPaths
        self.quickConnect = quickConnect
        self.now = now
        self.connectRenderer = ConnectPageRenderer(context: context, pages: pages)
        self.source = source
        self.manifest = manifest
        self.output = output
        self.context = context
        self.pages = pages.sorted { $0.slug < $1.slug }
        self.logger = logger
        self.concurrency = max(1, concurrency)
    }

    /// Hash of everything every page depends on: generator version, templates and assets, settings (but not
    /// the list sizes, which only the lists depend on: see ``layoutHash``).
    var globalHash: String {
        let settings = context.settings
        return InputHasher.hash(
            Self.generatorVersion, context.templates.fingerprint, settings.title, settings.description, settings.baseURL,
            settings.language)
    }

    /// Hash of what the lists' positions depend on besides the set of profiles: the page sizes and the sitemap's
    /// fixed entries.
    var layoutHash: String {
        let settings = context.settings
        return InputHasher.hash(
            globalHash, String(settings.directoryPageSize), String(settings.sitemapMaxURLs), String(settings.sitemapShardURLs),
            pages.map(\.slug).joined(separator: "\n"))
    }

    /// Hash of everything the profile pages and lists of a full build are rendered from: the public content's
    /// version (which every change of the public set moves too), the templates, settings and page sizes, and the app's
    /// URL (in every report form). Read before the content itself: a change during the build leaves the seal
    /// outdated, never wrong.
    func sealState() throws -> String {
        InputHasher.hash("seal", String(try source.publicContentVersion()), layoutHash, context.settings.appURL)
    }

    /// The seal of the output when it still vouches for it: same inputs as the last complete full build, and the
    /// directory still holds the seal's token.
    private func validSeal(state: String) throws -> BuildSeal? {
        guard let seal = try manifest.seal(), seal.state == state, output.sealToken() == seal.token else { return nil }
        return seal
    }

    /// Builds the site: a flat pipeline, each step timed in the log.
    ///
    /// With `only`, regenerates just those profiles and the directory pages and sitemap shard that list
    /// them — unless the set of public profiles, a custom domain or the page sizes changed since the last
    /// full build, in which case the whole pipeline runs (still skipping every unit whose inputs are unchanged).
    ///
    /// A full build whose profile pages and lists have the same inputs as the last complete full build's (its
    /// ``BuildSeal``) renders and confirms none of them; with `verify` it ignores the seal and confirms every file.
    public func build(only: [Username]? = nil, verify: Bool = false) async throws -> BuildReport {
        try await output.withLock {
            let clock = ContinuousClock()
            let started = clock.now
            var report: BuildReport
            if let only, var run = try BuildRun(targetedBuildOf: self) {
                run.report.collectsPaths = collectsPaths
                try await asyncStep("targeted profiles and lists") { try await run.renderOnly(only) }
                report = run.report
            } else {
                let state = try sealState()
                let seal = verify ? nil : try validSeal(state: state)
                var run = try seal.flatMap { try BuildRun(sealedBuildOf: self, seal: $0) } ?? BuildRun(fullBuildOf: self)
                run.report.collectsPaths = collectsPaths
                try step("site files") { try run.renderSiteFiles() }
                if run.keptSeal != nil {
                    try step("sealed profiles and lists") { try run.keepSealedProfilesAndLists() }
                } else {
                    try await asyncStep("profiles and lists") { try await run.renderProfilesAndLists() }
                }
                // Before the stale units are removed: they are the units this build did not produce.
                try step("quick connect pages") { try connectPass(.all, build: run.build, into: &run.report) }
                try step("stale files") { try run.removeStale() }
                try step("seal") { try run.seal(state: state) }
                report = run.report
            }
            report.writtenPaths.sort()
            report.deletedPaths.sort()
            let elapsed = clock.now - started
            report.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            return report
        }
    }

    private func step(_ name: String, _ body: () throws -> Void) throws {
        let clock = ContinuousClock()
        let elapsed = try clock.measure(body)
        logger.debug("build step", metadata: ["step": "\(name)", "duration": "\(elapsed)"])
    }

    private func asyncStep(_ name: String, _ body: () async throws -> Void) async throws {
        let clock = ContinuousClock()
        let started = clock.now
        try await body()
        logger.debug("build step", metadata: ["step": "\(name)", "duration": "\(clock.now - started)"])
    }
}
