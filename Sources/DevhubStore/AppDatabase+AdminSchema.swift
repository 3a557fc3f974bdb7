import GRDB

extension AppDatabase {
    /// The operator's admin (`v16-admin`):
    /// - `users.role` (`member` or `admin`), `users.suspended_at` / `suspension_reason`, `users.last_login_at`;
    /// - `public_profiles.unpublished_at` / `unpublish_reason` (an admin took the page off the site) and `appealed_at`
    ///   (the owner edited it since: it waits in the review queue);
    /// - `reserved_names`: usernames and domains nobody may claim beyond the built-in list;
    /// - `abuse_reports`: visitors' reports (no address stored), `mailed_at` once in the admins' mail, `decided_at`
    ///   once an admin acted on them;
    /// - `admin_audit`: every admin action, append-only (triggers refuse UPDATE and DELETE), written in the action's
    ///   own transaction. Rows name their actor and target by text, so they outlive erased accounts.
    static func registerAdminMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v16-admin") { db in
            try db.execute(sql: """
                ALTER TABLE users ADD COLUMN role TEXT NOT NULL DEFAULT 'member';
                ALTER TABLE users ADD COLUMN suspended_at INTEGER;
                ALTER TABLE users ADD COLUMN suspension_reason TEXT;
                ALTER TABLE users ADD COLUMN last_login_at INTEGER;
                CREATE INDEX users_admins ON users(role) WHERE role = 'admin';
                ALTER TABLE public_profiles ADD COLUMN unpublished_at INTEGER;
                ALTER TABLE public_profiles ADD COLUMN unpublish_reason TEXT;
                ALTER TABLE public_profiles ADD COLUMN appealed_at INTEGER;
                CREATE TABLE reserved_names (
                  kind TEXT NOT NULL,
                  name TEXT NOT NULL COLLATE NOCASE,
                  created_at INTEGER NOT NULL,
                  PRIMARY KEY (kind, name)
                ) WITHOUT ROWID;
                CREATE TABLE abuse_reports (
                  id INTEGER PRIMARY KEY,
                  username TEXT NOT NULL COLLATE NOCASE,
                  reason TEXT NOT NULL,
                  details TEXT NOT NULL,
                  email TEXT,
                  created_at INTEGER NOT NULL,
                  mailed_at INTEGER,
                  decided_at INTEGER,
                  decision TEXT
                );
                CREATE INDEX abuse_reports_open ON abuse_reports(username, id) WHERE decided_at IS NULL;
                CREATE INDEX abuse_reports_unmailed ON abuse_reports(id) WHERE mailed_at IS NULL;
                CREATE TABLE admin_audit (
                  id INTEGER PRIMARY KEY,
                  created_at INTEGER NOT NULL,
                  actor TEXT NOT NULL,
                  actor_id TEXT,
                  action TEXT NOT NULL,
                  target_kind TEXT NOT NULL,
                  target TEXT NOT NULL,
                  reason TEXT
                );
                CREATE TRIGGER admin_audit_no_update BEFORE UPDATE ON admin_audit
                  BEGIN SELECT RAISE(ABORT, 'admin_audit is append-only'); END;
                CREATE TRIGGER admin_audit_no_delete BEFORE DELETE ON admin_audit
                  BEGIN SELECT RAISE(ABORT, 'admin_audit is append-only'); END;
                """)
        }
    }
}
