import Foundation
import Testing

/// Small `sitemap_max_urls` and `directory_page_size` split the sitemap and page the directory; fewer profiles
/// later remove the extra files.
@Suite("Sitemap split and directory paging")
struct SitemapPagingTests {
    static let users = (1...7).map { "member-\($0)" }

    @Test("7 profiles, 3 URLs per sitemap, 2 profiles per page")
    func splitAndPage() async throws {
        let site = try TempSite(demoProfiles: false)
        try site.writeSiteConfig("title: Paging Test\ndescription: Many pages.\nlanguage: en\ndirectory_page_size: 2\nsitemap_max_urls: 3\n")
        for user in Self.users {
            try site.writeProfile("\(user).md", profileFile(username: user, name: "Member \(user.dropFirst(7))", headline: "Tester"))
        }
        try #require(await site.importProfiles().status == 0)
        let built = await site.build()
        try #require(built.status == 0, "\(built)")

        let fixed = ["/", "/about/", "/privacy/"].map { TempSite.baseURL + $0 }
        try checkSitemap(site, expected: fixed + Self.users.map { "\(TempSite.baseURL)/@\($0)/" })
        try checkDirectory(site, users: Self.users)

        for user in Self.users.suffix(4) { try site.addFrontMatterLine("public: false", to: "\(user).md") }
        try #require(await site.importProfiles().status == 0)
        let rebuilt = await site.build()
        try #require(rebuilt.status == 0, "\(rebuilt)")
        let summary = try #require(BuildSummary(rebuilt.stdout))
        #expect(summary.profiles == 3)
        let remaining = Array(Self.users.prefix(3))
        try checkSitemap(site, expected: fixed + remaining.map { "\(TempSite.baseURL)/@\($0)/" })
        try checkDirectory(site, users: remaining)
        for number in 3...4 {
            #expect(!site.exists("page/\(number)/index.html"), "page \(number) was not deleted")
            #expect(!FileManager.default.fileExists(atPath: site.out.appendingPathComponent("page/\(number)").path), "page/\(number)/ is left")
        }
    }

    /// The sitemap is an index over `sitemap-1.xml`… holding exactly `expected`, at most 3 per file, and nothing else.
    private func checkSitemap(_ site: TempSite, expected: [String]) throws {
        let shardCount = (expected.count + 2) / 3
        let index = try #require(XMLTree.parse(try site.data("sitemap.xml")), "sitemap.xml is not XML")
        try #require(index.name == "sitemapindex", "sitemap.xml is a \(index.name), not a sitemapindex")
        let shards = index.children("sitemap").compactMap { $0.childText("loc") }
        #expect(shards == (1...shardCount).map { "\(TempSite.baseURL)/sitemap-\($0).xml" }, "index lists \(shards)")
        var listed: [String] = []
        for number in 1...shardCount {
            let shard = try #require(XMLTree.parse(try site.data("sitemap-\(number).xml")), "sitemap-\(number).xml")
            #expect(shard.name == "urlset")
            let urls = shard.children("url").compactMap { $0.childText("loc") }
            #expect(!urls.isEmpty && urls.count <= 3, "sitemap-\(number).xml has \(urls.count) URLs")
            listed += urls
        }
        #expect(listed.sorted() == expected.sorted(), "the shards list \(listed)")
        let extra = site.files().filter { $0.hasPrefix("sitemap-") && !(1...shardCount).map { "sitemap-\($0).xml" }.contains($0) }
        #expect(extra.isEmpty, "stale shards: \(extra)")
    }

    /// The directory has ceil(n/2) pages with prev/next links and canonical URLs, and lists `users` in order.
    private func checkDirectory(_ site: TempSite, users: [String]) throws {
        let count = (users.count + 1) / 2
        func url(_ number: Int) -> String { number == 1 ? "/" : "/page/\(number)/" }
        var listed: [String] = []
        for number in 1...count {
            let path = number == 1 ? "index.html" : "page/\(number)/index.html"
            let page = HTMLPage(try site.text(path))
            #expect(page.links(rel: "canonical").first?["href"] == TempSite.baseURL + url(number), "\(path): canonical")
            #expect(page.links(rel: "prev").first?["href"] == (number > 1 ? url(number - 1) : nil), "\(path): rel=prev")
            #expect(page.links(rel: "next").first?["href"] == (number < count ? url(number + 1) : nil), "\(path): rel=next")
            listed += page.tags.compactMap { $0.name == "a" ? $0["href"] : nil }.filter { $0.hasPrefix("/@") }
        }
        #expect(listed == users.map { "/@\($0)/" }, "the pages list \(listed)")
        #expect(!site.exists("page/\(count + 1)/index.html"), "page \(count + 1) exists")
    }
}
