import DevhubCore
import Foundation
import GRDB

/// What a publish needs to know without reading every file of a large site: per target, the build units (manifest
/// entries) the zone holds in full, each with the exact `files` text of the manifest row it was published from. A
/// unit whose manifest row still has that text needs no look at all; SQLite finds the others by comparing the two
/// tables, so a publish with nothing to do costs two index scans, whatever the number of profiles.
///
/// Invariant the fast path relies on: every path listed by a target's `published_units` rows is in its
/// `published_files` (a row is written only after every file of the unit was confirmed). Paths the zone holds beyond
/// those (a publish killed between an upload and the unit's row) show as more `published_files` rows than listed
/// paths, and then the publish compares every file instead (``PublishedUnitsState/isConsistent``).
extension AppDatabase {
    /// `published_units` (target, manifest key → the manifest's `files` text the zone holds in full).
    static func registerPublishedUnitMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v14-published-units") { db in
            try db.execute(sql: """
                CREATE TABLE published_units (
                  target TEXT NOT NULL,
                  key TEXT NOT NULL,
                  files TEXT NOT NULL,
                  PRIMARY KEY (target, key)
                ) WITHOUT ROWID;
                """)
        }
    }

    /// The units of the last build of `outputDirectory` that differ from what `target` holds in full, with the counts
    /// that tell whether that comparison can be trusted. Nil when no build of that folder is recorded.
    public func publishedUnitsState(target: String, outputDirectory: String) throws -> PublishedUnitsState? {
        try writer.read { db in
            guard let outputID = try Self.buildOutputID(db, outputDirectory) else { return nil }
            // Lines of a `files` text: one per file (the text never ends with a newline).
            let lines = "(CASE WHEN files = '' THEN 0 ELSE length(files) - length(replace(files, char(10), '')) + 1 END)"
            let manifestFiles = try Int.fetchOne(db, sql: "SELECT coalesce(sum(\(lines)), 0) FROM build_manifest WHERE output_id = ?", arguments: [outputID]) ?? 0
            let listedFiles = try Int.fetchOne(db, sql: "SELECT coalesce(sum(\(lines)), 0) FROM published_units WHERE target = ?", arguments: [target]) ?? 0
            let publishedFiles = try Int.fetchOne(db, sql: "SELECT count(*) FROM published_files WHERE target = ?", arguments: [target]) ?? 0
            var changed: [PublishedUnitsState.Unit] = []
            let rows = try Row.fetchCursor(db, sql: """
                SELECT m.key, m.files, p.files FROM build_manifest m
                LEFT JOIN published_units p ON p.target = ? AND p.key = m.key
                WHERE m.output_id = ? AND (p.files IS NULL OR p.files != m.files)
                ORDER BY m.key
                """, arguments: [target, outputID])
            while let row = try rows.next() {
                let old: String? = row[2]
                changed.append(.init(key: row[0], filesText: row[1], files: SQLiteBuildManifest.decodeFiles(row[1]),
                                     publishedFiles: old.map(SQLiteBuildManifest.decodeFiles) ?? []))
            }
            var gone: [PublishedUnitsState.Unit] = []
            let goneRows = try Row.fetchCursor(db, sql: """
                SELECT p.key, p.files FROM published_units p
                WHERE p.target = ? AND NOT EXISTS (SELECT 1 FROM build_manifest m WHERE m.output_id = ? AND m.key = p.key)
                ORDER BY p.key
                """, arguments: [target, outputID])
            while let row = try goneRows.next() {
                gone.append(.init(key: row[0], filesText: "", files: [], publishedFiles: SQLiteBuildManifest.decodeFiles(row[1])))
            }
            return PublishedUnitsState(
                outputID: outputID, manifestFiles: manifestFiles, listedFiles: listedFiles, publishedFiles: publishedFiles,
                changed: changed, gone: gone)
        }
    }

    /// The manifest id of `outputDirectory` when a build of it is recorded.
    public func buildOutputID(outputDirectory: String) throws -> Int64? {
        try writer.read { db in try Self.buildOutputID(db, outputDirectory) }
    }

    private static func buildOutputID(_ db: Database, _ outputDirectory: String) throws -> Int64? {
        let path = URL(fileURLWithPath: outputDirectory).standardizedFileURL.path
        guard let outputID = try Int64.fetchOne(db, sql: "SELECT id FROM build_outputs WHERE out_dir = ?", arguments: [path]),
              try Bool.fetchOne(db, sql: "SELECT 1 FROM build_manifest WHERE output_id = ? LIMIT 1", arguments: [outputID]) == true
        else { return nil }
        return outputID
    }

    /// The SHA-256 `target` holds for each of `paths` (absent: not held).
    public func publishedHashes(target: String, paths: [String]) throws -> [String: String] {
        try writer.read { db in
            var hashes: [String: String] = [:]
            let statement = try db.cachedStatement(sql: "SELECT sha256 FROM published_files WHERE target = ? AND path = ?")
            for path in paths {
                if let hash = try String.fetchOne(statement, arguments: [target, path]) { hashes[path] = hash }
            }
            return hashes
        }
    }

    /// Records that `target` holds `units` in full (their manifest texts) and no longer holds `goneKeys`.
    public func recordPublishedUnits(target: String, units: [(key: String, filesText: String)], goneKeys: [String]) throws {
        try writer.write { db in
            let upsert = try db.cachedStatement(sql: """
                INSERT INTO published_units (target, key, files) VALUES (?, ?, ?)
                ON CONFLICT(target, key) DO UPDATE SET files = excluded.files
                """)
            for unit in units { try upsert.execute(arguments: [target, unit.key, unit.filesText]) }
            let delete = try db.cachedStatement(sql: "DELETE FROM published_units WHERE target = ? AND key = ?")
            for key in goneKeys { try delete.execute(arguments: [target, key]) }
        }
    }

    /// Records that `target` holds every unit of the last build of output `outputID` in full (after a publish that
    /// compared every file and had no failure).
    public func recordAllPublishedUnits(target: String, outputID: Int64) throws {
        try writer.write { db in
            try db.execute(sql: "DELETE FROM published_units WHERE target = ?", arguments: [target])
            try db.execute(sql: "INSERT INTO published_units (target, key, files) SELECT ?, key, files FROM build_manifest WHERE output_id = ?",
                           arguments: [target, outputID])
        }
    }

    /// Forgets which units `target` holds (`--verify` rebuilds the state from the zone).
    public func forgetPublishedUnits(target: String) throws {
        try writer.write { db in try db.execute(sql: "DELETE FROM published_units WHERE target = ?", arguments: [target]) }
    }
}

/// The build units a publish must look at, as ``AppDatabase/publishedUnitsState(target:outputDirectory:)`` found them.
public struct PublishedUnitsState: Sendable {
    /// One unit: its manifest key, its current files (and their text) and the files the zone held for it in full.
    public struct Unit: Sendable {
        public var key: String
        /// The manifest's `files` text (empty for a unit no longer built).
        public var filesText: String
        public var files: [ManifestFile]
        /// What the zone held of the unit when it last held it in full (empty: never).
        public var publishedFiles: [ManifestFile]
    }

    /// The manifest's folder (its `build_outputs` id).
    public var outputID: Int64
    /// Files of the last build, in all.
    public var manifestFiles: Int
    /// Files listed by the target's `published_units` rows.
    public var listedFiles: Int
    /// Rows of the target's `published_files`.
    public var publishedFiles: Int
    /// Units built with other files than the zone holds in full, in key order.
    public var changed: [Unit]
    /// Units the zone holds that the build no longer makes.
    public var gone: [Unit]

    /// Whether the zone holds exactly the files the units list, so the changed and gone units are all there is to do.
    public var isConsistent: Bool { listedFiles == publishedFiles }
}
