import Foundation
import Testing

/// Imports and builds the demo content with the real binary and checks the output tree against the contracts.
@Suite("Demo build")
struct DemoBuildTests {
    @Test("every documented file exists, and only public profiles have files")
    func outputLayout() async throws {
        let demo = try await DemoSite.build()
        let files = Set(demo.site.files())
        for profile in demo.publicProfiles {
            for path in profile.outputFiles {
                #expect(files.contains(path), "missing \(path)")
            }
        }
        for path in ["index.html", "404.html", "robots.txt", "sitemap.xml", "_headers", "domains.json", "about/index.html", "privacy/index.html"] {
            #expect(files.contains(path), "missing \(path)")
        }
        #expect(files.contains { $0.wholeMatch(of: #/assets/style\.[0-9a-f]+\.css/#) != nil }, "no fingerprinted stylesheet in \(files.sorted())")
        #expect(files.contains { $0.wholeMatch(of: #/assets/default-avatar\.[0-9a-f]+\.png/#) != nil }, "no fingerprinted default avatar")
        let stylesheet = try #require(try demo.page("index.html").links(rel: "stylesheet").first?["href"])
        #expect(files.contains(String(stylesheet.dropFirst())), "index.html links \(stylesheet), which was not written")

        for profile in demo.privateProfiles {
            #expect(!files.contains { $0.contains(profile.username) }, "private \(profile.username) has files")
            for path in ["index.html", "sitemap.xml"] {
                #expect(!(try demo.site.text(path)).contains("@\(profile.username)"), "\(path) mentions private \(profile.username)")
            }
        }
        let directory = try demo.site.text("index.html")
        for profile in demo.publicProfiles {
            #expect(directory.contains("href=\"/@\(profile.username)/\""), "the directory does not link \(profile.username)")
        }
    }

    @Test("profile pages carry title, description, canonical, Open Graph, Twitter, rel=me and h-card")
    func profileMetadata() async throws {
        let demo = try await DemoSite.build()
        for profile in demo.publicProfiles {
            let page = try demo.page("@\(profile.username)/index.html")
            let canonical = demo.canonical(profile)
            let who = profile.username
            #expect(page.title?.contains(profile.name) == true, "\(who): title \(page.title ?? "none")")
            let description = try #require(page.meta(name: "description"), "\(who): no meta description")
            #expect(!description.isEmpty && description.count <= 160, "\(who): description has \(description.count) characters")
            #expect(page.links(rel: "canonical").first?["href"] == canonical, "\(who): canonical")
            #expect(page.meta(property: "og:title")?.isEmpty == false, "\(who): og:title")
            #expect(page.meta(property: "og:description")?.isEmpty == false, "\(who): og:description")
            #expect(page.meta(property: "og:url") == canonical, "\(who): og:url")
            #expect(page.meta(property: "og:type") == "profile", "\(who): og:type")
            #expect(page.meta(property: "profile:username") == profile.username, "\(who): profile:username")
            #expect(page.meta(name: "twitter:card")?.isEmpty == false, "\(who): twitter:card")
            let image = try #require(page.meta(property: "og:image"), "\(who): og:image")
            #expect(isAbsolute(image), "\(who): og:image \(image) is not absolute")
            if image.hasPrefix(TempSite.baseURL + "/") {
                #expect(demo.site.exists(String(image.dropFirst(TempSite.baseURL.count + 1))), "\(who): og:image \(image) was not written")
            }
            #expect(page.tags.contains { $0["class"]?.split(separator: " ").contains("h-card") == true }, "\(who): no h-card")

            let json = try demo.json(profile)
            let links = (json["links"] as? [[String: Any]] ?? []).compactMap { $0["url"] as? String }
            let expected = Set(links + [json["website"] as? String].compactMap { $0 })
            let relMe = Set(page.links(rel: "me").compactMap { $0["href"] })
            #expect(!relMe.isEmpty && relMe == expected, "\(who): rel=me \(relMe.sorted()) vs links \(expected.sorted())")
        }
    }

