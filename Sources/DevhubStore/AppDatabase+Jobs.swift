import Foundation
import GRDB

extension AppDatabase {
    /// Adds a job inside the caller's transaction, so it exists exactly when the change that caused it does.
    static func enqueue(_ db: Database, _ kind: Job.Kind, payload: String, runAt: Int64, now: Int64) throws {
        try db.execute(
            sql: "INSERT INTO jobs (kind, payload, run_at, created_at) VALUES (?, ?, ?, ?)",
            arguments: [kind.rawValue, payload, runAt, now])
    }

    /// Adds a job on its own.
    public func enqueueJob(_ kind: Job.Kind, payload: String, delayMilliseconds: Int64 = 0) throws {
        let now = now()
        try writer.write { db in try Self.enqueue(db, kind, payload: payload, runAt: now + delayMilliseconds, now: now) }
    }

    /// Claims up to `limit` due jobs whose lease (if any) has expired, leasing them for `leaseMilliseconds`.
    /// A job whose worker died is claimed again once its lease runs out.
    public func claimJobs(limit: Int, leaseMilliseconds: Int64) throws -> [Job] {
        let now = now()
        return try writer.write { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT id, kind, payload, attempts FROM jobs
                WHERE done_at IS NULL AND run_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
                ORDER BY run_at, id LIMIT ?
                """, arguments: [now, now, limit])
            var jobs: [Job] = []
            for row in rows {
                let id: Int64 = row[0]
                try db.execute(
                    sql: "UPDATE jobs SET lease_until = ?, attempts = attempts + 1 WHERE id = ?",
                    arguments: [now + leaseMilliseconds, id])
                guard let kind = Job.Kind(rawValue: row[1]) else {
                    try db.execute(sql: "UPDATE jobs SET done_at = ?, last_error = 'unknown kind' WHERE id = ?", arguments: [now, id])
                    continue
                }
                jobs.append(Job(id: id, kind: kind, payload: row[2], attempts: row[3]))
            }
            return jobs
        }
    }

    /// Marks a job done. A deploy job's payload (output paths, Quick Connect tokens among them) is not kept after it ran.
    public func completeJob(_ id: Int64) throws {
        let now = now()
        try writer.write { db in
            try db.execute(sql: """
                UPDATE jobs SET done_at = ?, lease_until = NULL, last_error = NULL,
                  payload = CASE WHEN kind = ? THEN '' ELSE payload END
                WHERE id = ?
                """, arguments: [now, Job.Kind.runDeployHooks.rawValue, id])
        }
    }

    /// Records a failure; the job runs again at `retryAt`, or never when nil (given up).
    public func failJob(_ id: Int64, error: String, retryAfterMilliseconds: Int64?) throws {
        let now = now()
        try writer.write { db in
            if let retry = retryAfterMilliseconds {
                try db.execute(
                    sql: "UPDATE jobs SET last_error = ?, run_at = ?, lease_until = NULL WHERE id = ?",
                    arguments: [String(error.prefix(500)), now + retry, id])
            } else {
                try db.execute(
                    sql: "UPDATE jobs SET last_error = ?, done_at = ?, lease_until = NULL WHERE id = ?",
                    arguments: [String(error.prefix(500)), now, id])
            }
        }
    }

    /// Jobs not yet done that are due or being retried, other than the kinds in `excluding` (the ever-scheduled
    /// cleanup and digest sweep), for `/healthz` and tests. Work scheduled for later (a code's expiry) is not pending.
    public func pendingJobCount(excluding kinds: [Job.Kind] = []) throws -> Int {
        let now = now()
        return try writer.read { db in
            try Int.fetchOne(db, sql: """
                SELECT count(*) FROM jobs WHERE done_at IS NULL AND (run_at <= ? OR attempts > 0)
                  AND kind NOT IN (\(Self.placeholders(max(1, kinds.count))))
                """, arguments: StatementArguments([now] + (kinds.isEmpty ? [""] : kinds.map(\.rawValue)))) ?? 0
        }
    }

    /// Adds a job of `kind` with `payload` unless the same one is already waiting (the recurring cleanup, a digest).
    public func enqueueJobUnlessPending(_ kind: Job.Kind, payload: String) throws {
        let now = now()
        try writer.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM jobs WHERE kind = ? AND payload = ? AND done_at IS NULL", arguments: [kind.rawValue, payload]) == nil else { return }
            try Self.enqueue(db, kind, payload: payload, runAt: now, now: now)
        }
    }
}
