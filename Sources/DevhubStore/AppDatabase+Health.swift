import Foundation
import GRDB

/// What `/healthz` and `/metrics` read: when things last happened, how many jobs were given up, and whether the
/// database still takes writes.
extension AppDatabase {
    /// `server_state`: one row per named event (`build`, `backup`, `heartbeat`) with the time it last happened.
    static func registerServerStateMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v8-server-state") { db in
            try db.execute(sql: """
                CREATE TABLE server_state (
                  name TEXT PRIMARY KEY,
                  at INTEGER NOT NULL
                ) WITHOUT ROWID;
                """)
        }
    }

    /// Records that `name` happened at `at` (milliseconds since 1970; now when nil), replacing the previous time.
    public func recordEvent(_ name: String, at: Int64? = nil) throws {
        let at = at ?? now()
        try writer.write { db in
            try db.execute(
                sql: "INSERT INTO server_state (name, at) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET at = excluded.at",
                arguments: [name, at])
        }
    }

    /// When `name` last happened (milliseconds since 1970), or nil when it never did.
    public func lastEvent(_ name: String) throws -> Int64? {
        try writer.read { db in try Int64.fetchOne(db, sql: "SELECT at FROM server_state WHERE name = ?", arguments: [name]) }
    }

    /// When the last successful backup finished (the backup job records the `backup` event), or nil.
    public func lastBackupAt() throws -> Int64? { try lastEvent("backup") }

    /// Commits a tiny write (the `heartbeat` row) on a connection of its own that waits at most `timeoutSeconds` for
    /// the write lock, so a database another process holds, a read-only file or a full disk is found out at once
    /// rather than after the server's usual busy timeout (a database without a file, in memory, is written through
    /// its own writer). Throws ``StoreError`` naming the cause.
    public func probeWrite(timeoutSeconds: Double = 2) throws {
        var config = Configuration()
        config.busyMode = .timeout(timeoutSeconds)
        do {
            // A database in memory (tests) has no file another connection could open: it is probed through its writer.
            let ownConnection = FileManager.default.fileExists(atPath: writer.path)
            let probe: any DatabaseWriter = ownConnection ? try DatabaseQueue(path: writer.path, configuration: config) : writer
            defer { if ownConnection { try? probe.close() } }
            try probe.write { db in
                try db.execute(
                    sql: "INSERT INTO server_state (name, at) VALUES ('heartbeat', ?) ON CONFLICT(name) DO UPDATE SET at = excluded.at",
                    arguments: [now()])
            }
        } catch let error as DatabaseError {
            throw StoreError("writing to the database", reason: error.message ?? "\(error)")
        } catch {
            throw StoreError("writing to the database", reason: "\(error)")
        }
    }
}
