import Foundation
import GRDB

/// A job not yet done, as `devhub jobs` lists it.
public struct JobSummary: Equatable, Sendable {
    public var id: Int64
    /// The stored kind (text: a row written by another version may hold a kind this one does not know).
    public var kind: String
    public var state: JobState
    /// Runs started so far.
    public var attempts: Int
    /// When it runs next (nil for a dead job), in milliseconds since 1970.
    public var nextRunAt: Int64?
    public var createdAt: Int64
    public var lastAttemptAt: Int64?
    /// Why the last run failed (no personal data).
    public var lastError: String?
}

extension AppDatabase {
    /// Every job not done, oldest first; only the dead ones with `deadOnly`.
    public func unfinishedJobs(deadOnly: Bool = false) throws -> [JobSummary] {
        let now = now()
        return try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, kind, state, attempts, run_at, created_at, last_attempt_at, last_error, lease_until FROM jobs
                WHERE done_at IS NULL AND state != 'done' \(deadOnly ? "AND state = 'dead'" : "") ORDER BY id
                """).map { row in
                let dead = (row[2] as String) == "dead"
                let leased = (row[8] as Int64?).map { $0 > now } ?? false
                let state: JobState = dead ? .dead : leased ? .running : (row[3] as Int) > 0 ? .retrying : .pending
                return JobSummary(
                    id: row[0], kind: row[1], state: state, attempts: row[3], nextRunAt: dead ? nil : row[4],
                    createdAt: row[5], lastAttemptAt: row[6], lastError: row[7])
            }
        }
    }

    /// How many jobs are dead (for `/healthz` and `/metrics`).
    public func deadJobCount() throws -> Int {
        try writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM jobs WHERE state = 'dead'") ?? 0 }
    }

    /// Puts dead job `id` back in the queue with a fresh schedule (it runs at once). Returns false when no dead job
    /// has that id. A link email whose body was deleted gets a fresh link when it runs.
    public func retryDeadJob(id: Int64) throws -> Bool {
        let now = now()
        return try writer.write { db in
            try db.execute(sql: """
                UPDATE jobs SET state = 'pending', attempts = 0, run_at = ?, lease_until = NULL WHERE id = ? AND state = 'dead'
                """, arguments: [now, id])
            return db.changesCount == 1
        }
    }

    /// Retries every dead job; returns how many.
    public func retryAllDeadJobs() throws -> Int {
        let now = now()
        return try writer.write { db in
            try db.execute(sql: """
                UPDATE jobs SET state = 'pending', attempts = 0, run_at = ?, lease_until = NULL WHERE state = 'dead'
                """, arguments: [now])
            return db.changesCount
        }
    }

    /// Deletes dead job `id`, and the unsent message of a dead mail job. Returns false when no dead job has that id
    /// (a live job is never discarded: recurring work cannot disappear).
    public func discardDeadJob(id: Int64) throws -> Bool {
        try writer.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT kind, payload FROM jobs WHERE id = ? AND state = 'dead'", arguments: [id])
            else { return false }
            if let kind = Job.Kind(rawValue: row[0]), case .sendEmail(let mail)? = try? JobPayload(kind: kind, json: row[1]) {
                try db.execute(sql: "DELETE FROM outbox WHERE id = ? AND sent_at IS NULL", arguments: [mail.outboxID])
            }
            try db.execute(sql: "DELETE FROM jobs WHERE id = ?", arguments: [id])
            return true
        }
    }
}
