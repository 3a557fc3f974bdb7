import GRDB

extension AppDatabase {
    /// What keeps the CRM's answers fast as it grows (issue #15):
    /// - `contacts_owner_name_id`: the contact list's default order (name without ASCII case, then id) read straight
    ///   from an index, a page at a time, with no sort of the owner's contacts;
    /// - `contact_counts`: each owner's number of contacts, kept by triggers on every insert, delete and change of
    ///   owner, so the unfiltered list's total is one row read, not a count of every contact;
    /// - `quick_connect_arrivals`: Quick Connect visitors not yet in a notification mail (the mail job of their code
    ///   lists them and deletes the rows); `quick_connect_codes.page_due_at`: when the code's page may next be
    ///   re-rendered (submissions in between share one regeneration);
    /// - `jobs_waiting`: finds a job of the same kind and payload not yet done, so a waiting job is not queued twice.
    static func registerCRMPerformanceMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v12-crm-performance") { db in
            try db.execute(sql: """
                CREATE INDEX contacts_owner_name_id ON contacts(user_id, name COLLATE NOCASE, id);
                CREATE TABLE contact_counts (
                  user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
                  contacts INTEGER NOT NULL
                ) WITHOUT ROWID;
                INSERT INTO contact_counts (user_id, contacts) SELECT user_id, count(*) FROM contacts GROUP BY user_id;
                CREATE TRIGGER contacts_count_insert AFTER INSERT ON contacts BEGIN
                  INSERT INTO contact_counts (user_id, contacts) VALUES (new.user_id, 1)
                    ON CONFLICT (user_id) DO UPDATE SET contacts = contacts + 1;
                END;
                CREATE TRIGGER contacts_count_delete AFTER DELETE ON contacts BEGIN
                  UPDATE contact_counts SET contacts = contacts - 1 WHERE user_id = old.user_id;
                END;
                CREATE TRIGGER contacts_count_owner AFTER UPDATE OF user_id ON contacts WHEN new.user_id IS NOT old.user_id BEGIN
                  UPDATE contact_counts SET contacts = contacts - 1 WHERE user_id = old.user_id;
                  INSERT INTO contact_counts (user_id, contacts) VALUES (new.user_id, 1)
                    ON CONFLICT (user_id) DO UPDATE SET contacts = contacts + 1;
                END;
                CREATE TABLE quick_connect_arrivals (
                  id INTEGER PRIMARY KEY,
                  code_id TEXT NOT NULL REFERENCES quick_connect_codes(id) ON DELETE CASCADE,
                  contact_id TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
                  name TEXT NOT NULL,
                  created_at INTEGER NOT NULL
                );
                CREATE INDEX quick_connect_arrivals_code ON quick_connect_arrivals(code_id, id);
                CREATE INDEX quick_connect_arrivals_contact ON quick_connect_arrivals(contact_id);
                ALTER TABLE quick_connect_codes ADD COLUMN page_due_at INTEGER;
                CREATE INDEX jobs_waiting ON jobs(kind, payload) WHERE done_at IS NULL;
                """)
        }
    }
}
