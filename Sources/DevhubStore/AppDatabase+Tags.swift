import DevhubCore
import GRDB

extension AppDatabase {
    /// The owner's tags by name, with how many contacts carry each (one query).
    public func tags(userID: String) throws -> [TagSummary] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT t.id, t.name, count(ct.contact_id) FROM tags t LEFT JOIN contact_tags ct ON ct.tag_id = t.id
                WHERE t.user_id = ? GROUP BY t.id ORDER BY t.name COLLATE NOCASE
                """, arguments: [userID])
                .map { TagSummary(id: $0[0], name: $0[1], contacts: $0[2]) }
        }
    }

    /// The owner's tag `name` (validated), created when missing.
    public func createTag(_ name: String, userID: String) throws -> TagSummary {
        let now = now()
        return try writer.write { db in
            let id = try Self.tagID(db, name: name, userID: userID, now: now)
            let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM contact_tags WHERE tag_id = ?", arguments: [id]) ?? 0
            let stored = try String.fetchOne(db, sql: "SELECT name FROM tags WHERE id = ?", arguments: [id]) ?? name
            return TagSummary(id: id, name: stored, contacts: count)
        }
    }

    /// Deletes the owner's tag `id` (contacts keep everything else); false when there is none.
    public func deleteTag(id: String, userID: String) throws -> Bool {
        try writer.write { db in
            try db.execute(sql: "DELETE FROM tags WHERE id = ? AND user_id = ?", arguments: [id, userID])
            return db.changesCount > 0
        }
    }
}
