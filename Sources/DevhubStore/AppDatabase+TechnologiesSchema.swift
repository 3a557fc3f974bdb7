import GRDB

extension AppDatabase {
    /// `github_technologies`: the technologies each stored repository names (its primary language and its topics,
    /// lower-cased with SQLite's `lower()`, as ``TechnologyName/key(_:)`` does), kept by triggers on
    /// `github_repositories` whoever writes it, so `?tech=` finds contacts through an index instead of reading every
    /// repository (issue #15 watches the contact list's p99). Topics are stored newline-joined; the triggers split
    /// them through `json_each` over the topics escaped into a JSON array (should that ever fail to be valid JSON,
    /// the repository's topics are left out of the index rather than the write failing).
    static func registerTechnologyMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v18-technologies") { db in
            // The topics as a JSON array: backslash and quote escaped, tab and carriage return as `\t` and `\r`, the
            // newline splitting the strings. GitHub's topics are `[a-z0-9-]`; a repository whose topics hold another
            // control character (not valid in JSON) has its topics left out of the index, and the write still succeeds.
            // (Escaping every control character would nest `replace()` past SQLite's parser stack.)
            let escaped = #"replace(replace(replace(replace(NEW.topics, '\', '\\'), '"', '\"'), char(9), '\t'), char(13), '\r')"#
            let topics = #"'["' || replace("# + escaped + #", char(10), '","') || '"]'"#
            let index = """
                DELETE FROM github_technologies WHERE contact_id = NEW.contact_id AND full_name = NEW.full_name;
                INSERT OR IGNORE INTO github_technologies (user_id, contact_id, full_name, technology, name)
                  SELECT NEW.user_id, NEW.contact_id, NEW.full_name, lower(trim(NEW.language)), trim(NEW.language)
                  WHERE trim(coalesce(NEW.language, '')) <> '';
                INSERT OR IGNORE INTO github_technologies (user_id, contact_id, full_name, technology, name)
                  SELECT NEW.user_id, NEW.contact_id, NEW.full_name, lower(trim(value)), trim(value)
                  FROM json_each(CASE WHEN json_valid(\(topics)) THEN \(topics) ELSE '[]' END)
                  WHERE trim(value) <> '';
                """
            try db.execute(sql: """
                CREATE TABLE github_technologies (
                  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                  contact_id TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
                  full_name TEXT NOT NULL,
                  technology TEXT NOT NULL,
                  name TEXT NOT NULL,
                  PRIMARY KEY (contact_id, full_name, technology)
                ) WITHOUT ROWID;
                CREATE INDEX github_technologies_lookup ON github_technologies(user_id, technology, contact_id);
                CREATE TRIGGER github_repositories_technologies_insert AFTER INSERT ON github_repositories BEGIN
                \(index)
                END;
                CREATE TRIGGER github_repositories_technologies_update AFTER UPDATE ON github_repositories BEGIN
                  DELETE FROM github_technologies WHERE contact_id = OLD.contact_id AND full_name = OLD.full_name;
                \(index)
                END;
                CREATE TRIGGER github_repositories_technologies_delete AFTER DELETE ON github_repositories BEGIN
                  DELETE FROM github_technologies WHERE contact_id = OLD.contact_id AND full_name = OLD.full_name;
                END;
                """)
            // Repositories stored before this migration: index them by rewriting each row once (the update trigger).
            try db.execute(sql: "UPDATE github_repositories SET topics = topics")
        }
    }
}
