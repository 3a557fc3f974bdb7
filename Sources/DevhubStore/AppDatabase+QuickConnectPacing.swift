import DevhubCore
import Foundation
import GRDB

/// How often a busy Quick Connect code's page is re-rendered and its owner mailed: a burst of submissions makes one
/// regeneration per `pageIntervalMilliseconds` and one notification mail per `mailIntervalMilliseconds`, not one
/// of each per visitor.
public struct QuickConnectPacing: Equatable, Sendable {
    /// The least time between two re-renderings of one code's page ("N people connected") after submissions.
    public var pageIntervalMilliseconds: Int64
    /// How long after a code's first new visitor its owner's mail goes out, listing every visitor since.
    public var mailIntervalMilliseconds: Int64

    /// Pacing with the given intervals (milliseconds, 0 or more).
    public init(pageIntervalMilliseconds: Int64 = 2_000, mailIntervalMilliseconds: Int64 = 900_000) {
        self.pageIntervalMilliseconds = pageIntervalMilliseconds
        self.mailIntervalMilliseconds = mailIntervalMilliseconds
    }

    /// The server's default: a page at most every 2 seconds, a mail per code at most every 15 minutes.
    public static let standard = QuickConnectPacing()
}

/// A visitor listed in their code's notification mail.
public struct QuickConnectArrival: Equatable, Sendable {
    /// The owner's contact the submission created or matched.
    public var contactID: String
    /// The name the visitor gave.
    public var name: String
}

extension AppDatabase {
    /// Mails the owner of code `codeID` the visitors who arrived since its last mail, in the order they came (a
    /// visitor who came twice is listed once): `mail` makes the message from the owner's verified address, the code
    /// (its current use count) and the visitors. The listed arrivals are forgotten in the same transaction; no mail
    /// when there are none (another job sent them) or the owner's address is not verified. Returns how many were listed.
    @discardableResult
    public func mailQuickConnectArrivals(
        codeID: String, mail: (_ ownerEmail: String, _ code: StoredQuickConnectCode, _ arrivals: [QuickConnectArrival]) -> OutgoingMail
    ) throws -> Int {
        let now = now()
        return try writer.write { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT id, contact_id, name FROM quick_connect_arrivals WHERE code_id = ? ORDER BY id
                """, arguments: [codeID])
            guard let last = rows.last?[0] as Int64? else { return 0 }
            try db.execute(sql: "DELETE FROM quick_connect_arrivals WHERE code_id = ? AND id <= ?", arguments: [codeID, last])
            var seen = Set<String>()
            let arrivals = rows.compactMap { row -> QuickConnectArrival? in
                seen.insert(row[1]).inserted ? QuickConnectArrival(contactID: row[1], name: row[2]) : nil
            }
            guard let code = try Self.quickConnectCodes(db, whereClause: "id = ?", arguments: [codeID], now: now).first,
                  let email = try String.fetchOne(db, sql: """
                      SELECT u.email FROM users u JOIN quick_connect_codes q ON q.user_id = u.id WHERE q.id = ? AND u.email_verified = 1
                      """, arguments: [codeID]),
                  let userID = try String.fetchOne(db, sql: "SELECT user_id FROM quick_connect_codes WHERE id = ?", arguments: [codeID])
            else { return 0 }
            try Self.queueMail(db, mail(email, code, arrivals), userID: userID, now: now)
            return arrivals.count
        }
    }

    // MARK: Helpers inside transactions

    /// Queues the re-rendering of code `codeID`'s page after a submission: at once when it was not re-rendered within
    /// `interval`, otherwise when the interval is over; nothing when a regeneration of this code is already waiting
    /// to start by then (it reads the code after this transaction commits, so it shows this submission too).
    static func queueConnectPage(_ db: Database, codeID: String, interval: Int64, now: Int64) throws {
        let due = try Int64.fetchOne(db.cachedStatement(sql: "SELECT page_due_at FROM quick_connect_codes WHERE id = ?"), arguments: [codeID])
        let runAt = max(now, due ?? now)
        let payload = JobPayload.regenerateConnect(ConnectPagesJob(codes: [codeID]))
        guard try !isWaiting(db, payload, by: runAt, now: now) else { return }
        try enqueue(db, payload, runAt: runAt, now: now)
        try db.cachedStatement(sql: "UPDATE quick_connect_codes SET page_due_at = ? WHERE id = ?").execute(arguments: [runAt + interval, codeID])
    }

    /// Records a visitor for their code's next notification mail, and queues that mail `interval` from now unless
    /// one is already waiting.
    static func noteConnectArrival(_ db: Database, codeID: String, contactID: String, name: String, interval: Int64, now: Int64) throws {
        try db.cachedStatement(sql: "INSERT INTO quick_connect_arrivals (code_id, contact_id, name, created_at) VALUES (?, ?, ?, ?)")
            .execute(arguments: [codeID, contactID, name, now])
        let payload = JobPayload.quickConnectMail(ConnectMailJob(code: codeID))
        guard try !isWaiting(db, payload, by: nil, now: now) else { return }
        try enqueue(db, payload, runAt: now + interval, now: now)
    }

    /// Whether a job with `payload` is waiting to start (not claimed, or its lease ran out) and due by `runAt` (any
    /// time when nil): it will read what this transaction writes.
    static func isWaiting(_ db: Database, _ payload: JobPayload, by runAt: Int64?, now: Int64) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: """
            SELECT 1 FROM jobs INDEXED BY jobs_waiting
            WHERE kind = ? AND payload = ? AND done_at IS NULL AND state = 'pending' AND (lease_until IS NULL OR lease_until <= ?)
              AND run_at <= ? LIMIT 1
            """), arguments: [payload.kind.rawValue, payload.json, now, runAt ?? Int64.max]) ?? false
    }
}
