import DevhubCore
import Foundation
import GRDB

/// The application's database: one SQLite file in WAL mode, migrated on open.
/// Writes are named after what they do (`importProfiles(_:)`), as in GRDB's demo apps.
public final class AppDatabase: Sendable {
    /// The underlying GRDB writer (a pool for files, a queue in memory).
    public let writer: any DatabaseWriter
    /// The clock used for `created_at` / `updated_at`, in milliseconds since 1970.
    let now: @Sendable () -> Int64

    /// Opens (creating if needed) the database at `path` and runs pending migrations.
    public init(path: String, now: @escaping @Sendable () -> Int64 = AppDatabase.systemMilliseconds) throws {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            // WAL + NORMAL: a crash may lose the last commits but never corrupts the file;
            // see README "Durability".
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // Deleted content (a sent email's body with its link) is overwritten with zeros, not left in free space.
            try db.execute(sql: "PRAGMA secure_delete = ON")
        }
        do {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            writer = try DatabasePool(path: path, configuration: config)
            self.now = now
            try Self.migrator.migrate(writer)
        } catch let error as DatabaseError {
            throw StoreError("opening database \(path)", reason: error.message ?? "\(error)")
        } catch {
            throw StoreError("opening database \(path)", reason: "\(error)")
        }
    }

    /// The database's clock (fixed in tests), in milliseconds since 1970.
    public func currentTime() -> Int64 { now() }

    /// The current wall-clock time in milliseconds since 1970.
    public static let systemMilliseconds: @Sendable () -> Int64 = {
        Int64((Date().timeIntervalSince1970 * 1000).rounded())
    }
}
