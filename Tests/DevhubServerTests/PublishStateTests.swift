import DevhubStore
import Foundation
import Testing

/// The published state and the `publish` job on a real SQLite file: a burst of builds queues one publish, a running
/// publish does not swallow the next one, and the state records and forgets paths and purges.
@Suite("Publishing: state table and coalesced publish jobs")
struct PublishStateTests {
    static func database() throws -> (AppDatabase, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("devhub-publish-\(UUID().uuidString)")
        return (try AppDatabase(path: folder.appendingPathComponent("devhub.sqlite").path), folder)
    }

    @Test("publish jobs coalesce while one waits; a claimed (running) one lets the next be queued")
    func coalescing() throws {
        let (database, folder) = try Self.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        try database.enqueuePublish()
        try database.enqueuePublish()
        try database.enqueuePublish()
        #expect(try database.pendingJobCount() == 1)
        let claimed = try database.claimJobs(limit: 10, leaseMilliseconds: 60_000)
        #expect(claimed.map(\.payload) == [.publish])
        try database.enqueuePublish()
        try database.enqueuePublish()
        #expect(try database.claimJobs(limit: 10, leaseMilliseconds: 60_000).map(\.payload) == [.publish], "a build during a publish must queue one more")
    }

    @Test("the state records confirmed paths per target, forgets deleted ones, and keeps purges until done")
    func state() throws {
        let (database, folder) = try Self.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        let zone = "https://storage.example/zone"
        try database.recordPublished(target: zone, path: "@ada/index.html", sha256: "AA", purgeURLs: ["https://h/@ada/"])
        try database.recordPublished(target: zone, path: "robots.txt", sha256: "BB", purgeURLs: ["https://h/robots.txt"])
        try database.recordPublished(target: "https://other/zone", path: "x", sha256: "CC", purgeURLs: [])
        try database.recordPublished(target: zone, path: "@ada/index.html", sha256: "DD", purgeURLs: ["https://h/@ada/"])
        #expect(try database.publishedFiles(target: zone) == ["@ada/index.html": "DD", "robots.txt": "BB"])
        try database.recordPublished(target: zone, path: "robots.txt", sha256: nil, purgeURLs: ["https://h/robots.txt"])
        #expect(try database.publishedFiles(target: zone) == ["@ada/index.html": "DD"])
        #expect(try database.pendingPurges(target: zone) == ["https://h/@ada/", "https://h/robots.txt"])
        try database.purgeDone(target: zone, url: "https://h/@ada/")
        #expect(try database.pendingPurges(target: zone) == ["https://h/robots.txt"])
        try database.replacePublishedFiles(target: zone, with: ["a": "1"])
        #expect(try database.publishedFiles(target: zone) == ["a": "1"])
        #expect(try database.publishedFiles(target: "https://other/zone") == ["x": "CC"])
    }
}
