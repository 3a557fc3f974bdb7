import GRDB

extension AppDatabase {
    /// `github_insights`: one row per real change a sync noticed (the seed's table, plus the owner and `change_key`,
    /// which is unique per contact so the same change is never recorded twice).
    ///
    /// `github_repositories`: each contact's public GitHub repositories as the last sync saw them (issue #17). The sync
    /// replaces a contact's rows after each fetch of their repositories; technologies, star milestones and the
    /// collaboration matching read them. Only public data: name, primary language, topics, stars, last push.
    static func registerGitHubRepositoryMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v15-github-data") { db in
            try db.execute(sql: """
                CREATE TABLE github_repositories (
                  contact_id TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
                  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                  full_name TEXT NOT NULL,
                  url TEXT NOT NULL,
                  language TEXT,
                  topics TEXT NOT NULL DEFAULT '',
                  stars INTEGER NOT NULL DEFAULT 0,
                  fork INTEGER NOT NULL DEFAULT 0,
                  pushed_at INTEGER,
                  PRIMARY KEY (contact_id, full_name)
                ) WITHOUT ROWID;
                CREATE INDEX github_repositories_owner ON github_repositories(user_id, contact_id);
                CREATE TABLE github_insights (
                  id TEXT PRIMARY KEY,
                  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                  contact_id TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
                  type TEXT NOT NULL,
                  title TEXT NOT NULL,
                  description TEXT,
                  url TEXT,
                  metadata TEXT NOT NULL DEFAULT '{}',
                  change_key TEXT NOT NULL,
                  created_at INTEGER NOT NULL,
                  acknowledged INTEGER NOT NULL DEFAULT 0,
                  UNIQUE (contact_id, change_key)
                );
                CREATE INDEX github_insights_owner ON github_insights(user_id, acknowledged, created_at DESC);
                CREATE INDEX github_insights_contact ON github_insights(contact_id, created_at DESC);
                """)
        }
    }
}
