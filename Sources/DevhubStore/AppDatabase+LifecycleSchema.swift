import GRDB

extension AppDatabase {
    /// Data lifecycle:
    /// - `users.deletion_requested_at`: the owner asked for the account to be deleted; the public page is down and the
    ///   private data waits for the grace period (a log-in clears it), then the cleanup job erases every row.
    /// - `contacts.consent_at` / `consent_notice`: when a Quick Connect visitor consented, and the SHA-256 of the
    ///   privacy notice they were shown (the latest submission's, for a contact that already existed).
    static func registerLifecycleMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v7-data-lifecycle") { db in
            try db.execute(sql: """
                ALTER TABLE users ADD COLUMN deletion_requested_at INTEGER;
                CREATE INDEX users_deletion ON users(deletion_requested_at) WHERE deletion_requested_at IS NOT NULL;
                ALTER TABLE contacts ADD COLUMN consent_at INTEGER;
                ALTER TABLE contacts ADD COLUMN consent_notice TEXT;
                CREATE INDEX agent_reports_created ON agent_reports(created_at);
                """)
        }
    }
}
