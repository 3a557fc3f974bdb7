import GRDB

extension AppDatabase {
    /// Quick Connect codes (only the token's hash is kept), the owner's count of unseen submissions, and the cache of
    /// GitHub profiles the form's prefill asks for.
    static func registerQuickConnectMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4-quick-connect") { db in
            try db.execute(sql: """
                ALTER TABLE users ADD COLUMN quick_connect_unseen INTEGER NOT NULL DEFAULT 0;
                CREATE TABLE quick_connect_codes (
                  id TEXT PRIMARY KEY,
                  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                  token_hash TEXT NOT NULL UNIQUE,
                  event TEXT NOT NULL,
                  location TEXT,
                  session TEXT,
                  max_submissions INTEGER,
                  use_count INTEGER NOT NULL DEFAULT 0,
                  created_at INTEGER NOT NULL,
                  expires_at INTEGER NOT NULL,
                  revoked_at INTEGER,
                  expiry_rendered INTEGER NOT NULL DEFAULT 0
                );
                CREATE INDEX quick_connect_codes_owner ON quick_connect_codes(user_id, created_at);
                CREATE INDEX quick_connect_codes_expiry ON quick_connect_codes(expires_at) WHERE expiry_rendered = 0;
                CREATE TABLE github_profiles (
                  login TEXT PRIMARY KEY COLLATE NOCASE,
                  status INTEGER NOT NULL,
                  etag TEXT,
                  body TEXT,
                  fetched_at INTEGER NOT NULL
                ) WITHOUT ROWID;
                """)
        }
    }
}
