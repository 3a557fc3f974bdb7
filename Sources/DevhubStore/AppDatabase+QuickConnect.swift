import DevhubCore
import Foundation
import GRDB

/// A Quick Connect code as its owner sees it (never with its token: only the hash is stored).
public struct StoredQuickConnectCode: Equatable, Sendable {
    public var id: String
    /// SHA-256 of the token, hex: how a submission finds its code (the token itself is derived from the id under the
    /// server's key, see ``ServerSecretKey``, and never stored).
    public var tokenHash: String
    public var event: String
    public var location: String?
    public var session: String?
    public var maxSubmissions: Int?
    public var useCount: Int
    public var createdAt: Int64
    public var expiresAt: Int64
    public var revokedAt: Int64?
    /// The state when it was read, by the database's clock.
    public var state: QuickConnectState

    /// The tag of contacts made through it.
    public var eventTag: String { QuickConnectState.eventTag(event) }
}

/// What became of a visitor's submission.
public enum QuickConnectOutcome: Equatable, Sendable {
    /// No code has this token.
    case unknown
    /// The code no longer takes submissions.
    case closed(QuickConnectState)
    /// The owner's contact was created, or (same email) tagged, given the interaction and its empty fields filled.
    case accepted(contactID: String, created: Bool)
}

/// A Quick Connect submission as its webhook event tells it: the code, and the contact it made or met.
public struct QuickConnectSubmitted: Sendable {
    public var codeID: String
    /// The code's event name.
    public var event: String
    public var contact: StoredContact
    /// Whether the submission created the contact (else it met one with the same email).
    public var created: Bool
}

