import DevhubCore
import GRDB

/// The kinds of change a GitHub sync turns into an insight.
public enum GitHubInsightType: String, Sendable, CaseIterable, Codable {
    case newRepository = "new_repository"
    case release
    case starMilestone = "star_milestone"
    case profileChange = "profile_change"
    case activityResumed = "activity_resumed"
}

/// An insight about to be recorded: what changed, and the key that makes the same change count once.
public struct GitHubInsightDraft: Equatable, Sendable {
    public var contactID: String
    public var type: GitHubInsightType
    /// Names the repository, the release tag, the star milestone or the new company.
    public var title: String
    public var description: String?
    public var url: String?
    /// A JSON object with the facts behind the title (repository, tag, stars, field, old and new value…).
    public var metadata: String
    /// Unique per contact for one real change (e.g. `release:owner/repo:v2.0`, `stars:owner/repo:1000`).
    public var changeKey: String

    public init(contactID: String, type: GitHubInsightType, title: String, description: String? = nil, url: String? = nil,
                metadata: String = "{}", changeKey: String) {
        self.contactID = contactID
        self.type = type
        self.title = title
        self.description = description
        self.url = url
        self.metadata = metadata
        self.changeKey = changeKey
    }
}

/// A recorded insight.
public struct GitHubInsight: Equatable, Sendable {
    public var id: String
    public var contactID: String
    public var type: GitHubInsightType
    public var title: String
    public var description: String?
    public var url: String?
    public var metadata: String
    /// Milliseconds since 1970.
    public var createdAt: Int64
    public var acknowledged: Bool
}

extension AppDatabase {
    /// Records `draft` for the owner `userID` inside the caller's transaction; returns the new insight, or nil when
    /// the same change (contact and change key) was recorded before or the contact is not the owner's.
    public static func recordGitHubInsight(_ db: Database, userID: String, draft: GitHubInsightDraft, now: Int64) throws -> GitHubInsight? {
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM contacts WHERE id = ? AND user_id = ?", arguments: [draft.contactID, userID]) == true else { return nil }
        let id = ULID(milliseconds: now).value
        try db.execute(sql: """
            INSERT OR IGNORE INTO github_insights (id, user_id, contact_id, type, title, description, url, metadata, change_key, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [id, userID, draft.contactID, draft.type.rawValue, draft.title, draft.description, draft.url,
                             draft.metadata, draft.changeKey, now])
        guard db.changesCount == 1 else { return nil }
        return GitHubInsight(id: id, contactID: draft.contactID, type: draft.type, title: draft.title, description: draft.description,
                             url: draft.url, metadata: draft.metadata, createdAt: now, acknowledged: false)
    }

    /// Records `draft` in its own transaction (see ``recordGitHubInsight(_:userID:draft:now:)``).
    @discardableResult
    public func recordGitHubInsight(userID: String, draft: GitHubInsightDraft) throws -> GitHubInsight? {
        let now = now()
        return try writer.write { db in try Self.recordGitHubInsight(db, userID: userID, draft: draft, now: now) }
    }

    /// A page of `userID`'s insights, newest first: unacknowledged only unless `includeAcknowledged`; only contact
    /// `contactID`'s when given.
    public func gitHubInsights(userID: String, contactID: String? = nil, includeAcknowledged: Bool = false,
                               page: PageRequest = PageRequest()) throws -> PageOf<GitHubInsight> {
        try writer.read { db in
            var conditions = ["user_id = ?"]
            var arguments: StatementArguments = [userID]
            if let contactID {
                conditions.append("contact_id = ?")
                arguments += [contactID]
            }
            if !includeAcknowledged { conditions.append("acknowledged = 0") }
            let whereClause = conditions.joined(separator: " AND ")
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM github_insights WHERE \(whereClause)", arguments: arguments) ?? 0
            let rows = try Row.fetchAll(db, sql: """
                SELECT id, contact_id, type, title, description, url, metadata, created_at, acknowledged FROM github_insights
                WHERE \(whereClause) ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?
                """, arguments: arguments + [page.size, page.offset])
            let items = rows.map { row in
                GitHubInsight(id: row[0], contactID: row[1], type: GitHubInsightType(rawValue: row[2]) ?? .profileChange,
                              title: row[3], description: row[4], url: row[5], metadata: row[6], createdAt: row[7], acknowledged: row[8])
            }
            return PageOf(items: items, page: page.page, size: page.size, total: total)
        }
    }

    /// Marks insight `id` of `userID` acknowledged; false when the owner has no such insight.
    public func acknowledgeGitHubInsight(userID: String, id: String) throws -> Bool {
        try writer.write { db in
            try db.execute(sql: "UPDATE github_insights SET acknowledged = 1 WHERE id = ? AND user_id = ?", arguments: [id, userID])
            return db.changesCount == 1
        }
    }
}
