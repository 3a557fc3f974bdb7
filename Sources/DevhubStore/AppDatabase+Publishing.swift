import Foundation
import GRDB

/// What a storage zone holds, as far as `devhub publish` knows: per target (endpoint and zone) the SHA-256 of every
/// path the zone confirmed, and the CDN URLs still to purge. A row is written only after the zone answered, so a
/// publish killed at any point leaves a state the next publish converges from.
extension AppDatabase {
    /// `published_files` (target, path → upper-case hex SHA-256) and `publish_purges` (target, URL still to purge).
    static func registerPublishingMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v9-published-files") { db in
            try db.execute(sql: """
                CREATE TABLE published_files (
                  target TEXT NOT NULL,
                  path TEXT NOT NULL,
                  sha256 TEXT NOT NULL,
                  PRIMARY KEY (target, path)
                ) WITHOUT ROWID;
                CREATE TABLE publish_purges (
                  target TEXT NOT NULL,
                  url TEXT NOT NULL,
                  PRIMARY KEY (target, url)
                ) WITHOUT ROWID;
                """)
        }
    }

    /// Every path `target` holds, with the SHA-256 the zone confirmed.
    public func publishedFiles(target: String) throws -> [String: String] {
        try writer.read { db in
            var files: [String: String] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT path, sha256 FROM published_files WHERE target = ?", arguments: [target])
            while let row = try rows.next() { files[row[0]] = row[1] }
            return files
        }
    }

    /// Records that `target` now holds `path` with `sha256` (nil: the zone deleted it), and queues `purgeURLs`.
    public func recordPublished(target: String, path: String, sha256: String?, purgeURLs: [String]) throws {
        try writer.write { db in
            if let sha256 {
                try db.execute(
                    sql: "INSERT INTO published_files (target, path, sha256) VALUES (?, ?, ?) ON CONFLICT(target, path) DO UPDATE SET sha256 = excluded.sha256",
                    arguments: [target, path, sha256])
            } else {
                try db.execute(sql: "DELETE FROM published_files WHERE target = ? AND path = ?", arguments: [target, path])
            }
            for url in purgeURLs {
                try db.execute(sql: "INSERT OR IGNORE INTO publish_purges (target, url) VALUES (?, ?)", arguments: [target, url])
            }
        }
    }

    /// Replaces the whole state of `target` with `files` (what a listing of the zone showed).
    public func replacePublishedFiles(target: String, with files: [String: String]) throws {
        try writer.write { db in
            try db.execute(sql: "DELETE FROM published_files WHERE target = ?", arguments: [target])
            for (path, sha256) in files {
                try db.execute(sql: "INSERT INTO published_files (target, path, sha256) VALUES (?, ?, ?)", arguments: [target, path, sha256])
            }
        }
    }

    /// The URLs still to purge for `target`, sorted.
    public func pendingPurges(target: String) throws -> [String] {
        try writer.read { db in
            try String.fetchAll(db, sql: "SELECT url FROM publish_purges WHERE target = ? ORDER BY url", arguments: [target])
        }
    }

    /// Forgets purged URLs (after the whole pull zone was purged).
    public func purgesDone(target: String, urls: [String]) throws {
        try writer.write { db in
            for url in urls {
                try db.execute(sql: "DELETE FROM publish_purges WHERE target = ? AND url = ?", arguments: [target, url])
            }
        }
    }

    /// Every Quick Connect code's token under `key` → the code's id, to name a zone's or folder's `connect/TOKEN/…`
    /// files by id (the tokens are derived here and never stored).
    public func quickConnectTokenIDs(key: ServerSecretKey) throws -> [String: String] {
        let ids = try writer.read { db in try String.fetchAll(db, sql: "SELECT id FROM quick_connect_codes") }
        return Dictionary(ids.map { (key.quickConnectToken(codeID: $0), $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Forgets a purged URL.
    public func purgeDone(target: String, url: String) throws {
        try writer.write { db in
            try db.execute(sql: "DELETE FROM publish_purges WHERE target = ? AND url = ?", arguments: [target, url])
        }
    }
}

extension AppDatabase {
    /// Queues a `publish` job unless one is already waiting (not yet claimed): a burst of builds makes one publish.
    /// A publish that is running does not count, since it may have read the output folder before the last build.
    public func enqueuePublish() throws {
        let now = now()
        try writer.write { db in
            let waiting = try Bool.fetchOne(db, sql: """
                SELECT 1 FROM jobs WHERE kind = ? AND done_at IS NULL AND state = 'pending' AND (lease_until IS NULL OR lease_until <= ?)
                """, arguments: [Job.Kind.publish.rawValue, now]) ?? false
            if !waiting { try Self.enqueue(db, .publish, runAt: now, now: now) }
        }
    }
}
