import Foundation
import Testing

/// Re-imports and rebuilds: unchanged inputs write nothing, one edited profile rewrites only what shows it.
@Suite("Incremental build")
struct IncrementalBuildTests {
    @Test("a second build writes nothing and a re-import changes nothing")
    func nothingChanged() async throws {
        let demo = try await DemoSite.build()
        let site = demo.site
        let before = site.inodes()

        let again = await site.build()
        try #require(again.status == 0, "\(again)")
        let summary = try #require(BuildSummary(again.stdout), "no summary in \(again)")
        #expect(summary.written == 0 && summary.deleted == 0, "\(again.stdout)")
        #expect(summary.unchanged == before.count, "every one of the \(before.count) files should count as unchanged: \(again.stdout)")
        #expect(site.inodes() == before, "a file was rewritten although the build reported none")

        let reimport = await site.importProfiles()
        try #require(reimport.status == 0, "\(reimport)")
        let imported = try #require(ImportSummary(reimport.stdout), "no summary in \(reimport)")
        #expect(imported.created == 0 && imported.updated == 0 && imported.unchanged == demo.profiles.count, "\(reimport.stdout)")
        let third = await site.build()
        #expect(BuildSummary(third.stdout)?.written == 0, "a re-import of the same files made the build write: \(third)")
    }

    @Test("editing one profile's headline rewrites only its files, the directory page and the sitemap")
    func oneProfileEdited() async throws {
        let demo = try await DemoSite.build()
        let site = demo.site
        let profile = try #require(demo.publicProfiles.first { $0.customDomain == nil })
        let user = profile.username
        let before = site.inodes()
        let headline = "Now leading the incremental-rebuild working group"
        try site.editProfile(profile.file) { text in
            text.replacingOccurrences(of: #"(?m)^headline: .*$"#, with: "headline: \(headline)", options: .regularExpression)
        }

        let reimport = await site.importProfiles()
        try #require(reimport.status == 0, "\(reimport)")
        let imported = try #require(ImportSummary(reimport.stdout))
        #expect(imported.created == 0 && imported.updated == 1 && imported.unchanged == demo.profiles.count - 1, "\(reimport.stdout)")

        let built = await site.build()
        try #require(built.status == 0, "\(built)")
        let summary = try #require(BuildSummary(built.stdout), "no summary in \(built)")
        let after = site.inodes()
        let rewritten = Set(after.keys.filter { before[$0] != after[$0] })
        let allowed: Set = ["@\(user)/index.html", "@\(user)/qr.svg", "@\(user)/contact.vcf", "api/profiles/@\(user).json", "index.html", "sitemap.xml"]
        #expect(rewritten.isSubset(of: allowed), "also rewritten: \(rewritten.subtracting(allowed).sorted())")
        #expect(rewritten.isSuperset(of: ["@\(user)/index.html", "api/profiles/@\(user).json", "index.html"]), "rewritten: \(rewritten.sorted())")
        #expect(summary.written == rewritten.count, "reported \(summary.written) written, \(rewritten.count) files changed: \(rewritten.sorted())")
        #expect(summary.deleted == 0)
        #expect(Set(after.keys) == Set(before.keys), "the set of files changed")

        let page = HTMLPage(try site.text("@\(user)/index.html"))
        #expect(page.source.contains(headline), "the page does not show the new headline")
        #expect(try site.text("index.html").contains(headline), "the directory does not show the new headline")
        let json = try JSONSerialization.jsonObject(with: site.data("api/profiles/@\(user).json")) as? [String: Any]
        #expect(json?["headline"] as? String == headline)
    }

    @Test("changing the site's title rewrites the pages only; QR codes, vCards and JSON stay, a damaged one is restored")
    func titleChanged() async throws {
        let demo = try await DemoSite.build()
        let site = demo.site
        let profile = try #require(demo.publicProfiles.first { $0.customDomain == nil })
        let user = profile.username
        try Data("BEGIN:VCARD\n".utf8).write(to: site.out.appendingPathComponent("@\(user)/contact.vcf"))
        let before = site.inodes()
        let config = try String(contentsOf: site.content.appendingPathComponent("site.yml"), encoding: .utf8)
        try site.writeSiteConfig(config.replacingOccurrences(of: #"(?m)^title: .*$"#, with: "title: Renamed Demo", options: .regularExpression))

        let built = await site.build()
        try #require(built.status == 0, "\(built)")
        let summary = try #require(BuildSummary(built.stdout), "no summary in \(built)")
        let after = site.inodes()
        let rewritten = Set(after.keys.filter { before[$0] != after[$0] })
        let data = rewritten.filter { $0.hasSuffix("qr.svg") || $0.hasSuffix(".vcf") || $0.hasPrefix("api/profiles/") }
        #expect(data == ["@\(user)/contact.vcf"], "data files rewritten: \(data.sorted())")
        for other in demo.publicProfiles {
            #expect(rewritten.contains("@\(other.username)/index.html"), "the page of \(other.username) still shows the old title")
        }
        #expect(summary.written == rewritten.count, "reported \(summary.written) written, \(rewritten.count) files changed")
        #expect(try site.text("@\(user)/index.html").contains("Renamed Demo"))
        #expect(try site.text("@\(user)/contact.vcf").contains("END:VCARD"), "the damaged vCard was not restored")

        let clean = site.root.appendingPathComponent("clean")
        try #require(await site.build(into: clean).status == 0)
        OutputTree.expectEqual(site, site.out, clean)
    }
}
