import DevhubCore
import Foundation
import GRDB

/// What an email's one-time link is for; its token lives in the outbox body only until the message is sent or dead.
public enum EmailLinkPurpose: String, Sendable {
    case verify, reset

    /// How long a link of this purpose works.
    public var lifetime: Int64 { self == .verify ? AppDatabase.verificationLifetime : AppDatabase.resetLifetime }
}

extension AppDatabase {
    /// A queued message by id (nil when it was sent or its account is gone). A link email whose job died has an
    /// empty body: ``reissueLinkMail(outboxID:mail:)`` sends a fresh link instead.
    public func outgoingMail(id: String) throws -> OutgoingMail? {
        try writer.read { db in
            try Row.fetchOne(db, sql: """
                SELECT id, recipient, subject, text_body, html_body, purpose FROM outbox WHERE id = ? AND sent_at IS NULL
                """, arguments: [id])
                .map {
                    OutgoingMail(id: $0[0], recipient: $0[1], subject: $0[2], textBody: $0[3], htmlBody: $0[4],
                                 linkPurpose: ($0[5] as String?).flatMap(EmailLinkPurpose.init(rawValue:)))
                }
        }
    }

    /// Marks a message sent and deletes its bodies (a link email's token among them): the outbox keeps who it went
    /// to, the subject and when. The freed pages are zeroed (`secure_delete`) and the WAL is truncated, so the token
    /// is left in neither file.
    public func markMailSent(id: String) throws {
        let now = now()
        try writer.write { db in
            try db.execute(sql: "UPDATE outbox SET sent_at = ?, text_body = '', html_body = '' WHERE id = ?", arguments: [now, id])
        }
        forgetFreedPages()
    }

    /// Retries a link email whose job died (its body, and so its token, is gone): issues a new token of the same
    /// purpose (older links stop working) and queues a new message built by `mail` from the account's address and
    /// the token, in place of the old one. A verification mail for an account verified meanwhile is just dropped.
    public func reissueLinkMail(outboxID: String, mail: (EmailLinkPurpose, String, SecretToken) -> OutgoingMail) throws {
        let now = now()
        try writer.write { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT u.id, u.email, u.email_verified, o.purpose FROM outbox o JOIN users u ON u.id = o.user_id
                WHERE o.id = ? AND o.sent_at IS NULL
                """, arguments: [outboxID]),
                let purpose = (row[3] as String?).flatMap(EmailLinkPurpose.init(rawValue:)), let email = row[1] as String?
            else { return }
            try db.execute(sql: "DELETE FROM outbox WHERE id = ?", arguments: [outboxID])
            if purpose == .verify, row[2] as Bool { return }
            let userID: String = row[0]
            let token = try Self.issueToken(db, userID: userID, purpose: purpose.rawValue, lifetime: purpose.lifetime, now: now)
            var message = mail(purpose, email, token)
            message.linkPurpose = purpose
            try Self.queueMail(db, message, userID: userID, now: now)
        }
    }

    /// Deletes the body of a link email (its token) when its job dies; other messages keep theirs for a retry.
    static func forgetLinks(_ db: Database, outboxID: String) throws {
        try db.execute(
            sql: "UPDATE outbox SET text_body = '', html_body = '' WHERE id = ? AND purpose IS NOT NULL AND sent_at IS NULL",
            arguments: [outboxID])
    }

    /// Copies the WAL into the database file and truncates it, so content deleted with `secure_delete` on is gone
    /// from both files. Best effort: a reader holding an old snapshot makes it a no-op until the next time.
    func forgetFreedPages() {
        _ = try? writer.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
    }
}
