import Foundation
import Testing

/// Custom domains are published only once DNS proves them (a CNAME to the site's host, or the challenge TXT
/// record), against a real DNS server on loopback (``DNSFixture``), end to end through `devhub serve`.
@Suite("Custom domains", .enabled(if: DNSFixture.isAvailable && Devhub.hasTool("dig"), "needs dnsmasq and dig"))
struct CustomDomainTests {
    /// A verified account with a public profile whose custom domain is `domain`; returns its session.
    static func owner(_ server: ServerProcess, _ username: String, domain: String?) async throws -> String {
        let session = try await server.verifiedSession("\(username)@example.com")
        var profile = ProfileJSON.make(username: username, name: "Owner \(username)")
        profile["custom_domain"] = domain
        let saved = await server.saveProfile(profile, session: session)
        try #require(saved.status == 200, "saving the profile failed: \(saved)")
        try await server.waitUntilIdle()
        return session
    }

    /// `POST /api/profile/domain/verify`, the fields it answers.
    static func verify(_ server: ServerProcess, session: String) async throws -> [String: Any] {
        let answer = await server.post("/api/profile/domain/verify", session: session)
        try #require(answer.status == 200, "verify: \(answer)")
        return try #require(answer.object, "verify answered no object: \(answer)")
    }

    /// The challenge object of a profile answer.
    static func challenge(_ profile: [String: Any]) throws -> [String: String] {
        try #require(profile["custom_domain_challenge"] as? [String: String], "no custom_domain_challenge in \(profile)")
    }

    /// `GET path` with `Host: host` to the server.
    static func get(_ server: ServerProcess, _ path: String, host: String) async -> HTTPResponse {
        await HTTPClient.get("\(server.appURL)\(path)", host: host)
    }

    @Test("a domain is pending with its records, off the site until its CNAME is seen, then published and routed by Host")
    func cnameProvesADomain() async throws {
        let domain = "cname-owner.test"
        try await DNSFixture.run([.cname(domain, DNSFixture.siteHost)]) { dns in
            try await ServerProcess.run(["--dns-server", dns.serverArgument]) { server in
                let session = try await Self.owner(server, "cname-owner", domain: domain)
                let pending = try await server.currentProfile(session: session)
                #expect(pending["custom_domain"] as? String == domain)
                #expect(pending["custom_domain_status"] as? String == "pending", "\(pending)")
                let challenge = try Self.challenge(pending)
                #expect(challenge["txt_name"] == "_devhub-challenge.\(domain)")
                #expect(challenge["cname_target"] == DNSFixture.siteHost)
                #expect(challenge["txt_value"]?.hasPrefix("devhub-verification=") == true)
                // Pending: nothing of it on the site.
                #expect(!server.site.exists("domains/\(domain)/index.html"), "a pending domain got its folder")
                #expect(!(try server.site.text("domains.json")).contains(domain), "a pending domain reached domains.json")
                let page = try server.site.text("@cname-owner/index.html")
                #expect(HTMLPage(page).links(rel: "canonical").first?["href"] == "\(TempSite.baseURL)/@cname-owner/")
                #expect(await Self.get(server, "/", host: domain).status == 404, "a pending domain is routed")

                let verified = try await Self.verify(server, session: session)
                #expect(verified["custom_domain_status"] as? String == "verified", "\(verified)")
                #expect(await server.eventuallyHasFile("domains/\(domain)/index.html"), "the verified domain's root never appeared")
                try await server.waitUntilIdle()
                #expect(try server.site.text("domains.json").contains(domain))
                let routed = await Self.get(server, "/", host: domain)
                #expect(routed.status == 200, "Host: \(domain): \(routed)")
                #expect(HTMLPage(routed.body).links(rel: "canonical").first?["href"] == "https://\(domain)/")
                let basePage = try server.site.text("@cname-owner/index.html")
                #expect(HTMLPage(basePage).links(rel: "canonical").first?["href"] == "https://\(domain)/")
            }
        }
    }

    @Test("the TXT record proves a domain with the right value; a wrong value or NXDOMAIN leaves it pending")
    func txtProvesADomain() async throws {
        let domain = "txt-owner.test"
        try await DNSFixture.run([]) { dns in
            try await ServerProcess.run(["--dns-server", dns.serverArgument]) { server in
                let session = try await Self.owner(server, "txt-owner", domain: domain)
                let challenge = try Self.challenge(try await server.currentProfile(session: session))
                let txtName = try #require(challenge["txt_name"]), txtValue = try #require(challenge["txt_value"])

                let nxdomain = try await Self.verify(server, session: session)
                #expect(nxdomain["custom_domain_status"] as? String == "pending", "NXDOMAIN: \(nxdomain)")
                #expect((nxdomain["custom_domain_error"] as? String)?.contains("NXDOMAIN") == true, "\(nxdomain)")

                try await dns.restart([.txt(txtName, "devhub-verification=not-the-right-value")])
                let wrong = try await Self.verify(server, session: session)
                #expect(wrong["custom_domain_status"] as? String == "pending", "a wrong TXT value verified: \(wrong)")
                #expect(!server.site.exists("domains/\(domain)/index.html"))

                try await dns.restart([.txt(txtName, txtValue)])
                let right = try await Self.verify(server, session: session)
                #expect(right["custom_domain_status"] as? String == "verified", "\(right)")
                #expect(await server.eventuallyHasFile("domains/\(domain)/index.html"))
            }
        }
    }

