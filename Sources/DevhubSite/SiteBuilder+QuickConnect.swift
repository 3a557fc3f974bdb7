import DevhubCore
import Foundation

/// Which Quick Connect pages to render.
public enum ConnectPageScope: Sendable, Equatable {
    /// The codes with these ids; a code that no longer exists loses its page.
    case codes(Set<String>)
    /// Every code; pages of codes that no longer exist are removed.
    case all
}

extension SiteBuilder {
    /// Manifest keys of Quick Connect pages: `connect:` and the code's id. The manifest lives in the database, so it
    /// names a page's files `connect/ID/…` too, never by the token: see ``swapFolder(_:from:to:)``.
    static let connectPrefix = "connect:"

    /// Renders Quick Connect pages as of the builder's clock: the form while a code is active, the closed page once it
    /// expired, was revoked or used up. Each code is a unit of the manifest, like a profile: skipped when its inputs
    /// are unchanged and its files confirmed, its files written only when their bytes change.
    public func renderConnectPages(_ scope: ConnectPageScope) async throws -> BuildReport {
        try await output.withLock {
            var report = BuildReport()
            report.collectsPaths = collectsPaths
            try connectPass(scope, build: try manifest.beginBuild(), into: &report)
            report.writtenPaths.sort()
            report.deletedPaths.sort()
            return report
        }
    }

    /// The pass itself, saving entries as produced by build `build`; the caller holds the output lock. A full build
    /// runs it with scope ``ConnectPageScope/all`` before it removes stale units.
    func connectPass(_ scope: ConnectPageScope, build: Int64, into report: inout BuildReport) throws {
        let committer = UnitCommitter(output: output, claimedDomains: [])
        let pages: [QuickConnectPage]
        let stored: [ManifestEntry]
        switch scope {
        case .codes(let ids):
            pages = try quickConnect?.quickConnectPages(ids: ids.sorted()) ?? []
            stored = Array(try manifest.entries(ids.sorted().map { Self.connectPrefix + $0 }).values)
        case .all:
            pages = try quickConnect?.quickConnectPages(ids: nil) ?? []
            stored = try manifest.entries(prefix: Self.connectPrefix, after: nil, through: nil)
        }
        let tokens = Dictionary(pages.map { ($0.id, $0.token) }, uniquingKeysWith: { first, _ in first })
        // The entries as the output names their files (a deleted code's token is derived from its id).
        let previous = stored.map { entry in
            let id = String(entry.key.dropFirst(Self.connectPrefix.count))
            return Self.swapFolder(entry, from: id, to: tokens[id] ?? quickConnect?.quickConnectToken(codeID: id) ?? id)
        }
        let previousByKey = Dictionary(previous.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let now = now()
        var saves: [ManifestEntry] = []
        var touches: [String] = []
        for page in pages {
            let key = Self.connectPrefix + page.id
            let input = connectInputHash(page, now: now)
            if let old = previousByKey[key], old.inputHash == input, committer.confirms(old) {
                touches.append(key)
                report.unchanged += old.files.count
                continue
            }
            let outcome = try committer.commit(
                BuildUnit(key: key, inputHash: input, files: try connectRenderer.files(page, now: now)), previous: previousByKey[key])
            saves.append(Self.swapFolder(outcome.entry, from: page.token, to: page.id))
            report.add(outcome)
            if report.collectsPaths, !outcome.written.isEmpty || !outcome.deleted.isEmpty { report.connectCodes[page.token] = page.id }
        }
        // Saved once the files are in place, so the manifest never vouches for bytes that are not on disk.
        try manifest.save(saves, build: build)
        try manifest.touch(touches, build: build)
        let produced = Set(pages.map { Self.connectPrefix + $0.id })
        let gone = previous.filter { !produced.contains($0.key) }
        guard !gone.isEmpty else { return }
        for entry in gone {
            let removed = committer.removeStale(entry)
            report.deleted += removed.count
            guard report.collectsPaths else { continue }
            report.deletedPaths += removed
            let id = String(entry.key.dropFirst(Self.connectPrefix.count))
            for path in removed { if let token = ConnectPageRenderer.token(inPath: path) { report.connectCodes[token] = id } }
        }
        try manifest.remove(gone.map(\.key))
    }

    /// `entry` with its files under `connect/FROM/` moved to `connect/TO/` (token to id before saving, id to token
    /// after reading).
    static func swapFolder(_ entry: ManifestEntry, from: String, to: String) -> ManifestEntry {
        let old = "\(ConnectPageRenderer.folder)/\(from)/"
        let new = "\(ConnectPageRenderer.folder)/\(to)/"
        var entry = entry
        for index in entry.files.indices where entry.files[index].path.hasPrefix(old) {
            entry.files[index].path = new + entry.files[index].path.dropFirst(old.count)
        }
        entry.files.sort { $0.path < $1.path }
        return entry
    }

    /// Everything a code's page is rendered from: the site, the app URL the form posts to, the privacy notice, the
    /// code and its owner's names, and its state at `now` (the only way time enters the page).
    private func connectInputHash(_ page: QuickConnectPage, now: Int64) -> String {
        var hasher = InputHasher()
        hasher.add(globalHash)
        hasher.add(context.settings.appURL)
        hasher.add(connectRenderer.privacyNoticeVersion ?? "")
        hasher.add(page.token)
        hasher.add(page.id)
        hasher.add(page.ownerName ?? "\u{0}")
        hasher.add(page.ownerUsername?.value ?? "\u{0}")
        hasher.add(page.event)
        hasher.add(page.location ?? "\u{0}")
        hasher.add(page.session ?? "\u{0}")
        hasher.add(page.expiresAt)
        hasher.add(page.revokedAt.map(String.init) ?? "\u{0}")
        hasher.add(Int64(page.useCount))
        hasher.add(page.maxSubmissions.map(String.init) ?? "\u{0}")
        hasher.add(page.state(now: now).rawValue)
        return hasher.finish()
    }
}
