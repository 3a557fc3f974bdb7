import DevhubContent
import DevhubCore
import Foundation
import Testing

/// `ProfileFile`: front matter and YAML in, a validated `Profile` or a located `ContentError` out.
@Suite struct ProfileFileTests {
    /// A valid file using every field of the format.
    static let full = """
        ---
        username: ada
        name: Ada Example
        headline: Compiler engineer
        location: Berlin
        website: https://ada.dev
        avatar: https://ada.dev/me.jpg
        links:
          - { label: GitHub, url: "https://github.com/ada" }
          - { label: Mail, url: "mailto:ada@ada.dev" }
        skills: [Swift, LLVM]
        custom_domain: Ada.Dev
        public: false
        ---

        Bio in **Markdown** (GFM).

        """

    /// A minimal valid file for `username`, with `extra` front-matter lines.
    static func minimal(_ username: String = "ada", _ extra: String...) -> String {
        (["---", "username: \(username)", "name: Ada Example"] + extra + ["---", "Bio."]).joined(separator: "\n")
    }

    /// The 1-based number of the first line of `text` starting with `prefix` (after indentation).
    static func line(of prefix: String, in text: String) throws -> Int {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let index = try #require(lines.firstIndex { $0.drop { $0 == " " }.hasPrefix(prefix) })
        return index + 1
    }

    /// The error parsing `text` throws (the test fails when it does not throw).
    static func parseError(_ text: String, file: String = "content/profiles/ada.md") throws -> ContentError {
        try #require(throws: ContentError.self) { try ProfileFile.parse(text, file: file) }
    }

    @Test func parsesEveryField() throws {
        let profile = try ProfileFile.parse(Self.full, file: "ada.md")
        let expected = Profile(
            username: try Username("ada"),
            name: "Ada Example",
            headline: "Compiler engineer",
            location: "Berlin",
            website: "https://ada.dev",
            avatar: "https://ada.dev/me.jpg",
            links: [
                ProfileLink(label: "GitHub", url: "https://github.com/ada"),
                ProfileLink(label: "Mail", url: "mailto:ada@ada.dev"),
            ],
            skills: ["Swift", "LLVM"],
            customDomain: try DomainName("ada.dev"),
            isPublic: false,
            bio: "Bio in **Markdown** (GFM)."
        )
        #expect(profile == expected)
    }

    @Test func optionalFieldsDefault() throws {
        let profile = try ProfileFile.parse(Self.minimal("Ada"), file: "ada.md")
        #expect(profile.username.value == "ada")
        #expect(profile.isPublic)
        #expect(profile.headline == nil)
        #expect(profile.links.isEmpty)
        #expect(profile.skills.isEmpty)
        #expect(profile.customDomain == nil)
        #expect(profile.bio == "Bio.")
    }

    @Test func acceptsCRLFLineEnds() throws {
        let text = Self.full.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(try ProfileFile.parse(text, file: "ada.md").username.value == "ada")
    }

    @Test func missingUsername() throws {
        let text = "---\nname: Ada Example\n---\nBio."
        let error = try Self.parseError(text)
        #expect(error.file == "content/profiles/ada.md")
        #expect(error.field == "username")
        #expect(error.line != nil)
        #expect(error.message.contains("required"))
    }

    @Test func missingName() throws {
        let error = try Self.parseError("---\nusername: ada\n---\n")
        #expect(error.field == "name")
    }

    @Test(arguments: ["ada_lovelace", "-ada", "admin", "zoë", "\"\""])
    func invalidUsername(_ username: String) throws {
        let text = Self.minimal(username, "location: Berlin")
        let error = try Self.parseError(text)
        #expect(error.file == "content/profiles/ada.md")
        #expect(error.field == "username")
        #expect(error.line == 2)
    }

    @Test func invalidUsernameLineFollowsTheKey() throws {
        let text = "---\nname: Ada Example\n\nlocation: Berlin\nusername: bad_name\n---\n"
        let error = try Self.parseError(text)
        #expect(error.field == "username")
        #expect(error.line == (try Self.line(of: "username:", in: text)))
    }

    @Test func unknownKey() throws {
        let text = Self.minimal("ada", "location: Berlin", "twitter: \"@ada\"")
        let error = try Self.parseError(text)
        #expect(error.field == "twitter")
        #expect(error.line == (try Self.line(of: "twitter:", in: text)))
        #expect(error.message.contains("not a known field"))
    }

    @Test func unknownLinkKey() throws {
        let text = Self.minimal("ada", "links:", "  - { label: GitHub, url: \"https://github.com/ada\", rel: me }")
        let error = try Self.parseError(text)
        #expect(error.field == "links[0].rel")
        #expect(error.line == (try Self.line(of: "- { label: GitHub", in: text)))
    }

