import DevhubCore
import DevhubSite
import DevhubStore

/// The admin API's response bodies (snake_case keys, times as ISO 8601 text).
enum AdminJSON {
    /// One account in the admin list: no CRM data, only the number of contacts.
    struct User: Encodable {
        var id: String
        var email: String
        var role: String
        var verified: Bool
        var createdAt: String
        @EncodedAsNull var lastLoginAt: String?
        var state: String
        @EncodedAsNull var suspensionReason: String?
        @EncodedAsNull var username: String?
        var isPublic: Bool
        @EncodedAsNull var unpublishReason: String?
        @EncodedAsNull var appealedAt: String?
        @EncodedAsNull var customDomain: String?
        @EncodedAsNull var domainStatus: String?
        var contactCount: Int

        init(_ user: AdminUserSummary) {
            id = user.id
            email = user.email
            role = user.role.rawValue
            verified = user.verified
            createdAt = Timestamp.iso8601(user.createdAt)
            lastLoginAt = user.lastLoginAt.map(Timestamp.iso8601)
            state = user.state.rawValue
            suspensionReason = user.suspensionReason
            username = user.username
            isPublic = user.isPublic
            unpublishReason = user.unpublishReason
            appealedAt = user.appealedAt.map(Timestamp.iso8601)
            customDomain = user.customDomain
            domainStatus = user.domainStatus?.rawValue
            contactCount = user.contactCount
        }

        enum CodingKeys: String, CodingKey {
            case id, email, role, verified, state, username
            case createdAt = "created_at", lastLoginAt = "last_login_at", suspensionReason = "suspension_reason", isPublic = "is_public"
            case unpublishReason = "unpublish_reason", appealedAt = "appealed_at", customDomain = "custom_domain"
            case domainStatus = "domain_status", contactCount = "contact_count"
        }
    }

    /// A page of the user list.
    struct UserPage: Encodable {
        var users: [User]
        var page: Int
        var hasMore: Bool
        enum CodingKeys: String, CodingKey { case users, page, hasMore = "has_more" }
    }

    /// One reserved name.
    struct Reserved: Encodable {
        var kind: String
        var name: String
        var createdAt: String
        init(_ name: ReservedName) {
            kind = name.kind.rawValue
            self.name = name.name
            createdAt = Timestamp.iso8601(name.createdAt)
        }
        enum CodingKeys: String, CodingKey { case kind, name, createdAt = "created_at" }
    }

    struct ReservedList: Encodable { var reserved: [Reserved] }

    /// One report as the queue shows it.
    struct Report: Encodable {
        var id: Int64
        var reason: String
        var details: String
        @EncodedAsNull var email: String?
        var createdAt: String
        init(_ report: AbuseReport) {
            id = report.id
            reason = report.reason.rawValue
            details = report.details
            email = report.email
            createdAt = Timestamp.iso8601(report.createdAt)
        }
        enum CodingKeys: String, CodingKey { case id, reason, details, email, createdAt = "created_at" }
    }

    /// A reported profile with its open reports.
    struct ReportedProfileBody: Encodable {
        var username: String
        var isPublic: Bool
        var reports: [Report]
        init(_ profile: ReportedProfile) {
            username = profile.username
            isPublic = profile.isPublic
            reports = profile.reports.map(Report.init)
        }
        enum CodingKeys: String, CodingKey { case username, isPublic = "is_public", reports }
    }

    /// The queue: reported profiles, and unpublished profiles their owners edited since (appeals).
    struct Queue: Encodable {
        var profiles: [ReportedProfileBody]
        var appeals: [User]
    }

    /// One audit row.
    struct Audit: Encodable {
        var id: Int64
        var createdAt: String
        var actor: String
        var action: String
        var targetKind: String
        var target: String
        @EncodedAsNull var reason: String?
        init(_ entry: AuditEntry) {
            id = entry.id
            createdAt = Timestamp.iso8601(entry.createdAt)
            actor = entry.actor
            action = entry.action
            targetKind = entry.targetKind
            target = entry.target
            reason = entry.reason
        }
        enum CodingKeys: String, CodingKey { case id, actor, action, target, reason, createdAt = "created_at", targetKind = "target_kind" }
    }

    struct AuditPage: Encodable {
        var entries: [Audit]
        var page: Int
        var hasMore: Bool
        enum CodingKeys: String, CodingKey { case entries, page, hasMore = "has_more" }
    }

    /// A dead job.
    struct DeadJob: Encodable {
        var id: Int64
        var kind: String
        var attempts: Int
        var createdAt: String
        @EncodedAsNull var lastAttemptAt: String?
        @EncodedAsNull var lastError: String?
        init(_ job: JobSummary) {
            id = job.id
            kind = job.kind
            attempts = job.attempts
            createdAt = Timestamp.iso8601(job.createdAt)
            lastAttemptAt = job.lastAttemptAt.map(Timestamp.iso8601)
            lastError = job.lastError
        }
        enum CodingKeys: String, CodingKey {
            case id, kind, attempts, createdAt = "created_at", lastAttemptAt = "last_attempt_at", lastError = "last_error"
        }
    }

    /// A custom domain whose check failed.
    struct FailedDomain: Encodable {
        var userID: String
        var domain: String
        var status: String
        @EncodedAsNull var checkedAt: String?
        var attempts: Int
        @EncodedAsNull var lastError: String?
        init(_ check: FailedDomainCheck) {
            userID = check.userID
            domain = check.domain
            status = check.status.rawValue
            checkedAt = check.checkedAt.map(Timestamp.iso8601)
            attempts = check.attempts
            lastError = check.lastError
        }
        enum CodingKeys: String, CodingKey {
            case domain, status, attempts, userID = "user_id", checkedAt = "checked_at", lastError = "last_error"
        }
    }

    struct Operations: Encodable {
        var deadJobs: [DeadJob]
        var failedDomains: [FailedDomain]
        enum CodingKeys: String, CodingKey { case deadJobs = "dead_jobs", failedDomains = "failed_domains" }
    }

    /// The body of an action: an optional reason (required by suspend, delete and unpublish).
    struct ReasonBody: Decodable { var reason: String? }
    /// The body of a reservation.
    struct ReserveBody: Decodable { var kind: String; var name: String; var reason: String? }
}
