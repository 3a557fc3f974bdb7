import DevhubCore
import GRDB

/// A GitHub resource the sync keeps per contact.
public enum GitHubResource: String, Sendable, CaseIterable {
    /// `GET /users/{login}`.
    case profile
    /// `GET /users/{login}/repos`.
    case repos
    /// `GET /users/{login}/events/public` (releases are read from its `ReleaseEvent`s).
    case events
    /// `GET /users/{login}/followers`.
    case followers
}

/// How long each resource's last answer is good for, in milliseconds.
public struct GitHubFreshness: Equatable, Sendable {
    public var profile: Int64 = 3_600_000
    public var repos: Int64 = 6 * 3_600_000
    public var events: Int64 = 1_800_000
    public var followers: Int64 = 24 * 3_600_000

    /// The seed's freshness: profile 1 h, repositories 6 h, public events 30 min, followers 24 h.
    public init() {}

    /// The same `milliseconds` for every resource (`--github-cache-seconds`, for tests).
    public init(all milliseconds: Int64) {
        (profile, repos, events, followers) = (milliseconds, milliseconds, milliseconds, milliseconds)
    }

    /// The freshness of `resource`.
    public func milliseconds(_ resource: GitHubResource) -> Int64 {
        switch resource {
        case .profile: profile
        case .repos: repos
        case .events: events
        case .followers: followers
        }
    }
}

/// What the sync knows of one resource of one contact.
public struct GitHubResourceState: Equatable, Sendable {
    public var etag: String?
    /// Milliseconds since 1970.
    public var fetchedAt: Int64
    /// The JSON the next answer is compared with.
    public var snapshot: String
}

/// A contact the sync is about to fetch.
public struct GitHubSyncContact: Equatable, Sendable {
    public var id: String
    public var name: String
    /// The contact's GitHub username.
    public var login: String

    public init(id: String, name: String, login: String) {
        self.id = id
        self.name = name
        self.login = login
    }
}

/// What one answer from GitHub changes, written in one transaction so a crash never keeps half of it.
public struct GitHubFetchRecord: Sendable {
    public var contactID: String
    public var resource: GitHubResource
    /// The new ETag (nil: keep the stored one, as after a 304).
    public var etag: String?
    /// The new snapshot (nil: keep the stored one).
    public var snapshot: String?
    /// The contact's repositories, for a repositories answer.
    public var repositories: [GitHubRepository]?
    /// The insights the answer revealed.
    public var insights: [GitHubInsightDraft]
    /// The contact's new `github_status` (`ok`, `not_found`), or nil to keep it.
    public var status: String?

    public init(contactID: String, resource: GitHubResource, etag: String? = nil, snapshot: String? = nil,
                repositories: [GitHubRepository]? = nil, insights: [GitHubInsightDraft] = [], status: String? = nil) {
        self.contactID = contactID
        self.resource = resource
        self.etag = etag
        self.snapshot = snapshot
        self.repositories = repositories
        self.insights = insights
        self.status = status
    }
}

extension AppDatabase {
    /// Up to `limit` of the owner's contacts with a GitHub username that have a resource older than its freshness,
    /// the longest-waiting first (never fetched first). A contact whose username was not found waits only for its
    /// profile to be asked again.
    public func gitHubContactsDue(userID: String, freshness: GitHubFreshness, limit: Int) throws -> [GitHubSyncContact] {
        let now = now()
        return try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT c.id, c.name, c.github FROM contacts c
                WHERE c.user_id = ? AND coalesce(c.github, '') <> '' AND (
                  CASE WHEN c.github_status = 'not_found'
                  THEN NOT EXISTS (SELECT 1 FROM github_resources r WHERE r.contact_id = c.id AND r.resource = 'profile' AND r.fetched_at > ?)
                  ELSE (SELECT count(*) FROM github_resources r WHERE r.contact_id = c.id AND r.fetched_at > CASE r.resource
                          WHEN 'profile' THEN ? WHEN 'repos' THEN ? WHEN 'events' THEN ? ELSE ? END) < 4
                  END)
                ORDER BY (SELECT min(fetched_at) FROM github_resources r WHERE r.contact_id = c.id) IS NOT NULL,
                  (SELECT min(fetched_at) FROM github_resources r WHERE r.contact_id = c.id), c.id
                LIMIT ?
                """, arguments: [userID, now - freshness.profile, now - freshness.profile, now - freshness.repos, now - freshness.events,
                                 now - freshness.followers, limit])
                .map { GitHubSyncContact(id: $0[0], name: $0[1], login: $0[2]) }
        }
    }

    /// The stored state of each resource of `contactID` fetched before.
    public func gitHubResourceStates(contactID: String) throws -> [GitHubResource: GitHubResourceState] {
        try writer.read { db in
            var states: [GitHubResource: GitHubResourceState] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT resource, etag, fetched_at, snapshot FROM github_resources WHERE contact_id = ?",
                                        arguments: [contactID]) {
                guard let resource = GitHubResource(rawValue: row[0]) else { continue }
                states[resource] = GitHubResourceState(etag: row[1], fetchedAt: row[2], snapshot: row[3])
            }
            return states
        }
    }

    /// Records one answer for a contact of `userID` (see ``GitHubFetchRecord``) and returns the insights that are new
    /// (a change recorded before is not recorded again). Nothing happens when the contact is gone.
    @discardableResult
    public func recordGitHubFetch(
        userID: String, _ record: GitHubFetchRecord, events: WebhookEventsInTransaction<[GitHubInsight]>? = nil
    ) throws -> [GitHubInsight] {
        let now = now()
        return try writer.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM contacts WHERE id = ? AND user_id = ?", arguments: [record.contactID, userID]) == true
            else { return [] }
            try db.execute(sql: """
                INSERT INTO github_resources (contact_id, resource, etag, fetched_at, snapshot) VALUES (?, ?, ?, ?, coalesce(?, '{}'))
                ON CONFLICT (contact_id, resource) DO UPDATE SET etag = coalesce(excluded.etag, etag), fetched_at = excluded.fetched_at,
                  snapshot = coalesce(?, snapshot)
                """, arguments: [record.contactID, record.resource.rawValue, record.etag, now, record.snapshot, record.snapshot])
            if let status = record.status {
                try db.execute(sql: "UPDATE contacts SET github_status = ? WHERE id = ?", arguments: [status, record.contactID])
            }
            if let repositories = record.repositories {
                try Self.replaceGitHubRepositories(db, userID: userID, contactID: record.contactID, with: repositories)
            }
            let insights = try record.insights.compactMap { try Self.recordGitHubInsight(db, userID: userID, draft: $0, now: now) }
            try Self.queueWebhookEvents(db, events, userID: userID, now: now) { insights.isEmpty ? nil : insights }
            return insights
        }
    }

    /// The `github_status` of contact `contactID` (`unknown`, `ok`, `not_found`).
    public func gitHubStatus(contactID: String) throws -> String {
        try writer.read { db in
            try String.fetchOne(db, sql: "SELECT github_status FROM contacts WHERE id = ?", arguments: [contactID]) ?? "unknown"
        }
    }
}
