import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `devhub serve` serves the built site as a CDN would: pages, JSON, 404 page, hidden dot-files, custom
/// domains by `Host`, cache and security headers; and it stops cleanly on SIGTERM.
@Suite("Serve")
struct ServeTests {
    @Test("the server answers like the CDN would", .enabled(if: Devhub.hasTool("curl"), "needs curl"))
    func servesTheSite() async throws {
        let demo = try await DemoSite.build()
        let site = demo.site
        let port = try #require(HTTPClient.freePort(), "no free port")
        let log = site.root.appendingPathComponent("serve.log")
        let server = try Devhub.start(["serve", "--out", site.out.path, "--port", String(port), "--db", site.db.path], log: log)
        do {
            try await waitUntilHealthy(port: port, server: server, log: log)
            try await checkRoutes(demo, base: "http://127.0.0.1:\(port)")
        } catch {
            await stop(server)
            throw error
        }
        await stop(server)
        #expect(server.terminationReason == .exit && server.terminationStatus == 0,
                "SIGTERM did not shut the server down cleanly (reason \(server.terminationReason.rawValue), status \(server.terminationStatus))")
    }

    /// Polls `/healthz` a bounded number of times.
    private func waitUntilHealthy(port: Int, server: Process, log: URL) async throws {
        for _ in 0..<100 {
            let health = await HTTPClient.get("http://127.0.0.1:\(port)/healthz", timeout: 1)
            if health.status == 200 { return }
            guard server.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        try #require(Bool(false), "the server never answered /healthz on port \(port); its log:\n\(output)")
    }

    /// Every route the brief lists, against the files on disk.
    private func checkRoutes(_ demo: DemoSite, base: String) async throws {
        let site = demo.site
        let home = await HTTPClient.get(base + "/")
        #expect(home.status == 200, "/: \(home)")
        #expect(home.headers["content-type"]?.hasPrefix("text/html") == true, "/: \(home)")
        #expect(home.body == (try site.text("index.html")), "/ is not index.html")
        #expect(home.headers["content-security-policy"]?.contains("default-src") == true, "/ has no CSP: \(home)")

        let profile = try #require(demo.publicProfiles.first { $0.customDomain == nil })
        let page = await HTTPClient.get(base + "/@\(profile.username)/")
        #expect(page.status == 200, "/@\(profile.username)/: \(page)")
        #expect(page.body == (try site.text("@\(profile.username)/index.html")))
        #expect(page.headers["content-security-policy"] != nil, "profile page has no CSP: \(page)")

        let json = await HTTPClient.get(base + "/api/profiles/@\(profile.username).json")
        #expect(json.status == 200, "JSON: \(json)")
        #expect(json.headers["content-type"]?.contains("json") == true, "JSON: \(json)")
        let object = try? JSONSerialization.jsonObject(with: Data(json.body.utf8)) as? [String: Any]
        #expect(object?["username"] as? String == profile.username, "JSON body: \(json.body.prefix(200))")

        let notFoundPage = try site.text("404.html")
        for path in ["/does-not-exist", "/.devhub-lock", "/.devhub-staging/", "/@\(profile.username)/.hidden"] {
            let missing = await HTTPClient.get(base + path)
            #expect(missing.status == 404, "\(path): \(missing)")
            #expect(missing.body == notFoundPage, "\(path) does not answer with 404.html")
        }

        let domainProfile = try #require(demo.publicProfiles.first { $0.customDomain != nil })
        let domain = try #require(domainProfile.customDomain)
        let onDomain = await HTTPClient.get(base + "/", host: domain)
        #expect(onDomain.status == 200, "Host: \(domain): \(onDomain)")
        #expect(HTMLPage(onDomain.body).links(rel: "canonical").first?["href"] == "https://\(domain)/", "Host: \(domain) is not the domain page")
        #expect(onDomain.body == (try site.text("domains/\(domain)/index.html")))
        #expect(onDomain.headers["content-security-policy"] != nil, "domain page has no CSP: \(onDomain)")
        for file in ["robots.txt", "sitemap.xml", "qr.svg"] {
            let own = await HTTPClient.get(base + "/" + file, host: domain)
            let expected = try site.text("domains/\(domain)/\(file)")
            #expect(own.status == 200 && own.body == expected, "Host: \(domain) /\(file) is not the domain's own: \(own)")
        }

        let stylesheet = try #require(site.files().first { $0.hasPrefix("assets/style.") && $0.hasSuffix(".css") })
        let css = await HTTPClient.get(base + "/" + stylesheet)
        #expect(css.status == 200, "\(stylesheet): \(css)")
        #expect(css.headers["cache-control"]?.contains("immutable") == true, "\(stylesheet): \(css)")
        #expect(home.headers["cache-control"]?.contains("immutable") != true, "HTML must not be immutable: \(home)")
    }

    /// Sends SIGTERM and waits (bounded) for the server to exit; kills it if it does not.
    private func stop(_ server: Process) async {
        guard server.isRunning else { return }
        server.terminate()
        for _ in 0..<100 where server.isRunning {
            try? await Task.sleep(for: .milliseconds(100))
        }
        if server.isRunning {
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
            Issue.record("the server ignored SIGTERM for 10 s and was killed")
        }
    }
}
