import DevhubCore
import GRDB

extension AppDatabase: ProfileSource {
    public func publicProfileCount(_ scope: ListingScope) throws -> Int {
        try writer.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM \(Self.table(scope)) WHERE \(Self.condition(scope))") ?? 0
        }
    }

    public func publicListings(_ scope: ListingScope, offset: Int, limit: Int) throws -> [ProfileListing] {
        try writer.read { db in
            try Self.fetchListings(db, sql: """
                SELECT \(Self.listingColumns) FROM \(Self.table(scope)) WHERE \(Self.condition(scope))
                ORDER BY username LIMIT ? OFFSET ?
                """, arguments: [limit, offset])
        }
    }

    /// The table with the scope's partial index named: left to itself, SQLite picks the `custom_domain`
    /// unique index for `custom_domain IS NULL` (nearly every row) and sorts in a temporary B-tree.
    private static func table(_ scope: ListingScope) -> String {
        switch scope {
        case .directory: "public_profiles INDEXED BY public_profiles_directory"
        case .sitemap: "public_profiles INDEXED BY public_profiles_sitemap"
        }
    }

    /// The rows a scope counts; each matches a partial index (see the migrations).
    private static func condition(_ scope: ListingScope) -> String {
        switch scope {
        case .directory: "is_public = 1"
        case .sitemap: "is_public = 1 AND custom_domain IS NULL"
        }
    }

    private static let listingColumns = "username, display_name, headline, custom_domain, updated_at, content_hash"

    private static func fetchListings(_ db: Database, sql: String, arguments: StatementArguments) throws -> [ProfileListing] {
        let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
        var listings: [ProfileListing] = []
        while let row = try rows.next() {
            listings.append(ProfileListing(
                username: Username(trusted: row[0]), name: row[1], headline: row[2],
                customDomain: (row[3] as String?).map(DomainName.init(trusted:)),
                updatedAt: row[4], contentHash: row[5]))
        }
        return listings
    }

    public func publicCustomDomains() throws -> [DomainName] {
        try writer.read { db in
            try String.fetchAll(db, sql: """
                SELECT custom_domain FROM public_profiles WHERE is_public = 1 AND custom_domain IS NOT NULL ORDER BY custom_domain
                """).map(DomainName.init(trusted:))
        }
    }

    public func publicListings(_ scope: ListingScope, after: Username?, limit: Int) throws -> [ProfileListing] {
        try writer.read { db in
            try Self.fetchListings(db, sql: """
                SELECT \(Self.listingColumns) FROM \(Self.table(scope)) WHERE \(Self.condition(scope)) AND username > ?
                ORDER BY username LIMIT ?
                """, arguments: [after?.value ?? "", limit])
        }
    }

    public func publicSetVersion() throws -> Int64 {
        try writer.read { db in try Int64.fetchOne(db, sql: "SELECT version FROM public_set_state WHERE id = 1") ?? 0 }
    }

    public func publicContentVersion() throws -> Int64 {
        try writer.read { db in try Int64.fetchOne(db, sql: "SELECT version FROM public_content_state WHERE id = 1") ?? 0 }
    }

    public func publicProfiles(_ usernames: [Username]) throws -> [ProfileSnapshot] {
        guard !usernames.isEmpty else { return [] }
        return try writer.read { db in
            let placeholders = databaseQuestionMarks(count: usernames.count)
            return try Self.fetchSnapshots(
                db, whereClause: "p.is_public = 1 AND p.username IN (\(placeholders))",
                arguments: StatementArguments(usernames.map(\.value)))
        }
    }

    /// Full profiles matching `whereClause` (over alias `p`), in username order, with links and skills
    /// fetched in two queries for the whole set.
    static func fetchSnapshots(_ db: Database, whereClause: String, arguments: StatementArguments) throws -> [ProfileSnapshot] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT p.id, p.username, p.display_name, p.headline, p.location, p.website, p.avatar, p.custom_domain,
                   p.is_public, p.bio, p.created_at, p.updated_at, p.content_hash
            FROM public_profiles p WHERE \(whereClause) ORDER BY p.username
            """, arguments: arguments)
        guard !rows.isEmpty else { return [] }
        let ids: [String] = rows.map { $0[0] }
        let idList = databaseQuestionMarks(count: ids.count)
        var links: [String: [ProfileLink]] = [:]
        let linkRows = try Row.fetchCursor(db, sql: """
            SELECT profile_id, label, url FROM profile_links WHERE profile_id IN (\(idList)) ORDER BY profile_id, position
            """, arguments: StatementArguments(ids))
        while let row = try linkRows.next() {
            links[row[0], default: []].append(ProfileLink(label: row[1], url: row[2]))
        }
        var skills: [String: [String]] = [:]
        let skillRows = try Row.fetchCursor(db, sql: """
            SELECT profile_id, name FROM profile_skills WHERE profile_id IN (\(idList)) ORDER BY profile_id, position
            """, arguments: StatementArguments(ids))
        while let row = try skillRows.next() {
            skills[row[0], default: []].append(row[1])
        }
        return rows.map { row in
            let id: String = row[0]
            let profile = Profile(
                username: Username(trusted: row[1]), name: row[2], headline: row[3], location: row[4], website: row[5],
                avatar: row[6], links: links[id] ?? [], skills: skills[id] ?? [],
                customDomain: (row[7] as String?).map(DomainName.init(trusted:)), isPublic: row[8], bio: row[9])
            return ProfileSnapshot(id: id, profile: profile, createdAt: row[10], updatedAt: row[11], contentHash: row[12])
        }
    }
}
