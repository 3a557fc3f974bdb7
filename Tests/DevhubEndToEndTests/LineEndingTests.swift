import Foundation
import Testing

/// Profile files saved with Windows line ends (CRLF) import like any other, with no stray carriage returns.
@Suite("CRLF profile files")
struct LineEndingTests {
    @Test("a CRLF profile imports and builds, and neither its fields nor its page carry a \\r")
    func crlfProfile() async throws {
        let site = try TempSite(demoProfiles: false)
        let text = profileFile(username: "crlf-user", name: "Crlf User", headline: "Windows editor", extra: ["skills: [Swift, Go]"],
                               bio: "First line.\nSecond line.")
        try site.writeProfile("crlf-user.md", text.replacingOccurrences(of: "\n", with: "\r\n"))
        let imported = await site.importProfiles()
        try #require(imported.status == 0, "\(imported)")
        let built = await site.build()
        try #require(built.status == 0, "\(built)")

        let json = try #require(try JSONSerialization.jsonObject(with: site.data("api/profiles/@crlf-user.json")) as? [String: Any])
        #expect(json["name"] as? String == "Crlf User")
        #expect(json["headline"] as? String == "Windows editor")
        #expect(json["skills"] as? [String] == ["Swift", "Go"])
        #expect((json["bio"] as? String)?.hasPrefix("First line.") == true, "bio: \(String(describing: json["bio"]))")
        #expect(!(try site.text("@crlf-user/index.html")).contains("\r"), "the page has a carriage return")
    }
}
