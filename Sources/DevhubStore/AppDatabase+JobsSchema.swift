import DevhubCore
import GRDB

extension AppDatabase {
    /// Durable jobs and an outbox without live secrets:
    /// - `jobs.state` (`pending`, `done` or `dead`) and `jobs.last_attempt_at`. A job given up by the old worker (done
    ///   with an error) becomes dead, its error text without addresses; recurring kinds are simply done (the server
    ///   queues them again on start).
    /// - Payloads become the JSON of ``JobPayload`` (they were comma- or space-separated text).
    /// - `outbox.purpose` (`verify`, `reset`) marks link emails, found by subject in older rows; sent messages lose
    ///   their bodies.
    static func registerJobDurabilityMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v7-jobs-durability") { db in
            try db.execute(sql: """
                ALTER TABLE jobs ADD COLUMN state TEXT NOT NULL DEFAULT 'pending';
                ALTER TABLE jobs ADD COLUMN last_attempt_at INTEGER;
                UPDATE jobs SET state = 'done' WHERE done_at IS NOT NULL;
                ALTER TABLE outbox ADD COLUMN purpose TEXT;
                UPDATE outbox SET purpose = 'verify' WHERE subject = 'Verify your Devhub email address';
                UPDATE outbox SET purpose = 'reset' WHERE subject = 'Reset your Devhub password';
                UPDATE outbox SET text_body = '', html_body = '' WHERE sent_at IS NOT NULL;
                CREATE INDEX jobs_dead ON jobs(state) WHERE state = 'dead';
                """)
            for row in try Row.fetchAll(db, sql: "SELECT id, kind, payload FROM jobs") {
                guard let kind = Job.Kind(rawValue: row[1]), (try? JobPayload(kind: kind, json: row[2])) == nil,
                      let payload = JobPayload(kind: kind, legacy: row[2])
                else { continue }
                try db.execute(sql: "UPDATE jobs SET payload = ? WHERE id = ?", arguments: [payload.json, row[0] as Int64])
            }
            let recurring = Job.Kind.allCases.filter(\.isRecurring).map(\.rawValue)
            for row in try Row.fetchAll(db, sql: "SELECT id, kind, last_error, payload FROM jobs WHERE state = 'done' AND last_error IS NOT NULL") {
                guard !recurring.contains(row[1] as String) else { continue }
                try db.execute(
                    sql: "UPDATE jobs SET state = 'dead', done_at = NULL, last_error = ?, last_attempt_at = done_at WHERE id = ?",
                    arguments: [AddressRedaction.redact(row[2]), row[0] as Int64])
                if let kind = Job.Kind(rawValue: row[1]), case .sendEmail(let mail)? = try? JobPayload(kind: kind, json: row[3]) {
                    try Self.forgetLinks(db, outboxID: mail.outboxID)
                }
            }
        }
    }
}

extension Job.Kind {
    /// Kinds that run for ever: the worker queues their next run whatever happened to this one.
    public var isRecurring: Bool { self == .cleanup || self == .digestSweep || self == .domainChecks }
}

extension JobPayload {
    /// A payload in the text form written before version 7 (`*` or comma-separated names, `USER DATE`, `once`).
    init?(kind: Job.Kind, legacy text: String) {
        let list = text == "*" ? nil : text.split(separator: ",").map(String.init)
        switch kind {
        case .sendEmail: self = .sendEmail(MailJob(outboxID: text))
        case .regenerate: self = .regenerate(ProfilesJob(usernames: list))
        case .regenerateConnect: self = .regenerateConnect(ConnectPagesJob(codes: list))
        case .runDeployHooks: self = .runDeployHooks(DeployPaths(written: [], deleted: []))
        case .cleanup: self = .cleanup
        case .domainChecks: self = .domainChecks
        case .backup: self = .backup
        case .publish: self = .publish
        case .deliverWebhook: return nil
        case .quickConnectMail, .githubSync, .reportMail: return nil
        case .digestSweep: self = .digestSweep(DigestSweepJob(once: text == "once"))
        case .sendDigest:
            let parts = text.split(separator: " ")
            guard parts.count == 2 else { return nil }
            self = .sendDigest(DigestJob(userID: String(parts[0]), date: String(parts[1])))
        }
    }
}