    @Test("the JSON-LD parses as a ProfilePage whose main entity is the Person")
    func structuredData() async throws {
        let demo = try await DemoSite.build()
        for profile in demo.publicProfiles {
            let who = profile.username
            let page = try demo.page("@\(who)/index.html")
            let blocks = try page.jsonLD()
            try #require(blocks.count == 1, "\(who): \(blocks.count) JSON-LD blocks")
            let ld = try #require(blocks[0] as? [String: Any], "\(who): JSON-LD is not an object")
            #expect(ld["@type"] as? String == "ProfilePage", "\(who): @type")
            let person = try #require(ld["mainEntity"] as? [String: Any], "\(who): no mainEntity")
            let json = try demo.json(profile)
            #expect(person["@type"] as? String == "Person", "\(who): mainEntity @type")
            #expect(person["name"] as? String == json["name"] as? String && person["name"] as? String == profile.name, "\(who): name")
            #expect(person["alternateName"] as? String == "@\(who)", "\(who): alternateName")
            #expect((person["identifier"] as? String)?.isEmpty == false, "\(who): identifier")
            #expect(person["url"] as? String == demo.canonical(profile), "\(who): url")
            let sameAs = person["sameAs"] as? [String]
            #expect(sameAs?.isEmpty == false && sameAs?.allSatisfy(isAbsolute) == true, "\(who): sameAs \(String(describing: sameAs))")
            #expect(person["knowsAbout"] as? [String] == json["skills"] as? [String], "\(who): knowsAbout")
        }
    }

    @Test("a custom-domain profile is canonical on its domain, has its own root and stays out of the base sitemap")
    func customDomain() async throws {
        let demo = try await DemoSite.build()
        let profile = try #require(demo.publicProfiles.first { $0.customDomain != nil })
        let domain = try #require(profile.customDomain)
        let canonical = "https://\(domain)/"
        for path in ["@\(profile.username)/index.html", "domains/\(domain)/index.html"] {
            let page = try demo.page(path)
            #expect(page.links(rel: "canonical").first?["href"] == canonical, "\(path): canonical")
            #expect(page.meta(property: "og:url") == canonical, "\(path): og:url")
        }
        let stylesheet = try demo.page("domains/\(domain)/index.html").links(rel: "stylesheet").first?["href"] ?? ""
        #expect(stylesheet.hasPrefix(TempSite.baseURL + "/assets/"), "the domain page's stylesheet \(stylesheet) must be absolute")

        let base = try #require(XMLTree.parse(try demo.site.data("sitemap.xml")), "sitemap.xml is not XML")
        let locations = base.children("url").compactMap { $0.childText("loc") }
        #expect(!locations.contains { $0.contains("@\(profile.username)") || $0.contains(domain) }, "base sitemap lists \(profile.username)")

        let own = try #require(XMLTree.parse(try demo.site.data("domains/\(domain)/sitemap.xml")), "domain sitemap is not XML")
        #expect(own.name == "urlset" && own.children("url").compactMap { $0.childText("loc") } == [canonical])
        #expect(try demo.site.text("domains/\(domain)/robots.txt").contains("Sitemap: \(canonical)sitemap.xml"))

        let map = try JSONSerialization.jsonObject(with: demo.site.data("domains.json")) as? [String: String]
        let expected = Dictionary(uniqueKeysWithValues: demo.publicProfiles.compactMap(\.customDomain).map { ($0, "/domains/\($0)/") })
        #expect(map == expected, "domains.json")
    }

    @Test("the profile JSON has username, name, links, skills and url")
    func profileJSON() async throws {
        let demo = try await DemoSite.build()
        for profile in demo.publicProfiles {
            let json = try demo.json(profile)
            #expect(json["username"] as? String == profile.username)
            #expect(json["name"] as? String == profile.name)
            let links = try #require(json["links"] as? [[String: Any]], "\(profile.username): links")
            #expect(!links.isEmpty && links.allSatisfy { $0["label"] is String && $0["url"] is String })
            #expect((json["skills"] as? [String])?.isEmpty == false, "\(profile.username): skills")
            #expect(json["url"] as? String == demo.canonical(profile))
        }
    }

