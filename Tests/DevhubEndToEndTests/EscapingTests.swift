import Foundation
import Testing

/// Hostile profile text ends up as text: no script, no event-handler attribute, no `javascript:` link.
@Suite("Escaping")
struct EscapingTests {
    static let script = "<script>alert(1)</script>"
    static let breakout = "\"><img src=x onerror=alert(1)>"

    static let profile = """
        ---
        username: xss-probe
        name: '\(script)'
        headline: '\(breakout)'
        location: '\(script)'
        website: https://probe.example
        links:
          - { label: '\(breakout)', url: "https://probe.example/links" }
          - { label: '\(script)', url: "https://probe.example/more" }
        skills: ['\(script)', '\(breakout)']
        ---
        Hello <script>alert(1)</script> and <img src=x onerror=alert(1)> inline.

        <div onmouseover="alert(1)">raw block</div>

        [x](javascript:alert(1)) and [y](JavaScript:alert(1)) and <a href="javascript:alert(1)">z</a>

        """

    @Test("the profile page, its directory entry and its JSON-LD stay inert")
    func hostileProfile() async throws {
        let site = try TempSite(demoProfiles: false)
        try site.writeProfile("xss-probe.md", Self.profile)
        let imported = await site.importProfiles()
        try #require(imported.status == 0, "\(imported)")
        let built = await site.build()
        try #require(built.status == 0, "\(built)")

        for path in ["@xss-probe/index.html", "index.html"] {
            let page = HTMLPage(try site.text(path))
            #expect(!page.source.lowercased().contains("<script>alert"), "\(path) has a live <script>")
            let scripts = page.tags.filter { $0.name == "script" }
            #expect(scripts.allSatisfy { $0["type"] == "application/ld+json" }, "\(path) has a script: \(scripts)")
            let handlers = page.tags.filter { $0.attributes.contains { $0.name.hasPrefix("on") } }
            #expect(handlers.isEmpty, "\(path) has event-handler attributes: \(handlers)")
            let images = page.tags.filter { $0.name == "img" && $0["src"] == "x" }
            #expect(images.isEmpty, "\(path) has an injected <img>: \(images)")
            let javascript = page.tags.filter { tag in
                tag.attributes.contains { ["href", "src", "action", "formaction"].contains($0.name) && isJavaScriptURL($0.value) }
            }
            #expect(javascript.isEmpty, "\(path) has javascript: URLs: \(javascript)")
        }

        let page = HTMLPage(try site.text("@xss-probe/index.html"))
        #expect(page.title?.contains(Self.script) == true, "the name should show as text in the title: \(page.title ?? "none")")
        #expect(page.meta(property: "og:title") == Self.script)
        let blocks = try page.jsonLD()
        let ld = try #require(blocks.first as? [String: Any], "JSON-LD does not parse")
        let person = try #require(ld["mainEntity"] as? [String: Any])
        #expect(person["name"] as? String == Self.script, "JSON-LD name did not survive the round trip")
        #expect(person["jobTitle"] as? String == Self.breakout)
    }
}

/// Whether `value` would run script when followed, as a browser reads it (case and leading controls ignored).
func isJavaScriptURL(_ value: String) -> Bool {
    let cleaned = value.unicodeScalars.filter { $0.value > 0x20 }.map(String.init).joined().lowercased()
    return cleaned.hasPrefix("javascript:") || cleaned.hasPrefix("vbscript:") || cleaned.hasPrefix("data:text/html")
}