extension AppDatabase {
    /// Creates a code for `userID` and returns it with its token, derived from the code's id under `key` (see
    /// ``ServerSecretKey``): the database keeps only the token's hash. Its page is regenerated when it expires.
    public func createQuickConnectCode(
        _ settings: QuickConnectSettings, userID: String, key: ServerSecretKey
    ) throws -> (code: StoredQuickConnectCode, token: String) {
        let now = now()
        let id = ULID(milliseconds: now).value
        let token = key.quickConnectToken(codeID: id)
        let expiresAt = now + Int64(settings.expiresInHours) * 3_600_000
        let code = try writer.write { db in
            try db.execute(sql: """
                INSERT INTO quick_connect_codes (id, user_id, token_hash, event, location, session, max_submissions, created_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [id, userID, SecretToken.hash(token), settings.event, settings.location, settings.session,
                                 settings.maxSubmissions, now, expiresAt])
            try Self.enqueue(db, .regenerateConnect(ConnectPagesJob(codes: [id])), runAt: expiresAt + 1000, now: now)
            return try Self.quickConnectCodes(db, whereClause: "id = ?", arguments: [id], now: now)[0]
        }
        return (code, token)
    }

    /// The owner's codes, newest first.
    public func quickConnectCodes(userID: String) throws -> [StoredQuickConnectCode] {
        let now = now()
        return try writer.read { db in
            try Self.quickConnectCodes(db, whereClause: "user_id = ? ORDER BY created_at DESC, id DESC", arguments: [userID], now: now)
        }
    }

    /// The owner's code `id`, or nil (someone else's code is "not found" too).
    public func quickConnectCode(id: String, userID: String) throws -> StoredQuickConnectCode? {
        let now = now()
        return try writer.read { db in
            try Self.quickConnectCodes(db, whereClause: "id = ? AND user_id = ?", arguments: [id, userID], now: now).first
        }
    }

    /// Revokes the owner's code: it takes no more submissions and its page becomes the closed page. Nil when not the owner's.
    public func revokeQuickConnectCode(id: String, userID: String) throws -> StoredQuickConnectCode? {
        let now = now()
        return try writer.write { db in
            try db.execute(
                sql: "UPDATE quick_connect_codes SET revoked_at = coalesce(revoked_at, ?) WHERE id = ? AND user_id = ?",
                arguments: [now, id, userID])
            guard db.changesCount == 1 else { return nil }
            try Self.enqueue(db, .regenerateConnect(ConnectPagesJob(codes: [id])), runAt: now, now: now)
            return try Self.quickConnectCodes(db, whereClause: "id = ?", arguments: [id], now: now).first
        }
    }

    /// Changes the owner's code: a new expiry `expiresInHours` from now and/or a new submission limit (`.some(nil)`
    /// lifts it). Nil when not the owner's; throws ``CoreError`` for a revoked code, which stays revoked.
    public func changeQuickConnectCode(
        id: String, userID: String, expiresInHours: Int?, maxSubmissions: Int??
    ) throws -> StoredQuickConnectCode? {
        let now = now()
        return try writer.write { db in
            guard let current = try Self.quickConnectCodes(db, whereClause: "id = ? AND user_id = ?", arguments: [id, userID], now: now).first
            else { return nil }
            guard current.revokedAt == nil else { throw CoreError(field: "id", "this code was revoked and cannot be changed") }
            let expiresAt = expiresInHours.map { now + Int64($0) * 3_600_000 } ?? current.expiresAt
            let limit = maxSubmissions ?? current.maxSubmissions
            try db.execute(sql: """
                UPDATE quick_connect_codes SET expires_at = ?, max_submissions = ?, expiry_rendered = 0 WHERE id = ?
                """, arguments: [expiresAt, limit, id])
            try Self.enqueue(db, .regenerateConnect(ConnectPagesJob(codes: [id])), runAt: now, now: now)
            if expiresInHours != nil { try Self.enqueue(db, .regenerateConnect(ConnectPagesJob(codes: [id])), runAt: expiresAt + 1000, now: now) }
            return try Self.quickConnectCodes(db, whereClause: "id = ?", arguments: [id], now: now).first
        }
    }

    /// Records a visitor's submission through the code behind `token`, all or nothing, in one short transaction: the
    /// owner's contact with that email (in any ASCII case) gets the visitor's GitHub username only if it has none — its
    /// name, company, notes and every other field the owner wrote stay as they are — or a new contact is created
    /// (source "quick connect"); either way it is tagged `event:NAME` and given an interaction with the context and the
    /// visitor's note; the code's use count goes up, the owner's badge too. The code's page is queued for
    /// re-rendering and the visitor for the owner's next notification mail, both paced by `pacing` (see
    /// ``QuickConnectPacing``); a verified owner is mailed, by the `quick-connect-mail` job. The visitor's consent is
    /// recorded on the contact: the time and `privacyNotice` (the SHA-256 of the notice the form showed). The
    /// visitor's address is not stored.
    ///
    /// `events` (`quick_connect.submitted`) are queued in the same transaction.
    public func submitQuickConnect(
        token: String, _ submission: QuickConnectSubmission, privacyNotice: String? = nil, pacing: QuickConnectPacing = .standard,
        events: WebhookEventsInTransaction<QuickConnectSubmitted>? = nil
    ) throws -> QuickConnectOutcome {
        let post = QuickConnectPost(token: token, submission, privacyNotice: privacyNotice, pacing: pacing, events: events)
        let now = now()
        return try writer.write { db in try Self.submitQuickConnect(db, post, now: now) }
    }

    /// ``submitQuickConnect(token:_:privacyNotice:pacing:events:)`` inside the caller's transaction.
    static func submitQuickConnect(_ db: Database, _ post: QuickConnectPost, now: Int64) throws -> QuickConnectOutcome {
        guard QuickConnectToken.isWellFormed(post.token) else { return .unknown }
        let (submission, privacyNotice, pacing, events) = (post.submission, post.privacyNotice, post.pacing, post.events)
        let hash = SecretToken.hash(post.token)
        guard let found = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT q.id, q.user_id, q.event, q.location, q.session, q.expires_at, q.revoked_at, q.use_count, q.max_submissions,
                  u.email_verified, u.time_zone
                FROM quick_connect_codes q JOIN users u ON u.id = q.user_id WHERE q.token_hash = ?
                """), arguments: [hash])
        else { return .unknown }
        let codeID: String = found[0], userID: String = found[1], event: String = found[2]
        let state = QuickConnectState.of(
            expiresAt: found[5], revokedAt: found[6], useCount: found[7], maxSubmissions: found[8], now: now)
        guard state == .active else { return .closed(state) }

        let tag = QuickConnectState.eventTag(event)
        let today = Self.today(timeZone: found[10], now: now)
        let existing = try String.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM contacts WHERE user_id = ? AND email = ? ORDER BY seq LIMIT 1"),
            arguments: [userID, submission.email])
        let contactID: String
        if let existing {
            // An anonymous form never changes what the owner wrote: it only fills what is empty (the name
            // never is).
            contactID = existing
            if let github = submission.github {
                try db.cachedStatement(sql: "UPDATE contacts SET github = ?, updated_at = ? WHERE id = ? AND coalesce(github, '') = ''")
                    .execute(arguments: [github, now, existing])
            }
            try Self.addTags(db, [tag], contactID: existing, userID: userID, now: now)
        } else {
            var contact = Contact(name: submission.name, source: "quick connect")
            contact.email = submission.email
            contact.github = submission.github
            contact.tags = [tag]
            // The interaction below refreshes the contact's follow-up and writes its search entry.
            contactID = try Self.insertContact(db, contact, userID: userID, now: now, today: today, searchEntry: false)
        }
        try db.cachedStatement(sql: "UPDATE contacts SET consent_at = ?, consent_notice = ? WHERE id = ?")
            .execute(arguments: [now, privacyNotice, contactID])
        let notes = submission.interactionNotes(event: event, location: found[3], session: found[4])
        _ = try Self.insertInteraction(db, Interaction(type: "conference", date: today, notes: notes), contactID: contactID, userID: userID, now: now)

