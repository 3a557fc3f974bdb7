import Foundation
import Testing

/// After any sequence of edits and incremental (or targeted) builds, the output equals a clean build's.
@Suite("Incremental equals clean")
struct IncrementalEqualsCleanTests {
    @Test func everyEditLeavesTheSameTreeAsACleanBuild() async throws {
        let site = try TempSite(demoProfiles: false)
        try site.writeSiteConfig("title: Test\ndirectory_page_size: 3\nsitemap_max_urls: 5\nsitemap_shard_urls: 4\n")
        for index in 0..<12 { try site.writeProfile("p\(index).md", CrashSafetyTests.profile(index, headline: "Start")) }
        try #require(await site.importProfiles().status == 0)
        try #require(await site.build().status == 0)
        var step = 0

        /// Re-imports, builds (targeted at `only` when given), and compares with a clean build of the same database.
        func check(_ what: String, only: String? = nil) async throws {
            step += 1
            try #require(await site.importProfiles().status == 0)
            var arguments = [
                "build", "--db", site.db.path, "--out", site.out.path, "--base-url", TempSite.baseURL,
                "--content", site.content.path, "--templates", site.templates.path,
            ]
            if let only { arguments += ["--only", only] }
            let incremental = await Devhub.run(arguments, in: site.root)
            try #require(incremental.status == 0, "\(what): \(incremental)")
            let clean = site.root.appendingPathComponent("clean-\(step)")
            try #require(await site.build(into: clean).status == 0)
            OutputTree.expectEqual(site, site.out, clean)
        }

        try site.writeProfile("p5.md", CrashSafetyTests.profile(5, headline: "Edited headline"))
        try await check("targeted headline edit", only: "u5")
        try site.addFrontMatterLine("public: false", to: "p7.md")
        try await check("targeted: made private (falls back to the full pipeline)", only: "u7")
        try site.addFrontMatterLine("custom_domain: seven.example.net", to: "p3.md")
        try await check("targeted: new custom domain", only: "u3")
        try site.writeProfile("p99.md", CrashSafetyTests.profile(99, headline: "Newcomer"))
        try await check("new profile, full incremental build")
        try site.editProfile("p0.md") { $0.replacingOccurrences(of: "custom_domain: u0.example.org\n", with: "") }
        try await check("custom domain removed, full incremental build")
        let foot = site.templates.appendingPathComponent("layout-foot.mustache")
        try Data((try String(contentsOf: foot, encoding: .utf8) + "<!-- edited -->\n").utf8).write(to: foot, options: .atomic)
        try await check("template changed")
        try site.writeSiteConfig("title: Test\ndirectory_page_size: 5\nsitemap_max_urls: 50\n")
        try await check("settings changed")
    }
}
