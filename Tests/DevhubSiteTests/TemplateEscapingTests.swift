import DevhubCore
import DevhubSite
import DevhubStore
import Foundation
import Testing

/// Every template `SiteTemplates` loads — partials, files without a pragma, files asking for `TEXT` — escapes
/// values byte by byte, so a quote followed by a combining mark cannot leave an attribute; and forcing the escaper
/// changes nothing else in the output (standalone lines, whitespace).
@Suite struct TemplateEscapingTests {
    /// A value that leaves a double-quoted attribute if `"` + U+0301 is not escaped.
    static let breakout = "x\"\u{301} http-equiv=refresh content=0;url=https://evil.example \"\u{FE0F}<b>&\u{200D}'"

    /// A template directory holding `files` (name → text).
    private func templates(_ files: [String: String]) throws -> (SiteTemplates, URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("devhub-templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, text) in files {
            try Data(text.utf8).write(to: directory.appendingPathComponent(name + ".mustache"))
        }
        return (try SiteTemplates(directory: directory.path, required: []), directory)
    }

    /// `text` has no `"`, `<`, `>`, `'` or `&` byte except those of the template itself (`expectedQuotes` quotes).
    private func expectEscaped(_ text: String, quotes expectedQuotes: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        let bytes = Array(text.utf8)
        #expect(bytes.filter { $0 == UInt8(ascii: "\"") }.count == expectedQuotes, "\(text)", sourceLocation: sourceLocation)
        #expect(!bytes.contains(UInt8(ascii: "'")) && !text.contains("<b>"), "\(text)", sourceLocation: sourceLocation)
        #expect(text.contains("&quot;\u{301}") && text.contains("&amp;\u{200D}") && text.contains("&#39;"), "\(text)", sourceLocation: sourceLocation)
    }

    @Test("partials, pragma-less and TEXT templates all escape by byte")
    func everyTemplateEscapes() throws {
        let (site, directory) = try templates([
            "page": "{{% CONTENT_TYPE: HTML }}\n{{> head}}\n<p title=\"{{name}}\">{{name}}</p>\n",
            "head": "<meta name=\"description\" content=\"{{name}}\">",
            "bare": "<meta content=\"{{name}}\">\n{{#items}}<i data-x=\"{{.}}\">{{.}}</i>{{/items}}\n",
            "text": "{{%CONTENT_TYPE:TEXT}}\n<meta content=\"{{name}}\">",
            "late": "<a>\n{{% CONTENT_TYPE\u{3000}:\t TEXT }}\n<meta content=\"{{name}}\">",
            "delimiters": "{{=<% %>=}}\n<%% CONTENT_TYPE: TEXT %>\n<meta content=\"<% name %>\">",
        ])
        defer { try? FileManager.default.removeItem(at: directory) }
        let values: [String: Any] = ["name": Self.breakout, "items": [Self.breakout]]
        expectEscaped(try site.render("page", values), quotes: 6)
        expectEscaped(try site.render("head", values), quotes: 4)
        expectEscaped(try site.render("bare", values), quotes: 4)
        expectEscaped(try site.render("text", values), quotes: 2)
        expectEscaped(try site.render("delimiters", values), quotes: 2)
        // A `TEXT` pragma further down, spelled with Unicode white space, is turned into `HTML` too.
        expectEscaped(try site.render("late", values), quotes: 2)
    }

    @Test("forcing the escaper leaves standalone lines and whitespace as they were")
    func outputIsUnchangedForOrdinaryValues() throws {
        let (site, directory) = try templates([
            "section": "{{#items}}\n  <li>{{.}}</li>\n{{/items}}\n<p>end</p>\n",
            "comment": "{{! a comment line }}\n<p>{{name}}</p>\n",
            "pragma": "{{% CONTENT_TYPE: HTML }}\n{{> section}}\n",
            "indented": "<ul>\n  {{> section}}\n</ul>\n",
            "blank": "\n\n<p>{{name}}</p>",
        ])
        defer { try? FileManager.default.removeItem(at: directory) }
        let values: [String: Any] = ["name": "Ada & Grace", "items": ["a", "b"]]
        #expect(try site.render("section", values) == "  <li>a</li>\n  <li>b</li>\n<p>end</p>\n")
        #expect(try site.render("comment", values) == "<p>Ada &amp; Grace</p>\n")
        #expect(try site.render("pragma", values) == "  <li>a</li>\n  <li>b</li>\n<p>end</p>\n")
        let indented = try site.render("indented", values)
        // swift-mustache indents a standalone partial's lines after its first chunk (the section renders as one), as it
        // did before the forced pragma, whose token renders nothing.
        #expect(indented == "<ul>\n    <li>a</li>\n  <li>b</li>\n  <p>end</p>\n</ul>\n", "\(indented.debugDescription)")
        #expect(try site.render("blank", values) == "\n\n<p>Ada &amp; Grace</p>")
    }

    @Test("a parse error names the line as the author wrote it")
    func parseErrorLinesAreTheAuthors() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("devhub-templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("<p>one</p>\n<p>two</p>\n{{#open}}\n<p>{{/closed}}</p>\n".utf8).write(to: directory.appendingPathComponent("broken.mustache"))
        do {
            _ = try SiteTemplates(directory: directory.path, required: [])
            Issue.record("a broken template loaded")
        } catch {
            #expect(error.description.contains("broken.mustache:4:"), "\(error)")
        }
    }

    @Test("the shipped templates escape the display name in every partial")
    func shippedTemplatesEscapeInPartials() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let site = try SiteTemplates(directory: root.appendingPathComponent("site-templates").path)
        let head = try site.render("layout-head", ["lang": "en", "title": Self.breakout, "description": Self.breakout])
        let escaped = "&quot;\u{301} http-equiv=refresh", raw = "\"" + "\u{301}"
        #expect(!head.contains("http-equiv=refresh\"") && head.contains(escaped), "\(head)")
        #expect(!head.contains(raw), "\(head)")
    }

    // MARK: Search

    @Test(arguments: [
        "\"", "\"\u{301}", "\u{600}\"", "\u{110BD}\"ada", "ada*", "^ada", "name:ada", "(ada", "-ada", "NEAR(a b)", "a AND b", "a OR b",
        "NOT a", "\u{FFFD}\u{FFFF}", "ada\"lov", String(repeating: "\"a", count: 5000), "\u{301}\u{301}", "a\u{0}b",
    ])
    func searchPatternsAreQuotedWords(_ query: String) {
        guard let pattern = AppDatabase.ftsPattern(query) else { return }
        // `"word"*` terms separated by spaces, every inner quote doubled.
        for term in pattern.split(separator: " ") {
            #expect(term.hasPrefix("\"") && term.hasSuffix("\"*"), "\(pattern)")
            let inner = term.dropFirst().dropLast(2)
            #expect(!inner.replacingOccurrences(of: "\"\"", with: "").contains("\""), "\(pattern)")
        }
        #expect(pattern.split(separator: " ").count <= 10)
    }

    @Test func searchPatternKeepsOrdinaryWords() {
        #expect(AppDatabase.ftsPattern("Ada Lov") == "\"Ada\"* \"Lov\"*")
        #expect(AppDatabase.ftsPattern("jos\u{E9} e\u{301}") == "\"jos\u{E9}\"* \"e\u{301}\"*")
        #expect(AppDatabase.ftsPattern("\u{600}\"ada\"") == "\"ada\"*")
        #expect(AppDatabase.ftsPattern("AND OR NOT") == "\"AND\"* \"OR\"* \"NOT\"*")
        #expect(AppDatabase.ftsPattern("\"*:^()") == nil)
    }
}
