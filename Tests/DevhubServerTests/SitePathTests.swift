@testable import DevhubServer
import Testing

/// Request paths are percent-decoded exactly once and checked before the file server sees them.
@Suite("Site paths: decoded once, then checked")
struct SitePathTests {
    @Test("ordinary paths decode and re-encode to what the file server decodes back", arguments: [
        ("/", "/", "/"),
        ("/@ada/", "/@ada/", "/@ada/"),
        ("/%40ada/qr.svg", "/@ada/qr.svg", "/@ada/qr.svg"),
        ("/api/profiles/@ada.json", "/api/profiles/@ada.json", "/api/profiles/@ada.json"),
        ("/caf%C3%A9/", "/café/", "/caf%C3%A9/"),
        ("/a%20b", "/a b", "/a%20b"),
        ("/%2525", "/%25", "/%2525"),
    ])
    func decodesOnce(raw: String, decoded: String, encoded: String) throws {
        let path = try #require(SitePath(raw), "\(raw) was refused")
        #expect(path.decoded == decoded)
        #expect(path.encoded == encoded)
    }

    @Test("NULs, control characters, backslashes, dot segments, empty segments and bad escapes are refused", arguments: [
        "/@ada/contact.vcf%00.html", "/%2edevhub-lock", "/.devhub-staging/x", "/@ada/%2e%2e/secret", "/@ada/..", "/a//b",
        "/a%5cb", "/a\\b", "/%0d%0aSet-Cookie:x", "/%7F", "/%C2%85", "/%C0%AE%C0%AE/", "/%", "/%2", "/%zz", "relative",
        "/" + String(repeating: "a/", count: 40), "/" + String(repeating: "a", count: 3000),
    ])
    func refuses(raw: String) {
        #expect(SitePath(raw) == nil, "\(raw) was accepted")
    }

    @Test("an encoded slash becomes a separator once decoded, and its segments are checked like any other")
    func encodedSlash() throws {
        #expect(SitePath("/@ada%2f..%2fsecret") == nil)
        #expect(try #require(SitePath("/@ada%2Fqr.svg")).segments == ["@ada", "qr.svg"])
    }

    @Test("private paths are the server's own, except the site's JSON under /api/profiles/")
    func privatePaths() throws {
        for raw in ["/api/contacts", "/api", "/app/login", "/app", "/hooks/rebuild", "/verify-email", "/healthz", "/ap%70/login"] {
            #expect(PrivatePaths.isPrivate(try #require(SitePath(raw))), "\(raw)")
        }
        for raw in ["/api/profiles/@ada.json", "/apps/", "/@app/", "/application"] {
            #expect(!PrivatePaths.isPrivate(try #require(SitePath(raw))), "\(raw)")
        }
    }
}

/// What each `Host` reaches.
@Suite("Host routing")
struct HostRoutingTests {
    static let routing = HostRouting(baseHost: "devhub.example", appHost: "app.devhub.example") { $0 == "ada.dev" }

    @Test("the app's host and loopback names reach the app; the base host the site; verified domains their folder; the rest nothing")
    func roles() {
        let routing = Self.routing
        #expect(routing.role(of: "app.devhub.example") == .app)
        #expect(routing.role(of: "APP.Devhub.Example.:443") == .app)
        #expect(routing.role(of: "127.0.0.1:8080") == .app)
        #expect(routing.role(of: "localhost") == .app)
        #expect(routing.role(of: "[::1]:8080") == .app)
        #expect(routing.role(of: "devhub.example") == .site)
        #expect(routing.role(of: "ada.dev") == .customDomain("ada.dev"))
        #expect(routing.role(of: "Ada.Dev.") == .customDomain("ada.dev"))
        for host in ["bob.dev", "evil.example", "127.0.0.1.evil.example", "128.0.0.1", "", nil, "ada.dev@evil", "x.devhub.example"] as [String?] {
            #expect(routing.role(of: host) == .unknown, "\(host ?? "nil")")
        }
    }
}
