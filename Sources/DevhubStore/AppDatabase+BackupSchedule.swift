import Foundation
import GRDB

/// What one scheduled backup did.
public struct ScheduledBackup: Equatable, Sendable {
    /// The new file's name in the backup folder.
    public var fileName: String
    /// How many older backups the rotation removed.
    public var removed: Int
}

extension AppDatabase {
    /// Takes an online backup into `directory` (created if needed) as a dated file, checks it (a copy that fails
    /// `PRAGMA integrity_check` is not kept), removes the oldest beyond `keep`, and records the time
    /// (``lastBackupAt()``). `wallClock` names the file (the database's clock may be frozen in tests).
    public func scheduledBackup(into directory: String, keep: Int, wallClock: Int64 = AppDatabase.systemMilliseconds()) throws -> ScheduledBackup {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw StoreError("creating backup folder \(directory)", reason: "\(error.localizedDescription)")
        }
        let name = BackupRotation.fileName(at: wallClock)
        var removed: [String] = []
        // The oldest go once the new copy passed its check and before it is named, so the folder never holds more
        // than `keep` backups, and a failed backup removes none.
        _ = try backup(to: (directory as NSString).appendingPathComponent(name)) {
            do {
                removed = try BackupRotation.prune(directory, keep: keep - 1, sparing: name)
            } catch {
                throw StoreError("removing old backups in \(directory)", reason: "\(error.localizedDescription)")
            }
        }
        try recordBackup(at: now())
        return ScheduledBackup(fileName: name, removed: removed.count)
    }

    /// Records that a backup passed its integrity check at `milliseconds` since 1970 (the `backup` event that
    /// `/healthz` reads as `last_backup_at`).
    public func recordBackup(at milliseconds: Int64) throws {
        try recordEvent("backup", at: milliseconds)
    }
}
