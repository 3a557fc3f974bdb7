import Foundation
import Testing

/// The seal of the last complete full build (`.devhub-seal` + the manifest): a no-op build trusts it instead of
/// confirming every file, so everything that could make it wrong must withdraw it.
@Suite("Build seal")
struct BuildSealTests {
    @Test("build --verify confirms every file: one deleted by hand is written again, nothing else")
    func verifyRestoresADeletedFile() async throws {
        let demo = try await DemoSite.build()
        let site = demo.site
        let user = try #require(demo.publicProfiles.first { $0.customDomain == nil }).username
        let before = site.inodes()
        try FileManager.default.removeItem(at: site.out.appendingPathComponent("@\(user)/index.html"))

        let verified = await site.build(options: ["--verify"])
        try #require(verified.status == 0, "\(verified)")
        let summary = try #require(BuildSummary(verified.stdout), "no summary in \(verified)")
        #expect(summary.written == 1 && summary.deleted == 0, "\(verified.stdout)")
        let after = site.inodes()
        #expect(Set(after.keys) == Set(before.keys), "the set of files changed")
        // (The new page may get the deleted one's inode number back: only the other files are compared.)
        #expect(after.filter { $0.key != "@\(user)/index.html" && before[$0.key] != $0.value }.isEmpty, "other files were rewritten")
        #expect(try site.text("@\(user)/index.html").hasSuffix("</html>\n"))
    }

    @Test("an output folder deleted since the sealed build is rebuilt whole")
    func deletedFolderIsRebuilt() async throws {
        let demo = try await DemoSite.build()
        let site = demo.site
        let before = site.files()
        try FileManager.default.removeItem(at: site.out)

        let built = await site.build()
        try #require(built.status == 0, "\(built)")
        #expect(BuildSummary(built.stdout)?.written == before.count, "\(built.stdout)")
        #expect(site.files() == before)
        let clean = site.root.appendingPathComponent("clean")
        try #require(await site.build(into: clean).status == 0)
        OutputTree.expectEqual(site, site.out, clean)
    }

    @Test("a build that stops half-way withdraws the seal: after the title is changed back, the pages it rewrote are rewritten again")
    func stoppedBuildWithdrawsTheSeal() async throws {
        let demo = try await DemoSite.build()
        let site = demo.site
        let config = try String(contentsOf: site.content.appendingPathComponent("site.yml"), encoding: .utf8)
        let profiles = demo.publicProfiles.filter { $0.customDomain == nil }.map(\.username).sorted()
        let last = try #require(profiles.last)
        // A folder where the last profile's page goes: renaming the page over it fails, so the build stops after
        // the site files and the other profiles' pages were written with the new title.
        let page = site.out.appendingPathComponent("@\(last)/index.html")
        try FileManager.default.removeItem(at: page)
        try FileManager.default.createDirectory(at: page.appendingPathComponent("obstacle"), withIntermediateDirectories: true)
        try site.writeSiteConfig(config.replacingOccurrences(
            of: #"(?m)^title: .*$"#, with: "title: A Title Long Enough To Change Every Page Size", options: .regularExpression))
        let stopped = await site.build()
        try #require(stopped.status != 0, "the build did not stop: \(stopped)")
        let first = try #require(profiles.first)
        try #require(try site.text("@\(first)/index.html").contains("A Title Long Enough"), "the stopped build wrote no profile page")

        try FileManager.default.removeItem(at: page)
        try site.writeSiteConfig(config)
        let built = await site.build()
        try #require(built.status == 0, "\(built)")
        #expect(!(try site.text("@\(first)/index.html").contains("A Title Long Enough")), "a page of the stopped build was kept")
        let clean = site.root.appendingPathComponent("clean")
        try #require(await site.build(into: clean).status == 0)
        OutputTree.expectEqual(site, site.out, clean)
    }
}
