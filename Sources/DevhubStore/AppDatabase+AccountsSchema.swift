import GRDB

extension AppDatabase {
    /// Accounts, sessions, one-time email tokens, the mail outbox and the durable job queue.
    static func registerAccountMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2-accounts-jobs") { db in
            try db.execute(sql: """
                ALTER TABLE users ADD COLUMN password_hash TEXT;
                ALTER TABLE users ADD COLUMN verified_at INTEGER;
                ALTER TABLE public_profiles ADD COLUMN requested_public INTEGER NOT NULL DEFAULT 1;
                UPDATE public_profiles SET requested_public = is_public;
                CREATE TABLE sessions (
                  token_hash TEXT PRIMARY KEY,
                  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                  created_at INTEGER NOT NULL,
                  last_seen_at INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX sessions_user ON sessions(user_id);
                CREATE TABLE email_tokens (
                  token_hash TEXT PRIMARY KEY,
                  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                  purpose TEXT NOT NULL,
                  created_at INTEGER NOT NULL,
                  expires_at INTEGER NOT NULL,
                  used_at INTEGER
                ) WITHOUT ROWID;
                CREATE INDEX email_tokens_user ON email_tokens(user_id, purpose);
                CREATE TABLE outbox (
                  id TEXT PRIMARY KEY,
                  user_id TEXT REFERENCES users(id) ON DELETE CASCADE,
                  recipient TEXT NOT NULL,
                  subject TEXT NOT NULL,
                  text_body TEXT NOT NULL,
                  html_body TEXT NOT NULL,
                  created_at INTEGER NOT NULL,
                  sent_at INTEGER
                );
                CREATE TABLE jobs (
                  id INTEGER PRIMARY KEY,
                  kind TEXT NOT NULL,
                  payload TEXT NOT NULL,
                  run_at INTEGER NOT NULL,
                  attempts INTEGER NOT NULL DEFAULT 0,
                  last_error TEXT,
                  lease_until INTEGER,
                  created_at INTEGER NOT NULL,
                  done_at INTEGER
                );
                CREATE INDEX jobs_due ON jobs(run_at) WHERE done_at IS NULL;
                """)
        }
    }
}
