import Foundation
import Testing

/// Broken template directories stop the build with an error naming the template, and leave the output alone.
@Suite("Template errors")
struct TemplateErrorTests {
    @Test("a missing profile.mustache is refused by name")
    func missingTemplate() async throws {
        let demo = try await DemoSite.build()
        let site = demo.site
        let broken = site.root.appendingPathComponent("templates-missing")
        try FileManager.default.copyItem(at: site.templates, to: broken)
        try FileManager.default.removeItem(at: broken.appendingPathComponent("profile.mustache"))
        let before = site.inodes()

        let result = await site.build(templates: broken)
        #expect(result.status != 0, "build succeeded: \(result)")
        #expect(result.stderr.contains("profile.mustache"), "does not name profile.mustache: \(result.stderr)")
        #expect(site.inodes() == before, "the output changed")
    }

    @Test("an unclosed section is refused, naming the file")
    func syntaxError() async throws {
        let demo = try await DemoSite.build()
        let site = demo.site
        let broken = site.root.appendingPathComponent("templates-syntax")
        try FileManager.default.copyItem(at: site.templates, to: broken)
        let directory = broken.appendingPathComponent("directory.mustache")
        let text = try String(contentsOf: directory, encoding: .utf8)
        try Data((text + "{{#unclosed}}\n<p>never closed</p>\n").utf8).write(to: directory)
        let before = site.inodes()

        let result = await site.build(templates: broken)
        #expect(result.status != 0, "build succeeded: \(result)")
        #expect(result.stderr.contains("directory.mustache"), "does not name directory.mustache: \(result.stderr)")
        #expect(!result.stderr.trimmingCharacters(in: .whitespacesAndNewlines).contains("\n"), "not one line: \(result.stderr)")
        #expect(site.inodes() == before, "the output changed")
    }
}
