import DevhubStore
import Logging

/// Scheduled backups (`devhub serve --backup-dir DIR --backup-every 24h --backup-keep 14`).
public struct BackupSchedule: Sendable {
    /// The folder the dated backups go to; nil: no scheduled backups.
    public var directory: String?
    /// How often a backup is taken.
    public var everyMilliseconds: Int64 = 24 * 3_600_000
    /// How many backups are kept (the oldest go first).
    public var keep = 14
    /// How soon a failed backup is tried again (at most `everyMilliseconds`).
    public var retryMilliseconds: Int64 = 5 * 60_000

    /// Off until a folder is given.
    public init() {}
}

/// What the `backup` job does: one backup, then the next one queued whatever happened to this one (sooner after a
/// failure). The log names files and counts, never data.
struct ScheduledBackups: Sendable {
    let database: AppDatabase
    let schedule: BackupSchedule
    let metrics: ServerMetrics
    let logger: Logger

    func run() throws {
        // Queued by an earlier run with a backup folder; this one has none, so the schedule ends here.
        guard let directory = schedule.directory else { return }
        var next = schedule.everyMilliseconds
        do {
            let backup = try database.scheduledBackup(into: directory, keep: schedule.keep)
            logger.info("backup written", metadata: ["file": "\(backup.fileName)", "removed": "\(backup.removed)"])
            metrics.backup(succeeded: true)
        } catch {
            metrics.backup(succeeded: false)
            next = min(schedule.retryMilliseconds, schedule.everyMilliseconds)
            logger.error("backup failed", metadata: ["error": "\(error)", "retry_in_ms": "\(next)"])
        }
        try database.enqueueJob(.backup, delayMilliseconds: next)
    }
}
