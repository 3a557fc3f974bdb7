import GRDB

extension AppDatabase {
    /// The developer API:
    /// - `api_keys`: the owner's keys, by the SHA-256 of the key (never the key), with the prefix shown in lists,
    ///   the scopes (space-separated `read` / `write`), and when each was created, last used, expires and was revoked.
    /// - `sync_changes`: one row per contact, interaction and tag of each owner — the latest change to it, numbered by
    ///   a sequence that only grows (`AUTOINCREMENT` never reuses a number), `deleted` = 1 for a tombstone. `GET
    ///   /api/sync` reads it past a client's cursor.
    ///
    /// The change log is written by triggers, not by the Swift code that writes the tables: every path (the API, the
    /// pages, imports, Quick Connect submissions, bulk actions, foreign-key cascades) then bumps it in the same
    /// transaction, including the ones written after this. A change deletes the record's row and inserts it again, so it
    /// gets the next number and the log stays one row per record. The delete triggers skip an owner who is
    /// gone (account erasure cascades), whose log rows go with the account.
    static func registerAPIKeyMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v10-api-keys") { db in
            try db.execute(sql: """
                CREATE TABLE api_keys (
                  id TEXT PRIMARY KEY,
                  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                  name TEXT NOT NULL,
                  prefix TEXT NOT NULL,
                  key_hash TEXT NOT NULL UNIQUE,
                  scopes TEXT NOT NULL,
                  created_at INTEGER NOT NULL,
                  last_used_at INTEGER,
                  expires_at INTEGER,
                  revoked_at INTEGER
                );
                CREATE INDEX api_keys_owner ON api_keys(user_id, created_at);
                CREATE TABLE sync_changes (
                  seq INTEGER PRIMARY KEY AUTOINCREMENT,
                  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                  type TEXT NOT NULL,
                  record_id TEXT NOT NULL,
                  deleted INTEGER NOT NULL DEFAULT 0,
                  UNIQUE (type, record_id)
                );
                CREATE INDEX sync_changes_owner ON sync_changes(user_id, seq);
                INSERT INTO sync_changes (user_id, type, record_id) SELECT user_id, 'tag', id FROM tags ORDER BY created_at, id;
                INSERT INTO sync_changes (user_id, type, record_id) SELECT user_id, 'contact', id FROM contacts ORDER BY seq;
                INSERT INTO sync_changes (user_id, type, record_id) SELECT user_id, 'interaction', id FROM interactions ORDER BY created_at, id;
                """)
            for (table, type) in [("contacts", "contact"), ("interactions", "interaction"), ("tags", "tag")] {
                try db.execute(sql: """
                    CREATE TRIGGER sync_\(table)_insert AFTER INSERT ON \(table) BEGIN
                      \(logChange(type, id: "NEW.id", select: "SELECT NEW.user_id, '\(type)', NEW.id, 0"))
                    END;
                    CREATE TRIGGER sync_\(table)_update AFTER UPDATE ON \(table) BEGIN
                      \(logChange(type, id: "NEW.id", select: "SELECT NEW.user_id, '\(type)', NEW.id, 0"))
                    END;
                    CREATE TRIGGER sync_\(table)_delete AFTER DELETE ON \(table) BEGIN
                      \(logChange(type, id: "OLD.id", select: "SELECT OLD.user_id, '\(type)', OLD.id, 1 WHERE EXISTS (SELECT 1 FROM users WHERE id = OLD.user_id)"))
                    END;
                    """)
            }
            // A contact's tags, background and name show in other records: a tag's count, a contact's `tags`, an
            // interaction's `contact_name`. Only records that still exist, of owners that still exist, are bumped (a
            // cascade must neither revive a deleted record nor log one for an account being erased).
            let contact = { (id: String) in
                logChange("contact", id: id, select: "SELECT c.user_id, 'contact', c.id, 0 FROM contacts c JOIN users u ON u.id = c.user_id WHERE c.id = \(id)")
            }
            let tag = { (id: String) in
                logChange("tag", id: id, select: "SELECT t.user_id, 'tag', t.id, 0 FROM tags t JOIN users u ON u.id = t.user_id WHERE t.id = \(id)")
            }
            try db.execute(sql: """
                CREATE TRIGGER sync_contact_tags_insert AFTER INSERT ON contact_tags BEGIN
                  \(contact("NEW.contact_id"))
                  \(tag("NEW.tag_id"))
                END;
                CREATE TRIGGER sync_contact_tags_delete AFTER DELETE ON contact_tags BEGIN
                  \(contact("OLD.contact_id"))
                  \(tag("OLD.tag_id"))
                END;
                CREATE TRIGGER sync_contact_backgrounds_insert AFTER INSERT ON contact_backgrounds BEGIN
                  \(contact("NEW.contact_id"))
                END;
                CREATE TRIGGER sync_contact_backgrounds_update AFTER UPDATE ON contact_backgrounds BEGIN
                  \(contact("NEW.contact_id"))
                END;
                CREATE TRIGGER sync_contact_backgrounds_delete AFTER DELETE ON contact_backgrounds BEGIN
                  \(contact("OLD.contact_id"))
                END;
                CREATE TRIGGER sync_contacts_renamed AFTER UPDATE OF name ON contacts WHEN NEW.name IS NOT OLD.name BEGIN
                  DELETE FROM sync_changes WHERE type = 'interaction' AND record_id IN (SELECT id FROM interactions WHERE contact_id = NEW.id);
                  INSERT INTO sync_changes (user_id, type, record_id, deleted)
                  SELECT user_id, 'interaction', id, 0 FROM interactions WHERE contact_id = NEW.id ORDER BY date, created_at, id;
                END;
                """)
        }
    }

    /// The two statements of a trigger that moves record `id` of `type` to the end of the log: its old row goes, and
    /// `select` (user_id, type, record_id, deleted — or no row, when nothing is to be logged) is inserted with the next
    /// number. Not `INSERT OR REPLACE`: an outer `INSERT OR IGNORE` (tagging does one) would turn it into an ignore and
    /// the record would keep its old number. The old row is removed only when a new one is written (a tombstone stays
    /// when a cascade bumps a record that is gone).
    private static func logChange(_ type: String, id: String, select: String) -> String {
        """
        DELETE FROM sync_changes WHERE type = '\(type)' AND record_id = \(id) AND EXISTS (\(select));
        INSERT INTO sync_changes (user_id, type, record_id, deleted) \(select);
        """
    }
}
