import DevhubCore
import Foundation
import GRDB

/// An account as the server sees it.
public struct Account: Equatable, Sendable {
    public var id: String
    public var email: String
    public var verified: Bool
    public var passwordHash: String
}

/// An email the outbox holds until the mailer job sends it.
public struct OutgoingMail: Equatable, Sendable {
    public var id: String
    public var recipient: String
    public var subject: String
    public var textBody: String
    public var htmlBody: String
    /// What the message's one-time link is for, when it has one (its token makes the body a secret).
    public var linkPurpose: EmailLinkPurpose?

    /// Creates a message to be queued.
    public init(
        id: String = "", recipient: String, subject: String, textBody: String, htmlBody: String, linkPurpose: EmailLinkPurpose? = nil
    ) {
        self.id = id
        self.linkPurpose = linkPurpose
        self.recipient = recipient
        self.subject = subject
        self.textBody = textBody
        self.htmlBody = htmlBody
    }
}

/// Why an email token was not accepted.
public enum TokenRejection: Error, Equatable, Sendable {
    case unknown, expired, used
}

extension AppDatabase {
    /// Email-link lifetimes.
    public static let verificationLifetime: Int64 = 24 * 3_600_000
    public static let resetLifetime: Int64 = 3_600_000

    /// The account with `email` in any case (its ``EmailAddress/key``), if any.
    public func account(email: EmailAddress) throws -> Account? {
        try writer.read { db in
            // An account without a key lost a case collision in the migration (see `v6-account-email-key`): its exact
            // spelling finds it; every other spelling finds the account holding the key.
            try Row.fetchOne(db, sql: """
                SELECT id, email, email_verified, password_hash FROM users
                WHERE email_key = ? OR (email_key IS NULL AND email = ?)
                ORDER BY email = ? COLLATE BINARY DESC, email_key IS NULL LIMIT 1
                """, arguments: [email.key, email.value, email.value])
                .map { Account(id: $0[0], email: $0[1], verified: $0[2], passwordHash: $0[3] ?? "") }
        }
    }

