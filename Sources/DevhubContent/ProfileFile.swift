import DevhubCore
import Foundation
import Yams

/// Reads profile files (`content/profiles/<username>.md`): YAML front matter, Markdown bio.
public enum ProfileFile {
    /// The keys a profile file may use.
    public static let knownKeys: Set<String> = [
        "username", "name", "headline", "location", "website", "avatar", "links", "skills", "custom_domain", "public",
    ]

    /// Parses and validates one profile file's text; `file` is used in error messages.
    public static func parse(_ text: String, file: String) throws(ContentError) -> Profile {
        let split = try FrontMatter(splitting: text, file: file)
        let mapping = try YAMLMapping(split.yaml, file: file, firstLine: split.yamlFirstLine)
        try mapping.rejectUnknownKeys(knownKeys)

        let usernameText = try mapping.requiredString("username")
        let username: Username
        do { username = try Username(usernameText) } catch {
            throw mapping.error(error)
        }
        let links = try mapping.sequence("links").enumerated().map { index, node throws(ContentError) in
            let field = "links[\(index)]"
            guard let link = node.mapping else {
                throw mapping.error(at: node, field: field, "must be a mapping like { label: GitHub, url: \"https://…\" }")
            }
            let known: Set<String> = ["label", "url"]
            for (key, _) in link where !known.contains(key.string ?? "") {
                throw mapping.error(at: key, field: "\(field).\(key.string ?? "?")", "is not a known key (expected label, url)")
            }
            guard let label = link["label"]?.string else { throw mapping.error(at: node, field: "\(field).label", "is required") }
            guard let url = link["url"]?.string else { throw mapping.error(at: node, field: "\(field).url", "is required") }
            return ProfileLink(label: label, url: url)
        }
        let skills = try mapping.sequence("skills").enumerated().map { index, node throws(ContentError) in
            guard let skill = node.scalar?.string else {
                throw mapping.error(at: node, field: "skills[\(index)]", "must be text")
            }
            return skill
        }
        var customDomain: DomainName?
        if let domain = try mapping.optionalString("custom_domain") {
            do { customDomain = try DomainName(domain) } catch { throw mapping.error(error) }
        }
        let profile = Profile(
            username: username,
            name: try mapping.requiredString("name"),
            headline: try mapping.optionalString("headline"),
            location: try mapping.optionalString("location"),
            website: try mapping.optionalString("website"),
            avatar: try mapping.optionalString("avatar"),
            links: links,
            skills: skills,
            customDomain: customDomain,
            isPublic: try mapping.optionalBool("public") ?? true,
            bio: Text.trimmed(unixLineEnds(split.body))
        )
        do {
            return try profile.validated()
        } catch {
            throw mapping.error(error)
        }
    }

    /// `text` with every CR LF pair turned into LF, by byte (most files have none, and then `text` is returned as it is).
    static func unixLineEnds(_ text: String) -> String {
        guard text.utf8.contains(0x0D) else { return text }
        var out = [UInt8]()
        out.reserveCapacity(text.utf8.count)
        var pendingCR = false
        for byte in text.utf8 {
            if pendingCR, byte != 0x0A { out.append(0x0D) }
            pendingCR = byte == 0x0D
            if !pendingCR { out.append(byte) }
        }
        if pendingCR { out.append(0x0D) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Reads every `*.md` file in `directory` (sorted by name, parsed in parallel), checks that no username
    /// or custom domain occurs twice, and returns the profiles; the first problem found (in name order) is
    /// thrown and nothing is returned.
    public static func readDirectory(_ directory: String) throws(ContentError) -> [Profile] {
        var profiles: [Profile] = []
        do {
            try forEachChunk(in: directory) { profiles += $0 }
        } catch let error as ContentError {
            throw error
        } catch {
            throw ContentError(file: directory, "\(error)")
        }
        return profiles
    }

    /// Reads the profile files of `directory` in name order, `chunkSize` at a time (each chunk parsed in
    /// parallel), and hands each chunk to `body`, so memory does not grow with the number of files.
    /// Duplicate usernames and domains are found across the whole directory; the first problem stops the walk.
    public static func forEachChunk(in directory: String, chunkSize: Int = 1_000, _ body: ([Profile]) throws -> Void) throws {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".md") }.sorted()
        } catch {
            throw ContentError(file: directory, "cannot read the directory (\(error.localizedDescription))")
        }
        let paths = names.map { (directory as NSString).appendingPathComponent($0) }
        var seen: [Username: String] = [:]
        var domains: [DomainName: String] = [:]
        for start in stride(from: 0, to: paths.count, by: max(1, chunkSize)) {
            let chunk = Array(paths[start..<min(start + chunkSize, paths.count)])
            let results = ParallelMap.map(chunk) { path in Result { () throws(ContentError) in try readFile(path) } }
            var profiles: [Profile] = []
            profiles.reserveCapacity(chunk.count)
            for (path, result) in zip(chunk, results) {
                let profile = try result.get()
                if let other = seen.updateValue(path, forKey: profile.username) {
                    throw ContentError(
                        file: path, line: lineOfKey("username", in: path), field: "username",
                        "'\(profile.username)' is also used by \(other)")
                }
                if let domain = profile.customDomain, let other = domains.updateValue(path, forKey: domain) {
                    throw ContentError(
                        file: path, line: lineOfKey("custom_domain", in: path), field: "custom_domain",
                        "'\(domain)' is also used by \(other)")
                }
                profiles.append(profile)
            }
            try body(profiles)
        }
    }

    /// The 1-based line where top-level `key:` appears in the file at `path` (for messages about valid files).
    static func lineOfKey(_ key: String, in path: String) -> Int? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .firstIndex { $0.hasPrefix(key + ":") }.map { $0 + 1 }
    }

    /// Reads and parses one profile file.
    public static func readFile(_ path: String) throws(ContentError) -> Profile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ContentError(file: path, "cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ContentError(file: path, "is not valid UTF-8")
        }
        return try parse(text, file: path)
    }
}