    @Test func badURLInSecondLink() throws {
        let text = Self.minimal(
            "ada",
            "links:",
            "  - { label: GitHub, url: \"https://github.com/ada\" }",
            "  - { label: Evil, url: \"javascript:alert(1)\" }"
        )
        let error = try Self.parseError(text)
        #expect(error.file == "content/profiles/ada.md")
        #expect(error.field == "links[1].url")
        // The `links` key's line (where domain errors are documented to point) or the offending
        // entry's line; never the line of the valid first entry.
        let keyLine = try Self.line(of: "links:", in: text)
        let entryLine = try Self.line(of: "- { label: Evil", in: text)
        #expect([keyLine, entryLine].contains(try #require(error.line)))
    }

    @Test func badWebsite() throws {
        let text = Self.minimal("ada", "location: Berlin", "website: mailto:ada@ada.dev")
        let error = try Self.parseError(text)
        #expect(error.field == "website")
        #expect(error.line == (try Self.line(of: "website:", in: text)))
    }

    @Test func invalidYAML() throws {
        let text = Self.minimal("ada", "location: Berlin", "skills: [Swift, LLVM")
        let error = try Self.parseError(text)
        #expect(error.file == "content/profiles/ada.md")
        #expect(error.message.contains("invalid YAML"))
        let line = try #require(error.line)
        #expect(line >= (try Self.line(of: "skills:", in: text)))
        #expect(line <= text.split(separator: "\n", omittingEmptySubsequences: false).count)
    }

    @Test func frontMatterMustBeAMapping() throws {
        let error = try Self.parseError("---\n- just\n- a list\n---\n")
        #expect(error.line == 2)
    }

    @Test func noFrontMatter() throws {
        let error = try Self.parseError("# Ada\n\nusername: ada\n")
        #expect(error.line == 1)
        #expect(error.field == nil)
        #expect(error.message.contains("---"))
    }

    @Test func unclosedFrontMatter() throws {
        let error = try Self.parseError("---\nusername: ada\nname: Ada Example\n\nBio.\n")
        #expect(error.line == 1)
        #expect(error.message.contains("never closed"))
    }

    @Test(arguments: ["maybe", "\"true\"", "1", "[true]"])
    func publicMustBeABoolean(_ value: String) throws {
        let text = Self.minimal("ada", "location: Berlin", "public: \(value)")
        let error = try Self.parseError(text)
        #expect(error.field == "public")
        #expect(error.line == (try Self.line(of: "public:", in: text)))
    }

    @Test func descriptionIsFileLineFieldMessage() throws {
        let text = Self.minimal("ada", "twitter: x")
        let error = try Self.parseError(text, file: "content/profiles/ada.md")
        let line = try #require(error.line)
        #expect(error.description == "content/profiles/ada.md:\(line): twitter: \(error.message)")
        #expect(ContentError(file: "f.md", "no line").description == "f.md: no line")
        #expect(ContentError(file: "f.md", line: 3, "no field").description == "f.md:3: no field")
        #expect(ContentError(file: "f.md", line: 3, field: "name", "is required").description == "f.md:3: name: is required")
    }

    // MARK: - Directories

    /// Runs `body` with a fresh temporary directory holding `files` (name → text), then deletes it.
    private func withDirectory(_ files: [String: String], _ body: (String) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("devhub-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, text) in files {
            try Data(text.utf8).write(to: directory.appendingPathComponent(name))
        }
        try body(directory.path)
    }

    @Test func readsADirectoryInNameOrder() throws {
        try withDirectory([
            "bob.md": Self.minimal("bob"),
            "ada.md": Self.minimal("ada"),
            "notes.txt": "not a profile",
        ]) { directory in
            let profiles = try ProfileFile.readDirectory(directory)
            #expect(profiles.map(\.username.value) == ["ada", "bob"])
        }
    }

    @Test func duplicateUsernamesAcrossFiles() throws {
        try withDirectory([
            "a.md": Self.minimal("ada"),
            "b.md": Self.minimal("ADA"),
        ]) { directory in
            let error = try #require(throws: ContentError.self) { try ProfileFile.readDirectory(directory) }
            #expect(error.file.hasSuffix("/b.md"))
            #expect(error.field == "username")
            #expect(error.message.contains("a.md"))
        }
    }

    @Test func duplicateCustomDomainsAcrossFiles() throws {
        try withDirectory([
            "ada.md": Self.minimal("ada", "custom_domain: ada.dev"),
            "bob.md": Self.minimal("bob", "custom_domain: ADA.dev."),
        ]) { directory in
            let error = try #require(throws: ContentError.self) { try ProfileFile.readDirectory(directory) }
            #expect(error.file.hasSuffix("/bob.md"))
            #expect(error.field == "custom_domain")
            #expect(error.message.contains("ada.md"))
        }
    }

    @Test func errorInAFileNamesThatFile() throws {
        try withDirectory([
            "ada.md": Self.minimal("ada"),
            "bob.md": Self.minimal("bob", "twitter: bob"),
        ]) { directory in
            let error = try #require(throws: ContentError.self) { try ProfileFile.readDirectory(directory) }
            #expect(error.file.hasSuffix("/bob.md"))
            #expect(error.field == "twitter")
        }
    }

    @Test func missingDirectory() {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("devhub-missing-\(UUID().uuidString)").path
        let error = #expect(throws: ContentError.self) { try ProfileFile.readDirectory(path) }
        #expect(error?.file == path)
    }
}
