import DevhubCore
import GRDB

/// One account as the admin list shows it: no CRM data, only the number of contacts.
public struct AdminUserSummary: Equatable, Sendable {
    public var id: String
    public var email: String
    public var role: AccountRole
    public var verified: Bool
    public var createdAt: Int64
    public var lastLoginAt: Int64?
    public var state: AccountState
    public var suspensionReason: String?
    /// The profile's username, if the account made one.
    public var username: String?
    /// Whether the profile is on the site now.
    public var isPublic: Bool
    /// Why an admin unpublished the profile, when one did.
    public var unpublishReason: String?
    /// When the owner edited the profile since it was unpublished (it waits in the review queue).
    public var appealedAt: Int64?
    public var customDomain: String?
    public var domainStatus: DomainClaimStatus?
    public var contactCount: Int
}

/// One row of the audit trail.
public struct AuditEntry: Equatable, Sendable {
    public var id: Int64
    public var createdAt: Int64
    /// The admin's email address at the time, or `cli`.
    public var actor: String
    public var action: String
    /// `user`, `profile`, `reserved-username`, `reserved-domain`.
    public var targetKind: String
    /// The account's email address, the profile's username or the reserved name.
    public var target: String
    public var reason: String?
}

/// A custom domain whose check failed, for the admin's operations page.
public struct FailedDomainCheck: Equatable, Sendable {
    public var userID: String
    public var domain: String
    public var status: DomainClaimStatus
    public var checkedAt: Int64?
    public var attempts: Int
    public var lastError: String?
}

extension AppDatabase {
    /// Rows per page of the admin's lists.
    public static let adminPageSize = 50

    /// Accounts whose email address or username contains `query` (any case; empty: every account), newest first, page
    /// `page` (from 1) of ``adminPageSize``; the flag says whether another page follows.
    public func adminUsers(query: String, page: Int) throws -> (users: [AdminUserSummary], hasMore: Bool) {
        let pattern = "%" + Self.likeEscaped(query.lowercased()) + "%"
        let offset = max(0, page - 1) * Self.adminPageSize
        return try writer.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT u.id, u.email, u.role, u.email_verified, u.created_at, u.last_login_at, u.suspended_at, u.suspension_reason,
                  u.deletion_requested_at, p.username, coalesce(p.is_public, 0), p.unpublish_reason, p.unpublished_at, p.appealed_at,
                  d.domain, d.status, (SELECT count(*) FROM contacts c WHERE c.user_id = u.id)
                FROM users u LEFT JOIN public_profiles p ON p.user_id = u.id LEFT JOIN domain_claims d ON d.user_id = u.id
                WHERE u.email IS NOT NULL AND (? = '%%' OR lower(u.email) LIKE ? ESCAPE '\\' OR p.username LIKE ? ESCAPE '\\')
                ORDER BY u.created_at DESC, u.id DESC LIMIT ? OFFSET ?
                """, arguments: [pattern, pattern, pattern, Self.adminPageSize + 1, offset])
            let users = rows.prefix(Self.adminPageSize).map { row in
                let state: AccountState = (row[8] as Int64?) != nil ? .pendingDeletion : (row[6] as Int64?) != nil ? .suspended : .active
                return AdminUserSummary(
                    id: row[0], email: row[1], role: AccountRole(rawValue: row[2]) ?? .member, verified: row[3], createdAt: row[4],
                    lastLoginAt: row[5], state: state, suspensionReason: row[7], username: row[9], isPublic: row[10],
                    unpublishReason: (row[12] as Int64?) == nil ? nil : (row[11] as String?) ?? "", appealedAt: row[13],
                    customDomain: row[14], domainStatus: (row[15] as String?).flatMap(DomainClaimStatus.init(rawValue:)), contactCount: row[16])
            }
            return (Array(users), rows.count > Self.adminPageSize)
        }
    }

    /// The account `id` as the admin list shows it.
    public func adminUser(id: String) throws -> AdminUserSummary? {
        try writer.read { db in
            try String.fetchOne(db, sql: "SELECT email FROM users WHERE id = ? AND email IS NOT NULL", arguments: [id])
        }.flatMap { email in try adminUsers(query: email, page: 1).users.first { $0.id == id } }
    }

    /// The audit trail, newest first, page `page` (from 1) of ``adminPageSize``; the flag says whether another page follows.
    public func auditEntries(page: Int) throws -> (entries: [AuditEntry], hasMore: Bool) {
        let offset = max(0, page - 1) * Self.adminPageSize
        return try writer.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT id, created_at, actor, action, target_kind, target, reason FROM admin_audit ORDER BY id DESC LIMIT ? OFFSET ?
                """, arguments: [Self.adminPageSize + 1, offset])
            let entries = rows.prefix(Self.adminPageSize).map { row in
                AuditEntry(id: row[0], createdAt: row[1], actor: row[2], action: row[3], targetKind: row[4], target: row[5], reason: row[6])
            }
            return (Array(entries), rows.count > Self.adminPageSize)
        }
    }

    /// Custom domains whose check failed (status `failed`, or an error on the last check), oldest check first.
    public func failedDomainChecks() throws -> [FailedDomainCheck] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT user_id, domain, status, checked_at, attempts, last_error FROM domain_claims
                WHERE status = 'failed' OR (last_error IS NOT NULL AND status <> 'verified') ORDER BY checked_at, domain LIMIT 500
                """).map { row in
                FailedDomainCheck(userID: row[0], domain: row[1], status: DomainClaimStatus(rawValue: row[2]) ?? .pending,
                                  checkedAt: row[3], attempts: row[4], lastError: row[5])
            }
        }
    }

    /// `text` with `\`, `%` and `_` escaped for a `LIKE … ESCAPE '\'` pattern (by byte: these are ASCII).
    static func likeEscaped(_ text: String) -> String {
        var bytes: [UInt8] = []
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "%") || byte == UInt8(ascii: "_") { bytes.append(UInt8(ascii: "\\")) }
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension AppDatabase {
    /// Accounts whose profile an admin unpublished, the most recently edited first (an edit since is the owner's appeal).
    public func unpublishedProfiles() throws -> [AdminUserSummary] {
        let ids = try writer.read { db in
            try String.fetchAll(db, sql: """
                SELECT p.user_id FROM public_profiles p JOIN users u ON u.id = p.user_id
                WHERE p.unpublished_at IS NOT NULL AND u.email IS NOT NULL ORDER BY p.appealed_at DESC, p.unpublished_at LIMIT 500
                """)
        }
        return try ids.compactMap { try adminUser(id: $0) }
    }
}
