import DevhubCore
import GRDB

extension AppDatabase {
    /// Live (not revoked) keys an account may hold at once.
    public static let maxAPIKeysPerAccount = 100
    /// `last_used_at` is written at most this often per key, so authenticated reads stay reads.
    public static let apiKeyTouchIntervalMilliseconds: Int64 = 60_000

    /// Creates a key for `userID` as `spec` asks; returns it with the key text, whose SHA-256 alone is stored. Nil
    /// when the account already holds ``maxAPIKeysPerAccount`` live keys.
    public func createAPIKey(_ spec: APIKeySpec, userID: String) throws -> CreatedAPIKey? {
        let now = now()
        let key = APIKeyFormat.generate()
        let stored = StoredAPIKey(
            id: ULID(milliseconds: now).value, name: spec.name, prefix: APIKeyFormat.displayPrefix(of: key), scopes: spec.scopes,
            createdAt: now, expiresAt: spec.expiresInDays.map { now + Int64($0) * 86_400_000 })
        return try writer.write { db in
            let live = try Int.fetchOne(db, sql: "SELECT count(*) FROM api_keys WHERE user_id = ? AND revoked_at IS NULL", arguments: [userID]) ?? 0
            guard live < Self.maxAPIKeysPerAccount else { return nil }
            try db.execute(sql: """
                INSERT INTO api_keys (id, user_id, name, prefix, key_hash, scopes, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [
                    stored.id, userID, stored.name, stored.prefix, SecretToken.hash(key), APIKeyScope.stored(stored.scopes), now, stored.expiresAt,
                ])
            return CreatedAPIKey(stored: stored, key: key)
        }
    }

    /// The owner's keys that are not revoked (expired ones included), newest first.
    public func apiKeys(userID: String) throws -> [StoredAPIKey] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "\(Self.apiKeySelect) WHERE user_id = ? AND revoked_at IS NULL ORDER BY created_at DESC, id DESC", arguments: [userID])
                .map(Self.apiKey)
        }
    }

    /// Every key of the owner, revoked ones included, oldest first (the data export).
    public func allAPIKeys(userID: String) throws -> [StoredAPIKey] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "\(Self.apiKeySelect) WHERE user_id = ? ORDER BY created_at, id", arguments: [userID]).map(Self.apiKey)
        }
    }

    /// Revokes the owner's key `id`; false when the owner has no such live key (someone else's is "not found" too).
    public func revokeAPIKey(id: String, userID: String) throws -> Bool {
        let now = now()
        return try writer.write { db in
            try db.execute(
                sql: "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL", arguments: [now, id, userID])
            return db.changesCount == 1
        }
    }

    /// Looks up a well-formed key by its hash: valid for a live key of an active account (noting its use at most
    /// once a minute), else why not. A key of an account waiting for its deletion, or erased, is unknown.
    public func authenticateAPIKey(_ key: String) throws -> APIKeyAuthentication {
        let now = now()
        guard let row = try writer.read({ db in
            try Row.fetchOne(db, sql: """
                SELECT k.id, k.user_id, k.scopes, k.expires_at, k.revoked_at, k.last_used_at FROM api_keys k JOIN users u ON u.id = k.user_id
                WHERE k.key_hash = ? AND u.deletion_requested_at IS NULL AND u.suspended_at IS NULL
                """, arguments: [SecretToken.hash(key)])
        }) else { return .unknown }
        let id: String = row[0]
        if (row[4] as Int64?) != nil { return .revoked }
        if let expires: Int64 = row[3], expires <= now { return .expired }
        let lastUsed: Int64? = row[5]
        if lastUsed.map({ now - $0 >= Self.apiKeyTouchIntervalMilliseconds }) ?? true {
            try writer.write { db in try db.execute(sql: "UPDATE api_keys SET last_used_at = ? WHERE id = ?", arguments: [now, id]) }
        }
        return .valid(id: id, userID: row[1], scopes: APIKeyScope.parse(stored: row[2]))
    }

    static let apiKeySelect = "SELECT id, name, prefix, scopes, created_at, last_used_at, expires_at, revoked_at FROM api_keys"

    static func apiKey(_ row: Row) -> StoredAPIKey {
        StoredAPIKey(
            id: row[0], name: row[1], prefix: row[2], scopes: APIKeyScope.parse(stored: row[3]), createdAt: row[4], lastUsedAt: row[5],
            expiresAt: row[6], revokedAt: row[7])
    }
}
