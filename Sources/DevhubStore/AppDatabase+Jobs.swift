import Foundation
import GRDB

extension AppDatabase {
    /// Adds a job inside the caller's transaction, so it exists exactly when the change that caused it does.
    static func enqueue(_ db: Database, _ payload: JobPayload, runAt: Int64, now: Int64) throws {
        try db.cachedStatement(sql: "INSERT INTO jobs (kind, payload, run_at, created_at) VALUES (?, ?, ?, ?)")
            .execute(arguments: [payload.kind.rawValue, payload.json, runAt, now])
    }

    /// Adds a job on its own.
    public func enqueueJob(_ payload: JobPayload, delayMilliseconds: Int64 = 0) throws {
        let now = now()
        try writer.write { db in try Self.enqueue(db, payload, runAt: now + delayMilliseconds, now: now) }
    }

    /// Adds `payload` unless the same job is already waiting, running or dead (the recurring kinds, a digest).
    public func enqueueJobUnlessPending(_ payload: JobPayload, delayMilliseconds: Int64 = 0) throws {
        let now = now()
        try writer.write { db in try Self.enqueueUnlessPending(db, payload, runAt: now + delayMilliseconds, now: now) }
    }

    static func enqueueUnlessPending(_ db: Database, _ payload: JobPayload, runAt: Int64, now: Int64) throws {
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM jobs WHERE kind = ? AND payload = ? AND done_at IS NULL",
                                arguments: [payload.kind.rawValue, payload.json]) == nil
        else { return }
        try enqueue(db, payload, runAt: runAt, now: now)
    }

    /// Claims up to `limit` due jobs whose lease (if any) has expired, leasing them for `leaseMilliseconds`.
    /// A job whose worker died is claimed again once its lease runs out. A row whose kind or payload cannot be read
    /// (written by another version) becomes dead at once, for the operator to see.
    public func claimJobs(limit: Int, leaseMilliseconds: Int64) throws -> [Job] {
        let now = now()
        return try writer.write { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT id, kind, payload, attempts FROM jobs
                WHERE done_at IS NULL AND state = 'pending' AND run_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
                ORDER BY run_at, id LIMIT ?
                """, arguments: [now, now, limit])
            var jobs: [Job] = []
            for row in rows {
                let id: Int64 = row[0]
                try db.execute(
                    sql: "UPDATE jobs SET lease_until = ?, attempts = attempts + 1, last_attempt_at = ? WHERE id = ?",
                    arguments: [now + leaseMilliseconds, now, id])
                guard let kind = Job.Kind(rawValue: row[1]), let payload = try? JobPayload(kind: kind, json: row[2]) else {
                    try db.execute(
                        sql: "UPDATE jobs SET state = 'dead', lease_until = NULL, last_error = 'unknown kind or unreadable payload' WHERE id = ?",
                        arguments: [id])
                    continue
                }
                jobs.append(Job(id: id, payload: payload, attempts: row[3]))
            }
            return jobs
        }
    }

    /// Marks a job done (a deploy job's paths are not kept) and, for a recurring job, queues its next run
    /// `next` milliseconds from now in the same transaction, so the series never ends.
    public func completeJob(_ job: Job, next: Int64? = nil) throws {
        let now = now()
        try writer.write { db in
            try db.execute(sql: """
                UPDATE jobs SET state = 'done', done_at = ?, lease_until = NULL, last_error = NULL, payload = ? WHERE id = ?
                """, arguments: [now, job.payload.scrubbed.json, job.id])
            if let next { try Self.enqueueUnlessPending(db, job.payload, runAt: now + next, now: now) }
        }
    }

    /// Records a failure (`error` must hold no personal data; the caller redacts it). A recurring job (`next` set)
    /// is done and its next run queued; another job runs again after `retryAfterMilliseconds`, or, when that is nil,
    /// becomes dead: its payload is scrubbed and a link email's body (which holds a token) is deleted.
    public func failJob(_ job: Job, error: String, retryAfterMilliseconds: Int64?, next: Int64? = nil) throws {
        let now = now()
        let error = String(error.prefix(500))
        try writer.write { db in
            if let next {
                try db.execute(
                    sql: "UPDATE jobs SET state = 'done', done_at = ?, lease_until = NULL, last_error = ? WHERE id = ?",
                    arguments: [now, error, job.id])
                try Self.enqueueUnlessPending(db, job.payload, runAt: now + next, now: now)
            } else if let retry = retryAfterMilliseconds {
                try db.execute(
                    sql: "UPDATE jobs SET last_error = ?, run_at = ?, lease_until = NULL WHERE id = ?",
                    arguments: [error, now + retry, job.id])
            } else {
                try db.execute(
                    sql: "UPDATE jobs SET state = 'dead', last_error = ?, lease_until = NULL, payload = ? WHERE id = ?",
                    arguments: [error, job.payload.scrubbed.json, job.id])
                if case .sendEmail(let mail) = job.payload { try Self.forgetLinks(db, outboxID: mail.outboxID) }
            }
        }
        if retryAfterMilliseconds == nil, next == nil, case .sendEmail = job.payload { forgetFreedPages() }
    }

    /// Jobs not yet done that are due or being retried, other than the kinds in `excluding` (the ever-scheduled
    /// cleanup and digest sweep), for `/healthz` and tests. Work scheduled for later (a code's expiry) is not pending,
    /// nor is a dead job.
    public func pendingJobCount(excluding kinds: [Job.Kind] = []) throws -> Int {
        let now = now()
        return try writer.read { db in
            try Int.fetchOne(db, sql: """
                SELECT count(*) FROM jobs WHERE done_at IS NULL AND state = 'pending' AND (run_at <= ? OR attempts > 0)
                  AND kind NOT IN (\(Self.placeholders(max(1, kinds.count))))
                """, arguments: StatementArguments([now] + (kinds.isEmpty ? [""] : kinds.map(\.rawValue)))) ?? 0
        }
    }
}
