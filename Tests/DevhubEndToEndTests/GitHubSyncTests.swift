import Foundation
import Testing

/// The GitHub sync end to end: the real `devhub serve` against the local GitHub (`github_fixture_server.py`), which
/// records every request. Insights once per change, never twice; the first sync quiet; the pace, freshness, 304s and
/// both kinds of rate limit respected (counted in the fixture's log); a 404 marks the username not found; the OAuth
/// flow with its state check; a token found nowhere in clear; `github.insight` delivered to a webhook.
/// These servers run on the real clock: the pauses and freshness are measured against it.
@Suite("GitHub sync", .serialized, .enabled(if: Devhub.hasTool("curl") && Devhub.hasTool("python3") && Devhub.hasTool("sqlite3"),
                                             "needs curl, python3 and sqlite3"))
struct GitHubSyncTests {
    /// The four resources of one user, as the sync asks for them.
    static func paths(_ login: String) -> [String] {
        ["/users/\(login)", "/users/\(login)/repos?type=owner&sort=pushed&per_page=100", "/users/\(login)/events/public?per_page=100",
         "/users/\(login)/followers?per_page=100"]
    }

    @Test("the first sync records no insight; each change then gives one insight (and one github.insight webhook), never twice; unchanged resources come back 304")
    func insightsOncePerChange() async throws {
        try await GitHubSyncRun.run(["--github-cache-seconds", "0", "--github-sync-pace", "1/h"]) { server, fixture in
            let receiver = try await WebhookReceiver.start(in: server.site.root)
            defer { Task { await receiver.stop() } }
            let session = try await server.verifiedSession("insights@example.test")
            let userID = try await server.userID("insights@example.test")
            let endpoint = try await server.createWebhook(url: receiver.url(), events: ["github.insight"], session: session)
            try receiver.configure(secrets: [endpoint.secret])
            let margaret = try await server.createContact(["name": "Margaret Example", "github": "margaret-example"], session: session)
            _ = try await server.createContact(["name": "Octo Cat", "github": "octocat"], session: session)
            let margaretID = try #require(margaret["id"] as? String)
            #expect(margaret["github_status"] as? String == "unknown", "before any sync: \(margaret)")

            let settingsBefore = await server.get("/api/settings", session: session)
            #expect(settingsBefore.object?["github_sync"] as? Bool == false, "off by default: \(settingsBefore)")
            try await server.turnGitHubSyncOn(session: session)
            #expect(await server.get("/app/settings", session: session).body.contains(#"name="github_sync" type="checkbox" value="true" aria-describedby="github_sync_hint" checked"#))
            try await server.syncGitHubNow(session: session)
            let firstInsights = try await server.insights(userID)
            #expect(firstInsights.isEmpty, "the first sync flooded: \(firstInsights)")
            #expect(try await server.contact(margaretID, session: session)["github_status"] as? String == "ok")
            let repositories = try await SQLiteFile.query(server.site.db.path, """
                SELECT full_name || ' ' || coalesce(language, '') || ' ' || stars || ' ' || topics FROM github_repositories
                WHERE contact_id = '\(margaretID)' ORDER BY full_name
                """)
            #expect(repositories == "margaret-example/agc Assembly 95 apollo\nassembly\nmargaret-example/priority-scheduler Rust 40 rust\nscheduling",
                    "stored repositories: \(repositories)")

            // Something happens: a release of agc (and 150 more stars, past 100), a new repository, the first event
            // after 80 quiet days, and a new company.
            try await fixture.admin("POST", "/users/margaret-example/ship")
            try await fixture.admin("PUT", "/users/margaret-example", ["profile": ["company": "Priority Labs"]])
            try await server.syncGitHubNow(session: session)
            let expected: Set<String> = [
                "release|Margaret Example released v1.0 of agc", "star_milestone|Margaret Example's agc passed 100 stars",
                "new_repository|Margaret Example created a new repository, new-idea-2",
                "activity_resumed|Margaret Example is active on GitHub again after 80 quiet days",
                "profile_change|Margaret Example now works at Priority Labs",
            ]
            let found = try await server.insights(userID)
            #expect(Set(found.map { "\($0.type)|\($0.title)" }) == expected && found.count == expected.count, "insights: \(found)")
            #expect(found.allSatisfy { $0.contact == margaretID })

            // Nothing changed since: two more syncs add nothing, and every resource is revalidated with a 304.
            let before = fixture.requests.count
            try await server.syncGitHubNow(session: session)
            try await server.syncGitHubNow(session: session)
            let again = try await server.insights(userID)
            #expect(again.count == expected.count, "an insight recorded twice: \(again)")
            let later = fixture.requests.dropFirst(before)
            #expect(later.count == 16, "two rounds of 4 resources for 2 contacts: \(later.map(\.path))")
            #expect(later.allSatisfy { $0.status == 304 && $0.header("If-None-Match") != nil }, "not all 304: \(later.map { "\($0.status) \($0.path)" })")

            let delivered = try await GitHubSyncFixture.poll { receiver.entries(ofType: "github.insight").count >= expected.count }
            #expect(delivered, "github.insight deliveries: \(receiver.entries.map(\.type)); log:\n\(server.logTail())")
            let titles = receiver.entries(ofType: "github.insight").compactMap { ($0.data["insight"] as? [String: Any])?["title"] as? String }
            #expect(Set(titles) == Set(expected.map { String($0.split(separator: "|")[1]) }) && titles.count == expected.count, "webhook titles: \(titles)")
            #expect(receiver.entries(ofType: "github.insight").allSatisfy { $0.verifiedWith == [0] })
        }
    }

    @Test("the pace: one contact per step (the next run an hour later at 1/h); a sync now takes the rest; fresh resources are not asked again")
    func paceAndFreshness() async throws {
        try await GitHubSyncRun.run(["--github-sync-pace", "1/h"]) { server, fixture in
            try await fixture.admin("PUT", "/users/hubot", ["profile": ["name": "Hubot"], "repos": [["name": "hubot", "language": "CoffeeScript"]]])
            let session = try await server.verifiedSession("pace@example.test")
            for (name, login) in [("Octo Cat", "octocat"), ("Margaret Example", "margaret-example"), ("Hu Bot", "hubot")] {
                _ = try await server.createContact(["name": name, "github": login], session: session)
            }
            _ = try await server.createContact(["name": "No GitHub"], session: session)
            try await server.turnGitHubSyncOn(session: session)
            #expect(try await GitHubSyncFixture.poll { fixture.requests.count >= 4 }, "the first paced run asked nothing; log:\n\(server.logTail())")
            try await server.waitUntilIdle()
            let first = fixture.requests
            #expect(first.count == 4, "one contact's four resources: \(first.map(\.path))")
            #expect(Set(first.map { $0.path.split(separator: "/")[1] }).count == 1, "more than one contact: \(first.map(\.path))")
            let wait = try await SQLiteFile.count(server.site.db.path, """
                SELECT (run_at - CAST(strftime('%s', 'now') AS INTEGER) * 1000) / 1000 FROM jobs
                WHERE kind = 'github-sync' AND done_at IS NULL AND json_extract(payload, '$.paced') = 1
                """)
            #expect((3500...3600).contains(wait), "the next paced run is \(wait) s away, not an hour")

            try await server.syncGitHubNow(session: session)
            #expect(fixture.requests.count == 12, "the other two contacts: \(fixture.requests.map(\.path))")
            for login in ["octocat", "margaret-example", "hubot"] {
                #expect(Set(fixture.requests(for: login).map(\.path)) == Set(Self.paths(login)), "\(login): \(fixture.requests(for: login).map(\.path))")
            }
            try await server.syncGitHubNow(session: session)
            #expect(fixture.requests.count == 12, "fresh resources asked again: \(fixture.requests.dropFirst(12).map(\.path))")
        }
    }

    @Test("a rate limit pauses the sync until GitHub says, then it resumes where it stopped: every resource fetched once, none lost",
          arguments: ["secondary", "primary"])
    func rateLimitPausesAndResumes(kind: String) async throws {
        try await GitHubSyncRun.run(["--github-sync-pace", "1/h"]) { server, fixture in
            let session = try await server.verifiedSession("limits@example.test")
            _ = try await server.createContact(["name": "Octo Cat", "github": "octocat"], session: session)
            let margaret = try await server.createContact(["name": "Margaret Example", "github": "margaret-example"], session: session)
            try await server.turnGitHubSyncOn(session: session)
            #expect(try await GitHubSyncFixture.poll { fixture.requests.count >= 4 })
            try await server.waitUntilIdle()
            // The first contact is synced; the next request meets the limit: 2 s to wait.
            try await fixture.admin("POST", "/limits", ["kind": kind, "seconds": 2, "count": 1])
            let answer = await server.post("/api/github/sync", session: session)
            #expect(answer.status == 202, "\(answer)")
            var resumed = false
            for _ in 0..<150 where !resumed {
                resumed = fixture.requests.filter { $0.status == 200 }.count >= 8
                if !resumed { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(resumed, "the sync never resumed: \(fixture.requests.map { "\($0.status) \($0.path)" }); log:\n\(server.logTail())")
            try await server.waitUntilIdle()

            let all = fixture.requests
            let limited = all.filter { $0.status == 403 || $0.status == 429 }
            #expect(limited.count == 1, "limited answers: \(limited.map { "\($0.status) \($0.path)" })")
            if let stop = limited.first, let index = all.firstIndex(where: { $0.time == stop.time }), index + 1 < all.count {
                // Secondary: `retry-after: 2`. Primary: `x-ratelimit-reset` is the whole second 2 s after the answer.
                let earliest = kind == "primary" ? stop.time.rounded(.down) + 2 : stop.time + 2
                #expect(all[index + 1].time >= earliest, "asked again \(all[index + 1].time - stop.time) s after the limit, before GitHub said")
            }
            #expect(all.filter { $0.status == 200 }.map(\.path).sorted() == (Self.paths("octocat") + Self.paths("margaret-example")).sorted(),
                    "each resource once: \(all.map { "\($0.status) \($0.path)" })")
            let status = try await server.contact(try #require(margaret["id"] as? String), session: session)["github_status"] as? String
            #expect(status == "ok")
        }
    }

    @Test("a 404 marks the username not_found (in the JSON and on the contact's page) and skips its other resources; a new username resets it")
    func notFound() async throws {
        try await GitHubSyncRun.run(["--github-sync-pace", "1/h"]) { server, fixture in
            let session = try await server.verifiedSession("ghost@example.test")
            let ghost = try await server.createContact(["name": "Gone Ghost", "github": "gone-ghost"], session: session)
            let id = try #require(ghost["id"] as? String)
            try await server.turnGitHubSyncOn(session: session)
            try await server.waitUntilIdle()
            try await server.syncGitHubNow(session: session)
            #expect(try await server.contact(id, session: session)["github_status"] as? String == "not_found")
            #expect(fixture.requests(for: "gone-ghost").map(\.path) == ["/users/gone-ghost"], "after the 404: \(fixture.requests.map(\.path))")
            let page = await server.get("/app/contacts/\(id)", session: session)
            #expect(page.body.contains("not found on GitHub"), "the contact page: \(page.body.prefix(300))")
            let renamed = await server.patch("/api/contacts/\(id)", json: ["github": "octocat"], session: session)
            #expect(renamed.object?["github_status"] as? String == "unknown", "a new username: \(renamed)")
        }
    }

    @Test("OAuth: connect redirects with client_id, redirect_uri and state; a forged, foreign or used state is refused; the code's token is used by the sync")
    func oauthFlow() async throws {
        let site = try await ServerProcess.makeSite()
        let fixture = try await GitHubSyncFixture.start(in: site.root)
        defer { Task { await fixture.stop() } }
        try await ServerProcess.run(
            GitHubSyncRun.arguments(fixture) + ["--github-sync-pace", "1/h", "--github-client-id", "fixture-client-id", "--github-oauth-url", fixture.baseURL],
            site: site, environment: ["GITHUB_CLIENT_SECRET": "fixture-client-secret", "GITHUB_TOKEN": ""]
        ) { server in
            let session = try await server.verifiedSession("oauth@example.test")
            let other = try await server.session("oauth@example.test")
            func startConnect() async throws -> (location: String, state: String) {
                let connect = await server.get("/app/settings/github/connect", session: session)
                try #require(connect.status == 303, "connect: \(connect)")
                let location = try #require(connect.header("location"))
                let components = try #require(URLComponents(string: location))
                let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }) { $1 }
                #expect(location.hasPrefix(fixture.baseURL + "/login/oauth/authorize?"), "\(location)")
                #expect(query["client_id"] == "fixture-client-id" && query["redirect_uri"] == server.appURL + "/app/settings/github/callback")
                let state = try #require(query["state"])
                #expect(state.count >= 40, "state \(state)")
                return (location, state)
            }
            func callback(_ redirect: String, session: String) async -> ServerResponse {
                let path = redirect.replacingOccurrences(of: server.appURL, with: "")
                return await server.get(path, session: session)
            }
            let forged = await server.get("/app/settings/github/callback?code=abc&state=forged", session: session)
            #expect(forged.status == 400 && forged.body.contains("does not belong to a connection you started"), "forged: \(forged.status)")

            // GitHub sends the owner back with a code; the same answer in another session of the same owner is refused,
            // and the state is then used up.
            let first = try await startConnect()
            let approved = await ServerHTTP.send("GET", first.location)
            let redirect = try #require(approved.header("location"), "the fixture did not redirect: \(approved)")
            #expect(redirect.contains("state=\(first.state)"))
            #expect(await callback(redirect, session: other).status == 400, "another session's state was accepted")
            #expect(await callback(redirect, session: session).status == 400, "a used state was accepted")
            #expect(await fixture.issuedTokens().isEmpty, "a code was exchanged for a refused state")

            let second = try await startConnect()
            let redirect2 = try #require(await ServerHTTP.send("GET", second.location).header("location"))
            let connected = await callback(redirect2, session: session)
            #expect(connected.status == 200 && connected.body.contains("GitHub connected"), "callback: \(connected.status) \(connected.body.prefix(300))")
            let token = try #require(await fixture.issuedTokens().first, "no token handed out")
            #expect(await server.get("/app/settings", session: session).body.contains("Connected through GitHub (OAuth)"))
            #expect(try await SQLiteFile.count(site.db.path, "SELECT count(*) FROM github_accounts WHERE instr(sealed_token, '\(token)') > 0") == 0)

            _ = try await server.createContact(["name": "Octo Cat", "github": "octocat"], session: session)
            let settings = await server.get("/api/settings", session: session)
            #expect(settings.object?["github_sync"] as? Bool == false, "connecting turned the sync on: \(settings)")
            try await server.turnGitHubSyncOn(session: session)
            #expect(try await GitHubSyncFixture.poll { fixture.requests(for: "octocat").count >= 4 })
            let sent = fixture.requests(for: "octocat")
            #expect(!sent.isEmpty && sent.allSatisfy { $0.header("Authorization") == "Bearer \(token)" }, "the OAuth token was not sent")
        }
    }

    @Test("a pasted token is used, found nowhere in clear (database, WAL, logs, backups, export), deleted by DELETE and by account deletion")
    func tokenNeverInClear() async throws {
        let site = try await ServerProcess.makeSite()
        let backups = site.root.appendingPathComponent("backups")
        let token = "github_pat_11DEVHUB0" + UUID().uuidString.replacingOccurrences(of: "-", with: "_")
        func filesHoldingToken() -> [String] {
            let needle = Data(token.utf8)
            let files = FileManager.default.enumerator(at: site.root, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
            return files.filter { url in
                // The fixture's own log records the Authorization header GitHub receives; that is GitHub's side.
                !url.lastPathComponent.hasPrefix("github-") && ((try? Data(contentsOf: url))?.range(of: needle) != nil)
            }.map(\.lastPathComponent)
        }
        try await GitHubSyncRun.run(["--github-cache-seconds", "0", "--github-sync-pace", "1/h", "--backup-dir", backups.path, "--backup-every", "1s"],
                                    environment: ["GITHUB_TOKEN": ""], site: site) { server, fixture in
            let session = try await server.verifiedSession("secret@example.test")
            let put = await server.put("/api/github/token", json: ["token": token], session: session)
            #expect(put.status == 200 && !put.body.contains(token), "PUT: \(put)")
            _ = try await server.createContact(["name": "Octo Cat", "github": "octocat"], session: session)
            try await server.turnGitHubSyncOn(session: session)
            try await server.syncGitHubNow(session: session)
            #expect(fixture.requests(for: "octocat").contains { $0.header("Authorization") == "Bearer \(token)" }, "the token was not used")
            let backedUp = try await GitHubSyncFixture.poll { ScheduledBackupTests.written(server) >= 3 }
            #expect(backedUp, "no backups after the token was saved")
            for path in ["/api/settings", "/api/export/json", "/app/settings"] {
                #expect(!(await server.get(path, session: session).body.contains(token)), "\(path) shows the token")
            }
            #expect(filesHoldingToken().isEmpty, "the token in clear in: \(filesHoldingToken())")

            let deleted = await server.delete("/api/github/token", session: session)
            #expect(deleted.status == 204, "\(deleted)")
            let before = fixture.requests.count
            try await server.syncGitHubNow(session: session)
            let after = fixture.requests.dropFirst(before)
            #expect(!after.isEmpty && after.allSatisfy { $0.header("Authorization") == nil }, "after disconnecting: \(after.map { $0.header("Authorization") ?? "-" })")

            #expect(await server.put("/api/github/token", json: ["token": token], session: session).status == 200)
            let gone = await server.send("DELETE", "/api/account", json: ["password": ServerProcess.goodPassword], session: session)
            #expect(gone.status == 204, "DELETE /api/account: \(gone)")
            #expect(try await SQLiteFile.count(site.db.path, "SELECT count(*) FROM github_accounts WHERE sealed_token IS NOT NULL") == 0)
        }
        #expect(filesHoldingToken().isEmpty, "after the server stopped, the token in clear in: \(filesHoldingToken())")
    }
}
