import GRDB

extension AppDatabase {
    /// The title of each contact's newest unacknowledged GitHub insight created at or after `since` (milliseconds),
    /// keyed by contact id: what the digest ranks as "a reason to get in touch".
    static func latestGitHubNews(_ db: Database, userID: String, since: Int64) throws -> [String: String] {
        var news: [String: String] = [:]
        let rows = try Row.fetchCursor(db, sql: """
            SELECT contact_id, title FROM github_insights WHERE user_id = ? AND acknowledged = 0 AND created_at >= ?
            ORDER BY created_at DESC, id DESC
            """, arguments: [userID, since])
        while let row = try rows.next() {
            let contactID: String = row[0]
            if news[contactID] == nil { news[contactID] = row[1] }
        }
        return news
    }
}

extension AppDatabase {
    /// The owner's insight `id`, or nil.
    public func gitHubInsight(userID: String, id: String) throws -> GitHubInsight? {
        try writer.read { db in
            try Row.fetchOne(db, sql: """
                SELECT id, contact_id, type, title, description, url, metadata, created_at, acknowledged FROM github_insights
                WHERE id = ? AND user_id = ?
                """, arguments: [id, userID]).map { row in
                GitHubInsight(id: row[0], contactID: row[1], type: GitHubInsightType(rawValue: row[2]) ?? .profileChange,
                              title: row[3], description: row[4], url: row[5], metadata: row[6], createdAt: row[7], acknowledged: row[8])
            }
        }
    }

    /// Every insight of the owner, newest first (exports).
    public func allGitHubInsights(userID: String) throws -> [GitHubInsight] {
        var all: [GitHubInsight] = []
        var page = 1
        while true {
            let chunk = try gitHubInsights(userID: userID, includeAcknowledged: true, page: PageRequest(page: page, size: PageRequest.maxSize))
            all += chunk.items
            guard page < chunk.pages else { return all }
            page += 1
        }
    }
}

extension AppDatabase {
    /// The names of the owner's contacts among `ids`, by id (lists of insights name their contact).
    public func contactNames(userID: String, ids: [String]) throws -> [String: String] {
        let unique = Array(Set(ids))
        guard !unique.isEmpty else { return [:] }
        return try writer.read { db in
            var names: [String: String] = [:]
            for start in stride(from: 0, to: unique.count, by: 500) {
                let chunk = Array(unique[start..<min(start + 500, unique.count)])
                for row in try Row.fetchAll(db, sql: "SELECT id, name FROM contacts WHERE user_id = ? AND id IN (\(Self.placeholders(chunk.count)))",
                                            arguments: StatementArguments([userID] + chunk)) {
                    names[row[0]] = row[1]
                }
            }
            return names
        }
    }
}
