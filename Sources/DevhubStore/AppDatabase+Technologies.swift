import DevhubCore
import GRDB

/// One technology across the owner's network: how many of their contacts have it.
public struct NetworkTechnology: Equatable, Sendable {
    /// As shown: the owner's `tech:` tag spelling when there is one, else the first spelling in byte order (which
    /// prefers GitHub's capitalised language names, `Rust` before `rust`).
    public var name: String
    /// ``TechnologyName/key(_:)`` of the name.
    public var key: String
    /// Contacts with a repository naming it (language or topic) or a `tech:` tag for it.
    public var contacts: Int
}

extension AppDatabase {
    /// The ids of the owner's contacts that have one technology: arguments `userID, key, userID, key`. Both halves
    /// read indexes (`github_technologies_lookup`; the owner's tags, then `contact_tags_tag`).
    static let technologyContactIDs = """
        SELECT contact_id FROM github_technologies WHERE user_id = ? AND technology = ?
        UNION SELECT ct.contact_id FROM tags t JOIN contact_tags ct ON ct.tag_id = t.id
          WHERE t.user_id = ? AND lower(substr(t.name, 1, 5)) = 'tech:' AND lower(trim(substr(t.name, 6))) = ?
        """

    /// Each contact's repositories among `contactIDs` as technology evidence, most recently pushed first.
    static func repositoryActivity(_ db: Database, contactIDs: [String]) throws -> [String: [RepositoryActivity]] {
        var result: [String: [RepositoryActivity]] = [:]
        for start in stride(from: 0, to: contactIDs.count, by: 500) {
            let chunk = Array(contactIDs[start..<min(start + 500, contactIDs.count)])
            let rows = try Row.fetchCursor(statement(db, sql: """
                SELECT contact_id, language, topics, pushed_at, fork FROM github_repositories
                WHERE contact_id IN (\(placeholders(chunk.count))) ORDER BY contact_id, pushed_at DESC, full_name
                """, placeholders: chunk.count), arguments: StatementArguments(chunk))
            while let row = try rows.next() {
                let topics: String = row[2]
                result[row[0], default: []].append(RepositoryActivity(
                    language: row[1], topics: topics.isEmpty ? [] : topics.split(separator: "\n").map(String.init), pushedAt: row[3], fork: row[4]))
            }
        }
        return result
    }

    /// The technologies across `userID`'s network, most widespread first (ties by name), at most `limit`.
    public func networkTechnologies(userID: String, limit: Int = 30) throws -> [NetworkTechnology] {
        try writer.read { db in
            var byKey: [String: (name: String, contacts: Set<String>, tagged: Bool)] = [:]
            let repositories = try Row.fetchCursor(db, sql: """
                SELECT technology, min(name), contact_id FROM github_technologies WHERE user_id = ? GROUP BY technology, contact_id
                """, arguments: [userID])
            while let row = try repositories.next() {
                let key: String = row[0], name: String = row[1]
                var entry = byKey[key] ?? (name, [], false)
                if !entry.tagged, name < entry.name { entry.name = name }
                entry.contacts.insert(row[2])
                byKey[key] = entry
            }
            let tagged = try Row.fetchCursor(db, sql: """
                SELECT t.name, ct.contact_id FROM tags t JOIN contact_tags ct ON ct.tag_id = t.id
                WHERE t.user_id = ? AND lower(substr(t.name, 1, 5)) = 'tech:'
                """, arguments: [userID])
            while let row = try tagged.next() {
                guard let name = TechnologyName.fromTag(row[0]) else { continue }
                let key = TechnologyName.key(name)
                var entry = byKey[key] ?? (name, [], true)
                if !entry.tagged { entry = (name, entry.contacts, true) }
                entry.contacts.insert(row[1])
                byKey[key] = entry
            }
            return byKey.map { NetworkTechnology(name: $0.value.name, key: $0.key, contacts: $0.value.contacts.count) }
                .sorted { a, b in
                    if a.contacts != b.contacts { return a.contacts > b.contacts }
                    if a.key != b.key { return a.key < b.key }
                    return a.name < b.name
                }
                .prefix(limit).map { $0 }
        }
    }

    /// The owner's contacts that have at least one of `technologies` (any spelling), without `excluding`, with
    /// their repositories and tags: the candidates of the collaboration matching. At most `limit` contacts.
    public func contacts(userID: String, withAnyTechnology technologies: [String], excluding: String? = nil, limit: Int = 5_000) throws -> [StoredContact] {
        let keys = Array(Set(technologies.map { TechnologyName.key(TechnologyName.trimmingSpaces($0)) })).sorted()
        guard !keys.isEmpty else { return [] }
        return try writer.read { db in
            var ids = Set<String>()
            for key in keys {
                ids.formUnion(try String.fetchAll(db, sql: Self.technologyContactIDs, arguments: [userID, key, userID, key]))
            }
            if let excluding { ids.remove(excluding) }
            let chosen = Array(ids.sorted().prefix(limit))
            var found: [StoredContact] = []
            for start in stride(from: 0, to: chosen.count, by: 500) {
                found += try Self.contacts(db, userID: userID, ids: Array(chosen[start..<min(start + 500, chosen.count)]))
            }
            return found
        }
    }
}
