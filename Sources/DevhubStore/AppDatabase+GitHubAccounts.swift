import DevhubCore
import GRDB

/// How an owner connected GitHub.
public enum GitHubTokenKind: String, Sendable, Codable {
    /// Through the OAuth web application flow.
    case oauth
    /// A pasted fine-grained personal access token.
    case personalAccessToken = "pat"
}

/// An owner's GitHub connection and sync switch, without the token itself.
public struct GitHubAccountState: Equatable, Sendable {
    /// The sealed token (AES-GCM, see ``ServerSecretKey/sealGitHubToken(_:userID:)``), nil when not connected.
    public var sealedToken: String?
    public var tokenKind: GitHubTokenKind?
    /// Milliseconds since 1970.
    public var connectedAt: Int64?
    /// Whether the owner turned the sync on (`github_sync`).
    public var syncEnabled: Bool
    /// The token's sync waits until then (a rate limit), milliseconds since 1970; 0 when not paused.
    public var pausedUntil: Int64

    /// The state of an owner who never connected nor turned the sync on.
    public static let disconnected = GitHubAccountState(sealedToken: nil, tokenKind: nil, connectedAt: nil, syncEnabled: false, pausedUntil: 0)
}

extension AppDatabase {
    /// The GitHub connection and switch of `userID` (``GitHubAccountState/disconnected`` when there is no row).
    public func gitHubAccount(userID: String) throws -> GitHubAccountState {
        try writer.read { db in
            try Row.fetchOne(db, sql: """
                SELECT sealed_token, token_kind, connected_at, sync_enabled, paused_until FROM github_accounts WHERE user_id = ?
                """, arguments: [userID]).map { row in
                GitHubAccountState(sealedToken: row[0], tokenKind: (row[1] as String?).flatMap(GitHubTokenKind.init(rawValue:)),
                                   connectedAt: row[2], syncEnabled: row[3], pausedUntil: row[4])
            } ?? .disconnected
        }
    }

    /// Stores `sealedToken` (already sealed: the clear token never reaches the database) as the owner's connection.
    public func saveGitHubToken(userID: String, sealedToken: String, kind: GitHubTokenKind) throws {
        let now = now()
        try writer.write { db in
            try db.execute(sql: """
                INSERT INTO github_accounts (user_id, sealed_token, token_kind, connected_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (user_id) DO UPDATE SET sealed_token = excluded.sealed_token, token_kind = excluded.token_kind,
                  connected_at = excluded.connected_at, paused_until = 0
                """, arguments: [userID, sealedToken, kind.rawValue, now])
        }
    }

    /// Deletes the owner's token (either kind); the sync switch stays as it was. True when there was one.
    @discardableResult
    public func deleteGitHubToken(userID: String) throws -> Bool {
        try writer.write { db in
            try db.execute(sql: """
                UPDATE github_accounts SET sealed_token = NULL, token_kind = NULL, connected_at = NULL, paused_until = 0
                WHERE user_id = ? AND sealed_token IS NOT NULL
                """, arguments: [userID])
            let removed = db.changesCount == 1
            try db.execute(sql: "DELETE FROM github_oauth_states WHERE user_id = ?", arguments: [userID])
            return removed
        }
    }

    /// Turns the owner's sync on or off.
    public func setGitHubSync(userID: String, enabled: Bool) throws {
        try writer.write { db in
            try db.execute(sql: """
                INSERT INTO github_accounts (user_id, sync_enabled) VALUES (?, ?)
                ON CONFLICT (user_id) DO UPDATE SET sync_enabled = excluded.sync_enabled
                """, arguments: [userID, enabled])
        }
    }

    /// Pauses the owner's sync until `until` (milliseconds since 1970): GitHub said the token is over a rate limit.
    public func pauseGitHubSync(userID: String, until: Int64) throws {
        try writer.write { db in
            try db.execute(sql: "UPDATE github_accounts SET paused_until = max(paused_until, ?) WHERE user_id = ?", arguments: [until, userID])
        }
    }

    /// The owners whose sync is on (accounts neither suspended nor being deleted), for the sync's start-up.
    public func gitHubSyncOwners() throws -> [String] {
        try writer.read { db in
            try String.fetchAll(db, sql: """
                SELECT a.user_id FROM github_accounts a JOIN users u ON u.id = a.user_id
                WHERE a.sync_enabled = 1 AND u.deletion_requested_at IS NULL AND u.suspended_at IS NULL ORDER BY a.user_id
                """)
        }
    }

    /// Remembers the SHA-256 of an OAuth `state` for `userID` and the session (hash) that asked, valid for `lifetime` ms.
    public func saveGitHubOAuthState(stateHash: String, userID: String, sessionHash: String, lifetime: Int64) throws {
        let now = now()
        try writer.write { db in
            try db.execute(sql: "DELETE FROM github_oauth_states WHERE expires_at <= ?", arguments: [now])
            try db.execute(sql: "INSERT INTO github_oauth_states (state_hash, user_id, session_hash, expires_at) VALUES (?, ?, ?, ?)",
                           arguments: [stateHash, userID, sessionHash, now + lifetime])
        }
    }

    /// Uses up the OAuth state with hash `stateHash`: true when it was handed out to `userID` in the same session and
    /// has not expired. A state is good once.
    public func consumeGitHubOAuthState(stateHash: String, userID: String, sessionHash: String) throws -> Bool {
        let now = now()
        return try writer.write { db in
            let row = try Row.fetchOne(db, sql: "SELECT user_id, session_hash, expires_at FROM github_oauth_states WHERE state_hash = ?",
                                       arguments: [stateHash])
            try db.execute(sql: "DELETE FROM github_oauth_states WHERE state_hash = ? OR expires_at <= ?", arguments: [stateHash, now])
            guard let row else { return false }
            return row[0] as String == userID && row[1] as String == sessionHash && (row[2] as Int64) > now
        }
    }
}
