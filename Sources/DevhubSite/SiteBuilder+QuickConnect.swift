import DevhubCore
import Foundation

/// Which Quick Connect pages to render.
public enum ConnectPageScope: Sendable {
    /// The codes behind these tokens (a code just created: the only time its token is known without the output).
    case tokens([String])
    /// The codes with these ids, found among the token folders of `output/connect/`.
    case codes(Set<String>)
    /// Every folder of `output/connect/`; a folder whose code no longer exists is removed.
    case all
}

extension SiteBuilder {
    /// Renders Quick Connect pages as of the builder's clock: the form while a code is active, the closed page once it
    /// expired, was revoked or used up. The database holds only token hashes, so the folders of `output/connect/` are
    /// where the tokens live: their names are looked up by hash. A file is written only when its bytes change.
    public func renderConnectPages(_ scope: ConnectPageScope) async throws -> BuildReport {
        try await output.withLock { try connectPass(scope) }
    }

    /// The token folders present in `output/connect/`.
    public func connectTokensInOutput() -> [String] {
        let folder = output.root + "/" + ConnectPageRenderer.folder
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter(QuickConnectToken.isWellFormed).sorted()
    }

    /// The pass itself; the caller holds the output lock.
    func connectPass(_ scope: ConnectPageScope) throws -> BuildReport {
        var report = BuildReport()
        report.collectsPaths = collectsPaths
        guard let quickConnect else { return report }
        let tokens: [String]
        switch scope {
        case .tokens(let given): tokens = given.filter(QuickConnectToken.isWellFormed)
        case .codes, .all: tokens = connectTokensInOutput()
        }
        var pages = try quickConnect.quickConnectPages(tokens: tokens)
        if case .codes(let ids) = scope { pages = pages.filter { ids.contains($0.id) } }
        let now = now()
        for page in pages {
            for file in try connectRenderer.files(page, now: now) {
                if output.read(file.path) == file.bytes {
                    report.unchanged += 1
                    continue
                }
                try output.write(file)
                report.written += 1
                if collectsPaths { report.writtenPaths.append(file.path) }
            }
        }
        if case .all = scope {
            let known = Set(pages.map(\.token))
            for token in tokens where !known.contains(token) {
                for name in ["index.html", "qr.svg"] {
                    let path = "\(ConnectPageRenderer.folder)/\(token)/\(name)"
                    guard output.size(of: path) != nil else { continue }
                    output.remove(path)
                    report.deleted += 1
                    if collectsPaths { report.deletedPaths.append(path) }
                }
            }
        }
        report.writtenPaths.sort()
        report.deletedPaths.sort()
        return report
    }
}
