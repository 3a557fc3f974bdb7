import GRDB

extension AppDatabase {
    /// The private CRM: contacts (with VIP background and follow-up settings), interactions, custom interaction
    /// types, tags, full-text search over contacts, digest reports, and the owner's time zone and digest hour.
    static func registerCRMMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3-crm") { db in
            try db.execute(sql: """
                ALTER TABLE users ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC';
                ALTER TABLE users ADD COLUMN digest_hour INTEGER NOT NULL DEFAULT 8;
                ALTER TABLE users ADD COLUMN digest_enabled INTEGER NOT NULL DEFAULT 1;
                CREATE TABLE contacts (
                  seq INTEGER PRIMARY KEY,
                  id TEXT NOT NULL UNIQUE,
                  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                  name TEXT NOT NULL,
                  relationship TEXT,
                  company TEXT,
                  industry TEXT,
                  location TEXT,
                  birthday TEXT,
                  email TEXT COLLATE NOCASE,
                  phone TEXT,
                  phone_digits TEXT,
                  github TEXT COLLATE NOCASE,
                  website TEXT,
                  main_app TEXT,
                  notes TEXT,
                  links TEXT NOT NULL DEFAULT '[]',
                  vip INTEGER NOT NULL DEFAULT 0,
                  source TEXT NOT NULL,
                  cadence_days INTEGER,
                  importance INTEGER NOT NULL DEFAULT 2,
                  reminder_date TEXT,
                  last_contacted TEXT,
                  next_follow_up TEXT,
                  added_on TEXT NOT NULL,
                  created_at INTEGER NOT NULL,
                  updated_at INTEGER NOT NULL
                );
                CREATE INDEX contacts_owner_name ON contacts(user_id, name COLLATE NOCASE);
                CREATE INDEX contacts_owner_next ON contacts(user_id, next_follow_up);
                CREATE INDEX contacts_owner_email ON contacts(user_id, email);
                CREATE INDEX contacts_owner_phone ON contacts(user_id, phone_digits);
                CREATE TABLE contact_backgrounds (
                  contact_id TEXT PRIMARY KEY REFERENCES contacts(id) ON DELETE CASCADE,
                  family TEXT,
                  company TEXT,
                  likes TEXT,
                  dislikes TEXT,
                  notes TEXT,
                  created_at INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE interactions (
                  id TEXT PRIMARY KEY,
                  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                  contact_id TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
                  type TEXT NOT NULL,
                  date TEXT NOT NULL,
                  notes TEXT,
                  follow_up_date TEXT,
                  created_at INTEGER NOT NULL,
                  updated_at INTEGER NOT NULL
                );
                CREATE INDEX interactions_contact ON interactions(contact_id, date);
                CREATE INDEX interactions_owner ON interactions(user_id, date);
                CREATE TABLE interaction_types (
                  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                  name TEXT NOT NULL,
                  created_at INTEGER NOT NULL,
                  PRIMARY KEY (user_id, name)
                ) WITHOUT ROWID;
                CREATE TABLE tags (
                  id TEXT PRIMARY KEY,
                  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                  name TEXT NOT NULL COLLATE NOCASE,
                  created_at INTEGER NOT NULL,
                  UNIQUE (user_id, name)
                );
                CREATE TABLE contact_tags (
                  contact_id TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
                  tag_id TEXT NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
                  created_at INTEGER NOT NULL,
                  PRIMARY KEY (contact_id, tag_id)
                ) WITHOUT ROWID;
                CREATE INDEX contact_tags_tag ON contact_tags(tag_id);
                CREATE TABLE agent_reports (
                  id TEXT PRIMARY KEY,
                  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                  report_type TEXT NOT NULL,
                  report_date TEXT NOT NULL,
                  priorities TEXT NOT NULL,
                  insights TEXT NOT NULL,
                  created_at INTEGER NOT NULL,
                  mailed_at INTEGER,
                  UNIQUE (user_id, report_type, report_date)
                );
                CREATE VIRTUAL TABLE contacts_fts USING fts5(name, company, notes, tokenize = 'unicode61 remove_diacritics 2');
                CREATE TRIGGER contacts_fts_delete AFTER DELETE ON contacts BEGIN
                  DELETE FROM contacts_fts WHERE rowid = old.seq;
                END;
                """)
        }
    }
}
