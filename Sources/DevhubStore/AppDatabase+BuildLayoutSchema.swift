import GRDB

extension AppDatabase {
    /// The public set's version (bumped by triggers whenever a profile joins or leaves the public set, or changes
    /// its username or custom domain) and, per output directory, where the last full build's list pages begin.
    /// Together they let a targeted build find a profile's directory page and sitemap shard without counting.
    /// The two list indexes now cover every listing column, so a page of the directory or a sitemap shard is read
    /// from the index alone instead of one table page (with the whole bio) per profile.
    static func registerBuildLayoutMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5-build-layout") { db in
            try db.execute(sql: """
                CREATE TABLE public_set_state (
                  id INTEGER PRIMARY KEY CHECK (id = 1),
                  version INTEGER NOT NULL
                );
                INSERT INTO public_set_state (id, version) VALUES (1, 1);
                CREATE TRIGGER public_set_insert AFTER INSERT ON public_profiles WHEN NEW.is_public = 1
                BEGIN UPDATE public_set_state SET version = version + 1; END;
                CREATE TRIGGER public_set_delete AFTER DELETE ON public_profiles WHEN OLD.is_public = 1
                BEGIN UPDATE public_set_state SET version = version + 1; END;
                CREATE TRIGGER public_set_update AFTER UPDATE OF is_public, username, custom_domain ON public_profiles
                WHEN OLD.is_public IS NOT NEW.is_public
                  OR ((OLD.is_public = 1 OR NEW.is_public = 1)
                      AND (OLD.username IS NOT NEW.username COLLATE BINARY
                           OR OLD.custom_domain IS NOT NEW.custom_domain COLLATE BINARY))
                BEGIN UPDATE public_set_state SET version = version + 1; END;

                ALTER TABLE build_outputs ADD COLUMN layout_version INTEGER;
                ALTER TABLE build_outputs ADD COLUMN layout_hash TEXT;
                ALTER TABLE build_outputs ADD COLUMN layout_directory_count INTEGER;
                ALTER TABLE build_outputs ADD COLUMN layout_sitemap_count INTEGER;
                CREATE TABLE build_list_pages (
                  output_id INTEGER NOT NULL REFERENCES build_outputs(id) ON DELETE CASCADE,
                  list TEXT NOT NULL,
                  after TEXT NOT NULL,
                  number INTEGER NOT NULL,
                  PRIMARY KEY (output_id, list, after)
                ) WITHOUT ROWID;

                DROP INDEX public_profiles_directory;
                DROP INDEX public_profiles_sitemap;
                CREATE INDEX public_profiles_directory
                  ON public_profiles(username, display_name, headline, custom_domain, updated_at, content_hash) WHERE is_public = 1;
                CREATE INDEX public_profiles_sitemap
                  ON public_profiles(username, display_name, headline, custom_domain, updated_at, content_hash)
                  WHERE is_public = 1 AND custom_domain IS NULL;
                """)
        }
    }
}