    @Test("vCards are 4.0 with CRLF line ends and lines of at most 75 octets")
    func vCards() async throws {
        // A long, multi-byte headline makes sure folding happens at least once.
        let long = String(repeating: "Łódź ", count: 23) + "end"
        let demo = try await DemoSite.build { site in
            try site.writeProfile("vcard-fold.md", profileFile(username: "vcard-fold", name: "Żaneta Ölçer-Łukasiewicz", headline: long))
        }
        for username in demo.publicProfiles.map(\.username) + ["vcard-fold"] {
            let bytes = [UInt8](try demo.site.data("@\(username)/contact.vcf"))
            for (index, byte) in bytes.enumerated() {
                if byte == 0x0A { #expect(index > 0 && bytes[index - 1] == 0x0D, "\(username): LF without CR at \(index)") }
                if byte == 0x0D { #expect(index + 1 < bytes.count && bytes[index + 1] == 0x0A, "\(username): CR without LF at \(index)") }
            }
            #expect(bytes.suffix(2) == [0x0D, 0x0A], "\(username): no final CRLF")
            let text = String(decoding: bytes, as: UTF8.self)
            let physical = text.components(separatedBy: "\r\n").dropLast()
            for line in physical {
                #expect(line.utf8.count <= 75, "\(username): \(line.utf8.count) octets: \(line)")
            }
            let logical = text.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "\r\n").dropLast()
            #expect(logical.first == "BEGIN:VCARD" && logical.last == "END:VCARD", "\(username): BEGIN/END")
            #expect(logical.dropFirst().first == "VERSION:4.0", "\(username): VERSION:4.0 must follow BEGIN")
            #expect(logical.contains { $0.hasPrefix("FN:") }, "\(username): FN")
            if username == "vcard-fold" {
                #expect(physical.count > logical.count, "the long headline was not folded")
                #expect(logical.contains("TITLE:" + long), "folding damaged the headline")
            }
        }
    }

    @Test("the sitemap lists every base-hosted public profile with lastmod, and robots.txt points at it")
    func sitemapAndRobots() async throws {
        let demo = try await DemoSite.build()
        let robots = try demo.site.text("robots.txt")
        #expect(robots.contains("Sitemap: \(TempSite.baseURL)/sitemap.xml"), "robots.txt: \(robots)")
        let sitemap = try #require(XMLTree.parse(try demo.site.data("sitemap.xml")), "sitemap.xml is not XML")
        #expect(sitemap.name == "urlset")
        let urls = sitemap.children("url")
        let locations = urls.compactMap { $0.childText("loc") }
        #expect(Set(locations).count == locations.count, "duplicate URLs in the sitemap")
        #expect(locations.allSatisfy { $0.hasPrefix(TempSite.baseURL + "/") }, "relative or foreign URLs: \(locations)")
        #expect(locations.contains(TempSite.baseURL + "/"))
        for profile in demo.publicProfiles where profile.customDomain == nil {
            let url = try #require(urls.first { $0.childText("loc") == demo.canonical(profile) }, "\(profile.username) not in the sitemap")
            let lastmod = url.childText("lastmod") ?? ""
            #expect(lastmod.wholeMatch(of: #/\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?/#) != nil,
                    "\(profile.username): lastmod '\(lastmod)'")
        }
    }

    @Test("no page shows a Swift nil")
    func noNil() async throws {
        let demo = try await DemoSite.build()
        for path in demo.site.files() where path.hasSuffix(".html") {
            let html = try demo.site.text(path)
            #expect(!html.contains(">nil<") && !html.contains("=\"nil\""), "\(path) renders nil")
        }
    }
}

/// Whether `url` is an absolute http(s) URL with a host.
func isAbsolute(_ url: String) -> Bool {
    guard let components = URLComponents(string: url), let host = components.host, !host.isEmpty else { return false }
    return components.scheme == "https" || components.scheme == "http"
}
