import DevhubCore
import GRDB

extension AppDatabase {
    /// Account identity and what an unverified account may publish:
    /// - `users.email_key`, the address's identity (``EmailAddress/key``: NFC, lower-cased by Unicode scalar), unique.
    ///   `email` keeps the spelling the owner typed. The NOCASE `email` column already kept ASCII case variants
    ///   apart; an older database can still hold two accounts whose addresses differ only in the case of a
    ///   non-ASCII letter: the verified (then the older) one gets the key, the other keeps a NULL key and is found
    ///   by its exact spelling only (nobody is locked out; no new such pair can be made).
    /// - Quick Connect codes of unverified accounts are revoked (their pages are public on the site's origin) and
    ///   their pages queued for regeneration as the closed page.
    static func registerAccountTrustMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v6-account-email-key") { db in
            try db.execute(sql: "ALTER TABLE users ADD COLUMN email_key TEXT")
            let rows = try Row.fetchAll(db, sql: """
                SELECT id, email FROM users WHERE email IS NOT NULL ORDER BY email_verified DESC, created_at, id
                """)
            var taken: Set<String> = []
            for row in rows {
                let key = EmailAddress.key(row[1])
                guard taken.insert(key).inserted else { continue }
                try db.execute(sql: "UPDATE users SET email_key = ? WHERE id = ?", arguments: [key, row[0] as String])
            }
            try db.execute(sql: "CREATE UNIQUE INDEX users_email_key ON users(email_key)")

            let now = AppDatabase.systemMilliseconds()
            let codes = try String.fetchAll(db, sql: """
                SELECT q.id FROM quick_connect_codes q JOIN users u ON u.id = q.user_id
                WHERE q.revoked_at IS NULL AND u.email IS NOT NULL AND u.email_verified = 0
                """)
            guard !codes.isEmpty else { return }
            try db.execute(
                sql: "UPDATE quick_connect_codes SET revoked_at = ? WHERE id IN (\(Self.placeholders(codes.count)))",
                arguments: StatementArguments([now] as [Int64]) + StatementArguments(codes))
            // Due at once whatever the server's clock says (tests freeze it). The payload is in the comma-separated
            // form of its time; `v7-jobs-durability` converts it to JSON.
            try db.execute(
                sql: "INSERT INTO jobs (kind, payload, run_at, created_at) VALUES ('regenerate-connect', ?, 0, ?)",
                arguments: [codes.joined(separator: ","), now])
        }
    }
}
