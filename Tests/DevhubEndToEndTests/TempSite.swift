import Foundation

/// A throwaway site in its own temporary directory: copies of the demo content and templates, a profiles
/// folder, a SQLite file and an output folder; everything is removed when the value goes away.
final class TempSite {
    /// The base URL every build in the tests uses.
    static let baseURL = "https://devhub.test"

    /// The temporary directory holding everything below.
    let root: URL
    /// `content/` (site.yml and pages/), copied from the package.
    let content: URL
    /// Templates and assets, copied from the package's `site-templates/`.
    let templates: URL
    /// The profile files `import` reads.
    let profiles: URL
    /// The SQLite database file.
    let db: URL
    /// The output directory.
    let out: URL

    /// Creates the directory; `demoProfiles` copies `content/profiles/*.md` into ``profiles``.
    init(demoProfiles: Bool = true) throws {
        let fileManager = FileManager.default
        root = fileManager.temporaryDirectory.appendingPathComponent("devhub-e2e-\(UUID().uuidString)")
        content = root.appendingPathComponent("content")
        templates = root.appendingPathComponent("site-templates")
        profiles = root.appendingPathComponent("profiles")
        db = root.appendingPathComponent("devhub.sqlite")
        out = root.appendingPathComponent("output")
        try fileManager.createDirectory(at: content, withIntermediateDirectories: true)
        let package = Devhub.packageRoot
        try fileManager.copyItem(at: package.appendingPathComponent("content/site.yml"), to: content.appendingPathComponent("site.yml"))
        try fileManager.copyItem(at: package.appendingPathComponent("content/pages"), to: content.appendingPathComponent("pages"))
        try fileManager.copyItem(at: package.appendingPathComponent("site-templates"), to: templates)
        if demoProfiles {
            try fileManager.copyItem(at: package.appendingPathComponent("content/profiles"), to: profiles)
        } else {
            try fileManager.createDirectory(at: profiles, withIntermediateDirectories: true)
        }
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    // MARK: Running devhub

    /// `devhub import DIR --db DB` (DIR defaults to ``profiles``).
    func importProfiles(from directory: URL? = nil) async -> RunResult {
        await Devhub.run(["import", (directory ?? profiles).path, "--db", db.path], in: root)
    }

    /// `devhub build` with every path and the base URL given explicitly, then `options`.
    func build(into output: URL? = nil, templates: URL? = nil, options: [String] = []) async -> RunResult {
        await Devhub.run([
            "build", "--db", db.path, "--out", (output ?? out).path, "--base-url", Self.baseURL,
            "--content", content.path, "--templates", (templates ?? self.templates).path,
        ] + options, in: root)
    }

    // MARK: Files

    /// Writes a profile file `name` into ``profiles`` (or `directory`).
    func writeProfile(_ name: String, _ text: String, in directory: URL? = nil) throws {
        let folder = directory ?? profiles
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: folder.appendingPathComponent(name))
    }

    /// Replaces `content/site.yml`.
    func writeSiteConfig(_ yaml: String) throws {
        try Data(yaml.utf8).write(to: content.appendingPathComponent("site.yml"))
    }

    /// The profile file `name` in ``profiles``, with `transform` applied.
    func editProfile(_ name: String, _ transform: (String) -> String) throws {
        let url = profiles.appendingPathComponent(name)
        let text = try String(contentsOf: url, encoding: .utf8)
        let edited = transform(text)
        precondition(edited != text, "the edit of \(name) changed nothing")
        try Data(edited.utf8).write(to: url)
    }

    /// Adds `line` to the front matter of profile file `name` (just before its closing `---`).
    func addFrontMatterLine(_ line: String, to name: String) throws {
        try editProfile(name) { text in
            var lines = text.components(separatedBy: "\n")
            guard let close = lines.indices.dropFirst().first(where: { lines[$0] == "---" }) else { return text }
            lines.insert(line, at: close)
            return lines.joined(separator: "\n")
        }
    }

    /// A temporary sibling directory inside ``root`` (e.g. a second output or a bad-input profiles folder).
    func directory(_ name: String) throws -> URL {
        let url = root.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Whether `path` (relative to the output directory) is a regular file.
    func exists(_ path: String, in output: URL? = nil) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: (output ?? out).appendingPathComponent(path).path, isDirectory: &isDirectory)
            && !isDirectory.boolValue
    }

    /// The UTF-8 text of `path` (relative to the output directory).
    func text(_ path: String, in output: URL? = nil) throws -> String {
        try String(contentsOf: (output ?? out).appendingPathComponent(path), encoding: .utf8)
    }

    /// The bytes of `path` (relative to the output directory).
    func data(_ path: String, in output: URL? = nil) throws -> Data {
        try Data(contentsOf: (output ?? out).appendingPathComponent(path))
    }

    /// Every regular file under the output directory, relative and sorted, leaving out dot-files and dot-folders
    /// (`.devhub-lock`, `.devhub-staging/`).
    func files(in output: URL? = nil) -> [String] {
        let base = (output ?? out).standardizedFileURL
        guard let enumerator = FileManager.default.enumerator(
            at: base, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
        else { return [] }
        var paths: [String] = []
        for case let url as URL in enumerator {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let full = url.standardizedFileURL.path
            paths.append(String(full.dropFirst(base.path.count + 1)))
        }
        return paths.sorted()
    }

    /// Each output file's inode number: a file rewritten by rename gets a new one.
    func inodes(in output: URL? = nil) -> [String: UInt64] {
        let base = output ?? out
        var result: [String: UInt64] = [:]
        for path in files(in: base) {
            let attributes = try? FileManager.default.attributesOfItem(atPath: base.appendingPathComponent(path).path)
            result[path] = (attributes?[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0
        }
        return result
    }
}
