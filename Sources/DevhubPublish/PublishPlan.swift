import Crypto
import DevhubCore
import Foundation

/// The output folder as the zone should hold it: every regular file (dot-files and dot-folders such as
/// `.devhub-staging/` left out) with its upper-case hex SHA-256, and the rules saying in which phase a path goes
/// and which CDN URLs show it.
struct PublishPlan: Sendable {
    /// Relative path → upper-case hex SHA-256.
    var files: [String: String]
    /// The custom domains of `domains.json` (their pages live under `domains/DOMAIN/`).
    var domains: Set<String>

    /// The order files reach the zone in, so a reader never gets a page whose stylesheet or links are missing.
    enum Phase: Int, CaseIterable, Sendable {
        case assets, pages, lists
    }

    /// Reads and hashes the output folder at `root`.
    static func scan(_ root: String) throws(PublishError) -> PublishPlan {
        let base = URL(fileURLWithPath: root).standardizedFileURL
        guard let enumerator = FileManager.default.enumerator(
            at: base, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
        else { throw .failed("cannot read the output folder \(root)") }
        var files: [String: String] = [:]
        for case let url as URL in enumerator {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let path = String(url.standardizedFileURL.path.dropFirst(base.path.count + 1))
            guard let data = try? Data(contentsOf: url, options: .mappedIfSafe) else { throw .failed("cannot read \(path) in \(root)") }
            files[path] = sha256(data)
        }
        var domains: Set<String> = []
        if let data = FileManager.default.contents(atPath: base.appendingPathComponent("domains.json").path),
           let map = try? JSONDecoder().decode([String: String].self, from: data) {
            domains = Set(map.keys)
        }
        return PublishPlan(files: files, domains: domains)
    }

    /// Upper-case hex SHA-256, as Bunny's `Checksum` header wants it.
    static func sha256(_ data: Data) -> String { Hex.encode(SHA256.hash(data: data)).uppercased() }

    /// Quick Connect pages (`connect/TOKEN/…`): their paths hold live tokens, so they are never written to the
    /// database; what the zone holds of them comes from listing the zone's `connect/` folder on every publish.
    static let unrecordedFolder = "connect/"

    /// Whether `path` is kept out of the published state (see ``unrecordedFolder``).
    static func isUnrecorded(_ path: String) -> Bool { path.hasPrefix(unrecordedFolder) }

    /// `path` as messages show it: a Quick Connect page's token folder replaced by `…` (`connect/…/qr.svg`).
    public static func shown(_ path: String) -> String {
        guard let range = path.range(of: unrecordedFolder) else { return path }
        let rest = path[range.upperBound...]
        let tail = rest.firstIndex(of: "/").map { String(rest[$0...]) } ?? ""
        return String(path[..<range.upperBound]) + "…" + tail
    }

    /// The phase `path` is uploaded in.
    static func phase(of path: String) -> Phase {
        if path.hasPrefix("assets/") { return .assets }
        if path == "index.html" || path.hasPrefix("page/") || path == "robots.txt" || path == "domains.json" || path == "_headers"
            || (!path.contains("/") && path.hasPrefix("sitemap") && path.hasSuffix(".xml")) {
            return .lists
        }
        return .pages
    }

    /// The absolute URLs that show `path`: under the base URL (a page's folder URL for `…/index.html`) and, for a
    /// file under `domains/DOMAIN/`, on `https://DOMAIN/` when `DOMAIN` is in `domains.json` (always for a deletion,
    /// so a removed domain's copies go too).
    func purgeURLs(_ path: String, baseURL: String, deleted: Bool) -> [String] {
        var urls = [baseURL + "/" + BunnyStorage.encodePath(Self.folderURLPath(path))]
        let parts = path.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false)
        if parts.count == 3, parts[0] == "domains", deleted || domains.contains(String(parts[1])) {
            urls.append("https://\(parts[1])/" + BunnyStorage.encodePath(Self.folderURLPath(String(parts[2]))))
        }
        return urls
    }

    /// `@ada/index.html` → `@ada/`, `index.html` → ``, anything else unchanged.
    static func folderURLPath(_ path: String) -> String {
        if path == "index.html" { return "" }
        if path.hasSuffix("/index.html") { return String(path.dropLast("index.html".utf8.count)) }
        return path
    }
}
