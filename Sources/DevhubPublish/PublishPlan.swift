import Crypto
import DevhubCore
import DevhubStore
import Foundation

/// The output folder as the zone should hold it: every file the last build wrote (dot-files and dot-folders such as
/// `.devhub-staging/` are never part of it) with its upper-case hex SHA-256, and the rules saying in which phase a
/// path goes and which CDN URLs show it.
///
/// Paths are *recorded names*: the output's path, except that a Quick Connect page's folder is named by its code's id
/// (`connect/ID/…`) instead of the token the output and the zone use (`connect/TOKEN/…`), as the build manifest names
/// them. The database never holds a token; ``Publisher`` derives it when it talks to the zone.
struct PublishPlan: Sendable {
    /// Recorded name and hex SHA-256 (either case) of every file, each name once.
    var files: [(path: String, sha256: String)]
    /// The custom domains of `domains.json` (their pages live under `domains/DOMAIN/`).
    var domains: Set<String>

    /// The order files reach the zone in, so a reader never gets a page whose stylesheet or links are missing.
    enum Phase: Int, CaseIterable, Sendable {
        case assets, pages, lists
    }

    /// What the last build wrote into `root`, from the build manifest in `database` (the caller has checked that a
    /// build of `root` is recorded): no file is read but `domains.json`. The manifest vouches only for files in place,
    /// and every upload hashes the bytes it sends; `--verify` hashes the folder instead.
    static func fromManifest(_ database: AppDatabase, outputPath root: String) throws(PublishError) -> PublishPlan {
        let entries: [ManifestEntry]
        do {
            entries = try SQLiteBuildManifest(database: database, outputDirectory: root).entries(prefix: "", after: nil, through: nil)
        } catch {
            throw .failed("reading the build manifest of \(root): \(error)")
        }
        var files: [(path: String, sha256: String)] = []
        files.reserveCapacity(entries.count * 4)
        for entry in entries {
            for file in entry.files { files.append((file.path, file.hash)) }
        }
        return PublishPlan(files: files, domains: readDomains(root))
    }

    /// Reads and hashes every file of the folder at `root`; a Quick Connect folder is recorded by the id `codeIDs`
    /// maps its token to (a folder of an unknown token is no code's page and is left out).
    static func scan(_ root: String, codeIDs: [String: String]) throws(PublishError) -> PublishPlan {
        let base = URL(fileURLWithPath: root).standardizedFileURL
        guard let enumerator = FileManager.default.enumerator(
            at: base, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
        else { throw .failed("cannot read the output folder \(root)") }
        var files: [(path: String, sha256: String)] = []
        for case let url as URL in enumerator {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let path = String(url.standardizedFileURL.path.dropFirst(base.path.count + 1))
            guard let recorded = recordedName(path, codeIDs: codeIDs) else { continue }
            guard let data = try? Data(contentsOf: url, options: .mappedIfSafe) else { throw .failed("cannot read \(path) in \(root)") }
            files.append((recorded, sha256(data)))
        }
        return PublishPlan(files: files, domains: readDomains(root))
    }

    /// The custom domains `domains.json` in `root` names.
    static func readDomains(_ root: String) -> Set<String> {
        let path = URL(fileURLWithPath: root).appendingPathComponent("domains.json").path
        guard let data = FileManager.default.contents(atPath: path),
              let map = try? JSONDecoder().decode([String: String].self, from: data)
        else { return [] }
        return Set(map.keys)
    }

    /// What differs between the plan and `state` (recorded name → the SHA-256 the zone holds): the files to upload,
    /// the recorded names to delete (both sorted) and the number of files the zone already holds. One dictionary
    /// lookup per file; the deletions are looked for only when the state holds names the plan has not.
    func difference(from state: [String: String]) -> (changed: [String], gone: [String], skipped: Int) {
        var changed: [String] = []
        var skipped = 0
        var present = 0
        for file in files {
            guard let held = state[file.path] else {
                changed.append(file.path)
                continue
            }
            present += 1
            if Self.sameDigest(held, file.sha256) { skipped += 1 } else { changed.append(file.path) }
        }
        var gone: [String] = []
        if present < state.count {
            let planned = Set(files.map(\.path))
            gone = state.keys.filter { !planned.contains($0) }
        }
        return (changed.sorted(), gone.sorted(), skipped)
    }

    /// Whether two hex digests are equal, ignoring case (the manifest writes lower case, Bunny upper case), without
    /// making new strings.
    static func sameDigest(_ left: String, _ right: String) -> Bool {
        var left = left
        var right = right
        return left.withUTF8 { left in
            right.withUTF8 { right in
                guard left.count == right.count else { return false }
                for index in 0..<left.count where left[index] | 0x20 != right[index] | 0x20 { return false }
                return true
            }
        }
    }

    /// Upper-case hex SHA-256, as Bunny's `Checksum` header wants it.
    static func sha256(_ data: Data) -> String { Hex.encode(SHA256.hash(data: data)).uppercased() }

    /// Quick Connect pages: `connect/TOKEN/…` in the output and the zone, `connect/ID/…` when recorded.
    static let connectFolder = "connect/"

    /// The code folder's name and the rest of a `connect/NAME/…` path, or nil for any other path.
    static func connectParts(_ path: String) -> (name: Substring, rest: Substring)? {
        guard path.hasPrefix(connectFolder) else { return nil }
        let tail = path.dropFirst(connectFolder.utf8.count)
        guard let slash = tail.firstIndex(of: "/") else { return nil }
        return (tail[..<slash], tail[slash...])
    }

    /// The recorded name of an output or zone path: a Quick Connect token replaced by its code's id; nil for a token
    /// no code has.
    static func recordedName(_ path: String, codeIDs: [String: String]) -> String? {
        guard let parts = connectParts(path) else { return path }
        guard let id = codeIDs[String(parts.name)] else { return nil }
        return connectFolder + id + parts.rest
    }

    /// The output's (and the zone's) path of a recorded name: a Quick Connect code's id replaced by its token.
    static func outputName(_ recorded: String, token: (String) -> String) -> String {
        guard let parts = connectParts(recorded) else { return recorded }
        return connectFolder + token(String(parts.name)) + parts.rest
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
