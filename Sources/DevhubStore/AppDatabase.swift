import DevhubCore
import Foundation
import GRDB

/// The application's database: one SQLite file in WAL mode (or, in tests, any GRDB writer), migrated on open.
/// Writes are named after what they do (`importProfiles(_:)`), as in GRDB's demo apps.
public final class AppDatabase: Sendable {
    /// The underlying GRDB writer (a pool for files, a queue in memory).
    public let writer: any DatabaseWriter
    /// The clock used for `created_at` / `updated_at`, in milliseconds since 1970.
    let now: @Sendable () -> Int64

    /// Opens (creating if needed) the database at `path` and runs pending migrations.
    public convenience init(path: String, now: @escaping @Sendable () -> Int64 = AppDatabase.systemMilliseconds) throws {
        var config = Self.configuration()
        config.prepareDatabase { db in
            // WAL + NORMAL: a crash may lose the last commits but never corrupts the file;
            // see README "Durability".
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // Deleted content (a sent email's body with its link) is overwritten with zeros, not left in free space.
            try db.execute(sql: "PRAGMA secure_delete = ON")
            // Statement journals (one per statement of a multi-statement write: an import's inserts, a Quick Connect
            // submission's steps) and other temporary data stay in memory: on disk they cost SQLite a pair of
            // `pwrite`s per page touched (500,000 for an import of 10,000 contacts).
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
        }
        do {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try self.init(migrating: try DatabasePool(path: path, configuration: config), now: now)
        } catch let error as DatabaseError {
            throw StoreError("opening database \(path)", reason: error.message ?? "\(error)")
        } catch {
            throw StoreError("opening database \(path)", reason: "\(error)")
        }
    }

    /// Opens over any GRDB writer (an in-memory ``DatabaseQueue`` in tests) and runs pending migrations.
    /// The caller builds the writer with ``configuration()`` (or at least `foreignKeysEnabled`), as GRDB's demo app does.
    public convenience init(writer: any DatabaseWriter, now: @escaping @Sendable () -> Int64 = AppDatabase.systemMilliseconds) throws {
        do {
            try self.init(migrating: writer, now: now)
        } catch let error as DatabaseError {
            throw StoreError("opening database \(writer.path)", reason: error.message ?? "\(error)")
        }
    }

    /// A fresh, empty, migrated database in memory, configured like the file one (foreign keys, busy timeout)
    /// minus the pragmas that only matter on disk.
    public static func inMemory(now: @escaping @Sendable () -> Int64 = AppDatabase.systemMilliseconds) throws -> AppDatabase {
        try AppDatabase(writer: try DatabaseQueue(configuration: configuration()), now: now)
    }

    /// The configuration every writer of the application database shares: foreign keys on, a 10 s busy timeout.
    public static func configuration() -> Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(10)
        return config
    }

    private init(migrating writer: any DatabaseWriter, now: @escaping @Sendable () -> Int64) throws {
        self.writer = writer
        self.now = now
        try Self.migrator.migrate(writer)
    }

    /// The database's clock (fixed in tests), in milliseconds since 1970.
    public func currentTime() -> Int64 { now() }

    /// The current wall-clock time in milliseconds since 1970.
    public static let systemMilliseconds: @Sendable () -> Int64 = {
        Int64((Date().timeIntervalSince1970 * 1000).rounded())
    }
}
