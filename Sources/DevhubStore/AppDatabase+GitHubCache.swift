import GRDB

/// GitHub's answer for one user as last fetched: the profile's JSON (the fields the form uses) or a 404.
public struct CachedGitHubProfile: Equatable, Sendable {
    /// 200 (found) or 404 (no such user).
    public var status: Int
    public var etag: String?
    /// The kept fields as JSON, for 200.
    public var body: String?
    /// Milliseconds since 1970.
    public var fetchedAt: Int64

    public init(status: Int, etag: String?, body: String?, fetchedAt: Int64) {
        self.status = status
        self.etag = etag
        self.body = body
        self.fetchedAt = fetchedAt
    }
}

extension AppDatabase {
    /// The cached answer for GitHub user `login` (any case), if any.
    public func cachedGitHubProfile(login: String) throws -> CachedGitHubProfile? {
        try writer.read { db in
            try Row.fetchOne(db, sql: "SELECT status, etag, body, fetched_at FROM github_profiles WHERE login = ?", arguments: [login])
                .map { CachedGitHubProfile(status: $0[0], etag: $0[1], body: $0[2], fetchedAt: $0[3]) }
        }
    }

    /// Stores GitHub's answer for `login`, stamped with the database's clock; returns what was stored.
    @discardableResult
    public func cacheGitHubProfile(login: String, status: Int, etag: String?, body: String?) throws -> CachedGitHubProfile {
        let now = now()
        try writer.write { db in
            try db.execute(sql: """
                INSERT INTO github_profiles (login, status, etag, body, fetched_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (login) DO UPDATE SET status = excluded.status, etag = excluded.etag, body = excluded.body,
                  fetched_at = excluded.fetched_at
                """, arguments: [login, status, etag, body, now])
        }
        return CachedGitHubProfile(status: status, etag: etag, body: body, fetchedAt: now)
    }

    /// Marks the cached answer for `login` fresh again (GitHub answered 304 Not Modified).
    public func refreshCachedGitHubProfile(login: String) throws {
        let now = now()
        try writer.write { db in
            try db.execute(sql: "UPDATE github_profiles SET fetched_at = ? WHERE login = ?", arguments: [now, login])
        }
    }
}
