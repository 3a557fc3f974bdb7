import Foundation
import Testing

/// `devhub serve` with a storage zone configured publishes after the start-up build and after every build that
/// changed files (a `publish` job), and `/healthz` shows `last_publish_at`.
@Suite("Server: publishing to Bunny Storage", .enabled(if: Devhub.hasTool("curl"), "needs curl"))
struct ServePublishTests {
    static let secret = "test-rebuild-secret-0123456789abcdefghij"

    /// Polls `/healthz` until `last_publish_at` differs from `previous` (bounded); returns it.
    static func waitForPublish(_ server: ServerProcess, after previous: String?) async throws -> String {
        for _ in 0..<300 {
            if let at = await server.get("/healthz").object?["last_publish_at"] as? String, at != previous { return at }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("last_publish_at never changed from \(previous ?? "null"); log:\n\(server.logTail())")
        throw CancellationError()
    }

    @Test("serve publishes on start and after a rebuild that changed files; /healthz shows last_publish_at")
    func servePublishes() async throws {
        let site = try await ServerProcess.makeSite()
        let fixture = try await BunnyFixture.start(in: site.root)
        defer { fixture.stop() }
        let arguments = [
            "--rebuild-secret", Self.secret, "--bunny-storage-zone", BunnyFixture.zone, "--bunny-storage-endpoint", fixture.url,
            "--bunny-pull-zone", BunnyFixture.pullZone, "--bunny-api-url", fixture.url,
        ]
        let environment = ["BUNNY_STORAGE_KEY": BunnyFixture.storageKey, "BUNNY_API_KEY": BunnyFixture.apiKey]
        try await ServerProcess.run(arguments, site: site, environment: environment) { server in
            let first = try await Self.waitForPublish(server, after: nil)
            #expect(ISO8601DateFormatter().date(from: first) != nil, "not ISO 8601: \(first)")
            OutputTree.expectEqual(site, site.out, fixture.zoneRoot)
            let uploadsAfterStart = fixture.uploads.count

            let profile = try #require(try DemoProfile.all().first { $0.isPublic && $0.customDomain == nil })
            try site.editProfile(profile.file) { text in
                text.replacingOccurrences(of: #"(?m)^headline: .*$"#, with: "headline: Published by the server", options: .regularExpression)
            }
            let imported = await site.importProfiles()
            try #require(imported.status == 0, "\(imported)")
            let rebuild = await server.post("/hooks/rebuild", headers: ["Authorization": "Bearer " + Self.secret])
            #expect(rebuild.status == 202, "\(rebuild)")
            // The rebuild job queues the publish before it ends, so the queue is empty only once the publish ran.
            try await server.waitUntilIdle()
            let second = try #require(await server.get("/healthz").object?["last_publish_at"] as? String)
            #expect(second >= first, "last_publish_at went back: \(first) → \(second)")
            OutputTree.expectEqual(site, site.out, fixture.zoneRoot)
            let uploaded = Set(fixture.uploads.dropFirst(uploadsAfterStart))
            #expect(uploaded.contains("@\(profile.username)/index.html"), "uploaded \(uploaded.sorted())")
            #expect(fixture.purges.contains("\(TempSite.baseURL)/@\(profile.username)/"))
            #expect(!server.logTail().contains(BunnyFixture.storageKey) && !server.logTail().contains(BunnyFixture.apiKey))
        }
    }
}
