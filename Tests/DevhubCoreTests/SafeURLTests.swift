import DevhubCore
import Testing

/// `SafeURL`: only absolute http(s) URLs with a host and mailto: addresses get through.
@Suite struct SafeURLTests {
    @Test(arguments: [
        "http://example.com",
        "https://example.com",
        "https://example.com/path?q=1&r=2#frag",
        "https://sub.example.co.uk:8443/a/b",
        "HTTPS://EXAMPLE.COM/",
        "mailto:ada@example.com",
        "MAILTO:ada@example.com?subject=Hi",
    ])
    func allows(_ raw: String) throws {
        #expect(try SafeURL.validate(raw, field: "url") == raw)
        #expect(SafeURL.isAllowed(raw))
    }

    @Test func trimsSurroundingWhitespace() throws {
        #expect(try SafeURL.validate("  https://ada.dev \n", field: "website") == "https://ada.dev")
    }

    @Test(arguments: [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "javascript://example.com/%0Aalert(1)",
        "vbscript:msgbox(1)",
        "VBScript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "file:///etc/passwd",
        "ftp://example.com/file.txt",
        "/relative/path",
        "relative/path",
        "//example.com/protocol-relative",
        "example.com",
        "http:///nohost",
        "https://",
        "http:example.com",
        "mailto:",
        "mailto:no-at-sign",
        "https://exa mple.com",
        "https://example.com/a b",
        "https://example.com/\u{0}",
        "https://example.com/\u{7}x",
        "https://example.com/\tx",
        "https://example.com/\nx",
        "java\u{0}script:alert(1)",
        "",
        "   ",
        "https://example.com/" + String(repeating: "a", count: 2048),
    ])
    func refuses(_ raw: String) {
        let error = #expect(throws: CoreError.self) { try SafeURL.validate(raw, field: "url") }
        #expect(error?.field == "url")
        #expect(!SafeURL.isAllowed(raw))
    }

    @Test func errorNamesTheFieldGiven() {
        let error = #expect(throws: CoreError.self) { try SafeURL.validate("javascript:alert(1)", field: "links[3].url") }
        #expect(error?.field == "links[3].url")
        #expect(error?.description.hasPrefix("links[3].url: ") == true)
        #expect(error?.message.contains("javascript") == true)
    }
}
