import GRDB

extension AppDatabase {
    /// The public content's version — bumped by triggers on every change to `public_profiles` (a row added, changed
    /// or removed), the one table the generator's profile pages and lists are rendered from — and, per output
    /// directory, the seal of its last complete full build (see ``BuildSeal``): while the version, the templates and
    /// the settings are those the seal names, a full build has nothing to render and confirms nothing file by file.
    static func registerBuildSealMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v19-build-seal") { db in
            try db.execute(sql: """
                CREATE TABLE public_content_state (
                  id INTEGER PRIMARY KEY CHECK (id = 1),
                  version INTEGER NOT NULL
                );
                INSERT INTO public_content_state (id, version) VALUES (1, 1);
                CREATE TRIGGER public_content_insert AFTER INSERT ON public_profiles
                BEGIN UPDATE public_content_state SET version = version + 1; END;
                CREATE TRIGGER public_content_update AFTER UPDATE ON public_profiles
                BEGIN UPDATE public_content_state SET version = version + 1; END;
                CREATE TRIGGER public_content_delete AFTER DELETE ON public_profiles
                BEGIN UPDATE public_content_state SET version = version + 1; END;

                ALTER TABLE build_outputs ADD COLUMN seal_state TEXT;
                ALTER TABLE build_outputs ADD COLUMN seal_token TEXT;
                ALTER TABLE build_outputs ADD COLUMN seal_files INTEGER;
                """)
        }
    }
}
