import DevhubCore
import GRDB

/// An account's custom domain and where its proof stands (table `domain_claims`).
public struct DomainClaim: Equatable, Sendable, FetchableRecord {
    /// The owner.
    public var userID: String
    /// The domain they asked for.
    public var domain: DomainName
    /// The value the TXT record at ``txtName`` must hold, e.g. `devhub-verification=3f…`.
    public var challenge: String
    /// `pending`, `verified` or `failed` (never `none`: no row means no domain).
    public var status: DomainClaimStatus
    /// When the current pending period began (the claim, or the loss of a proof).
    public var claimedAt: Int64
    /// The last DNS check, if any.
    public var checkedAt: Int64?
    /// When the re-check job looks again (nil: only when the owner asks).
    public var nextCheckAt: Int64?
    /// Checks since the pending period began.
    public var attempts: Int
    /// Why the last check did not prove the domain, for the owner.
    public var lastError: String?
    /// When the domain was proven.
    public var verifiedAt: Int64?
    /// Whether another account claims the same domain; then only the TXT record proves it (a CNAME points at the
    /// site, not at one account).
    public var contested: Bool

    /// What every challenge starts with.
    public static let challengePrefix = "devhub-verification="

    /// The name of the TXT record that proves the domain: `_devhub-challenge.DOMAIN`.
    public var txtName: String { "_devhub-challenge.\(domain.value)" }

    enum Columns {
        static let userID = Column("user_id")
        static let domain = Column("domain")
        static let challenge = Column("challenge")
        static let status = Column("status")
        static let claimedAt = Column("claimed_at")
        static let checkedAt = Column("checked_at")
        static let nextCheckAt = Column("next_check_at")
        static let attempts = Column("attempts")
        static let lastError = Column("last_error")
        static let verifiedAt = Column("verified_at")
        static let contested = Column("contested")
    }

    /// Reads a row of ``AppDatabase/claimSelection``.
    public init(row: Row) {
        userID = row[Columns.userID]
        domain = DomainName(trusted: row[Columns.domain])
        challenge = row[Columns.challenge]
        status = DomainClaimStatus(rawValue: row[Columns.status]) ?? .pending
        claimedAt = row[Columns.claimedAt]
        checkedAt = row[Columns.checkedAt]
        nextCheckAt = row[Columns.nextCheckAt]
        attempts = row[Columns.attempts]
        lastError = row[Columns.lastError]
        verifiedAt = row[Columns.verifiedAt]
        contested = row[Columns.contested]
    }
}

/// What one DNS check of a claim found.
public enum DomainCheckOutcome: Equatable, Sendable {
    /// The CNAME or the TXT record is there (`how` says which, for the log and the owner).
    case proven(how: String)
    /// Neither is; `reason` says what DNS answered, in words for the owner (no personal data).
    case unproven(reason: String)
    /// DNS could not be asked (no answer, SERVFAIL): a verified domain stays published and is asked again soon.
    case undetermined(reason: String)
}
