import DevhubCore
import GRDB

/// A record that was deleted: its kind (`contact`, `interaction`, `tag`) and id.
public struct DeletedRecord: Equatable, Sendable {
    public var type: String
    public var id: String
}

/// One page of `GET /api/sync`: the records changed past the cursor, in their current state, the ones deleted,
/// the cursor after them, and whether more changes wait.
public struct SyncPage: Sendable {
    public var contacts: [StoredContact] = []
    public var interactions: [StoredInteraction] = []
    public var tags: [TagSummary] = []
    public var deleted: [DeletedRecord] = []
    /// The sequence number of the last change in this page (the one asked from, when there was none).
    public var cursor: Int64
    public var hasMore: Bool
}

extension AppDatabase {
    /// At most this many changes per sync page.
    public static let maxSyncPage = 1000

    /// The owner's changes after sequence `since` (nil: a first sync, which needs no tombstones), at most `limit`
    /// of them, oldest first; read in one snapshot, so the records match the cursor.
    public func syncChanges(userID: String, since: Int64?, limit: Int) throws -> SyncPage {
        let limit = min(max(limit, 1), Self.maxSyncPage)
        return try writer.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT seq, type, record_id, deleted FROM sync_changes
                WHERE user_id = ? AND seq > ? AND (deleted = 0 OR ?) ORDER BY seq LIMIT ?
                """, arguments: [userID, since ?? 0, since != nil, limit + 1])
            let page = rows.prefix(limit)
            var result = SyncPage(cursor: page.last?[0] ?? since ?? 0, hasMore: rows.count > limit)
            var ids: [String: [String]] = [:]
            for row in page {
                let type: String = row[1]
                if row[3] as Bool {
                    result.deleted.append(DeletedRecord(type: type, id: row[2]))
                } else {
                    ids[type, default: []].append(row[2])
                }
            }
            result.contacts = try Self.contacts(db, userID: userID, ids: ids["contact"] ?? [])
            if let interactionIDs = ids["interaction"] {
                result.interactions = try Row.fetchAll(db, sql: """
                    \(Self.interactionSelect) WHERE i.user_id = ? AND i.id IN (\(Self.placeholders(interactionIDs.count))) ORDER BY i.date, i.created_at, i.id
                    """, arguments: StatementArguments([userID] + interactionIDs)).map(Self.interaction)
            }
            if let tagIDs = ids["tag"] {
                result.tags = try Row.fetchAll(db, sql: """
                    SELECT t.id, t.name, count(ct.contact_id) FROM tags t LEFT JOIN contact_tags ct ON ct.tag_id = t.id
                    WHERE t.user_id = ? AND t.id IN (\(Self.placeholders(tagIDs.count))) GROUP BY t.id ORDER BY t.name COLLATE NOCASE
                    """, arguments: StatementArguments([userID] + tagIDs))
                    .map { TagSummary(id: $0[0], name: $0[1], contacts: $0[2]) }
            }
            return result
        }
    }
}
