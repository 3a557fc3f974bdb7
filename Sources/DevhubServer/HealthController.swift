import DevhubCore
import DevhubSite
import DevhubStore
import Hummingbird

/// `GET /healthz` (on every host): 200 with `"status": "ok"` while the database takes writes, else 503 with
/// `"status": "unavailable"` and the reason; both with the jobs waiting and given up and when the site was last built
/// and last backed up.
struct HealthController {
    let database: AppDatabase

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("healthz") { _, _ -> Response in
            let health = Self.health(of: database)
            return try JSONResponse.encode(health, status: health.reason == nil ? .ok : .serviceUnavailable)
        }
    }

    /// The database's state; a failing write makes it unavailable, a failing read leaves a count at 0.
    static func health(of database: AppDatabase) -> Health {
        var reason: String?
        do { try database.probeWrite() } catch { reason = "the database cannot be written: \(error)" }
        return Health(
            status: reason == nil ? "ok" : "unavailable", reason: reason,
            pendingJobs: (try? database.pendingJobCount(excluding: [.cleanup, .digestSweep, .domainChecks, .backup])) ?? 0,
            deadJobs: (try? database.deadJobCount()) ?? 0,
            lastBuildAt: (try? database.lastEvent(Self.buildEvent)).map(Timestamp.iso8601),
            lastBackupAt: (try? database.lastBackupAt()).map(Timestamp.iso8601),
            lastPublishAt: (try? database.lastEvent(Self.publishEvent)).map(Timestamp.iso8601))
    }

    /// The `server_state` event a successful site build records.
    static let buildEvent = "build"
    /// The `server_state` event a publish to the storage zone records when every file and purge went through.
    static let publishEvent = "publish"
}

/// The body of `/healthz`. The times are ISO 8601 (UTC), `null` when it never happened; `reason` only when unavailable.
struct Health: Encodable {
    /// `ok` or `unavailable`.
    var status: String
    /// Why the server is unavailable (only then).
    var reason: String?
    /// Jobs due or being retried (0 when every change has been applied), the recurring ones aside.
    var pendingJobs: Int
    /// Jobs given up after their last attempt failed, kept for the operator.
    var deadJobs: Int
    @EncodedAsNull var lastBuildAt: String?
    @EncodedAsNull var lastBackupAt: String?
    /// When the last publish to the Bunny storage zone finished without a failure.
    @EncodedAsNull var lastPublishAt: String?

    enum CodingKeys: String, CodingKey {
        case status, reason, pendingJobs = "pending_jobs", deadJobs = "dead_jobs", lastBuildAt = "last_build_at", lastBackupAt = "last_backup_at"
        case lastPublishAt = "last_publish_at"
    }
}
