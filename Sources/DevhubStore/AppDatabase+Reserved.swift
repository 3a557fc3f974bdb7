import DevhubCore
import GRDB

/// What kind of name an admin reserved.
public enum ReservedKind: String, Sendable, Codable, CaseIterable {
    /// A username nobody may take (beyond ``Username/reserved``).
    case username
    /// A domain (and its subdomains) nobody may use as a custom domain or sign up with as their email's domain.
    case domain
}

/// One reserved name.
public struct ReservedName: Equatable, Sendable {
    public var kind: ReservedKind
    public var name: String
    public var createdAt: Int64
}

extension AppDatabase {
    /// Every reserved name, by kind then name.
    public func reservedNames() throws -> [ReservedName] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT kind, name, created_at FROM reserved_names ORDER BY kind, name").map { row in
                ReservedName(kind: ReservedKind(rawValue: row[0]) ?? .username, name: row[1], createdAt: row[2])
            }
        }
    }

    /// Reserves `name` (already validated as a username or a domain), audited; ``AdminRefusal/unchanged`` when it is
    /// reserved already. Profiles that hold it keep it until they change it.
    public func reserve(_ kind: ReservedKind, name: String, reason: String?, actor: AdminActor) throws {
        let now = now()
        try writer.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO reserved_names (kind, name, created_at) VALUES (?, ?, ?)", arguments: [kind.rawValue, name, now])
            guard db.changesCount == 1 else { throw AdminRefusal.unchanged }
            try Self.audit(db, actor: actor, action: .reserve, targetKind: "reserved-\(kind.rawValue)", target: name, reason: reason, now: now)
        }
    }

    /// Lifts a reservation, audited; ``AdminRefusal/notFound`` when `name` is not reserved.
    public func unreserve(_ kind: ReservedKind, name: String, reason: String?, actor: AdminActor) throws {
        let now = now()
        try writer.write { db in
            try db.execute(sql: "DELETE FROM reserved_names WHERE kind = ? AND name = ?", arguments: [kind.rawValue, name])
            guard db.changesCount == 1 else { throw AdminRefusal.notFound }
            try Self.audit(db, actor: actor, action: .unreserve, targetKind: "reserved-\(kind.rawValue)", target: name, reason: reason, now: now)
        }
    }

    /// Whether `domain` (a host or an email address's domain) is reserved, itself or as a subdomain of a reserved one.
    public func isReservedDomain(_ domain: String) throws -> Bool {
        try writer.read { db in try Self.isReservedDomain(db, domain) }
    }

    // MARK: Helpers inside transactions

    /// Refuses (``CoreError`` naming the field) a username or custom domain an admin reserved, unless the profile
    /// already holds it.
    static func checkNotReserved(_ db: Database, _ profile: Profile, userID: String) throws {
        let current = try Row.fetchOne(db, sql: """
            SELECT p.username, coalesce(d.domain, p.custom_domain) FROM public_profiles p LEFT JOIN domain_claims d ON d.user_id = p.user_id
            WHERE p.user_id = ?
            """, arguments: [userID])
        let currentUsername = (current?[0] as String?)?.lowercased()
        if currentUsername != profile.username.value, try Bool.fetchOne(
            db, sql: "SELECT 1 FROM reserved_names WHERE kind = 'username' AND name = ?", arguments: [profile.username.value]) != nil
        {
            throw CoreError(field: "username", "'\(profile.username)' is reserved")
        }
        if let domain = profile.customDomain, (current?[1] as String?)?.lowercased() != domain.value.lowercased(),
           try isReservedDomain(db, domain.value)
        {
            throw CoreError(field: "custom_domain", "'\(domain)' is reserved")
        }
    }

    /// `domain` or any domain it is under is reserved (`a.b.example.com` asks for itself, `b.example.com`, `example.com`).
    static func isReservedDomain(_ db: Database, _ domain: String) throws -> Bool {
        let labels = domain.lowercased().split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count <= 127 else { return false }
        let candidates = (0..<labels.count).map { labels[$0...].joined(separator: ".") }
        return try Bool.fetchOne(db, sql: """
            SELECT 1 FROM reserved_names WHERE kind = 'domain' AND name IN (\(placeholders(candidates.count)))
            """, arguments: StatementArguments(candidates)) != nil
    }
}
