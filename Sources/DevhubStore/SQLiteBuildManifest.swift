import DevhubCore
import Foundation
import GRDB

/// The generator's manifest for one output directory, kept in the application database.
public struct SQLiteBuildManifest: BuildManifest {
    private let writer: any DatabaseWriter
    private let outputID: Int64

    /// The manifest of `outputDirectory` (made absolute; each directory has its own).
    public init(database: AppDatabase, outputDirectory: String) throws {
        writer = database.writer
        let path = URL(fileURLWithPath: outputDirectory).standardizedFileURL.path
        outputID = try writer.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO build_outputs (out_dir) VALUES (?)", arguments: [path])
            return try Int64.fetchOne(db, sql: "SELECT id FROM build_outputs WHERE out_dir = ?", arguments: [path])!
        }
    }

    public func beginBuild() throws -> Int64 {
        try writer.write { db in
            try db.execute(sql: """
                UPDATE build_outputs SET last_build = last_build + 1, seal_state = NULL, seal_token = NULL, seal_files = NULL
                WHERE id = ?
                """, arguments: [outputID])
            return try Int64.fetchOne(db, sql: "SELECT last_build FROM build_outputs WHERE id = ?", arguments: [outputID])!
        }
    }

    public func seal() throws -> BuildSeal? {
        try writer.read { db in
            try Row.fetchOne(db, sql: """
                SELECT seal_state, seal_token, seal_files FROM build_outputs WHERE id = ? AND seal_state IS NOT NULL
                """, arguments: [outputID])
            .map { BuildSeal(state: $0[0], token: $0[1], files: $0[2]) }
        }
    }

    public func saveSeal(_ seal: BuildSeal) throws {
        try writer.write { db in
            try db.execute(
                sql: "UPDATE build_outputs SET seal_state = ?, seal_token = ?, seal_files = ? WHERE id = ?",
                arguments: [seal.state, seal.token, seal.files, outputID])
        }
    }

    public func entries(_ keys: [String]) throws -> [String: ManifestEntry] {
        guard !keys.isEmpty else { return [:] }
        return try writer.read { db in
            var result: [String: ManifestEntry] = [:]
            // SQLite's default limit on host parameters is 32766; stay well below it.
            for chunk in stride(from: 0, to: keys.count, by: 5_000) {
                let slice = Array(keys[chunk..<min(chunk + 5_000, keys.count)])
                let rows = try Row.fetchCursor(db, sql: """
                    SELECT key, input_hash, files FROM build_manifest
                    WHERE output_id = ? AND key IN (\(databaseQuestionMarks(count: slice.count)))
                    """, arguments: StatementArguments([outputID]) + StatementArguments(slice))
                while let row = try rows.next() {
                    let entry = Self.entry(row)
                    result[entry.key] = entry
                }
            }
            return result
        }
    }

    public func entries(prefix: String, after: String?, through: String?) throws -> [ManifestEntry] {
        try writer.read { db in
            // Keys compare as bytes, and keys are ASCII: every key with `prefix` sorts after `prefix` and before
            // `prefix` + U+FFFF.
            let rows = try Row.fetchCursor(db, sql: """
                SELECT key, input_hash, files FROM build_manifest WHERE output_id = ? AND key > ? AND key <= ? ORDER BY key
                """, arguments: [outputID, prefix + (after ?? ""), prefix + (through ?? "\u{FFFF}")])
            var result: [ManifestEntry] = []
            while let row = try rows.next() {
                result.append(Self.entry(row))
            }
            return result
        }
    }

    public func save(_ entries: [ManifestEntry], build: Int64) throws {
        guard !entries.isEmpty else { return }
        try writer.write { db in
            let statement = try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO build_manifest (output_id, key, input_hash, files, build) VALUES (?, ?, ?, ?, ?)
                """)
            for entry in entries {
                try statement.execute(arguments: [outputID, entry.key, entry.inputHash, Self.encodeFiles(entry.files), build])
            }
        }
    }

    public func touch(_ keys: [String], build: Int64) throws {
        guard !keys.isEmpty else { return }
        try writer.write { db in
            let statement = try db.cachedStatement(sql: "UPDATE build_manifest SET build = ? WHERE output_id = ? AND key = ?")
            for key in keys { try statement.execute(arguments: [build, outputID, key]) }
        }
    }

    public func touch(keysWithPrefix prefix: String, build: Int64) throws {
        try writer.write { db in
            try db.execute(
                sql: "UPDATE build_manifest SET build = ? WHERE output_id = ? AND key >= ? AND key < ?",
                arguments: [build, outputID, prefix, prefix + "\u{FFFF}"])
        }
    }

    public func entries(notProducedSince build: Int64, exceptPrefix: String) throws -> [ManifestEntry] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT key, input_hash, files FROM build_manifest WHERE output_id = ?1 AND key < ?2 AND build < ?4
                UNION ALL
                SELECT key, input_hash, files FROM build_manifest WHERE output_id = ?1 AND key > ?3 AND build < ?4
                ORDER BY key
                """, arguments: [outputID, exceptPrefix, exceptPrefix + "\u{FFFF}", build])
            .map(Self.entry)
        }
    }

    public func remove(_ keys: [String]) throws {
        guard !keys.isEmpty else { return }
        try writer.write { db in
            let statement = try db.cachedStatement(sql: "DELETE FROM build_manifest WHERE output_id = ? AND key = ?")
            for key in keys { try statement.execute(arguments: [outputID, key]) }
        }
    }

    public func listLayout() throws -> ListLayout? {
        try writer.read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT layout_version, layout_hash, layout_directory_count, layout_sitemap_count FROM build_outputs
                WHERE id = ? AND layout_version IS NOT NULL
                """, arguments: [outputID])
            else { return nil }
            return ListLayout(version: row[0], inputHash: row[1], directoryCount: row[2], sitemapCount: row[3])
        }
    }

    public func saveListLayout(_ layout: ListLayout) throws {
        try writer.write { db in
            try db.execute(sql: "DELETE FROM build_list_pages WHERE output_id = ?", arguments: [outputID])
            let insert = try db.cachedStatement(sql: "INSERT INTO build_list_pages (output_id, list, after, number) VALUES (?, ?, ?, ?)")
            for start in layout.starts {
                try insert.execute(arguments: [outputID, start.list.rawValue, start.after, start.number])
            }
            try db.execute(sql: """
                UPDATE build_outputs SET layout_version = ?, layout_hash = ?, layout_directory_count = ?, layout_sitemap_count = ?
                WHERE id = ?
                """, arguments: [layout.version, layout.inputHash, layout.directoryCount, layout.sitemapCount, outputID])
        }
    }

    public func listPage(_ list: ListingScope, holding username: Username) throws -> ListPageStart? {
        try writer.read { db in
            try Row.fetchOne(db, sql: """
                SELECT after, number FROM build_list_pages WHERE output_id = ? AND list = ? AND after < ?
                ORDER BY after DESC LIMIT 1
                """, arguments: [outputID, list.rawValue, username.value])
            .map { ListPageStart(list: list, number: $0[1], after: $0[0]) }
        }
    }

    /// The entry in a `key, input_hash, files` row.
    private static func entry(_ row: Row) -> ManifestEntry {
        ManifestEntry(key: row[0], inputHash: row[1], files: decodeFiles(row[2]))
    }

    /// Files as `path<TAB>hash<TAB>size` lines (paths never contain tabs or newlines: they are built from usernames and domains).
    private static func encodeFiles(_ files: [ManifestFile]) -> String {
        files.map { "\($0.path)\t\($0.hash)\t\($0.size)" }.joined(separator: "\n")
    }

    /// Parses the lines on bytes: this runs for every unit of every build, and splitting the text by
    /// Character was a third of a no-op rebuild.
    static func decodeFiles(_ text: String) -> [ManifestFile] {
        var files: [ManifestFile] = []
        let bytes = Array(text.utf8)
        var start = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            let line = bytes[start..<end]
            if let firstTab = line.firstIndex(of: 0x09), let secondTab = line[(firstTab + 1)...].firstIndex(of: 0x09) {
                var size = 0
                for digit in line[(secondTab + 1)...] where digit >= 0x30 && digit <= 0x39 { size = size * 10 + Int(digit - 0x30) }
                files.append(ManifestFile(
                    path: String(decoding: line[..<firstTab], as: UTF8.self),
                    hash: String(decoding: line[(firstTab + 1)..<secondTab], as: UTF8.self), size: size))
            }
            start = end + 1
        }
        return files
    }
}
