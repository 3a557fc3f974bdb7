import Foundation
import GRDB

/// What `devhub restore` did.
public struct RestoreResult: Equatable, Sendable {
    /// Where the database that was replaced now lives (nil when there was none).
    public var previous: String?
}

extension AppDatabase {
    /// Replaces the database at `path` with the backup `file`, refusing while a server holds the database
    /// (``DatabaseLock``), when the backup fails `PRAGMA integrity_check`, is not a Devhub database, or was written by
    /// a newer Devhub (a migration this binary does not know). The backup itself is never modified: it is checked as
    /// a copy beside `path`, which then takes the database's place; the old database (with its WAL) is kept as
    /// `PATH.before-restore-STAMP`. Every error names the file it is about.
    public static func restore(backup file: String, to path: String, wallClock: Int64 = AppDatabase.systemMilliseconds()) throws -> RestoreResult {
        let lock: DatabaseLock
        do {
            lock = try DatabaseLock(databasePath: path, exclusive: true)
        } catch let error as StoreError {
            throw StoreError("restoring into \(path)", reason: error.reason)
        }
        defer { withExtendedLifetime(lock) {} }
        let fileManager = FileManager.default
        guard fileManager.fileExists(atPath: file) else { throw StoreError("restoring from \(file)", reason: "no such file") }

        let staging = path + ".restoring"
        func removeStaging() {
            for suffix in ["", "-wal", "-shm", "-journal"] { try? fileManager.removeItem(atPath: staging + suffix) }
        }
        removeStaging()
        do {
            try fileManager.copyItem(atPath: file, toPath: staging)
            // A raw copy of a live database may carry its write-ahead log; it belongs to the copy.
            if fileManager.fileExists(atPath: file + "-wal") { try fileManager.copyItem(atPath: file + "-wal", toPath: staging + "-wal") }
            try check(staging, reportingAs: file)
        } catch let error as StoreError {
            removeStaging()
            throw error
        } catch {
            removeStaging()
            throw StoreError("restoring from \(file)", reason: error.localizedDescription)
        }

        let previous = fileManager.fileExists(atPath: path) ? path + ".before-restore-" + BackupRotation.stamp(at: wallClock) : nil
        do {
            if let previous {
                // The old database and its WAL move together (SQLite finds `NAME-wal` beside `NAME`).
                try fileManager.moveItem(atPath: path, toPath: previous)
                for suffix in ["-wal", "-shm"] where fileManager.fileExists(atPath: path + suffix) {
                    try fileManager.moveItem(atPath: path + suffix, toPath: previous + suffix)
                }
            }
            try fileManager.moveItem(atPath: staging, toPath: path)
            removeStaging()
        } catch {
            throw StoreError("restoring into \(path)", reason: error.localizedDescription)
        }
        return RestoreResult(previous: previous)
    }

    /// `PRAGMA integrity_check`'s answer on one line: `ok`, or its first problems (the answer's rows may span lines).
    static func integrityVerdict(_ db: Database) throws -> String {
        let rows = try String.fetchAll(db, sql: "PRAGMA integrity_check(3)")
        guard !rows.isEmpty else { return "no answer" }
        return rows.joined(separator: "; ").split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    /// Checks a restore candidate: integrity, a Devhub schema, no migration newer than this binary. Leaves it as a
    /// single file (rollback journal, no WAL beside it).
    private static func check(_ staging: String, reportingAs file: String) throws {
        do {
            let queue = try DatabaseQueue(path: staging)
            let known = Set(migrator.migrations)
            try queue.writeWithoutTransaction { db in
                let verdict = try integrityVerdict(db)
                guard verdict == "ok" else { throw StoreError("restoring from \(file)", reason: "integrity check failed: \(verdict)") }
                let applied = try migrator.appliedIdentifiers(db)
                guard !applied.isEmpty else { throw StoreError("restoring from \(file)", reason: "not a Devhub database (no schema version)") }
                let unknown = applied.subtracting(known).sorted()
                guard unknown.isEmpty else {
                    throw StoreError(
                        "restoring from \(file)",
                        reason: "written by a newer Devhub (unknown migrations: \(unknown.joined(separator: ", "))); upgrade devhub first")
                }
                try db.execute(sql: "PRAGMA journal_mode = DELETE")
            }
            try queue.close()
        } catch let error as DatabaseError {
            throw StoreError("restoring from \(file)", reason: "not a usable SQLite database: \(error.message ?? "\(error.resultCode)")")
        }
    }
}
