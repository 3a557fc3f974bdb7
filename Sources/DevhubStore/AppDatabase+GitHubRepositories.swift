import GRDB

/// One public GitHub repository of a contact, as the sync last saw it.
public struct GitHubRepository: Equatable, Sendable {
    /// `owner/name`.
    public var fullName: String
    /// The repository's page (`html_url`).
    public var url: String
    /// GitHub's primary language, if it names one.
    public var language: String?
    /// The repository's topics (lower case, as GitHub returns them).
    public var topics: [String]
    /// `stargazers_count`.
    public var stars: Int
    /// Whether it is a fork.
    public var fork: Bool
    /// Last push, milliseconds since 1970.
    public var pushedAt: Int64?

    public init(fullName: String, url: String, language: String?, topics: [String], stars: Int, fork: Bool, pushedAt: Int64?) {
        self.fullName = fullName
        self.url = url
        self.language = language
        self.topics = topics
        self.stars = stars
        self.fork = fork
        self.pushedAt = pushedAt
    }
}

extension AppDatabase {
    /// Replaces the stored repositories of contact `contactID` (owned by `userID`) with `repositories`, in one
    /// transaction. Does nothing when the contact is not the owner's.
    public func replaceGitHubRepositories(userID: String, contactID: String, with repositories: [GitHubRepository]) throws {
        try writer.write { db in
            try Self.replaceGitHubRepositories(db, userID: userID, contactID: contactID, with: repositories)
        }
    }

    /// ``replaceGitHubRepositories(userID:contactID:with:)`` inside a transaction the caller holds.
    public static func replaceGitHubRepositories(_ db: Database, userID: String, contactID: String, with repositories: [GitHubRepository]) throws {
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM contacts WHERE id = ? AND user_id = ?", arguments: [contactID, userID]) == true else { return }
        try db.execute(sql: "DELETE FROM github_repositories WHERE contact_id = ?", arguments: [contactID])
        let insert = try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO github_repositories (contact_id, user_id, full_name, url, language, topics, stars, fork, pushed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for repository in repositories {
            try insert.execute(arguments: [contactID, userID, repository.fullName, repository.url, repository.language,
                                           repository.topics.joined(separator: "\n"), repository.stars, repository.fork, repository.pushedAt])
        }
    }

    /// The stored repositories of contact `contactID` owned by `userID`, most recently pushed first.
    public func gitHubRepositories(userID: String, contactID: String) throws -> [GitHubRepository] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT full_name, url, language, topics, stars, fork, pushed_at FROM github_repositories
                WHERE user_id = ? AND contact_id = ? ORDER BY pushed_at DESC, full_name
                """, arguments: [userID, contactID]).map(Self.gitHubRepository)
        }
    }

    /// Every stored repository of `userID`'s contacts, keyed by contact id (for technologies and matching).
    public func gitHubRepositoriesByContact(userID: String) throws -> [String: [GitHubRepository]] {
        try writer.read { db in
            var result: [String: [GitHubRepository]] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT full_name, url, language, topics, stars, fork, pushed_at, contact_id FROM github_repositories
                WHERE user_id = ? ORDER BY contact_id, pushed_at DESC, full_name
                """, arguments: [userID])
            while let row = try rows.next() { result[row[7], default: []].append(Self.gitHubRepository(row)) }
            return result
        }
    }

    private static func gitHubRepository(_ row: Row) -> GitHubRepository {
        let topics: String = row[3]
        return GitHubRepository(fullName: row[0], url: row[1], language: row[2],
                                topics: topics.isEmpty ? [] : topics.split(separator: "\n").map(String.init),
                                stars: row[4], fork: row[5], pushedAt: row[6])
    }
}
