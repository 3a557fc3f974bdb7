import Foundation
import GRDB

/// Session lifetimes: a session ends after `idle` without use or `absolute` after log-in, whichever is first.
public struct SessionPolicy: Sendable {
    public var idleMilliseconds: Int64 = 7 * 24 * 3_600_000
    public var absoluteMilliseconds: Int64 = 30 * 24 * 3_600_000
    /// `last_seen_at` is written at most this often, so reads stay reads.
    public var touchIntervalMilliseconds: Int64 = 5 * 60_000

    /// The defaults: 7 days idle, 30 days absolute.
    public init() {}
}

extension AppDatabase {
    /// Starts a session for `userID`; returns the token for the cookie (only its hash is stored).
    public func createSession(userID: String) throws -> SecretToken {
        let now = now()
        let token = SecretToken()
        try writer.write { db in
            try db.execute(
                sql: "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)",
                arguments: [token.hash, userID, now, now])
            try db.execute(sql: "UPDATE users SET last_login_at = ? WHERE id = ?", arguments: [now, userID])
        }
        return token
    }

    /// The user id of a live session for `token`, refreshing its idle timer; nil when unknown or timed out.
    public func sessionUser(token: String, policy: SessionPolicy = SessionPolicy()) throws -> String? {
        let now = now()
        let hash = SecretToken.hash(token)
        guard let row = try writer.read({ db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT user_id, created_at, last_seen_at FROM sessions WHERE token_hash = ?"), arguments: [hash])
        }) else { return nil }
        let created: Int64 = row[1]
        let lastSeen: Int64 = row[2]
        guard now - lastSeen < policy.idleMilliseconds, now - created < policy.absoluteMilliseconds else {
            try deleteSession(token: token)
            return nil
        }
        if now - lastSeen > policy.touchIntervalMilliseconds {
            try writer.write { db in
                try db.execute(sql: "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?", arguments: [now, hash])
            }
        }
        return row[0]
    }

    /// Ends one session.
    public func deleteSession(token: String) throws {
        try writer.write { db in try db.execute(sql: "DELETE FROM sessions WHERE token_hash = ?", arguments: [SecretToken.hash(token)]) }
    }

    /// Removes timed-out sessions and expired or used email tokens (the cleanup job; old jobs go with
    /// ``applyRetention(_:)``). Returns rows removed.
    @discardableResult
    public func removeExpiredSecrets(policy: SessionPolicy = SessionPolicy()) throws -> Int {
        let now = now()
        return try writer.write { db in
            try db.execute(
                sql: "DELETE FROM sessions WHERE last_seen_at <= ? OR created_at <= ?",
                arguments: [now - policy.idleMilliseconds, now - policy.absoluteMilliseconds])
            var removed = db.changesCount
            try db.execute(sql: "DELETE FROM email_tokens WHERE expires_at <= ? OR used_at IS NOT NULL", arguments: [now])
            removed += db.changesCount
            return removed
        }
    }
}