        try db.cachedStatement(sql: "UPDATE quick_connect_codes SET use_count = use_count + 1 WHERE id = ?").execute(arguments: [codeID])
        try db.cachedStatement(sql: "UPDATE users SET quick_connect_unseen = quick_connect_unseen + 1 WHERE id = ?").execute(arguments: [userID])
        try Self.queueConnectPage(db, codeID: codeID, interval: pacing.pageIntervalMilliseconds, now: now)
        if found[9] as Bool {
            try Self.noteConnectArrival(
                db, codeID: codeID, contactID: contactID, name: submission.name, interval: pacing.mailIntervalMilliseconds, now: now)
        }
        try Self.queueWebhookEvents(db, events, userID: userID, now: now) {
            try Self.contacts(db, userID: userID, ids: [contactID]).first.map {
                QuickConnectSubmitted(codeID: codeID, event: event, contact: $0, created: existing == nil)
            }
        }
        return .accepted(contactID: contactID, created: existing == nil)
    }

    /// How many Quick Connect submissions the owner has not looked at yet (the dashboard badge).
    public func unseenQuickConnectSubmissions(userID: String) throws -> Int {
        try writer.read { db in
            try Int.fetchOne(db, sql: "SELECT quick_connect_unseen FROM users WHERE id = ?", arguments: [userID]) ?? 0
        }
    }

    /// Clears the badge (the owner opened the Quick Connect page).
    public func markQuickConnectSubmissionsSeen(userID: String) throws {
        try writer.write { db in
            try db.execute(sql: "UPDATE users SET quick_connect_unseen = 0 WHERE id = ? AND quick_connect_unseen > 0", arguments: [userID])
        }
    }

    /// Queues the regeneration of every code that expired since the last call (the scheduled cleanup runs it); returns how many.
    public func queueExpiredQuickConnectPages() throws -> Int {
        let now = now()
        return try writer.write { db in
            let ids = try String.fetchAll(
                db, sql: "SELECT id FROM quick_connect_codes WHERE expiry_rendered = 0 AND expires_at <= ?", arguments: [now])
            guard !ids.isEmpty else { return 0 }
            try db.execute(
                sql: "UPDATE quick_connect_codes SET expiry_rendered = 1 WHERE id IN (\(Self.placeholders(ids.count)))",
                arguments: StatementArguments(ids))
            try Self.enqueue(db, .regenerateConnect(ConnectPagesJob(codes: ids)), runAt: now, now: now)
            return ids.count
        }
    }

    // MARK: Pages

    /// The code behind `token` (found by its hash, whether its token was derived or, before derivation, random) with
    /// its owner's public names, carrying `token`; nil for an unknown token.
    public func quickConnectPage(token: String) throws -> QuickConnectPage? {
        guard QuickConnectToken.isWellFormed(token) else { return nil }
        let hash = SecretToken.hash(token)
        return try writer.read { db in
            try Self.quickConnectPageRows(db, whereClause: "q.token_hash = ?", arguments: [hash], cached: true).first.map { $0.page(token: token) }
        }
    }

    /// The codes with ids among `ids` (nil: every code) whose token `key` derives, with their owners' public names, in
    /// id order. Codes whose stored hash is not that of the derived token (made before tokens were derived, or under
    /// another key) are left out: their pages cannot be derived.
    public func quickConnectPages(ids: [String]?, key: ServerSecretKey) throws -> [QuickConnectPage] {
        let rows: [PageRow] = try writer.read { db in
            guard let ids else { return try Self.quickConnectPageRows(db, whereClause: "1 ORDER BY q.id", arguments: []) }
            var rows: [PageRow] = []
            let unique = Array(Set(ids)).sorted()
            for start in stride(from: 0, to: unique.count, by: 500) {
                let chunk = Array(unique[start..<min(start + 500, unique.count)])
                rows += try Self.quickConnectPageRows(
                    db, whereClause: "q.id IN (\(Self.placeholders(chunk.count))) ORDER BY q.id", arguments: StatementArguments(chunk))
            }
            return rows
        }
        return rows.compactMap { row in key.derivedToken(codeID: row.id, tokenHash: row.tokenHash).map(row.page(token:)) }
    }

    /// A code's page as read, before its token is known.
    struct PageRow: Sendable {
        var tokenHash: String
        /// The page with an empty token.
        var page: QuickConnectPage
        var id: String { page.id }

        func page(token: String) -> QuickConnectPage {
            var page = page
            page.token = token
            return page
        }
    }

    /// Codes of a suspended account or an unpublished profile have no page (it leaves the site, and comes back as it
    /// was when the admin lifts the measure).
    static func quickConnectPageRows(_ db: Database, whereClause: String, arguments: StatementArguments, cached: Bool = false) throws -> [PageRow] {
        let sql = """
            SELECT q.token_hash, q.id, p.display_name, CASE WHEN p.is_public = 1 THEN p.username END, q.event, q.location,
              q.session, q.expires_at, q.revoked_at, q.use_count, q.max_submissions
            FROM quick_connect_codes q JOIN users u ON u.id = q.user_id LEFT JOIN public_profiles p ON p.user_id = q.user_id
            WHERE u.suspended_at IS NULL AND p.unpublished_at IS NULL AND \(whereClause)
            """
        // The lookup by token (every form post) is prepared once per connection; the lists by id vary in length.
        return try Row.fetchAll(cached ? db.cachedStatement(sql: sql) : db.makeStatement(sql: sql), arguments: arguments).map { row in
            PageRow(tokenHash: row[0], page: QuickConnectPage(
                token: "", id: row[1], ownerName: row[2], ownerUsername: (row[3] as String?).map(Username.init(trusted:)),
                event: row[4], location: row[5], session: row[6], expiresAt: row[7], revokedAt: row[8], useCount: row[9],
                maxSubmissions: row[10]))
        }
    }

    // MARK: Helpers inside transactions

    /// Queues the regeneration of the owner's codes' pages (their name shows on them).
    static func enqueueQuickConnectPages(_ db: Database, userID: String, now: Int64) throws {
        let ids = try String.fetchAll(db, sql: "SELECT id FROM quick_connect_codes WHERE user_id = ? AND revoked_at IS NULL", arguments: [userID])
        guard !ids.isEmpty else { return }
        try enqueue(db, .regenerateConnect(ConnectPagesJob(codes: ids)), runAt: now, now: now)
    }

    static func quickConnectCodes(_ db: Database, whereClause: String, arguments: StatementArguments, now: Int64) throws -> [StoredQuickConnectCode] {
        try Row.fetchAll(db, sql: """
            SELECT id, token_hash, event, location, session, max_submissions, use_count, created_at, expires_at, revoked_at
            FROM quick_connect_codes WHERE \(whereClause)
            """, arguments: arguments).map { row in
            let useCount: Int = row[6]
            let maxSubmissions: Int? = row[5]
            let expiresAt: Int64 = row[8]
            let revokedAt: Int64? = row[9]
            return StoredQuickConnectCode(
                id: row[0], tokenHash: row[1], event: row[2], location: row[3], session: row[4], maxSubmissions: maxSubmissions,
                useCount: useCount, createdAt: row[7], expiresAt: expiresAt, revokedAt: revokedAt,
                state: QuickConnectState.of(expiresAt: expiresAt, revokedAt: revokedAt, useCount: useCount, maxSubmissions: maxSubmissions, now: now))
        }
    }
}
