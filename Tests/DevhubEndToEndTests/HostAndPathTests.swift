import Foundation
import Testing

/// Which `Host` reaches what, and request paths decoded once and checked before anything is served: the private
/// routes only on the app's host, the static site on the base host, the app host and verified custom domains,
/// nothing on other hosts; encoded NULs, dots and slashes never reach a file or change its type.
@Suite("Hosts and paths")
struct HostAndPathTests {
    /// `method path` with `Host: host`.
    static func send(_ server: ServerProcess, _ method: String, _ path: String, host: String, session: String? = nil) async -> ServerResponse {
        var headers = server.sameOriginHeaders
        headers["Host"] = host
        if let session { headers["Cookie"] = "\(ServerProcess.sessionCookieName)=\(session)" }
        return await ServerHTTP.send(method, server.appURL + path, headers: headers)
    }

    @Test("the app and the API answer only on the app's host; a custom domain, the base host and unknown hosts get 404")
    func privateRoutesOnlyOnTheAppHost() async throws {
        try await ServerProcess.run { server in
            let session = try await server.verifiedSession("hosts@example.com")
            let appHost = "127.0.0.1:\(server.port)"
            #expect(await Self.send(server, "GET", "/app/login", host: appHost).status == 200)
            #expect(await Self.send(server, "GET", "/api/settings", host: appHost, session: session).status == 200)
            for host in ["ada.example.com", "devhub.test", "evil.example", "attacker.test:\(server.port)"] {
                for (method, path) in [("GET", "/app/login"), ("GET", "/app/dashboard"), ("GET", "/api/profile"), ("GET", "/api/contacts"),
                                       ("POST", "/api/auth/login"), ("POST", "/hooks/rebuild"), ("GET", "/verify-email?token=x"),
                                       ("GET", "/api/openapi.yaml")] {
                    let answer = await Self.send(server, method, path, host: host, session: session)
                    #expect(answer.status == 404, "\(method) \(path) with Host: \(host) answered \(answer.status)")
                    if path.hasPrefix("/api/") {
                        #expect((answer.object?["error"] as? [String: Any])?["code"] as? String == "not_found", "\(path) on \(host): \(answer)")
                    }
                }
            }
            // The site's JSON files under /api/profiles/ are part of the site: served on the base host.
            let json = await Self.send(server, "GET", "/api/profiles/@lin-yutong.json", host: "devhub.test")
            #expect(json.status == 200 && json.header("content-type")?.hasPrefix("application/json") == true, "\(json.status)")
            // Unknown hosts get nothing of the site either.
            #expect(await Self.send(server, "GET", "/@lin-yutong/", host: "evil.example").status == 404)
            #expect(await Self.send(server, "GET", "/@lin-yutong/", host: "devhub.test").status == 200)
            // The healthz probe answers wherever a monitor asks.
            #expect(await Self.send(server, "GET", "/healthz", host: "monitor.internal").status == 200)
        }
    }

    @Test("encoded NULs, dot-files and traversal are refused; the type served is the type of the file served")
    func pathsAreDecodedOnceThenChecked() async throws {
        try await ServerProcess.run { server in
            let host = "devhub.test"
            let vcard = await Self.send(server, "GET", "/@lin-yutong/contact.vcf", host: host)
            #expect(vcard.status == 200)
            let vcardType = vcard.header("content-type") ?? ""
            #expect(!vcardType.contains("html"), "vCard served as \(vcardType)")
            for path in ["/@lin-yutong/contact.vcf%00.html", "/@lin-yutong/contact.vcf%00", "/api/profiles/@lin-yutong.json%00.html",
                         "/%2edevhub-lock", "/.devhub-lock", "/%2Edevhub-staging/", "/@lin-yutong/%2e%2e/%2e%2e/etc/passwd",
                         "/@lin-yutong%2f..%2f..%2fetc%2fpasswd", "/@lin-yutong/..%5c..%5cREADME.md", "/@lin-yutong/%0d%0aSet-Cookie:x=1",
                         "/%C0%AE%C0%AE/", "/@lin-yutong/contact.vcf%", "/@lin-yutong//contact.vcf"] {
                let answer = await Self.send(server, "GET", path, host: host)
                #expect(answer.status == 404 || answer.status == 400, "\(path) answered \(answer.status)")
                #expect(answer.header("content-type")?.contains("text/vcard") != true, "\(path) served the vCard")
                #expect(!answer.body.contains("BEGIN:VCARD"), "\(path) served the vCard")
            }
            // One decoding is applied: an encoded '@' still finds the page, a doubly-encoded dot does not become one.
            #expect(await Self.send(server, "GET", "/%40lin-yutong/", host: host).status == 200)
            #expect(await Self.send(server, "GET", "/%252edevhub-lock", host: host).status == 404)
            let folder = await Self.send(server, "GET", "/@lin-yutong", host: host)
            #expect(folder.status == 301 && folder.header("location") == "/@lin-yutong/", "\(folder.status) \(folder.header("location") ?? "")")
        }
    }
}
