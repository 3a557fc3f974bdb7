import Foundation
import Testing

/// One broken profiles directory and what the error line must say about it.
struct BadInput: Sendable, CustomTestStringConvertible {
    /// What is wrong, for the test's name.
    var label: String
    /// The broken files: name and text.
    var files: [String: String]
    /// The file the error must name.
    var file: String
    /// The field the error must name, when there is one.
    var field: String?
    /// Lines the error may point at (`file:line:`), when the problem has a line.
    var lines: [Int]

    var testDescription: String { label }

    static let cases: [BadInput] = [
        BadInput(label: "missing username", files: ["nouser.md": "---\nname: No User\n---\nBio.\n"],
                 file: "nouser.md", field: "username", lines: []),
        BadInput(label: "invalid username", files: ["bad-name.md": "---\nusername: Bad_Name\nname: Bad Name\n---\nBio.\n"],
                 file: "bad-name.md", field: "username", lines: [2]),
        BadInput(label: "javascript: link", files: ["bad-url.md": """
            ---
            username: bad-url
            name: Bad Url
            links:
              - { label: Home, url: "https://ok.example" }
              - { label: Click, url: "javascript:alert(1)" }
            ---
            Bio.

            """], file: "bad-url.md", field: "links[1].url", lines: [6]),
        BadInput(label: "unknown key", files: ["unknown.md": "---\nusername: unknown-key\nname: Unknown\ntwitter: x\n---\nBio.\n"],
                 file: "unknown.md", field: "twitter", lines: [4]),
        BadInput(label: "duplicate username (case-insensitive)", files: [
            "dup-a.md": "---\nusername: dup-user\nname: First\n---\nBio.\n",
            "dup-b.md": "---\nusername: Dup-User\nname: Second\n---\nBio.\n",
        ], file: "dup-b.md", field: "username", lines: [2]),
        BadInput(label: "invalid YAML", files: ["yaml.md": "---\nusername: broken-yaml\nname: [unclosed\nheadline: x\n---\nBio.\n"],
                 file: "yaml.md", field: nil, lines: [3, 4]),
    ]
}

/// A broken profiles directory is refused as a whole, with one line naming file, field and line, and the
/// database keeps exactly what it held.
@Suite("Bad input")
struct BadInputTests {
    @Test("import refuses the directory and changes nothing", arguments: BadInput.cases)
    func refused(_ input: BadInput) async throws {
        let site = try TempSite(demoProfiles: false)
        try site.writeProfile("good.md", profileFile(username: "good-one", name: "Good One", headline: "Original headline"))
        let first = await site.importProfiles()
        try #require(ImportSummary(first.stdout)?.created == 1, "\(first)")

        // Valid files sort before the broken one, so a partial import would already have written them.
        let bad = try site.directory("bad-profiles")
        try site.writeProfile("0-good.md", profileFile(username: "good-one", name: "Good One", headline: "Changed headline"), in: bad)
        try site.writeProfile("0-new.md", profileFile(username: "brand-new", name: "Brand New"), in: bad)
        for (name, text) in input.files { try site.writeProfile(name, text, in: bad) }

        let result = await site.importProfiles(from: bad)
        #expect(result.status != 0, "import succeeded: \(result)")
        let message = result.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!message.isEmpty && !message.contains("\n"), "not one line: \(result.stderr)")
        #expect(message.contains(input.file), "does not name \(input.file): \(message)")
        if let field = input.field {
            #expect(message.contains(field), "does not name the field \(field): \(message)")
        }
        if !input.lines.isEmpty {
            #expect(input.lines.contains { message.contains("\(input.file):\($0):") }, "does not point at line \(input.lines): \(message)")
        }

        let again = await site.importProfiles()
        let summary = try #require(ImportSummary(again.stdout), "\(again)")
        #expect(summary == ImportSummary("imported 1 profiles from x: 0 created, 0 updated, 1 unchanged"), "the database changed: \(again.stdout)")
        let built = await site.build()
        #expect(BuildSummary(built.stdout)?.profiles == 1, "\(built)")
        #expect(try site.text("@good-one/index.html").contains("Original headline"))
        #expect(!site.exists("@brand-new/index.html"))
    }
}