    @Test("a record removed after verification takes the domain back to pending and off the site, on demand and by the job")
    func lostProofUnpublishes() async throws {
        let first = "lost-owner.test", second = "lost-by-job.test"
        try await DNSFixture.run([.cname(first, DNSFixture.siteHost), .cname(second, DNSFixture.siteHost)]) { dns in
            try await ServerProcess.run(["--dns-server", dns.serverArgument, "--domain-recheck-seconds", "1"]) { server in
                let one = try await Self.owner(server, "lost-owner", domain: first)
                let two = try await Self.owner(server, "lost-by-job", domain: second)
                #expect(try await Self.verify(server, session: one)["custom_domain_status"] as? String == "verified")
                #expect(try await Self.verify(server, session: two)["custom_domain_status"] as? String == "verified")
                #expect(await server.eventuallyHasFile("domains/\(first)/index.html"))
                #expect(await server.eventuallyHasFile("domains/\(second)/index.html"))

                try await dns.restart([])
                // On demand.
                let lost = try await Self.verify(server, session: one)
                #expect(lost["custom_domain_status"] as? String == "pending", "\(lost)")
                // By the re-check job (verified domains every second here).
                let rechecked = await server.eventually {
                    (try? await server.currentProfile(session: two))?["custom_domain_status"] as? String == "pending"
                }
                #expect(rechecked, "the job never noticed the removed record; log:\n\(server.logTail(400_000).split(separator: "\n").filter { !$0.hasSuffix("request") }.suffix(30).joined(separator: "\n"))")
                try await server.waitUntilIdle()
                for domain in [first, second] {
                    #expect(await server.eventually { !server.site.exists("domains/\(domain)/index.html") }, "\(domain) stayed on the site; log:\n\(server.logTail(400_000).split(separator: "\n").filter { !$0.hasSuffix("request") }.suffix(30).joined(separator: "\n"))")
                    #expect(await Self.get(server, "/", host: domain).status == 404, "\(domain) is still routed")
                }
                try await server.waitUntilIdle()
                #expect(!(try server.site.text("domains.json")).contains(first))
            }
        }
    }

    @Test("a domain two accounts claim is proven only by the claimant's TXT record, not by the shared CNAME")
    func contestedDomainNeedsTXT() async throws {
        let domain = "contested.test"
        try await DNSFixture.run([.cname(domain, DNSFixture.siteHost)]) { dns in
            try await ServerProcess.run(["--dns-server", dns.serverArgument]) { server in
                let owner = try await Self.owner(server, "real-owner", domain: domain)
                let squatter = try await Self.owner(server, "squatter", domain: domain)
                #expect(try await Self.verify(server, session: squatter)["custom_domain_status"] as? String == "pending")
                #expect(try await Self.verify(server, session: owner)["custom_domain_status"] as? String == "pending")
                let challenge = try Self.challenge(try await server.currentProfile(session: owner))
                try await dns.restart([.cname(domain, DNSFixture.siteHost), .txt(try #require(challenge["txt_name"]), try #require(challenge["txt_value"]))])
                #expect(try await Self.verify(server, session: squatter)["custom_domain_status"] as? String == "pending")
                #expect(try await Self.verify(server, session: owner)["custom_domain_status"] as? String == "verified")
                #expect(await server.eventuallyHasFile("domains/\(domain)/index.html", containing: "Owner real-owner"))
            }
        }
    }

    @Test("the site's own hosts, their subdomains, IP addresses and localhost are refused with 422 naming custom_domain")
    func siteHostsAreRefused() async throws {
        try await ServerProcess.run { server in
            let session = try await server.verifiedSession("refused@example.com")
            for domain in ["devhub.test", "DevHub.Test.", "www.devhub.test", "127.0.0.1", "localhost", "app.localhost", "[::1]", "10.0.0.1"] {
                var profile = ProfileJSON.make(username: "refused", name: "Refused")
                profile["custom_domain"] = domain
                let answer = await server.saveProfile(profile, session: session)
                #expect(answer.status == 422, "\(domain): \(answer)")
                let details = (answer.object?["error"] as? [String: Any])?["details"] as? [[String: Any]] ?? []
                #expect(details.contains { $0["field"] as? String == "custom_domain" }, "\(domain): \(answer)")
            }
        }
    }

    @Test("a domain in an imported profile file is the operator's word: verified and routed without DNS")
    func importedDomainsAreVerified() async throws {
        try await ServerProcess.run { server in
            let routed = await Self.get(server, "/", host: "ada.example.com")
            #expect(routed.status == 200, "\(routed)")
            #expect(HTMLPage(routed.body).links(rel: "canonical").first?["href"] == "https://ada.example.com/")
        }
    }

    @Test("the editor shows the status, the records and a Check now button that checks")
    func editorShowsTheRecords() async throws {
        let domain = "editor-owner.test"
        try await DNSFixture.run([]) { dns in
            try await ServerProcess.run(["--dns-server", dns.serverArgument]) { server in
                let session = try await Self.owner(server, "editor-owner", domain: domain)
                let editor = await server.get("/app/profile", session: session)
                #expect(editor.status == 200)
                let page = HTMLPage(editor.body)
                #expect(editor.body.contains("_devhub-challenge.\(domain)"), "the TXT name is not shown")
                #expect(editor.body.contains("Waiting for DNS"))
                #expect(page.tags.contains { $0.name == "form" && $0["action"] == "/app/profile/domain/verify" && $0["id"] == "domain-check" })
                #expect(page.tags.contains { $0.name == "button" && $0["form"] == "domain-check" })
                try await dns.restart([.cname(domain, DNSFixture.siteHost)])
                let checked = await server.send("POST", "/app/profile/domain/verify", session: session)
                #expect(checked.status == 303 && checked.header("location") == "/app/profile?checked=1", "\(checked)")
                let after = await server.get("/app/profile", session: session)
                #expect(after.body.contains("Verified: live"), "the editor does not show the verified status")
            }
        }
    }
}
