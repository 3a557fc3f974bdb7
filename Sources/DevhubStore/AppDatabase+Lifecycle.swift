import Foundation
import GRDB

extension AppDatabase {
    /// The owner asked for the account's deletion: the public page goes at once (the profile leaves the site, Quick
    /// Connect codes are revoked and their pages closed), every session ends and every API key is revoked, and the private data waits for the
    /// grace period, during which logging in restores the account (``cancelAccountDeletion(userID:)``); then the
    /// cleanup job erases it (``applyRetention(_:)``). Asking again changes nothing.
    public func scheduleAccountDeletion(userID: String) throws {
        let now = now()
        try writer.write { db in _ = try Self.scheduleDeletion(db, userID: userID, now: now) }
    }

    /// The deletion flow inside a transaction (the owner's request, or an admin's); returns whether the account was
    /// not already waiting for its deletion.
    static func scheduleDeletion(_ db: Database, userID: String, now: Int64) throws -> Bool {
        try db.execute(
            sql: "UPDATE users SET deletion_requested_at = ?, updated_at = ? WHERE id = ? AND deletion_requested_at IS NULL",
            arguments: [now, now, userID])
        let scheduled = db.changesCount == 1
        try db.execute(sql: "DELETE FROM sessions WHERE user_id = ?", arguments: [userID])
        // Like the sessions, the API keys end for good: logging in again restores the account, not its keys.
        try db.execute(sql: "UPDATE api_keys SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", arguments: [now, userID])
        try refreshVisibility(db, userID: userID, now: now)
        let codes = try String.fetchAll(
            db, sql: "SELECT id FROM quick_connect_codes WHERE user_id = ? AND revoked_at IS NULL", arguments: [userID])
        guard !codes.isEmpty else { return scheduled }
        try db.execute(sql: "UPDATE quick_connect_codes SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", arguments: [now, userID])
        try enqueue(db, .regenerateConnect(ConnectPagesJob(codes: codes)), runAt: now, now: now)
        return scheduled
    }

    /// Restores an account waiting for its deletion (the owner logged in within the grace period): it is active
    /// again and its profile as visible as the owner had asked. Revoked Quick Connect codes stay revoked. Returns
    /// whether a deletion was cancelled.
    @discardableResult
    public func cancelAccountDeletion(userID: String) throws -> Bool {
        let now = now()
        return try writer.write { db in
            try db.execute(
                sql: "UPDATE users SET deletion_requested_at = NULL, updated_at = ? WHERE id = ? AND deletion_requested_at IS NOT NULL",
                arguments: [now, userID])
            guard db.changesCount == 1 else { return false }
            try Self.refreshVisibility(db, userID: userID, now: now)
            return true
        }
    }

    /// When the owner asked for the account's deletion (milliseconds since 1970), nil if they did not.
    public func deletionRequestedAt(userID: String) throws -> Int64? {
        try writer.read { db in
            try Int64.fetchOne(db, sql: "SELECT deletion_requested_at FROM users WHERE id = ?", arguments: [userID])
        }
    }

    /// The cleanup job's retention pass: erases the accounts whose grace period is over, and removes stored digests,
    /// cached GitHub answers, dead jobs and finished jobs older than `policy` keeps them.
    public func applyRetention(_ policy: RetentionPolicy) throws -> RetentionReport {
        let now = now()
        return try writer.write { db in
            var report = RetentionReport()
            let expired = try String.fetchAll(db, sql: """
                SELECT id FROM users WHERE deletion_requested_at IS NOT NULL AND deletion_requested_at <= ?
                """, arguments: [now - policy.deletionGraceMilliseconds])
            for userID in expired {
                try Self.eraseAccount(db, userID: userID, now: now)
                report.erasedAccounts += 1
            }
            try db.execute(sql: "DELETE FROM agent_reports WHERE created_at <= ?", arguments: [now - policy.digestMilliseconds])
            report.digests = db.changesCount
            try db.execute(sql: "DELETE FROM github_profiles WHERE fetched_at <= ?", arguments: [now - policy.githubCacheMilliseconds])
            report.githubAnswers = db.changesCount
            try db.execute(
                sql: "DELETE FROM jobs WHERE state = 'dead' AND coalesce(last_attempt_at, created_at) <= ?",
                arguments: [now - policy.deadJobMilliseconds])
            report.deadJobs = db.changesCount
            try db.execute(
                sql: "DELETE FROM jobs WHERE done_at IS NOT NULL AND done_at <= ?",
                arguments: [now - policy.finishedJobMilliseconds])
            report.finishedJobs = db.changesCount
            return report
        }
    }

    /// Erases an account and every row it owns (the foreign keys cascade: profile, sessions, API keys, tokens,
    /// outbox, sync change log, contacts, interactions, tags, digests, Quick Connect codes, domain claim), and the jobs naming it; its Quick
    /// Connect pages are removed by the full pass this queues, its profile's files by the regeneration.
    static func eraseAccount(_ db: Database, userID: String, now: Int64) throws {
        if let username = try String.fetchOne(db, sql: "SELECT username FROM public_profiles WHERE user_id = ?", arguments: [userID]) {
            try enqueue(db, .regenerate(ProfilesJob(usernames: [username])), runAt: now, now: now)
        }
        if try Bool.fetchOne(db, sql: "SELECT 1 FROM quick_connect_codes WHERE user_id = ?", arguments: [userID]) != nil {
            try enqueue(db, .regenerateConnect(.all), runAt: now, now: now)
        }
        // Jobs are not tied to users by a key; a digest job names its owner in its payload.
        try db.execute(sql: "DELETE FROM jobs WHERE done_at IS NULL AND instr(payload, ?) > 0", arguments: [userID])
        try db.execute(sql: "DELETE FROM users WHERE id = ?", arguments: [userID])
    }
}
