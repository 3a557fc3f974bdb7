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
            try db.execute(sql: "UPDATE build_outputs SET last_build = last_build + 1 WHERE id = ?", arguments: [outputID])
            return try Int64.fetchOne(db, sql: "SELECT last_build FROM build_outputs WHERE id = ?", arguments: [outputID])!
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
                    let entry = ManifestEntry(key: row[0], inputHash: row[1], files: Self.decodeFiles(row[2]))
                    result[entry.key] = entry
                }
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

    public func entries(notProducedSince build: Int64) throws -> [ManifestEntry] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT key, input_hash, files FROM build_manifest WHERE output_id = ? AND build < ? ORDER BY key
                """, arguments: [outputID, build])
            .map { ManifestEntry(key: $0[0], inputHash: $0[1], files: Self.decodeFiles($0[2])) }
        }
    }

    public func remove(_ keys: [String]) throws {
        guard !keys.isEmpty else { return }
        try writer.write { db in
            let statement = try db.cachedStatement(sql: "DELETE FROM build_manifest WHERE output_id = ? AND key = ?")
            for key in keys { try statement.execute(arguments: [outputID, key]) }
        }
    }

    /// Files as `path<TAB>hash<TAB>size` lines (paths never contain tabs or newlines: they are built from usernames and domains).
    private static func encodeFiles(_ files: [ManifestFile]) -> String {
        files.map { "\($0.path)\t\($0.hash)\t\($0.size)" }.joined(separator: "\n")
    }

    /// Parses the lines on bytes: this runs for every unit of every build, and splitting the text by
    /// Character was a third of a no-op rebuild.
    private static func decodeFiles(_ text: String) -> [ManifestFile] {
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
