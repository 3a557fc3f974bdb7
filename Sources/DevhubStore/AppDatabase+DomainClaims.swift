import DevhubCore
import Foundation
import GRDB

extension AppDatabase {
    /// The columns ``DomainClaim/init(row:)`` reads, over alias `c`.
    static let claimSelection = """
        SELECT c.user_id, c.domain, c.challenge, c.status, c.claimed_at, c.checked_at, c.next_check_at, c.attempts,
               c.last_error, c.verified_at,
               EXISTS (SELECT 1 FROM domain_claims o WHERE o.domain = c.domain AND o.user_id <> c.user_id) AS contested
        FROM domain_claims c
        """

    /// The custom domain account `userID` asked for, and where its proof stands; nil when none is set.
    public func domainClaim(userID: String) throws -> DomainClaim? {
        try writer.read { db in try Self.domainClaim(db, userID: userID) }
    }

    /// Whether `host` is the published custom domain of a public profile (the server routes it to that profile's
    /// folder).
    public func isPublishedDomain(_ host: String) throws -> Bool {
        try writer.read { db in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM public_profiles WHERE custom_domain = ? AND is_public = 1", arguments: [host]) ?? false
        }
    }

    /// Claims whose re-check is due, oldest first (the `domain-checks` job's work).
    public func dueDomainClaims(limit: Int) throws -> [DomainClaim] {
        let now = now()
        return try writer.read { db in
            try DomainClaim.fetchAll(db, sql: Self.claimSelection + """
                 WHERE c.next_check_at IS NOT NULL AND c.next_check_at <= ? ORDER BY c.next_check_at LIMIT ?
                """, arguments: [now, limit])
        }
    }

    /// Applies a DNS check of account `userID`'s claim on `domain` (ignored if the claim changed meanwhile):
    /// proven → `verified` and published; unproven → a verified domain goes back to `pending` and off the site,
    /// a pending one waits for its next check or, after the pending window, becomes `failed`. Returns the claim.
    @discardableResult
    public func recordDomainCheck(
        userID: String, domain: DomainName, outcome: DomainCheckOutcome, schedule: DomainCheckSchedule
    ) throws -> DomainClaim? {
        let now = now()
        return try writer.write { db in
            guard let claim = try Self.domainClaim(db, userID: userID), claim.domain == domain else {
                return try Self.domainClaim(db, userID: userID)
            }
            switch outcome {
            case .proven:
                if try Bool.fetchOne(
                    db, sql: "SELECT 1 FROM public_profiles WHERE custom_domain = ? AND user_id <> ?", arguments: [domain.value, userID]) != nil
                {
                    try Self.markPending(db, claim, now: now, error: "another profile on this site already uses this domain", schedule: schedule)
                } else {
                    try db.execute(sql: """
                        UPDATE domain_claims SET status = 'verified', checked_at = ?, next_check_at = ?, attempts = 0, last_error = NULL,
                          verified_at = coalesce(verified_at, ?)
                        WHERE user_id = ?
                        """, arguments: [now, now + schedule.verifiedRecheckMilliseconds, now, userID])
                    try self.publishDomain(db, userID: userID, domain: domain, now: now)
                }
            case .undetermined(let reason) where claim.status == .verified:
                try db.execute(sql: "UPDATE domain_claims SET checked_at = ?, next_check_at = ?, last_error = ? WHERE user_id = ?",
                               arguments: [now, now + min(schedule.pendingWait(afterAttempts: 1), schedule.verifiedRecheckMilliseconds), reason, userID])
            case .unproven(let reason), .undetermined(let reason):
                if claim.status == .verified {
                    // The proof has gone: off the site, and a new pending period begins.
                    try db.execute(sql: """
                        UPDATE domain_claims SET status = 'pending', claimed_at = ?, attempts = 0, verified_at = NULL WHERE user_id = ?
                        """, arguments: [now, userID])
                    try self.publishDomain(db, userID: userID, domain: nil, now: now)
                    var restarted = claim
                    restarted.claimedAt = now
                    restarted.attempts = 0
                    try Self.markPending(db, restarted, now: now, error: reason, schedule: schedule)
                } else {
                    try Self.markPending(db, claim, now: now, error: reason, schedule: schedule)
                }
            }
            return try Self.domainClaim(db, userID: userID)
        }
    }

