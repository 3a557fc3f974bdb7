import Foundation

/// The few front-matter facts of a demo profile file the tests need, read with plain string checks.
struct DemoProfile {
    var file: String
    var username: String
    var name: String
    var isPublic: Bool
    var customDomain: String?

    /// Every `*.md` in the package's `content/profiles`, sorted by file name.
    static func all() throws -> [DemoProfile] {
        let folder = Devhub.packageRoot.appendingPathComponent("content/profiles")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".md") }.sorted().map {
            try DemoProfile(file: $0, text: String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8))
        }
    }

    /// Reads the top-level `key: value` lines of the front matter.
    init(file: String, text: String) throws {
        let lines = text.components(separatedBy: "\n")
        let frontMatter = lines.dropFirst().prefix { $0 != "---" }
        func value(_ key: String) -> String? {
            frontMatter.first { $0.hasPrefix(key + ":") }.map {
                $0.dropFirst(key.count + 1).trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            }
        }
        self.file = file
        username = value("username") ?? ""
        name = value("name") ?? ""
        isPublic = value("public") != "false"
        customDomain = value("custom_domain")
    }

    /// The canonical URL the generator should give this profile on base URL `base`.
    func canonicalURL(base: String) -> String {
        customDomain.map { "https://\($0)/" } ?? "\(base)/@\(username)/"
    }

    /// The files every public profile has in the output.
    var outputFiles: [String] {
        var files = ["@\(username)/index.html", "@\(username)/qr.svg", "@\(username)/contact.vcf", "api/profiles/@\(username).json"]
        if let domain = customDomain {
            files += ["domains/\(domain)/index.html", "domains/\(domain)/qr.svg", "domains/\(domain)/robots.txt", "domains/\(domain)/sitemap.xml"]
        }
        return files
    }
}

/// Text of a small valid profile file.
func profileFile(username: String, name: String, headline: String? = nil, extra: [String] = [], bio: String = "A short bio.") -> String {
    var lines = ["---", "username: \(username)", "name: \(name)"]
    if let headline { lines.append("headline: \(headline)") }
    lines += extra
    lines += ["---", bio, ""]
    return lines.joined(separator: "\n")
}
