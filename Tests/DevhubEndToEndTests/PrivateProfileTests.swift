import Foundation
import Testing

/// Making a published profile private removes everything the generator wrote for it on the next build.
@Suite("Profile made private")
struct PrivateProfileTests {
    @Test("public: false removes the profile's files and its directory entry")
    func madePrivate() async throws {
        let demo = try await DemoSite.build()
        let site = demo.site
        let profile = try #require(demo.publicProfiles.first { $0.customDomain == nil })
        let user = profile.username
        try #require(profile.outputFiles.allSatisfy { site.exists($0) })
        try #require(try site.text("index.html").contains("/@\(user)/"))

        try site.addFrontMatterLine("public: false", to: profile.file)
        let imported = await site.importProfiles()
        try #require(imported.status == 0, "\(imported)")
        #expect(ImportSummary(imported.stdout)?.updated == 1, "\(imported.stdout)")
        let built = await site.build()
        try #require(built.status == 0, "\(built)")
        let summary = try #require(BuildSummary(built.stdout), "no summary in \(built)")

        #expect(summary.profiles == demo.publicProfiles.count - 1, "\(built.stdout)")
        #expect(summary.deleted >= profile.outputFiles.count, "\(built.stdout)")
        for path in profile.outputFiles {
            #expect(!site.exists(path), "\(path) is still there")
        }
        #expect(!FileManager.default.fileExists(atPath: site.out.appendingPathComponent("@\(user)").path), "its folder is still there")
        #expect(!site.files().contains { $0.contains(user) }, "files still name \(user)")
        #expect(!(try site.text("index.html")).contains("@\(user)"), "the directory still lists \(user)")
        #expect(!(try site.text("sitemap.xml")).contains("@\(user)"), "the sitemap still lists \(user)")
    }

    @Test("a custom-domain profile made private loses its domain root and its domains.json entry")
    func customDomainMadePrivate() async throws {
        let demo = try await DemoSite.build()
        let site = demo.site
        let profile = try #require(demo.publicProfiles.first { $0.customDomain != nil })
        let domain = try #require(profile.customDomain)
        try #require(site.exists("domains/\(domain)/index.html"))

        try site.addFrontMatterLine("public: false", to: profile.file)
        let imported = await site.importProfiles()
        try #require(imported.status == 0, "\(imported)")
        let built = await site.build()
        try #require(built.status == 0, "\(built)")
        #expect((BuildSummary(built.stdout)?.deleted ?? 0) >= profile.outputFiles.count, "\(built.stdout)")
        for path in profile.outputFiles {
            #expect(!site.exists(path), "\(path) is still there")
        }
        #expect(!FileManager.default.fileExists(atPath: site.out.appendingPathComponent("domains/\(domain)").path))
        let map = try JSONSerialization.jsonObject(with: site.data("domains.json")) as? [String: Any]
        #expect(map?[domain] == nil, "domains.json still maps \(domain)")
    }
}
