import GRDB

extension AppDatabase {
    /// The GitHub sync's own state (issue #17):
    /// - `contacts.github_status`: `unknown` until a sync asked GitHub, `ok` when the user exists, `not_found` after a
    ///   404 (renamed or deleted); back to `unknown` when the owner changes the username (trigger below).
    /// - `github_accounts`: per owner, the GitHub token sealed with AES-GCM under a key derived from the server's secret
    ///   key (never in clear), its kind (`oauth` or `pat`), whether the sync is on, and until when the token's sync is
    ///   paused by a rate limit.
    /// - `github_oauth_states`: the SHA-256 of each OAuth `state` handed out, bound to the owner and their session.
    /// - `github_resources`: per contact and resource (`profile`, `repos`, `events`, `followers`), the ETag, when it was
    ///   last fetched or revalidated, and the snapshot the next fetch is compared with to find insights.
    static func registerGitHubSyncMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v17-github-sync") { db in
            try db.execute(sql: """
                ALTER TABLE contacts ADD COLUMN github_status TEXT NOT NULL DEFAULT 'unknown';
                CREATE TABLE github_accounts (
                  user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
                  sealed_token TEXT,
                  token_kind TEXT,
                  connected_at INTEGER,
                  sync_enabled INTEGER NOT NULL DEFAULT 0,
                  paused_until INTEGER NOT NULL DEFAULT 0
                );
                CREATE TABLE github_oauth_states (
                  state_hash TEXT PRIMARY KEY,
                  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                  session_hash TEXT NOT NULL,
                  expires_at INTEGER NOT NULL
                );
                CREATE TABLE github_resources (
                  contact_id TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
                  resource TEXT NOT NULL,
                  etag TEXT,
                  fetched_at INTEGER NOT NULL,
                  snapshot TEXT NOT NULL DEFAULT '{}',
                  PRIMARY KEY (contact_id, resource)
                ) WITHOUT ROWID;
                CREATE TRIGGER contacts_github_renamed AFTER UPDATE OF github ON contacts
                  WHEN lower(coalesce(old.github, '')) <> lower(coalesce(new.github, ''))
                BEGIN
                  UPDATE contacts SET github_status = 'unknown' WHERE id = new.id;
                  DELETE FROM github_resources WHERE contact_id = new.id;
                  DELETE FROM github_repositories WHERE contact_id = new.id;
                END;
                """)
        }
    }
}
