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
}