    /// Whether `email` (in any case) already has an account.
    static func emailTaken(_ db: Database, _ email: EmailAddress) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT 1 FROM users WHERE email_key = ? OR email = ?", arguments: [email.key, email.value]) != nil
    }

    /// Whether the account's email address is verified (false for an unknown id).
    public func isVerified(userID: String) throws -> Bool {
        try writer.read { db in
            try Bool.fetchOne(db, sql: "SELECT email_verified FROM users WHERE id = ? AND email IS NOT NULL", arguments: [userID]) ?? false
        }
    }

    /// The account `id`, if any.
    public func account(id: String) throws -> Account? {
        try writer.read { db in
            try Row.fetchOne(db, sql: "SELECT id, email, email_verified, password_hash FROM users WHERE id = ? AND email IS NOT NULL", arguments: [id])
                .map { Account(id: $0[0], email: $0[1], verified: $0[2], passwordHash: $0[3] ?? "") }
        }
    }

    /// Creates an unverified account and, in the same transaction, its verification token and email
    /// (built by `mail` from the token). Returns nil, changing nothing, when the address is taken.
    public func createAccount(
        email: EmailAddress, passwordHash: String, mail: (SecretToken) -> OutgoingMail
    ) throws -> String? {
        let now = now()
        return try writer.write { db in
            guard try !Self.emailTaken(db, email) else { return nil }
            let id = ULID(milliseconds: now).value
            try db.execute(
                sql: "INSERT INTO users (id, email, email_key, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [id, email.value, email.key, passwordHash, now, now])
            let token = try Self.issueToken(db, userID: id, purpose: "verify", lifetime: Self.verificationLifetime, now: now)
            var message = mail(token)
            message.linkPurpose = .verify
            try Self.queueMail(db, message, userID: id, now: now)
            return id
        }
    }

    /// Issues a new email token for `purpose` (older ones stop working) and queues `mail` built from it.
    public func issueEmailToken(userID: String, purpose: String, lifetime: Int64, mail: (SecretToken) -> OutgoingMail) throws {
        let now = now()
        try writer.write { db in
            let token = try Self.issueToken(db, userID: userID, purpose: purpose, lifetime: lifetime, now: now)
            var message = mail(token)
            message.linkPurpose = EmailLinkPurpose(rawValue: purpose)
            try Self.queueMail(db, message, userID: userID, now: now)
        }
    }

    /// Consumes a verification token: marks the address verified, ends every session of the account (one started
    /// before the owner proved the address may be someone else's) and publishes the owner's profile if they asked
    /// for it to be public (a regenerate job is queued). Returns the user id.
    public func verifyEmail(token: String) throws -> Result<String, TokenRejection> {
        let now = now()
        return try writer.write { db in
            let result = try Self.consumeToken(db, token: token, purpose: "verify", now: now)
            guard case .success(let userID) = result else { return result }
            try Self.markVerified(db, userID: userID, now: now)
            return result
        }
    }

    /// Consumes a reset token, sets the new password and ends every session of the account.
    public func resetPassword(token: String, passwordHash: String) throws -> Result<String, TokenRejection> {
        let now = now()
        return try writer.write { db in
            let result = try Self.consumeToken(db, token: token, purpose: "reset", now: now)
            guard case .success(let userID) = result else { return result }
            try db.execute(sql: "UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?", arguments: [passwordHash, now, userID])
            try db.execute(sql: "DELETE FROM sessions WHERE user_id = ?", arguments: [userID])
            return result
        }
    }

    /// Marks an account verified without a token (the operator's `devhub user verify`); as with the link, the
    /// sessions of a not yet verified account end. An account verified already is left as it is.
    public func markVerified(userID: String) throws {
        let now = now()
        try writer.write { db in try Self.markVerified(db, userID: userID, now: now) }
    }

    /// Creates an account the operator vouches for (`devhub user create`), verified or not, with no email sent.
    public func createAccountDirectly(email: EmailAddress, passwordHash: String, verified: Bool) throws -> String? {
        let now = now()
        return try writer.write { db in
            guard try !Self.emailTaken(db, email) else { return nil }
            let id = ULID(milliseconds: now).value
            try db.execute(sql: """
                INSERT INTO users (id, email, email_key, password_hash, email_verified, verified_at, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [id, email.value, email.key, passwordHash, verified, verified ? now : nil, now, now])
            return id
        }
    }

    /// Erases an account and everything it owns at once (no grace period); its public files go with the queued
    /// regeneration. The owner's own deletion waits for the grace period: ``scheduleAccountDeletion(userID:)``.
    public func deleteAccount(userID: String) throws {
        let now = now()
        try writer.write { db in try Self.eraseAccount(db, userID: userID, now: now) }
    }

    // MARK: Helpers inside transactions

    /// Verifies a not yet verified account: the flag, the end of its sessions, its profile's visibility.
    static func markVerified(_ db: Database, userID: String, now: Int64) throws {
        try db.execute(
            sql: "UPDATE users SET email_verified = 1, verified_at = ?, updated_at = ? WHERE id = ? AND email_verified = 0",
            arguments: [now, now, userID])
        guard db.changesCount == 1 else { return }
        try db.execute(sql: "DELETE FROM sessions WHERE user_id = ?", arguments: [userID])
        try refreshVisibility(db, userID: userID, now: now)
    }

    static func issueToken(_ db: Database, userID: String, purpose: String, lifetime: Int64, now: Int64) throws -> SecretToken {
        try db.execute(
            sql: "UPDATE email_tokens SET used_at = ? WHERE user_id = ? AND purpose = ? AND used_at IS NULL",
            arguments: [now, userID, purpose])
        let token = SecretToken()
        try db.execute(sql: """
            INSERT INTO email_tokens (token_hash, user_id, purpose, created_at, expires_at) VALUES (?, ?, ?, ?, ?)
            """, arguments: [token.hash, userID, purpose, now, now + lifetime])
        return token
    }

    static func consumeToken(_ db: Database, token: String, purpose: String, now: Int64) throws -> Result<String, TokenRejection> {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT user_id, expires_at, used_at FROM email_tokens WHERE token_hash = ? AND purpose = ?
            """, arguments: [SecretToken.hash(token), purpose])
        else { return .failure(.unknown) }
        if (row[2] as Int64?) != nil { return .failure(.used) }
        if (row[1] as Int64) <= now { return .failure(.expired) }
        try db.execute(sql: "UPDATE email_tokens SET used_at = ? WHERE token_hash = ?", arguments: [now, SecretToken.hash(token)])
        return .success(row[0])
    }

    static func queueMail(_ db: Database, _ mail: OutgoingMail, userID: String?, now: Int64) throws {
        let id = ULID(milliseconds: now).value
        try db.execute(sql: """
            INSERT INTO outbox (id, user_id, recipient, subject, text_body, html_body, purpose, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [id, userID, mail.recipient, mail.subject, mail.textBody, mail.htmlBody, mail.linkPurpose?.rawValue, now])
        try enqueue(db, .sendEmail(MailJob(outboxID: id)), runAt: now, now: now)
    }

    /// Sets the owner's profile's effective visibility: public only if they asked for it, their email is verified,
    /// they have not asked for the account's deletion, the account is not suspended and no admin unpublished the profile
    /// (profiles imported by the operator have no email and follow the file). Queues a regeneration when it changes.
    static func refreshVisibility(_ db: Database, userID: String, now: Int64) throws {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT p.username, p.is_public, p.requested_public,
              (u.email IS NULL OR u.email_verified = 1) AND u.deletion_requested_at IS NULL AND u.suspended_at IS NULL
                AND p.unpublished_at IS NULL
            FROM public_profiles p JOIN users u ON u.id = p.user_id WHERE p.user_id = ?
            """, arguments: [userID])
        else { return }
        let username: String = row[0]
        let visible = (row[2] as Bool) && (row[3] as Bool)
        guard visible != (row[1] as Bool) else { return }
        try db.execute(sql: "UPDATE public_profiles SET is_public = ? WHERE user_id = ?", arguments: [visible, userID])
        try enqueue(db, .regenerate(ProfilesJob(usernames: [username])), runAt: now, now: now)
    }
}
