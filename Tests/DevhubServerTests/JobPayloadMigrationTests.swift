import DevhubCore
@testable import DevhubStore
import Foundation
import GRDB
import Testing

/// Rows written before version 7 (text payloads, jobs given up with `done_at` set, sent mail with its body) are
/// converted when the database is opened.
@Suite("Job payloads: typed JSON, older rows converted")
struct JobPayloadMigrationTests {
    @Test("every kind's payload survives the JSON round trip")
    func roundTrip() throws {
        let payloads: [JobPayload] = [
            .sendEmail(MailJob(outboxID: "01J")), .regenerate(.all), .regenerate(ProfilesJob(usernames: ["a", "b"])),
            .runDeployHooks(DeployPaths(written: ["x/index.html"], deleted: ["y"])), .cleanup,
            .digestSweep(DigestSweepJob(once: true)), .sendDigest(DigestJob(userID: "U1", date: "2026-11-21")),
            .regenerateConnect(ConnectPagesJob(codes: ["c1"])), .regenerateConnect(.all), .domainChecks, .backup, .publish,
            .quickConnectMail(ConnectMailJob(code: "c1")), .githubSync(GitHubSyncJob(userID: "U1", paced: true)),
        ]
        for payload in payloads {
            #expect(try JobPayload(kind: payload.kind, json: payload.json) == payload, "\(payload.json)")
        }
        #expect(throws: (any Error).self) { try JobPayload(kind: .sendDigest, json: "U1 2026-11-21") }
    }

    @Test("a version-6 database: text payloads become JSON, a given-up job becomes dead without addresses or token")
    func convertsOlderRows() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("devhub-migration-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("devhub.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try AppDatabase.migrator.migrate(queue, upTo: "v6-account-email-key")
        try await queue.write { db in
            try db.execute(sql: """
                INSERT INTO outbox (id, recipient, subject, text_body, html_body, created_at)
                  VALUES ('M1', 'a@example.test', 'Verify your Devhub email address', 'open ?token=SECRET1', '<a>SECRET1</a>', 1),
                         ('M2', 'b@example.test', 'Reset your Devhub password', 'open ?token=SECRET2', 'SECRET2', 1),
                         ('M3', 'c@example.test', 'Verify your Devhub email address', 'open ?token=SECRET3', 'SECRET3', 1);
                UPDATE outbox SET sent_at = 2 WHERE id = 'M3';
                INSERT INTO jobs (kind, payload, run_at, created_at, attempts, done_at, last_error) VALUES
                  ('send-email', 'M1', 0, 1, 0, NULL, NULL),
                  ('regenerate', 'ada,grace', 0, 1, 0, NULL, NULL),
                  ('regenerate-connect', '*', 0, 1, 0, NULL, NULL),
                  ('send-digest', 'U1 2026-11-21', 0, 1, 0, NULL, NULL),
                  ('digest-sweep', 'once', 0, 1, 0, NULL, NULL),
                  ('send-email', 'M2', 0, 1, 8, 5, 'msmtp exited with 75: refused <b@example.test>'),
                  ('cleanup', '', 0, 1, 8, 5, 'disk I/O error');
                """)
        }
        try queue.close()

        let database = try AppDatabase(path: path)
        let claimed = try database.claimJobs(limit: 10, leaseMilliseconds: 60_000).map(\.payload)
        #expect(claimed == [
            .sendEmail(MailJob(outboxID: "M1")), .regenerate(ProfilesJob(usernames: ["ada", "grace"])), .regenerateConnect(.all),
            .sendDigest(DigestJob(userID: "U1", date: "2026-11-21")), .digestSweep(DigestSweepJob(once: true)),
        ])
        let dead = try database.unfinishedJobs(deadOnly: true)
        #expect(dead.count == 1 && dead.first?.kind == "send-email" && dead.first?.attempts == 8, "\(dead)")
        #expect(dead.first?.lastError == "msmtp exited with 75: refused <[address]>")
        let bodies = try await database.writer.read { db in
            try String.fetchAll(db, sql: "SELECT id || ':' || coalesce(purpose, '-') || ':' || text_body || html_body FROM outbox ORDER BY id")
        }
        #expect(bodies == ["M1:verify:open ?token=SECRET1<a>SECRET1</a>", "M2:reset:", "M3:verify:"],
                "the dead link email and the sent one must have lost their bodies")
    }
}
