import GRDB

extension AppDatabase {
    /// Versioned schema migrations, applied in order on open.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-users-and-profiles") { db in
            try db.execute(sql: """
                CREATE TABLE users (
                  id TEXT PRIMARY KEY,
                  email TEXT COLLATE NOCASE UNIQUE,
                  email_verified INTEGER NOT NULL DEFAULT 0,
                  created_at INTEGER NOT NULL,
                  updated_at INTEGER NOT NULL
                );
                CREATE TABLE public_profiles (
                  id TEXT PRIMARY KEY,
                  user_id TEXT NOT NULL UNIQUE REFERENCES users(id) ON DELETE CASCADE,
                  username TEXT NOT NULL COLLATE NOCASE UNIQUE,
                  slug TEXT UNIQUE,
                  is_public INTEGER NOT NULL DEFAULT 1,
                  display_name TEXT NOT NULL,
                  headline TEXT,
                  bio TEXT NOT NULL DEFAULT '',
                  location TEXT,
                  website TEXT,
                  avatar TEXT,
                  custom_domain TEXT COLLATE NOCASE UNIQUE,
                  qr_code_url TEXT,
                  view_count INTEGER NOT NULL DEFAULT 0,
                  content_hash TEXT NOT NULL,
                  created_at INTEGER NOT NULL,
                  updated_at INTEGER NOT NULL
                );
                CREATE INDEX public_profiles_directory ON public_profiles(username) WHERE is_public = 1;
                CREATE INDEX public_profiles_sitemap ON public_profiles(username) WHERE is_public = 1 AND custom_domain IS NULL;
                CREATE TABLE profile_links (
                  profile_id TEXT NOT NULL REFERENCES public_profiles(id) ON DELETE CASCADE,
                  position INTEGER NOT NULL,
                  label TEXT NOT NULL,
                  url TEXT NOT NULL,
                  PRIMARY KEY (profile_id, position)
                ) WITHOUT ROWID;
                CREATE TABLE profile_skills (
                  profile_id TEXT NOT NULL REFERENCES public_profiles(id) ON DELETE CASCADE,
                  position INTEGER NOT NULL,
                  name TEXT NOT NULL,
                  PRIMARY KEY (profile_id, position)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v1-build-manifest") { db in
            try db.execute(sql: """
                CREATE TABLE build_outputs (
                  id INTEGER PRIMARY KEY,
                  out_dir TEXT NOT NULL UNIQUE,
                  last_build INTEGER NOT NULL DEFAULT 0
                );
                CREATE TABLE build_manifest (
                  output_id INTEGER NOT NULL REFERENCES build_outputs(id) ON DELETE CASCADE,
                  key TEXT NOT NULL,
                  input_hash TEXT NOT NULL,
                  files TEXT NOT NULL,
                  build INTEGER NOT NULL,
                  PRIMARY KEY (output_id, key)
                ) WITHOUT ROWID;
                CREATE INDEX build_manifest_build ON build_manifest(output_id, build);
                """)
        }
        registerAccountMigrations(&migrator)
        registerCRMMigrations(&migrator)
        registerQuickConnectMigrations(&migrator)
        registerBuildLayoutMigrations(&migrator)
        registerDomainClaimMigrations(&migrator)
        registerAccountTrustMigrations(&migrator)
        registerLifecycleMigrations(&migrator)
        registerJobDurabilityMigrations(&migrator)
        registerServerStateMigrations(&migrator)
        registerPublishingMigrations(&migrator)
        registerAPIKeyMigrations(&migrator)
        registerWebhookMigrations(&migrator)
        registerCRMPerformanceMigrations(&migrator)
        registerPublishedUnitMigrations(&migrator)
        registerGitHubRepositoryMigrations(&migrator)
        registerGitHubSyncMigrations(&migrator)
        registerTechnologyMigrations(&migrator)
        registerAdminMigrations(&migrator)
        registerBuildSealMigrations(&migrator)
        return migrator
    }
}
