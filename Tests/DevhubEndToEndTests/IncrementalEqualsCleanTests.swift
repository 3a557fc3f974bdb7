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
        /// `targeted` says whether the build must have stayed targeted (it looked at a handful of files) or must
        /// have fallen back to the full pipeline (it looked at every file).
        func check(_ what: String, only: String? = nil, targeted: Bool = false) async throws {
            step += 1
            try #require(await site.importProfiles().status == 0)
            var arguments = [
                "build", "--db", site.db.path, "--out", site.out.path, "--base-url", TempSite.baseURL,
                "--content", site.content.path, "--templates", site.templates.path,
            ]
            if let only { arguments += ["--only", only] }
            let incremental = await Devhub.run(arguments, in: site.root)
            try #require(incremental.status == 0, "\(what): \(incremental)")
            let counts = try #require(Self.filesLookedAt(incremental.stdout), "\(what): \(incremental)")
            if targeted {
                #expect(counts < 20, "\(what) should stay targeted: \(incremental.stdout)")
            } else {
                #expect(counts > 40, "\(what) should run the full pipeline: \(incremental.stdout)")
            }
            let clean = site.root.appendingPathComponent("clean-\(step)")
            try #require(await site.build(into: clean).status == 0)
            OutputTree.expectEqual(site, site.out, clean)
        }

        try site.writeProfile("p5.md", CrashSafetyTests.profile(5, headline: "Edited headline"))
        try await check("targeted headline edit", only: "u5", targeted: true)
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
        try site.writeSiteConfig("title: Test\ndirectory_page_size: 3\nsitemap_max_urls: 5\nsitemap_shard_urls: 4\n")
        try await check("settings changed back")

        try site.writeProfile("p1.md", CrashSafetyTests.profile(1, headline: "Second edit"))
        try site.writeProfile("p10.md", CrashSafetyTests.profile(10, headline: "Second edit"))
        try await check("targeted: two profiles on different directory pages and sitemap shards", only: "u1,u10", targeted: true)
        try site.writeProfile("p100.md", CrashSafetyTests.profile(100, headline: "Imported without a build"))
        try site.writeProfile("p2.md", CrashSafetyTests.profile(2, headline: "Third edit"))
        try await check("a profile joined since the last build: a targeted build of another falls back", only: "u2")
        try site.writeProfile("p4.md", CrashSafetyTests.profile(4, headline: "Fourth edit"))
        try await check("targeted again once the layout is saved", only: "u4", targeted: true)
        try site.writeSiteConfig("title: Test\ndirectory_page_size: 4\nsitemap_max_urls: 50\n")
        try await check("page sizes changed: a targeted build falls back", only: "u4")
        try site.writeProfile("p6.md", CrashSafetyTests.profile(6, headline: "Fifth edit"))
        try await check("targeted with a sitemap that is not split", only: "u6", targeted: true)
    }

    /// Files a build wrote or found unchanged, from its summary line (`N profiles, W written, U unchanged, …`).
    static func filesLookedAt(_ summary: String) -> Int? {
        let numbers = summary.split(separator: ",").compactMap { part -> Int? in
            let words = part.split(separator: " ")
            guard words.count == 2, words[1] == "written" || words[1] == "unchanged" else { return nil }
            return Int(words[0])
        }
        return numbers.count == 2 ? numbers.reduce(0, +) : nil
    }
}
