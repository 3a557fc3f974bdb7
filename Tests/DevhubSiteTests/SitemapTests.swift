import DevhubSite
import Testing

/// `Sitemap`: one file up to 50,000 URLs, shards past that, escaped `urlset` and `sitemapindex` documents.
@Suite struct SitemapTests {
    static func entries(_ count: Int) -> [Sitemap.Entry] {
        (0..<count).map { Sitemap.Entry(location: "https://devhub.example/@user\($0)", lastModified: "2026-11-21T20:16:57Z") }
    }

    @Test func noEntriesIsOneEmptySitemap() {
        let layout = Sitemap.Layout(entryCount: 0)
        #expect(!layout.isSplit)
        #expect(layout.shardCount == 0)
        #expect(layout.split(Self.entries(0)) == [[]])
        #expect(!Sitemap.urlset([]).contains("<url>"))
    }

    @Test func oneEntryOneSitemap() {
        let layout = Sitemap.Layout(entryCount: 1)
        #expect(!layout.isSplit)
        #expect(layout.shard(ofPosition: 0) == nil)
        #expect(layout.split(Self.entries(1)) == [Self.entries(1)])
    }

    @Test func exactlyFiftyThousandIsOneSitemap() {
        let all = Self.entries(50_000)
        let layout = Sitemap.Layout(entryCount: all.count)
        #expect(!layout.isSplit)
        #expect(layout.shardCount == 0)
        let files = layout.split(all)
        #expect(files.count == 1)
        #expect(files.first == all)
    }

    @Test func fiftyThousandAndOneIsTwoShards() {
        let all = Self.entries(50_001)
        let layout = Sitemap.Layout(entryCount: all.count)
        #expect(layout.isSplit)
        #expect(layout.shardCount == 2)
        let shards = layout.split(all)
        #expect(shards.map(\.count) == [50_000, 1])
        #expect(shards.last?.first?.location == "https://devhub.example/@user50000")
        #expect(Array(shards.joined()) == all)
        #expect(layout.shard(ofPosition: 49_999) == 1)
        #expect(layout.shard(ofPosition: 50_000) == 2)
    }

    @Test(arguments: [(10, 5, [5, 5]), (9, 3, [3, 3, 3]), (7, 3, [3, 3, 1]), (4, 1, [1, 1, 1, 1])])
    func smallMaxURLs(_ count: Int, _ maxURLs: Int, _ expected: [Int]) {
        let all = Self.entries(count)
        let layout = Sitemap.Layout(entryCount: count, maxURLs: maxURLs)
        #expect(layout.shardCount == expected.count)
        let shards = layout.split(all)
        #expect(shards.map(\.count) == expected)
        #expect(Array(shards.joined()) == all)
    }

    @Test func shardsSmallerThanTheLimit() {
        let layout = Sitemap.Layout(entryCount: 10, maxURLs: 8, shardURLs: 4)
        #expect(layout.split(Self.entries(10)).map(\.count) == [4, 4, 2])
        // A shard size above the limit is capped at it.
        #expect(Sitemap.Layout(entryCount: 10, maxURLs: 3, shardURLs: 100).shardURLs == 3)
    }

    @Test func positionsAndShardsAgree() throws {
        let layout = Sitemap.Layout(entryCount: 23, maxURLs: 5)
        for position in 0..<23 {
            let shard = try #require(layout.shard(ofPosition: position))
            #expect(layout.positions(ofShard: shard).contains(position))
        }
        #expect(layout.positions(ofShard: layout.shardCount) == 20..<23)
    }

    @Test func fullShardOfLongURLsFitsTheByteLimit() {
        // The longest profile URL we expect: a long base URL, a 39-character username, a lastmod.
        let base = "https://" + String(repeating: "sub.", count: 40) + "example.com/" + String(repeating: "p", count: 60)
        let entry = Sitemap.Entry(location: base + "/@" + String(repeating: "u", count: 39) + "/", lastModified: "2026-11-21T20:16:57Z")
        let layout = Sitemap.Layout(entryCount: Sitemap.maxURLs + 1)
        let shard = Array(repeating: entry, count: layout.shardURLs)
        #expect(Sitemap.urlset(shard).utf8.count <= Sitemap.maxBytes)
    }

    @Test func urlsetEscapesLocations() {
        let document = Sitemap.urlset([Sitemap.Entry(location: "https://devhub.example/?a=1&b=<2>", lastModified: nil)])
        #expect(document.contains("<loc>https://devhub.example/?a=1&amp;b=&lt;2&gt;</loc>"))
        #expect(!document.contains("&b"))
        #expect(!document.contains("<lastmod>"))
    }

    @Test func urlsetIsAWellFormedDocument() {
        let document = Sitemap.urlset(Self.entries(2))
        #expect(document.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"))
        #expect(document.hasSuffix("</urlset>\n"))
        #expect(document.contains("<url><loc>https://devhub.example/@user1</loc><lastmod>2026-11-21T20:16:57Z</lastmod></url>"))
        #expect(document.components(separatedBy: "<url>").count - 1 == 2)
    }

    @Test func indexListsShardLocationsInOrder() throws {
        let shards = [
            Sitemap.Entry(location: "https://devhub.example/sitemap-1.xml", lastModified: "2026-11-20T00:00:00Z"),
            Sitemap.Entry(location: "https://devhub.example/sitemap-2.xml", lastModified: nil),
        ]
        let document = Sitemap.index(shards)
        #expect(document.contains("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"))
        #expect(document.contains("<sitemap><loc>https://devhub.example/sitemap-1.xml</loc><lastmod>2026-11-20T00:00:00Z</lastmod></sitemap>"))
        #expect(document.contains("<sitemap><loc>https://devhub.example/sitemap-2.xml</loc></sitemap>"))
        let first = try #require(document.range(of: "sitemap-1.xml"))
        let second = try #require(document.range(of: "sitemap-2.xml"))
        #expect(first.lowerBound < second.lowerBound)
        #expect(document.hasSuffix("</sitemapindex>\n"))
    }
}
