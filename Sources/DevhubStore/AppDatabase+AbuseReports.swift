import DevhubCore
import GRDB

/// A stored abuse report (no address of the visitor is ever stored).
public struct AbuseReport: Equatable, Sendable {
    public var id: Int64
    public var username: String
    public var reason: ReportReason
    public var details: String
    /// The visitor's address, if they gave one for an answer.
    public var email: String?
    public var createdAt: Int64
}

/// A reported profile with its reports (open ones in the queue; new ones in the admins' mail).
public struct ReportedProfile: Equatable, Sendable {
    public var username: String
    /// Whether the profile is on the site now.
    public var isPublic: Bool
    /// The owner's account id (nil for an imported profile's owner, who has no account).
    public var userID: String?
    public var reports: [AbuseReport]
}

extension AppDatabase {
    /// Open reports listed per profile in the queue, at most.
    public static let reportQueueLimit = 500

    /// Stores a visitor's report of a public profile and queues the admins' mail `mailInterval` from now unless one is
    /// already waiting (it lists every report since the last mail). A report of a name that is not a public profile is
    /// dropped: the visitor's answer is the same either way. Returns whether it was stored.
    @discardableResult
    public func fileReport(_ report: AbuseReportSubmission, mailInterval: Int64) throws -> Bool {
        let now = now()
        return try writer.write { db in
            guard try Bool.fetchOne(
                db, sql: "SELECT 1 FROM public_profiles WHERE username = ? AND is_public = 1", arguments: [report.username.value]) != nil
            else { return false }
            try db.execute(sql: """
                INSERT INTO abuse_reports (username, reason, details, email, created_at) VALUES (?, ?, ?, ?, ?)
                """, arguments: [report.username.value, report.reason.rawValue, report.details, report.email, now])
            guard try !Self.isWaiting(db, .reportMail, by: nil, now: now) else { return true }
            try Self.enqueue(db, .reportMail, runAt: now + mailInterval, now: now)
            return true
        }
    }

    /// The open reports (no admin decided on them yet), grouped by profile, the profile with the oldest report first.
    public func openReports() throws -> [ReportedProfile] {
        try writer.read { db in
            try Self.groupedReports(db, whereClause: "r.decided_at IS NULL")
        }
    }

    /// Dismisses the open reports of profile `username` (nothing wrong found), audited; ``AdminRefusal/notFound`` when it
    /// has none.
    public func dismissReports(username: Username, reason: String?, actor: AdminActor) throws {
        let now = now()
        try writer.write { db in
            try db.execute(sql: """
                UPDATE abuse_reports SET decided_at = ?, decision = 'dismiss' WHERE username = ? AND decided_at IS NULL
                """, arguments: [now, username.value])
            guard db.changesCount > 0 else { throw AdminRefusal.notFound }
            try Self.audit(db, actor: actor, action: .dismissReports, targetKind: "profile", target: username.value, reason: reason, now: now)
        }
    }

    /// Mails each active, verified admin the reports filed since the last such mail, grouped by profile (`mail` makes
    /// one message per admin); the listed reports are marked mailed in the same transaction. Returns how many were
    /// listed (0: nothing new, no mail).
    @discardableResult
    public func mailNewReports(mail: (_ adminEmail: String, _ profiles: [ReportedProfile]) -> OutgoingMail) throws -> Int {
        let now = now()
        return try writer.write { db in
            let profiles = try Self.groupedReports(db, whereClause: "r.mailed_at IS NULL")
            let count = profiles.reduce(0) { $0 + $1.reports.count }
            guard count > 0 else { return 0 }
            let ids = profiles.flatMap { $0.reports.map(\.id) }
            for start in stride(from: 0, to: ids.count, by: 500) {
                let chunk = Array(ids[start..<min(start + 500, ids.count)])
                try db.execute(sql: "UPDATE abuse_reports SET mailed_at = ? WHERE id IN (\(Self.placeholders(chunk.count)))",
                               arguments: StatementArguments([now]) + StatementArguments(chunk))
            }
            let admins = try Row.fetchAll(db, sql: """
                SELECT id, email FROM users WHERE role = 'admin' AND email IS NOT NULL AND email_verified = 1 AND suspended_at IS NULL
                  AND deletion_requested_at IS NULL ORDER BY email
                """)
            for admin in admins { try Self.queueMail(db, mail(admin[1], profiles), userID: admin[0], now: now) }
            return count
        }
    }

    // MARK: Helpers inside transactions

    /// Marks the open reports of the owner's profile decided (`decision`: what the admin did instead of dismissing).
    static func decideReports(_ db: Database, userID: String, decision: String, now: Int64) throws {
        try db.execute(sql: """
            UPDATE abuse_reports SET decided_at = ?, decision = ?
            WHERE decided_at IS NULL AND username = (SELECT username FROM public_profiles WHERE user_id = ?)
            """, arguments: [now, decision, userID])
    }

    static func groupedReports(_ db: Database, whereClause: String) throws -> [ReportedProfile] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT r.id, r.username, r.reason, r.details, r.email, r.created_at, coalesce(p.is_public, 0), u.id
            FROM abuse_reports r LEFT JOIN public_profiles p ON p.username = r.username LEFT JOIN users u ON u.id = p.user_id AND u.email IS NOT NULL
            WHERE \(whereClause) ORDER BY r.id LIMIT ?
            """, arguments: [reportQueueLimit * 10])
        var order: [String] = []
        var byName: [String: ReportedProfile] = [:]
        for row in rows {
            let username: String = (row[1] as String).lowercased()
            let report = AbuseReport(
                id: row[0], username: username, reason: ReportReason(rawValue: row[2]) ?? .other, details: row[3], email: row[4], createdAt: row[5])
            if byName[username] == nil {
                guard order.count < reportQueueLimit else { continue }
                order.append(username)
                byName[username] = ReportedProfile(username: username, isPublic: row[6], userID: row[7], reports: [])
            }
            byName[username]?.reports.append(report)
        }
        return order.compactMap { byName[$0] }
    }
}