    // MARK: Inside transactions

    static func domainClaim(_ db: Database, userID: String) throws -> DomainClaim? {
        try DomainClaim.fetchOne(db, sql: claimSelection + " WHERE c.user_id = ?", arguments: [userID])
    }

    /// Records the owner's choice of domain while their profile is saved, and returns the domain to publish:
    /// the same verified domain stays published; a new domain starts a pending claim (checked within a minute)
    /// and nothing is published until it is proven; no domain removes the claim.
    static func claimDomain(_ db: Database, userID: String, requested: DomainName?, now: Int64) throws -> DomainName? {
        let current = try domainClaim(db, userID: userID)
        guard let requested else {
            try db.execute(sql: "DELETE FROM domain_claims WHERE user_id = ?", arguments: [userID])
            return nil
        }
        if let current, current.domain == requested {
            return current.status == .verified ? requested : nil
        }
        try db.execute(sql: """
            INSERT OR REPLACE INTO domain_claims (user_id, domain, challenge, status, claimed_at, next_check_at, attempts)
            VALUES (?, ?, ?, 'pending', ?, ?, 0)
            """, arguments: [userID, requested.value, DomainClaim.challengePrefix + SecretToken.hex(bits: 128), now, now + 60_000])
        return nil
    }

    /// A failed check of a claim that is not (or no longer) verified: the next check after the schedule's wait,
    /// or `failed` once the pending window has passed.
    private static func markPending(_ db: Database, _ claim: DomainClaim, now: Int64, error: String, schedule: DomainCheckSchedule) throws {
        let attempts = claim.attempts + 1
        let expired = now - claim.claimedAt >= schedule.pendingWindowMilliseconds
        let status: DomainClaimStatus = expired || claim.status == .failed ? .failed : .pending
        let next: Int64? = status == .failed ? nil : now + schedule.pendingWait(afterAttempts: attempts)
        try db.execute(sql: """
            UPDATE domain_claims SET status = ?, checked_at = ?, next_check_at = ?, attempts = ?, last_error = ? WHERE user_id = ?
            """, arguments: [status.rawValue, now, next, attempts, String(error.prefix(300)), claim.userID])
    }

    /// Sets the published domain of `userID`'s profile (its content hash and so its pages change) and queues the
    /// regeneration of its pages.
    private func publishDomain(_ db: Database, userID: String, domain: DomainName?, now: Int64) throws {
        guard var snapshot = try Self.fetchSnapshots(db, whereClause: "p.user_id = ?", arguments: [userID]).first,
              snapshot.profile.customDomain != domain
        else { return }
        snapshot.profile.customDomain = domain
        let visible = try Bool.fetchOne(db, sql: "SELECT is_public FROM public_profiles WHERE user_id = ?", arguments: [userID]) ?? false
        let requested = try Bool.fetchOne(db, sql: "SELECT requested_public FROM public_profiles WHERE user_id = ?", arguments: [userID]) ?? false
        snapshot.profile.isPublic = requested
        let updatedAt = max(now, snapshot.updatedAt + 1)
        try writeProfile(
            db, snapshot.profile, id: snapshot.id, userID: nil, visible: visible, createdAt: snapshot.createdAt, updatedAt: updatedAt,
            contentHash: Self.contentHash(fieldsHash: Self.fieldsHash(snapshot.profile), createdAt: snapshot.createdAt, updatedAt: updatedAt))
        try Self.enqueue(db, .regenerate(ProfilesJob(usernames: [snapshot.profile.username.value])), runAt: now, now: now)
    }
}
